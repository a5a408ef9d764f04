import { ParameterError } from '../core/errors.ts';

/**
 * Return and rolling-statistics kernels on Float64Array: one pass, no allocation per step,
 * NaN-aware. The models (vol-control, CTA, VIX term structure, liquidity) call these.
 *
 * NaN policy, the same everywhere: a return touching a NaN price is NaN, and a rolling
 * statistic whose window holds a NaN is NaN (a gap is never silently shortened into a window).
 * Index i of a k-step result is the change from i − k to i; the first k entries are NaN.
 */

function checkStep(name: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new ParameterError(`${name}: step k must be an integer ≥ 1, got ${k}`);
}

function checkWindow(name: string, window: number, min: number): void {
  if (!Number.isInteger(window) || window < min) throw new ParameterError(`${name}: window must be an integer ≥ ${min}, got ${window}`);
}

/** Log returns over k steps: r_t = ln(P_t / P_{t−k}); NaN for the first k. */
export function logReturns(prices: Float64Array, k = 1): Float64Array {
  checkStep('logReturns', k);
  const out = new Float64Array(prices.length).fill(Number.NaN);
  for (let i = k; i < prices.length; i++) out[i] = Math.log((prices[i] as number) / (prices[i - k] as number));
  return out;
}

/** Simple returns over k steps: P_t / P_{t−k} − 1; NaN for the first k. */
export function simpleReturns(prices: Float64Array, k = 1): Float64Array {
  checkStep('simpleReturns', k);
  const out = new Float64Array(prices.length).fill(Number.NaN);
  for (let i = k; i < prices.length; i++) out[i] = (prices[i] as number) / (prices[i - k] as number) - 1;
  return out;
}

/** First differences over k steps: x_t − x_{t−k}; NaN for the first k. */
export function diff(x: Float64Array, k = 1): Float64Array {
  checkStep('diff', k);
  const out = new Float64Array(x.length).fill(Number.NaN);
  for (let i = k; i < x.length; i++) out[i] = (x[i] as number) - (x[i - k] as number);
  return out;
}

/**
 * Rolling sum of the `window` values ending at each index; NaN until the window is full or
 * while it holds a NaN. Running sum with Neumaier compensation, so adding and removing values
 * over a long series does not drift (sums of integers stay exact).
 */
export function rollingSum(x: Float64Array, window: number): Float64Array {
  checkWindow('rollingSum', window, 1);
  const out = new Float64Array(x.length).fill(Number.NaN);
  let sum = 0;
  let comp = 0; // lost low-order bits
  let nan = 0;
  const add = (v: number) => {
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  };
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) nan++;
    else add(v);
    if (i >= window) {
      const old = x[i - window] as number;
      if (Number.isNaN(old)) nan--;
      else add(-old);
    }
    if (i >= window - 1 && nan === 0) out[i] = sum + comp;
  }
  return out;
}

/** Rolling mean of the `window` values ending at each index (rollingSum / window); NaN as rollingSum. */
export function rollingMean(x: Float64Array, window: number): Float64Array {
  const out = rollingSum(x, window);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / window;
  return out;
}

/**
 * Rolling sample standard deviation (n − 1 in the denominator) over the `window` values ending
 * at each index; NaN until the window is full or while it holds a NaN.
 * Sliding Welford update (add x: δ = x − m, m += δ/n, M2 += δ(x − m); removal is the inverse),
 * which stays exact for levels far from zero (prices near 1e9 with unit moves), where running
 * sums of squares lose every digit.
 */
export function rollingStd(x: Float64Array, window: number): Float64Array {
  checkWindow('rollingStd', window, 2);
  const out = new Float64Array(x.length).fill(Number.NaN);
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let nan = 0;
  for (let i = 0; i < x.length; i++) {
    if (i >= window) {
      const old = x[i - window] as number;
      if (Number.isNaN(old)) nan--;
      else if (n === 1) {
        n = 0;
        mean = 0;
        m2 = 0;
      } else {
        n--;
        const d = old - mean;
        mean -= d / n;
        m2 -= d * (old - mean);
      }
    }
    const v = x[i] as number;
    if (Number.isNaN(v)) nan++;
    else {
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }
    if (i >= window - 1 && nan === 0) out[i] = Math.sqrt(Math.max(0, m2 / (window - 1)));
  }
  return out;
}

/**
 * Sample standard deviation (n − 1) of the non-NaN values of `x` (Welford, one pass);
 * NaN when fewer than two values are present.
 */
export function stdev(x: Float64Array): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n < 2 ? Number.NaN : Math.sqrt(Math.max(0, m2 / (n - 1)));
}

/**
 * Annualised volatility of a set of periodic log returns: √periodsPerYear × stdev(r)
 * (default 252 NYSE trading days a year; a fraction: 0.16 = 16%). NaN returns are skipped.
 */
export function annualisedVol(logRets: Float64Array, periodsPerYear = 252): number {
  return Math.sqrt(periodsPerYear) * stdev(logRets);
}

/**
 * Annualised realised volatility at each index: √252 × rolling sample stdev of the last
 * `window` daily log returns (a fraction: 0.16 = 16%). NaN for the first `window` prices
 * (the first return needs two prices) and while the window holds a missing price.
 */
export function realisedVol(prices: Float64Array, window: number, periodsPerYear = 252): Float64Array {
  const sd = rollingStd(logReturns(prices), window);
  const k = Math.sqrt(periodsPerYear);
  for (let i = 0; i < sd.length; i++) sd[i] = (sd[i] as number) * k;
  return sd;
}

/**
 * Rolling correlation and beta of y on x over `window` pairs ending at each index (pairs with a
 * NaN are skipped inside the window; at least ⌈window/2⌉ valid pairs are required, and the pair
 * at the index itself must be valid).
 * beta = cov(x, y) / var(x); corr = cov(x, y) / (sd(x) sd(y)).
 */
export function rollingCorrBeta(x: Float64Array, y: Float64Array, window: number): { corr: Float64Array; beta: Float64Array } {
  checkWindow('rollingCorrBeta', window, 2);
  const n = Math.min(x.length, y.length);
  const corr = new Float64Array(n).fill(Number.NaN);
  const beta = new Float64Array(n).fill(Number.NaN);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let m = 0;
  const ok = (i: number) => !Number.isNaN(x[i] as number) && !Number.isNaN(y[i] as number);
  for (let i = 0; i < n; i++) {
    if (ok(i)) {
      const a = x[i] as number;
      const b = y[i] as number;
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
      m++;
    }
    const j = i - window;
    if (j >= 0 && ok(j)) {
      const a = x[j] as number;
      const b = y[j] as number;
      sx -= a;
      sy -= b;
      sxx -= a * a;
      syy -= b * b;
      sxy -= a * b;
      m--;
    }
    // Reported only where the pair itself is observed, so a stale input does not extend the result.
    if (i >= window - 1 && ok(i) && m >= Math.ceil(window / 2) && m > 2) {
      const cov = sxy - (sx * sy) / m;
      const vx = sxx - (sx * sx) / m;
      const vy = syy - (sy * sy) / m;
      if (vx > 0) beta[i] = cov / vx;
      if (vx > 0 && vy > 0) corr[i] = cov / Math.sqrt(vx * vy);
    }
  }
  return { corr, beta };
}
