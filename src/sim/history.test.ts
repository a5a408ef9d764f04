import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { bootstrapStart, jointReturns } from './history.ts';

describe('jointReturns', () => {
  it('keeps only days every asset traded, with returns from each asset\'s previous close', () => {
    const a = { dates: Int32Array.from([1, 2, 3, 4]), px: Float64Array.from([100, 110, 121, 133.1]) };
    const b = { dates: Int32Array.from([1, 3, 4]), px: Float64Array.from([50, 55, 50]) };
    const rows = jointReturns([a, b]);
    assert.equal(rows.length, 2); // days 3 and 4
    assert.ok(Math.abs((rows[0]?.[0] ?? 0) - Math.log(1.1)) < 1e-12);
    assert.ok(Math.abs((rows[0]?.[1] ?? 0) - Math.log(55 / 50)) < 1e-12); // b's previous close is day 1
    assert.ok(Math.abs((rows[1]?.[1] ?? 0) - Math.log(50 / 55)) < 1e-12);
  });
});

describe('bootstrapStart', () => {
  it('draws from 2010-01-01, or for an as-of date before 2012 from the ten years before it', () => {
    assert.equal(toIso(bootstrapStart()), '2010-01-01');
    assert.equal(toIso(bootstrapStart(toDay('2026-08-21'))), '2010-01-01');
    assert.equal(toIso(bootstrapStart(toDay('2012-01-02'))), '2010-01-01');
    // 1995-01-03 − 3,652 days (ten years with their leap days 1988 and 1992).
    assert.equal(toIso(bootstrapStart(toDay('1995-01-03'))), '1985-01-03');
  });
});
