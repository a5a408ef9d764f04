import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantilesBySelection } from './percentiles.ts';
import { Rng } from './rng.ts';

/** Type-7 quantile of a fully sorted copy: the reference. */
function bySort(x: Float64Array, q: number): number {
  const s = Float64Array.from(x).sort();
  const h = (s.length - 1) * q;
  const k = Math.floor(h);
  const k1 = Math.min(k + 1, s.length - 1);
  return (s[k] as number) + (h - k) * ((s[k1] as number) - (s[k] as number));
}

const QS = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];

describe('quantilesBySelection', () => {
  it('interpolates like numpy by hand: [1, 2, 3, 4] has median 2.5 and 5th percentile 1.15', () => {
    const [p5, p50] = quantilesBySelection(Float64Array.from([4, 1, 3, 2]), [0.05, 0.5]);
    assert.ok(Math.abs((p5 as number) - 1.15) < 1e-12);
    assert.equal(p50, 2.5);
  });

  it('matches a full sort on small random arrays, with ties, and leaves the input alone', () => {
    const g = new Rng(11);
    for (let n = 1; n <= 60; n++) {
      for (const ties of [false, true]) {
        const x = Float64Array.from({ length: n }, () => (ties ? g.below(5) : g.normal()));
        const before = Array.from(x);
        const got = quantilesBySelection(x, QS);
        QS.forEach((q, i) => assert.equal(got[i], bySort(x, q), `n ${n} q ${q} ties ${ties}`));
        assert.deepEqual(Array.from(x), before);
      }
    }
  });

  it('matches a full sort on large arrays (the sampling branch), with and without ties', () => {
    const g = new Rng(12);
    for (const n of [601, 5000, 100_001]) {
      for (const ties of [false, true]) {
        const x = Float64Array.from({ length: n }, () => (ties ? g.below(50) : g.normal()));
        const got = quantilesBySelection(x, QS);
        QS.forEach((q, i) => assert.equal(got[i], bySort(x, q), `n ${n} q ${q} ties ${ties}`));
      }
    }
  });

  it('works on sorted, reversed and constant inputs, and gives NaN for none', () => {
    for (const x of [Float64Array.from({ length: 101 }, (_, i) => i), Float64Array.from({ length: 101 }, (_, i) => 100 - i), new Float64Array(50).fill(3)]) {
      const got = quantilesBySelection(x, QS);
      QS.forEach((q, i) => assert.equal(got[i], bySort(x, q)));
    }
    assert.ok(Number.isNaN(quantilesBySelection(new Float64Array(0), [0.5])[0]));
  });
});
