import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32, normalSource, quantiles, quantileSorted } from './random.ts';

describe('quantiles by selection', () => {
  it('equal the sorted-array quantiles, with ties and small arrays', () => {
    const z = normalSource(mulberry32(3));
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const x = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : z()));
      const qs = [0.05, 0.25, 0.5, 0.75, 0.95];
      const sorted = Float64Array.from(x).sort();
      assert.deepEqual(quantiles(x, qs), qs.map((q) => quantileSorted(sorted, q)), `n = ${n}`);
    }
  });
});
