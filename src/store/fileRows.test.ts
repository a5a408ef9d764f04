import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatherRows, splitByFile } from './fileRows.ts';

const I = (xs: number[]) => Int32Array.from(xs);
const F = (xs: number[]) => Float64Array.from(xs);

describe('splitByFile and gatherRows', () => {
  // Rows of three files read interleaved: file 1 has a revision of day 10 (retrieved at 300).
  const split = splitByFile(I([1, 0, 1, 1, 0, 1]), I([10, 1, 11, 10, 2, 9]), F([5, 0.5, 7, 6, Number.NaN, 8]), F([100, 50, 100, 300, 50, 200]), 3);

  it('keeps each file’s rows in read order, and an empty file empty', () => {
    assert.deepEqual([...(split[0]?.day ?? [])], [1, 2]);
    assert.deepEqual([...(split[1]?.day ?? [])], [10, 11, 10, 9]);
    assert.deepEqual([...(split[1]?.value ?? [])], [5, 7, 6, 8]);
    assert.deepEqual([...(split[1]?.retrieved ?? [])], [100, 100, 300, 200]);
    assert.equal(split[2]?.day.length, 0);
  });

  it('gathers the rows a filtered scan returns: days in [lo, hi], retrieved by the cutoff, file index = position', () => {
    const files = [split[1], split[0]].filter((x) => x !== undefined);
    const all = gatherRows(files, -Infinity, Infinity, Infinity);
    assert.deepEqual([...all.file], [0, 0, 0, 0, 1, 1]);
    assert.deepEqual([...all.day], [10, 11, 10, 9, 1, 2]);
    const g = gatherRows(files, 2, 10, 200);
    assert.deepEqual([...g.file], [0, 0, 1]);
    assert.deepEqual([...g.day], [10, 9, 2]);
    assert.deepEqual([...g.value].map((v) => (Number.isNaN(v) ? null : v)), [5, 8, null]);
    assert.deepEqual([...g.retrieved], [100, 200, 50]);
  });
});
