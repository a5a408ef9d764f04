import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { ParameterError } from '../core/errors.ts';
import { toDay } from '../series/dates.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { detectVolSpikes, lastVolSpikes } from './volSpikes.ts';

// Ten business days from Monday 2024-07-29 (2024-08-05 missing): a spike to 38 that resets, then a second one still open.
const days = Int32Array.from([0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((k) => toDay('2024-07-29') + k));
const vix = [16, 31, 38, 25, 19, Number.NaN, 30, 33, 29, 35];

describe('volatility spikes from the closes up to the as-of date', () => {
  it('finds an episode from the first close ≥ 30 to the last before a close < 20, with its peak', () => {
    const s = detectVolSpikes(days, vix, toDay('2024-08-02'));
    assert.deepEqual(s, [{ label: 'July 2024', from: '2024-07-30', to: '2024-08-01', peak: '2024-07-31', peakValue: 38, open: false }]);
  });
  it('keeps an episode open at the as-of date with its peak so far, reading nothing later', () => {
    const s = detectVolSpikes(days, vix, toDay('2024-08-07'));
    assert.equal(s.length, 2);
    assert.deepEqual(s[1], { label: 'August 2024', from: '2024-08-06', to: '2024-08-07', peak: '2024-08-07', peakValue: 33, open: true });
    // A day later the peak moves to 35 (2024-08-09): unknown on 2024-08-07.
    assert.equal(detectVolSpikes(days, vix, toDay('2024-08-09'))[1]?.peakValue, 35);
  });
  it('a close between the reset and the threshold neither starts nor ends an episode', () => {
    assert.deepEqual(detectVolSpikes(Int32Array.from([1, 2, 3]), [29, 25, 21], 3), []);
  });
  it('keeps the last ones only', () => assert.deepEqual(lastVolSpikes(days, vix, toDay('2024-08-09'), 1).map((s) => s.peak), ['2024-08-09']));
  it('rejects a reset at or above the threshold', () => assert.throws(() => detectVolSpikes(days, vix, 99_999, { threshold: 30, reset: 30 }), ParameterError));
});

test('real VIX: the last three spikes as of 2024-08-06, 2019-06-28 and the latest date', { skip: skipWithoutRealData }, async () => {
  const v = await loadRealSeries('VIX');
  const peaks = (asOf: string) => lastVolSpikes(v.dates, v.values, toDay(asOf)).map((s) => `${s.label} ${s.peak} ${s.peakValue.toFixed(2)}`);
  // Cboe VIX closes: 33.63 on 2022-10-11 … 38.57 on 2024-08-05 (the 65.73 intraday high of that day is not a close).
  const a = peaks('2024-08-06');
  assert.equal(a.length, 3);
  assert.match(a[0] as string, /^May 2022 2022-05-09 /);
  assert.match(a[1] as string, /^October 2022 2022-10-11 33\.6/);
  assert.match(a[2] as string, /^August 2024 2024-08-05 38\.5[67]/);
  // As of 2019-06-28: Aug 2015 (40.74), Feb 2018 (37.32), Dec 2018 (36.07), nothing later.
  const b = peaks('2019-06-28');
  assert.deepEqual(b.map((x) => /^\w+ \d{4}/.exec(x)?.[0]), ['August 2015', 'February 2018', 'December 2018']);
  assert.match(b[0] as string, / 2015-08-24 40\.7/);
  // March 2020's peak close was 82.69 on 2020-03-16.
  const c = detectVolSpikes(v.dates, v.values, toDay('2020-12-31')).at(-1);
  assert.equal(c?.peak, '2020-03-16');
  assert.equal(c?.peakValue.toFixed(2), '82.69');
});
