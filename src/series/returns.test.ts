import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diff, logReturns, realisedVol, rollingCorrBeta, rollingStd, simpleReturns } from './returns.ts';

const close = (a: number, b: number, eps = 1e-12) => Math.abs(a - b) <= eps;

describe('returns kernels', () => {
  it('computes log and simple returns', () => {
    const p = Float64Array.from([100, 110, 99]);
    assert.ok(close(logReturns(p)[1] as number, Math.log(1.1)));
    assert.ok(close(simpleReturns(p, 2)[2] as number, -0.01));
    assert.deepEqual(Array.from(diff(Float64Array.from([1, 4, 9]))).slice(1), [3, 5]);
  });

  it('gives the sample stdev of a window: [1, -1, 2] → √(7/3)', () => {
    const sd = rollingStd(Float64Array.from([1, -1, 2, 5]), 3);
    assert.ok(Number.isNaN(sd[1] as number));
    assert.ok(close(sd[2] as number, Math.sqrt(7 / 3)));
    // window [-1, 2, 5]: mean 2, squared deviations 9 + 0 + 9 → √9 = 3
    assert.ok(close(sd[3] as number, 3));
  });

  it('annualises: alternating ±1% log returns have 1%·√252 ≈ 15.87% volatility', () => {
    const p = new Float64Array(64);
    p[0] = 100;
    for (let i = 1; i < p.length; i++) p[i] = (p[i - 1] as number) * Math.exp(i % 2 ? 0.01 : -0.01);
    const v = realisedVol(p, 20);
    // 20 alternating values: mean 0, sample variance 20·1e-4/19
    assert.ok(close(v[63] as number, Math.sqrt((20 * 1e-4) / 19) * Math.sqrt(252), 1e-12));
  });

  it('is NaN while a window holds a NaN', () => {
    const sd = rollingStd(Float64Array.from([1, Number.NaN, 2, 3, 4]), 2);
    assert.deepEqual(Array.from(sd, (v) => (Number.isNaN(v) ? null : Number(v.toFixed(6)))), [null, null, null, 0.707107, 0.707107]);
  });

  it('finds beta 2 and correlation 1 for y = 2x + 1', () => {
    const x = Float64Array.from([1, 3, 2, 5, 4, 6]);
    const y = x.map((v) => 2 * v + 1);
    const { corr, beta } = rollingCorrBeta(x, y, 4);
    assert.ok(close(beta[5] as number, 2, 1e-9));
    assert.ok(close(corr[5] as number, 1, 1e-9));
  });
});
