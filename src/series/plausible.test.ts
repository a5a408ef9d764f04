import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from './dates.ts';
import { plausibleRange, splitPlausible, splitPlausibleColumns } from './plausible.ts';
import type { IsoDate, Point } from './types.ts';

// A daily series in %: dates 1800-01-01 … today + 7 days, |value| ≤ 1e4.
const today = toDay('2026-08-20');
const range = plausibleRange({ id: 'DGS10', unit: '%', frequency: 'daily' }, today);

const points: Point[] = [
  ['1799-12-31', 4.1],
  ['1800-01-01', 4.2],
  ['2024-01-02', Number.NaN],
  ['2024-01-03', Number.POSITIVE_INFINITY],
  ['2024-01-04', 1e5],
  ['2024-01-05', -1e4],
  ['2026-08-27', 3.9],
  ['2026-08-28', 3.8],
].map(([date, value]) => ({ date: date as IsoDate, value: value as number }));

describe('splitPlausible', () => {
  it('keeps dates from 1800-01-01 to today + 7 days and |value| up to 1e4 for a daily % series, NaN included', () => {
    assert.equal(range.lastDate, '2026-08-27');
    const { kept, rejected } = splitPlausible(points, range);
    assert.deepEqual(kept.map((p) => p.date), ['1800-01-01', '2024-01-02', '2024-01-05', '2026-08-27']);
    assert.deepEqual(rejected.map((r) => r.reason), [
      'date 1799-12-31 is before 1800-01-01',
      'value Infinity is not a finite number',
      'value 100000 is beyond ±1e+4, implausible for this unit',
      'date 2026-08-28 is after 2026-08-27 (today plus the publication margin)',
    ]);
  });

  it('gives the same rows and reasons on day-number columns', () => {
    const day = Int32Array.from(points, (p) => toDay(p.date));
    const value = Float64Array.from(points, (p) => p.value);
    const { kept, rejected } = splitPlausibleColumns({ day, value }, range);
    const byPoints = splitPlausible(points, range);
    assert.deepEqual([...kept.day], byPoints.kept.map((p) => toDay(p.date)));
    assert.deepEqual([...kept.value], byPoints.kept.map((p) => p.value));
    assert.deepEqual(rejected.map((r) => [r.day, r.reason]), byPoints.rejected.map((r) => [toDay(r.point.date), r.reason]));
  });

  it('hands back the same columns when every row is plausible', () => {
    const c = { day: Int32Array.of(toDay('2024-01-02'), toDay('2024-01-03')), value: Float64Array.of(4.1, Number.NaN) };
    assert.equal(splitPlausibleColumns(c, range).kept, c);
  });
});
