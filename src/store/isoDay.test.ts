import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { isoToDay } from './isoDay.ts';

describe('isoToDay', () => {
  it('gives known day numbers', () => {
    assert.equal(isoToDay('1970-01-01'), 0);
    assert.equal(isoToDay('2000-03-01'), 11017);
    assert.equal(isoToDay('1969-12-31'), -1);
  });
  it('agrees with toDay on every day from 1900 to 2100', () => {
    for (let d = toDay('1900-01-01'); d <= toDay('2100-12-31'); d++) {
      const iso = toIso(d);
      if (isoToDay(iso) !== d) assert.fail(`${iso}: ${isoToDay(iso)} != ${d}`);
    }
  });
  it('rejects what is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', '2026/01/01', '2026-01-01T00:00', '', '20a6-01-01']) {
      assert.ok(Number.isNaN(isoToDay(bad)), bad);
    }
    assert.equal(isoToDay('2024-02-29'), toDay('2024-02-29'));
    assert.equal(isoToDay('2000-02-29'), toDay('2000-02-29'));
  });
});
