import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../core/errors.ts';
import { annualisedVol, diff, logReturns, realisedVol, rollingCorrBeta, rollingMean, rollingStd, rollingSum, simpleReturns, stdev } from './returns.ts';

const close = (a: number, b: number, eps = 1e-12) => Math.abs(a - b) <= eps;
const show = (x: Float64Array, digits = 6) => Array.from(x, (v) => (Number.isNaN(v) ? null : Number(v.toFixed(digits))));

describe('returns', () => {
  it('computes one-step log and simple returns', () => {
    const p = Float64Array.from([100, 110, 99]);
    assert.ok(Number.isNaN(logReturns(p)[0] as number));
    assert.ok(close(logReturns(p)[1] as number, Math.log(1.1)));
    assert.ok(close(simpleReturns(p)[2] as number, -0.1));
    assert.deepEqual(Array.from(diff(Float64Array.from([1, 4, 9]))).slice(1), [3, 5]);
  });

  it('computes k-step returns: 100 → 99 over two steps is −1% simple, ln(0.99) log', () => {
    const p = Float64Array.from([100, 110, 99]);
    assert.deepEqual(show(simpleReturns(p, 2), 12), [null, null, -0.01]);
    assert.ok(close(logReturns(p, 2)[2] as number, Math.log(0.99)));
    assert.deepEqual(show(diff(Float64Array.from([1, 4, 9, 16]), 2)), [null, null, 8, 12]);
  });

  it('gives NaN for a return touching a missing price', () => {
    assert.deepEqual(show(simpleReturns(Float64Array.from([100, Number.NaN, 110, 121]))), [null, null, null, 0.1]);
  });

  it('rejects a step that is not a positive integer', () => {
    assert.throws(() => logReturns(Float64Array.from([1, 2]), 0), ParameterError);
    assert.throws(() => simpleReturns(Float64Array.from([1, 2]), 1.5), ParameterError);
  });
});

describe('rolling statistics', () => {
  it('sums and averages windows of 3, NaN until full', () => {
    const x = Float64Array.from([1, 2, 3, 4, 10]);
    assert.deepEqual(show(rollingSum(x, 3)), [null, null, 6, 9, 17]);
    assert.deepEqual(show(rollingMean(x, 3)), [null, null, 2, 3, 5.666667]);
  });

  it('keeps a rolling sum exact after a huge value has passed through the window', () => {
    // A 1e8 passing through wipes the low digits of a plain running sum (off by ~6e-9 here);
    // the compensated sum gives the exact window sum back once it has left.
    const x = Float64Array.from({ length: 1000 }, (_, i) => ((i * 7) % 10) / 10 + 0.01);
    x[500] = 1e8;
    let direct = 0;
    for (let i = 990; i < 1000; i++) direct += x[i] as number;
    assert.ok(close(rollingSum(x, 10)[999] as number, direct, 1e-14), String((rollingSum(x, 10)[999] as number) - direct));
  });

  it('gives the exact sample stdev of returns +1%, −1%, +2%: √(7/3)% ≈ 1.5275%', () => {
    // mean 2/3%; squared deviations (1/3)² + (5/3)² + (4/3)² = 42/9; ÷ (3 − 1) = 7/3 (%²).
    const r = Float64Array.from([0.01, -0.01, 0.02]);
    assert.ok(close(rollingStd(r, 3)[2] as number, Math.sqrt(7 / 3) / 100, 1e-15));
    assert.ok(close(stdev(r), Math.sqrt(7 / 3) / 100, 1e-15));
    assert.ok(close(annualisedVol(r), (Math.sqrt(252) * Math.sqrt(7 / 3)) / 100, 1e-14));
  });

  it('slides the stdev window: [1, −1, 2] → √(7/3), then [−1, 2, 5] → 3', () => {
    const sd = rollingStd(Float64Array.from([1, -1, 2, 5]), 3);
    assert.ok(Number.isNaN(sd[1] as number));
    assert.ok(close(sd[2] as number, Math.sqrt(7 / 3)));
    // window [-1, 2, 5]: mean 2, squared deviations 9 + 0 + 9 → √(18/2) = 3
    assert.ok(close(sd[3] as number, 3));
  });

  it('keeps the stdev exact for levels near 1e9 (where sums of squares lose every digit)', () => {
    const sd = rollingStd(Float64Array.from([1e9 + 1, 1e9 - 1, 1e9 + 2, 1e9 + 5]), 3);
    assert.ok(close(sd[2] as number, Math.sqrt(7 / 3), 1e-6), String(sd[2]));
    assert.ok(close(sd[3] as number, 3, 1e-6), String(sd[3]));
  });

  it('is NaN while a window holds a NaN, and recovers after', () => {
    const sd = rollingStd(Float64Array.from([1, Number.NaN, 2, 3, 4]), 2);
    assert.deepEqual(show(sd), [null, null, null, 0.707107, 0.707107]);
    assert.deepEqual(show(rollingSum(Float64Array.from([1, Number.NaN, 2, 3]), 2)), [null, null, null, 5]);
    assert.ok(Number.isNaN(stdev(Float64Array.from([Number.NaN, 1]))));
    assert.equal(stdev(Float64Array.from([Number.NaN, 1, 3])), Math.SQRT2);
  });

  it('rejects windows too short for the statistic', () => {
    assert.throws(() => rollingStd(Float64Array.from([1, 2, 3]), 1), /window must be an integer ≥ 2/);
    assert.throws(() => rollingSum(Float64Array.from([1]), 0), ParameterError);
  });

  it('annualises: alternating ±1% log returns over 20 days have 1%·√(20/19)·√252 ≈ 16.28% volatility', () => {
    const p = new Float64Array(64);
    p[0] = 100;
    for (let i = 1; i < p.length; i++) p[i] = (p[i - 1] as number) * Math.exp(i % 2 ? 0.01 : -0.01);
    const v = realisedVol(p, 20);
    assert.ok(Number.isNaN(v[19] as number)); // needs 21 prices for 20 returns
    assert.ok(!Number.isNaN(v[20] as number));
    // 20 alternating values: mean 0, sample variance 20·1e-4/19
    assert.ok(close(v[63] as number, Math.sqrt((20 * 1e-4) / 19) * Math.sqrt(252), 1e-12));
  });

  it('finds beta 2 and correlation 1 for y = 2x + 1, and −1 for y = −x', () => {
    const x = Float64Array.from([1, 3, 2, 5, 4, 6]);
    const { corr, beta } = rollingCorrBeta(x, x.map((v) => 2 * v + 1), 4);
    assert.ok(close(beta[5] as number, 2, 1e-9));
    assert.ok(close(corr[5] as number, 1, 1e-9));
    assert.ok(close(rollingCorrBeta(x, x.map((v) => -v), 4).corr[5] as number, -1, 1e-9));
  });
});
