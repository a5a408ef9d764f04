import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../core/errors.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { alignMany, alignTo, innerJoin, lastAtOrBefore, periodOf, resample, valueAtOrBefore } from './align.ts';
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
    // Before June's value is published (2026-07-07) nothing is known.
    assert.deepEqual(arr(alignTo(days('2026-07-06', '2026-07-07'), u, { kind: 'asOfPublished', lagDays: 36 })), [null, 4.1]);
    // maxAgeDays counts from publication: July's value (known 08-06) is 30 days old on 09-05, 31 on 09-06.
    assert.deepEqual(arr(alignTo(days('2026-09-05', '2026-09-06'), u, { kind: 'asOfPublished', lagDays: 36, maxAgeDays: 30 })), [4.2, null]);
  });

  it('ffill a monthly series to daily with maxAgeDays 45: stale past 45 days', () => {
    const m = seriesFrom('M', ['2026-01-01', '2026-02-01'], [1, 2], { frequency: 'monthly' });
    assert.deepEqual(arr(alignTo(days('2026-01-31', '2026-03-18', '2026-03-19'), m, { kind: 'ffill', maxAgeDays: 45 })), [1, 2, null]);
  });

  it('linear bridges a NaN from the valid neighbours', () => {
    const s = seriesFrom('L', ['2026-01-01', '2026-01-02', '2026-01-05'], [0, Number.NaN, 8]);
    assert.deepEqual(arr(alignTo(days('2026-01-02', '2026-01-03'), s, { kind: 'linear' })), [2, 4]);
  });

  it('rejects unsorted targets and negative lags with the offending dates', () => {
    assert.throws(() => alignTo(days('2026-01-02', '2026-01-01'), weekly, { kind: 'exact' }), /index 1 \(2026-01-01\) follows 2026-01-02/);
    assert.throws(() => alignTo(grid, weekly, { kind: 'asOfPublished', lagDays: -1 }), ParameterError);
    assert.throws(() => alignTo(grid, weekly, { kind: 'ffill', maxAgeDays: -3 }), /maxAgeDays/);
  });

  it('finds the last date at or before a day by binary search', () => {
    const d = days('2026-01-05', '2026-01-07', '2026-01-09');
    assert.deepEqual([toDay('2026-01-04'), toDay('2026-01-05'), toDay('2026-01-08'), toDay('2026-02-01')].map((x) => lastAtOrBefore(d, x)), [-1, 0, 1, 2]);
  });
});

describe('valueAtOrBefore', () => {
  const weekly = seriesFrom('W', ['2026-08-05', '2026-08-12', '2026-08-19'], [100, 110, Number.NaN], { frequency: 'weekly' });

  it('gives the last valid value at or before the day, skipping NaN, within maxAgeDays', () => {
    const at = (iso: string, age?: number) => valueAtOrBefore(weekly, toDay(iso), age);
    assert.ok(Number.isNaN(at('2026-08-04')));
    assert.equal(at('2026-08-05'), 100);
    assert.equal(at('2026-08-11'), 100);
    // 08-19 is NaN: the 08-12 value carries on, 8 days old on 08-20.
    assert.equal(at('2026-08-20'), 110);
    assert.equal(at('2026-08-20', 8), 110);
    assert.ok(Number.isNaN(at('2026-08-20', 7)));
  });

  it('agrees with alignTo ffill on every day of real EFFR and DFEDTARU (maxAge 10), weekends and gaps included', { skip: skipWithoutRealData }, async () => {
    for (const id of ['EFFR', 'DFEDTARU']) {
      const s = await loadRealSeries(id);
      const first = s.dates[0] as number;
      const last = (s.dates[s.dates.length - 1] as number) + 30;
      const grid = Int32Array.from({ length: last - first + 41 }, (_, i) => first - 10 + i);
      const whole = alignTo(grid, s, { kind: 'ffill', maxAgeDays: 10 });
      let compared = 0;
      grid.forEach((d, i) => {
        assert.ok(Object.is(valueAtOrBefore(s, d, 10), whole[i]), `${id} ${toIso(d)}`);
        compared++;
      });
      assert.ok(compared > 3_000, `${id}: ${compared} days compared`);
    }
  });
});

describe('alignMany', () => {
  const a = seriesFrom('A', ['2026-03-02', '2026-03-04'], [1, 3]);
  const b = seriesFrom('B', ['2026-03-03'], [20]);
  const cal = days('2026-03-02', '2026-03-03', '2026-03-04');

  it('takes one rule for all, rules by position, or rules by id (default exact)', () => {
    assert.deepEqual(alignMany([a, b], cal, { kind: 'ffill' }).columns.map(arr), [[1, 1, 3], [null, 20, 20]]);
    assert.deepEqual(alignMany([a, b], cal, [{ kind: 'linear' }, { kind: 'exact' }]).columns.map(arr), [[1, 2, 3], [null, 20, null]]);
    const byId = alignMany([a, b], cal, { B: { kind: 'ffill' } });
    assert.deepEqual(byId.columns.map(arr), [[1, null, 3], [null, 20, 20]]);
    assert.equal(byId.dates, cal);
  });

  it('names the series that lacks a positional rule', () => {
    assert.throws(() => alignMany([a, b], cal, [{ kind: 'exact' }]), /series 1 \(B\)/);
  });
});

describe('innerJoin', () => {
  it('keeps dates where both have values', () => {
    const a = seriesFrom('A', ['2026-01-02', '2026-01-05', '2026-01-06'], [1, 2, 3]);
    const b = seriesFrom('B', ['2026-01-05', '2026-01-06', '2026-01-07'], [20, Number.NaN, 40]);
    const j = innerJoin(a, b);
    assert.deepEqual(Array.from(j.dates, toIso), ['2026-01-05']);
    assert.deepEqual([...j.a, ...j.b], [2, 20]);
    const k = innerJoin(b, a);
    assert.deepEqual([Array.from(k.dates, toIso), ...k.a, ...k.b], [['2026-01-05'], 20, 2]);
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
    assert.deepEqual(Array.from(resample(daily, 'quarterly', 'first').values), [1, 3, 6]);
    const y = resample(daily, 'annual', 'mean');
    assert.deepEqual([Array.from(y.dates, toIso), Array.from(y.values)], [['2026-01-01'], [(1 + 2 + 3 + 5 + 6) / 5]]);
  });

  it('makes Friday weeks for markets and Wednesday weeks for the H.4.1', () => {
    // Mon 2026-08-10 … Fri 08-14, Mon 08-17, Wed 08-19, Thu 08-20
    const d = seriesFrom('D', ['2026-08-10', '2026-08-12', '2026-08-13', '2026-08-14', '2026-08-17', '2026-08-19', '2026-08-20'], [1, 2, 3, 4, 5, 6, 7]);
    const fri = resample(d, 'weekly', 'last');
    assert.deepEqual([Array.from(fri.dates, toIso), Array.from(fri.values)], [['2026-08-14', '2026-08-21'], [4, 7]]);
    const wed = resample(d, 'weekly', 'first', { weekEnd: 3 });
    // Weeks Thu 08-06..Wed 08-12, Thu 08-13..Wed 08-19, Thu 08-20..Wed 08-26
    assert.deepEqual([Array.from(wed.dates, toIso), Array.from(wed.values)], [['2026-08-12', '2026-08-19', '2026-08-26'], [1, 3, 7]]);
    assert.deepEqual(Array.from(resample(d, 'weekly', 'sum', { weekEnd: 3 }).values), [3, 18, 7]);
    assert.throws(() => resample(d, 'weekly', 'last', { weekEnd: 7 }), /weekEnd must be a weekday/);
  });
});
