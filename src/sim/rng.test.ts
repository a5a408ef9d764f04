import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from './rng.ts';

/**
 * Standard normal CDF Φ(x) = erfc(−x/√2)/2, erfc by Numerical Recipes in C (2nd ed., §6.2,
 * erfcc: a Chebyshev fit, fractional error < 1.2e-7 everywhere).
 */
function normalCdf(x: number): number {
  const y = -x / Math.SQRT2;
  const z = Math.abs(y);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return 0.5 * (y >= 0 ? r : 2 - r);
}

describe('Rng (xoshiro128**)', () => {
  it('matches the reference algorithm from state {1, 2, 3, 4}', () => {
    // Values from an independent Python transcription of xoshiro128starstar.c.
    const g = Rng.fromState(1, 2, 3, 4);
    assert.deepEqual(Array.from({ length: 6 }, () => g.nextUint32()), [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('gives the same first outputs for seed 42, stream 0, every time', () => {
    const g = new Rng(42, 0);
    assert.deepEqual(Array.from({ length: 5 }, () => g.nextUint32()), [2446934201, 1041617998, 2077903809, 3872054800, 3553320502]);
  });

  it('gives a stream the same numbers after reseeding, and different streams different numbers', () => {
    const a = new Rng(7, 123);
    const first = Array.from({ length: 4 }, () => a.nextUint32());
    a.reseed(7, 123);
    assert.deepEqual(Array.from({ length: 4 }, () => a.nextUint32()), first);
    const b = new Rng(7, 124);
    assert.notDeepEqual(Array.from({ length: 4 }, () => b.nextUint32()), first);
    const c = new Rng(8, 123);
    assert.notDeepEqual(Array.from({ length: 4 }, () => c.nextUint32()), first);
    // Seeds above 2^32 are distinct from their low 32 bits.
    assert.notEqual(new Rng(2 ** 32 + 7, 0).nextUint32(), new Rng(7, 0).nextUint32());
  });

  it('draws uniforms strictly inside (0, 1) with mean 1/2, and below(n) in [0, n)', () => {
    const g = new Rng(3);
    let s = 0;
    let lo = 1;
    let hi = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = g.uniform();
      s += u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    assert.ok(lo > 0 && hi < 1);
    assert.ok(Math.abs(s / n - 0.5) < 0.003, `mean ${s / n}`); // SE 0.00065
    const counts = new Int32Array(7);
    for (let i = 0; i < 70_000; i++) {
      const k = g.below(7);
      counts[k] = (counts[k] as number) + 1;
    }
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `count ${c}`); // SE ≈ 93
  });

  it('draws standard normals: moments and tail frequencies of 1e6 draws', () => {
    const g = new Rng(2024);
    const n = 1_000_000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond196 = 0;
    let above3 = 0;
    for (let i = 0; i < n; i++) {
      const x = g.normal();
      s += x;
      s2 += x * x;
      s4 += x * x * x * x;
      if (Math.abs(x) > 1.959964) beyond196++;
      if (x > 3) above3++;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    assert.ok(Math.abs(mean) < 0.005, `mean ${mean}`); // SE 0.001
    assert.ok(Math.abs(variance - 1) < 0.007, `variance ${variance}`); // SE 0.0014
    assert.ok(Math.abs(s4 / n - 3) < 0.05, `fourth moment ${s4 / n}`); // SE ≈ 0.01
    assert.ok(Math.abs(beyond196 / n - 0.05) < 0.0011, `P(|Z| > 1.96) = ${beyond196 / n}`); // SE 0.00022
    assert.ok(Math.abs(above3 / n - 0.0013499) < 0.00019, `P(Z > 3) = ${above3 / n}`); // SE 0.000037
  });

  it('draws standard normals in the engine\'s way (210 a stream, 5,000 streams): Kolmogorov–Smirnov distance below the 0.1% critical value, tails beyond the ziggurat\'s base as often as Φ says', () => {
    const streams = 5000;
    const per = 210;
    const n = streams * per;
    const x = new Float64Array(n);
    const g = new Rng(0);
    for (let p = 0; p < streams; p++) {
      g.reseed(7, p);
      g.fillNormal(x, p * per, per);
    }
    let beyondBase = 0;
    for (let i = 0; i < n; i++) if (Math.abs(x[i] as number) > 3.6541528853610088) beyondBase++;
    x.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(x[i] as number);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
    assert.ok(d < 1.9495 / Math.sqrt(n), `KS distance ${d} (critical ${1.9495 / Math.sqrt(n)})`);
    // P(|Z| > r) = 2(1 − Φ(3.6542)) = 2.58e-4: 271 expected in 1.05e6 draws, SE 16.5.
    const expected = 2 * (1 - normalCdf(3.6541528853610088)) * n;
    assert.ok(Math.abs(beyondBase - expected) < 5 * Math.sqrt(expected), `${beyondBase} draws beyond the base strip, ${expected.toFixed(0)} expected`);
  });

  it('fills a buffer with the same normals as repeated normal() calls', () => {
    const a = new Rng(5, 9);
    const b = new Rng(5, 9);
    const buf = new Float64Array(5000);
    a.fillNormal(buf, 0, buf.length);
    for (let i = 0; i < buf.length; i++) assert.equal(buf[i], b.normal());
  });
});
