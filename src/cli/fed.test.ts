import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fedInputIds, parseEventsCsv } from './fed.ts';
import { toDay } from '../series/dates.ts';

describe('fed command inputs', () => {
  it('reads an events file and names the file and line of a bad date', () => {
    assert.deepEqual(parseEventsCsv('date,label\n2019-08-23,Jackson Hole\n2019-07-10,testimony\n', 'e.csv'), [
      { date: '2019-07-10', label: 'testimony' },
      { date: '2019-08-23', label: 'Jackson Hole' },
    ]);
    assert.throws(() => parseEventsCsv('date,label\n2019-08-23,a\n23/08/2019,b\n', 'e.csv'), /^DataFormatError: e\.csv:3: date must be YYYY-MM-DD, got "23\/08\/2019"/);
    assert.throws(() => parseEventsCsv('when,label\n2019-08-23,a\n', 'e.csv'), /e\.csv:1: expected a date column/);
  });

  it('reads the contracts from 14 months before to 5 years after the date, with their volumes', () => {
    const ids = fedInputIds(toDay('2023-03-10'));
    assert.ok(ids.includes('EFFR') && ids.includes('DFF'));
    assert.equal(ids.find((id) => id.startsWith('ZQ')), 'ZQF22');
    assert.equal(ids[ids.length - 1], 'ZQH28_VOL');
  });
});
