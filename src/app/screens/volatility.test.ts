import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../../series/types.ts';
import { termCurveChart } from './volatility.ts';

describe('termCurveChart: the VIX curve over maturity', () => {
  it('gives the values to six significant digits (float32 closes read back with noise), a missing tenor as null', () => {
    // VIX9D, VIX, VIX3M, VIX6M as the store reads them back (float32): 19.06 is 19.059999465942383.
    const c = termCurveChart([{ label: 'now', date: '2026-08-20' as IsoDate, values: [14.390000343322754, 16.010000228881836, 19.059999465942383, null] }]);
    assert.deepEqual(c.lines, [{ label: 'now (2026-08-20)', values: [14.39, 16.01, 19.06] }]);
    assert.deepEqual(c.dates, ['9', '30', '91']);
  });
});
