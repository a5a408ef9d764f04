import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestPerDate } from './latestPerDate.ts';

const I = (xs: number[]) => Int32Array.from(xs);
const F = (xs: number[]) => Float64Array.from(xs);

describe('latestPerDate', () => {
  it('keeps the newest retrieval of each date, dates ascending, per file in file order', () => {
    // File 1: day 10 retrieved at 100 (5) and 300 (6, a revision); day 11 at 100; day 9 at 200.
    // File 0: one retrieval, dates in order. File 2: no rows.
    const file = I([1, 0, 1, 1, 0, 1]);
    const day = I([10, 1, 11, 10, 2, 9]);
    const value = F([5, 0.5, 7, 6, Number.NaN, 8]);
    const retrieved = F([100, 50, 100, 300, 50, 200]);
    const m = latestPerDate(file, day, value, retrieved, 3);
    assert.deepEqual([...m.keys()], [0, 1]);
    assert.deepEqual([...(m.get(0)?.dates ?? [])], [1, 2]);
    assert.deepEqual([...(m.get(0)?.values ?? [])], [0.5, Number.NaN]);
    assert.equal(m.get(0)?.retrievedMs, 50);
    assert.deepEqual([...(m.get(1)?.dates ?? [])], [9, 10, 11]);
    assert.deepEqual([...(m.get(1)?.values ?? [])], [8, 6, 7]);
    assert.equal(m.get(1)?.retrievedMs, 300);
  });

  it('takes a newer missing value (NaN) over an older number, as arg_max_null does', () => {
    const m = latestPerDate(I([0, 0]), I([5, 5]), F([1, Number.NaN]), F([10, 20]), 1);
    assert.deepEqual([...(m.get(0)?.values ?? [])], [Number.NaN]);
  });

  it('returns nothing for no rows', () => {
    assert.equal(latestPerDate(I([]), I([]), F([]), F([]), 2).size, 0);
  });
});
