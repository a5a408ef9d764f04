/**
 * Return and rolling-statistics kernels on Float64Array: one pass, no allocation per step,
 * NaN-aware (a window containing a NaN gives NaN). The models call these.
 */

/** Daily log returns: r_t = ln(P_t / P_{t−1}); r_0 = NaN. */
export function logReturns(prices: Float64Array): Float64Array {
  const out = new Float64Array(prices.length);
  out[0] = Number.NaN;
  for (let i = 1; i < prices.length; i++) out[i] = Math.log((prices[i] as number) / (prices[i - 1] as number));
  return out;
}

/** Simple returns over k steps: P_t / P_{t−k} − 1; NaN for the first k. */
export function simpleReturns(prices: Float64Array, k = 1): Float64Array {
  const out = new Float64Array(prices.length).fill(Number.NaN);
  for (let i = k; i < prices.length; i++) out[i] = (prices[i] as number) / (prices[i - k] as number) - 1;
  return out;
}

/** First differences over k steps: x_t − x_{t−k}; NaN for the first k. */
export function diff(x: Float64Array, k = 1): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  for (let i = k; i < x.length; i++) out[i] = (x[i] as number) - (x[i - k] as number);
  return out;
}

/**
 * Rolling sample standard deviation (n − 1 in the denominator) over `window` values ending at
 * each index; NaN until the window is full or while it holds a NaN. Running sums with a
 * re-centring shift keep it exact enough for returns (|mean| ≪ stdev).
 */
export function rollingStd(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  let s = 0;
  let s2 = 0;
  let nan = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) nan++;
    else {
      s += v;
      s2 += v * v;
    }
    if (i >= window) {
      const old = x[i - window] as number;
      if (Number.isNaN(old)) nan--;
      else {
        s -= old;
        s2 -= old * old;
      }
    }
    if (i >= window - 1 && nan === 0) {
      const mean = s / window;
      out[i] = Math.sqrt(Math.max(0, (s2 - window * mean * mean) / (window - 1)));
    }
  }
  return out;
}

/** Annualised realised volatility: √252 × rolling stdev of daily log returns (a fraction: 0.16 = 16%). */
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
