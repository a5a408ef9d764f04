import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay, toIso } from '../dates.ts';
import { quarterEnd, quarterEndsBetween, quarterOf, quarterStart } from './quarters.ts';

describe('quarters', () => {
  it('places a date in its calendar quarter', () => {
    assert.deepEqual(quarterOf(toDay('2026-11-24')), { year: 2026, quarter: 4 });
    assert.equal(toIso(quarterStart(toDay('2026-08-19'))), '2026-07-01');
    assert.equal(toIso(quarterEnd(toDay('2026-08-19'))), '2026-09-30');
    assert.equal(toIso(quarterEnd(toDay('2024-02-29'))), '2024-03-31');
  });
  it('lists quarter ends in a range', () => {
    assert.deepEqual(quarterEndsBetween(toDay('2025-12-31'), toDay('2026-09-30')).map(toIso), ['2025-12-31', '2026-03-31', '2026-06-30', '2026-09-30']);
  });
});
