import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../core/random.ts';
import { gatherRows, latestOfFiles, splitByFile } from './fileRows.ts';
import { latestPerDate } from './latestPerDate.ts';

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

  it('latestOfFiles equals latestPerDate over the gathered rows, on seeded random files (in order or not, one or several retrievals) and filters', () => {
    const rnd = mulberry32(11);
    const int = (n: number) => Math.floor(rnd() * n);
    for (let round = 0; round < 200; round++) {
      // Up to 4 files: each a run of dates, some with revisions or shuffled rows, some retrieved twice.
      const file: number[] = [];
      const day: number[] = [];
      const value: number[] = [];
      const retrieved: number[] = [];
      const files = 1 + int(4);
      for (let k = 0; k < files; k++) {
        const n = int(30);
        const kind = int(4); // 0: one retrieval in order, 1: two retrievals in order, 2: revisions appended, 3: shuffled
        const t0 = 1000 * (1 + int(5));
        const rows: [number, number, number][] = [];
        for (let i = 0; i < n; i++) rows.push([100 + 2 * i + int(2), int(5) === 0 ? Number.NaN : rnd(), kind === 1 && i > n / 2 ? t0 + 500 : t0]);
        if (kind === 2) for (let i = 0; i < n; i += 3) rows.push([(rows[i] as [number, number, number])[0], rnd(), t0 + 700]);
        if (kind === 3) rows.sort(() => rnd() - 0.5);
        for (const [d, v, t] of rows) {
          file.push(k);
          day.push(d);
          value.push(v);
          retrieved.push(t);
        }
      }
      // Grouped file after file, or the rows of all files shuffled together (the counting sort's path).
      let order = file.map((_, i) => i);
      if (round % 2) order = order.map((i) => [i, rnd()] as const).sort((a, b) => a[1] - b[1]).map(([i]) => i);
      const cols = [I(order.map((i) => file[i] as number)), I(order.map((i) => day[i] as number)), F(order.map((i) => value[i] as number)), F(order.map((i) => retrieved[i] as number))] as const;
      const split = splitByFile(cols[0], cols[1], cols[2], cols[3], files);
      for (const [lo, hi, cut] of [[-Infinity, Infinity, Infinity], [110, 140, Infinity], [90, 120, 3200], [130, 100, Infinity], [-Infinity, Infinity, 1500]] as const) {
        const g = gatherRows(split, lo, hi, cut);
        const want = latestPerDate(g.file, g.day, g.value, g.retrieved, files);
        const got = latestOfFiles(split, lo, hi, cut);
        assert.deepEqual(got.flatMap((x, k) => (x ? [[k, x]] : [])), [...want], `round ${round} [${lo}, ${hi}] by ${cut}`);
      }
    }
  });
});
