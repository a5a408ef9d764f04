import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignTo, innerJoin, periodOf, resample } from './align.ts';
import { toDay, toIso } from './dates.ts';
import { seriesFrom } from './series.ts';

const days = (...iso: string[]) => Int32Array.from(iso.map(toDay));
const arr = (x: Float64Array) => Array.from(x, (v) => (Number.isNaN(v) ? null : v));

describe('alignTo', () => {
  // WALCL-like weekly (Wednesday) levels on a daily grid.
  const weekly = seriesFrom('W', ['2026-08-05', '2026-08-12', '2026-08-19'], [100, 110, Number.NaN], { frequency: 'weekly' });
  const grid = days('2026-08-04', '2026-08-05', '2026-08-06', '2026-08-12', '2026-08-18', '2026-08-19', '2026-08-27');

  it('exact: only observed dates, NaN kept as NaN', () => {
    assert.deepEqual(arr(alignTo(grid, weekly, { kind: 'exact' })), [null, 100, null, 110, null, null, null]);
  });

  it('ffill carries the last valid value, never a NaN, and respects maxAgeDays', () => {
    assert.deepEqual(arr(alignTo(grid, weekly, { kind: 'ffill' })), [null, 100, 100, 110, 110, 110, 110]);
    assert.deepEqual(arr(alignTo(grid, weekly, { kind: 'ffill', maxAgeDays: 7 })), [null, 100, 100, 110, 110, 110, null]);
  });

  it('linear interpolates between neighbours only', () => {
    const s = seriesFrom('L', ['2026-01-01', '2026-01-11'], [10, 20]);
    assert.deepEqual(arr(alignTo(days('2025-12-31', '2026-01-01', '2026-01-04', '2026-01-11', '2026-01-12'), s, { kind: 'linear' })), [null, 10, 13, 20, null]);
  });

  it('asOfPublished: a monthly value is known only after its release lag', () => {
    // UNRATE for July (dated 2026-07-01) is published in early August: lag 36 days -> known 2026-08-06.
    const u = seriesFrom('U', ['2026-06-01', '2026-07-01'], [4.1, 4.2], { frequency: 'monthly' });
    assert.deepEqual(arr(alignTo(days('2026-07-20', '2026-08-05', '2026-08-06'), u, { kind: 'asOfPublished', lagDays: 36 })), [4.1, 4.1, 4.2]);
  });
});

describe('innerJoin', () => {
  it('keeps dates where both have values', () => {
    const a = seriesFrom('A', ['2026-01-02', '2026-01-05', '2026-01-06'], [1, 2, 3]);
    const b = seriesFrom('B', ['2026-01-05', '2026-01-06', '2026-01-07'], [20, Number.NaN, 40]);
    const j = innerJoin(a, b);
    assert.deepEqual(Array.from(j.dates, toIso), ['2026-01-05']);
    assert.deepEqual([...j.a, ...j.b], [2, 20]);
  });
});

describe('resample', () => {
  const daily = seriesFrom('D', ['2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02', '2026-07-06', '2026-10-01'], [1, 2, 3, Number.NaN, 5, 6]);

  it('dates periods FRED-style: months and quarters by their first day, weeks by their end', () => {
    assert.equal(toIso(periodOf(toDay('2026-08-19'), 'monthly')), '2026-08-01');
    assert.equal(toIso(periodOf(toDay('2026-08-19'), 'quarterly')), '2026-07-01');
    assert.equal(toIso(periodOf(toDay('2026-08-19'), 'weekly')), '2026-08-21'); // Wed -> Friday
    assert.equal(toIso(periodOf(toDay('2026-08-19'), 'weekly', 3)), '2026-08-19'); // H.4.1 week ends Wednesday
    assert.equal(toIso(periodOf(toDay('2026-08-22'), 'weekly')), '2026-08-28'); // Saturday belongs to next Friday's week
  });

  it('aggregates last, mean and sum per period, skipping NaN', () => {
    const m = resample(daily, 'monthly', 'last');
    assert.deepEqual(Array.from(m.dates, toIso), ['2026-06-01', '2026-07-01', '2026-10-01']);
    assert.deepEqual(Array.from(m.values), [2, 5, 6]);
    assert.deepEqual(Array.from(resample(daily, 'monthly', 'mean').values), [1.5, 4, 6]);
    assert.deepEqual(Array.from(resample(daily, 'quarterly', 'sum').values), [3, 8, 6]);
    assert.equal(resample(daily, 'quarterly', 'sum').frequency, 'quarterly');
  });
});
