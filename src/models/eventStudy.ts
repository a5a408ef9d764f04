import { ParameterError } from '../core/errors.ts';
import { mulberry32, selectInPlace } from '../core/random.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { toIso } from '../series/dates.ts';
import type { Series } from '../series/types.ts';

/** Summary of forward outcomes after a set of events, for one horizon. */
export interface HorizonStats {
  readonly horizon: number;
  /** Events with a full forward window. */
  readonly n: number;
  /** Events too close to the end of the data to have one (excluded). */
  readonly excluded: number;
  /** Mean forward simple return, %. */
  readonly meanReturn: number;
  readonly medianReturn: number;
  /** 95% t-interval for the mean return, %. */
  readonly ci95: readonly [number, number];
  /** Share of events with a positive forward return, %. */
  readonly hitRate: number;
  /** Mean annualised realised volatility over the forward window, %. */
  readonly meanForwardVol: number;
  /** Median annualised forward realised volatility, %. */
  readonly medianForwardVol: number;
  /** Percentile-bootstrap 95% interval for the mean return, % (only with `bootstrap`). */
  readonly bootstrapCi95?: readonly [number, number];
  /** Mean h-day forward return over every day of the sample, %: the unconditional benchmark. */
  readonly unconditionalMean: number;
  /** The unconditional distribution of h-day forward returns (every day with a full window). */
  readonly unconditional: { readonly n: number; readonly mean: number; readonly median: number; readonly sd: number; readonly hitRate: number; readonly meanForwardVol: number };
  /**
   * Welch t statistic of the event mean against the unconditional mean, (m_e − m_u)/√(s_e²/n_e + s_u²/n_u).
   * Overlapping h-day windows make both samples autocorrelated: read |t| > 2 as a hint, not a test.
   */
  readonly tVsUnconditional: number;
}

/** Options of the event study. */
export interface EventStudyOptions {
  /** Percentile bootstrap of the mean: `resamples` draws with replacement from a seeded generator. */
  readonly bootstrap?: { readonly resamples: number; readonly seed: number };
}

/** Forward returns and volatility after each event. */
export interface EventStudyResult {
  readonly horizons: readonly HorizonStats[];
  readonly events: readonly { readonly date: string; readonly forward: Readonly<Record<number, number>> }[];
}

/** Two-sided 97.5% quantile of Student's t with `df` degrees of freedom (table for small df, normal beyond). */
export function tQuantile975(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
  if (df < 1) return Number.NaN;
  if (df <= 30) return table[df - 1] as number;
  // Cornish–Fisher style correction of the normal quantile, accurate to ~1e-3 for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** Seeded uniform generator (Mulberry32, src/core/random.ts): the bootstrap repeats for a seed. */
export const seededRandom = mulberry32;

/**
 * Percentile bootstrap 95% interval of the mean: `resamples` means of samples drawn with
 * replacement; the interval is their 2.5th and 97.5th percentiles (linear interpolation,
 * Hyndman–Fan type 7). Seeded, so the interval repeats.
 */
export function bootstrapMeanCi(xs: readonly number[], resamples: number, seed: number): [number, number] {
  if (!Number.isInteger(resamples) || resamples < 100) throw new ParameterError(`bootstrap resamples must be a whole number ≥ 100, got ${resamples}`);
  if (xs.length === 0) return [Number.NaN, Number.NaN];
  const rnd = seededRandom(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let j = 0; j < xs.length; j++) s += xs[Math.floor(rnd() * xs.length)] as number;
    means[b] = s / xs.length;
  }
  means.sort();
  const q = (p: number) => {
    const h = (resamples - 1) * p;
    const lo = Math.floor(h);
    return (means[lo] as number) + (h - lo) * ((means[Math.min(lo + 1, resamples - 1)] as number) - (means[lo] as number));
  };
  return [q(0.025), q(0.975)];
}

/**
 * Median of x[0 … n−1] (the middle value, or the mean of the two middle values), by selection
 * in place (x is reordered): the same number as sorting and reading the middle, in linear time.
 */
function medianInPlace(x: Float64Array, n: number): number {
  if (n === 0) return Number.NaN;
  const m = n >> 1;
  selectInPlace(x, m, 0, n - 1);
  const upper = x[m] as number;
  if (n % 2) return upper;
  // Everything left of m is ≤ x[m] after the selection: the lower middle value is their maximum.
  let lower = x[0] as number;
  for (let i = 1; i < m; i++) if ((x[i] as number) > lower) lower = x[i] as number;
  return (lower + upper) / 2;
}

/** Sum of x[0 … n−1], left to right. */
function sumOf(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] as number;
  return s;
}

/** Sample standard deviation of x[0 … n−1] about `mean` (n − 1 in the denominator), NaN for n < 2. */
function sdAbout(x: Float64Array, n: number, mean: number): number {
  if (n < 2) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += ((x[i] as number) - mean) ** 2;
  return Math.sqrt(s / (n - 1));
}

function countPositive(x: Float64Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if ((x[i] as number) > 0) k++;
  return k;
}

/**
 * Event study on a price series: for each event date (the first price on or after it is day 0),
 * the forward simple return over h trading days, P_{t+h}/P_t − 1, and the annualised realised
 * volatility of daily log returns over those h days; means with a 95% t-interval
 * (mean ± t_{0.975, n−1}·s/√n) and optionally a seeded percentile-bootstrap interval, medians
 * and hit rates, against the unconditional distribution (every day with a full window). Events
 * whose window runs past the data are excluded and counted in `excluded`.
 */
export function eventStudy(prices: Series, eventDates: readonly number[], horizons: readonly number[] = [5, 21, 63], options: EventStudyOptions = {}): EventStudyResult {
  return eventStudies(prices, [eventDates], horizons, options)[0] as EventStudyResult;
}

/** The unconditional distribution of one horizon, as HorizonStats holds it. */
export type Unconditional = HorizonStats['unconditional'];

/**
 * eventStudy for several sets of events on the same prices and horizons, one result per set,
 * each the same numbers as eventStudy(prices, set, horizons, options): the prices are cleaned,
 * their log returns taken and the unconditional distribution of every horizon (a forward window
 * on every day, the largest part of the work) computed once for all sets. `given` holds
 * unconditional distributions already computed on these same prices (a result's
 * `horizons[k].unconditional`, by horizon): those horizons are not computed again.
 */
export function eventStudies(prices: Series, eventSets: readonly (readonly number[])[], horizons: readonly number[] = [5, 21, 63], options: EventStudyOptions = {}, given: ReadonlyMap<number, Unconditional> = new Map()): EventStudyResult[] {
  for (const h of horizons) if (!Number.isInteger(h) || h < 1) throw new ParameterError(`event-study horizons must be whole days ≥ 1, got ${h}`);
  let nValid = 0;
  for (let i = 0; i < prices.values.length; i++) if (!Number.isNaN(prices.values[i] as number)) nValid++;
  const dates = new Int32Array(nValid);
  const px = new Float64Array(nValid);
  for (let i = 0, k = 0; i < prices.values.length; i++) {
    const v = prices.values[i] as number;
    if (!Number.isNaN(v)) {
      dates[k] = prices.dates[i] as number;
      px[k++] = v;
    }
  }
  // Daily log returns once (lr[j]: day j − 1 → j): every forward window reads them, no log per window.
  const lr = new Float64Array(nValid);
  for (let j = 1; j < nValid; j++) lr[j] = Math.log((px[j] as number) / (px[j - 1] as number));
  // Annualised stdev of the daily log returns of days i+1 … i+h, %.
  const forwardVol = (i: number, h: number): number => {
    if (h < 2) return Number.NaN;
    let s = 0;
    let s2 = 0;
    for (let j = i + 1; j <= i + h; j++) {
      const r = lr[j] as number;
      s += r;
      s2 += r * r;
    }
    return 100 * Math.sqrt(252 * Math.max(0, (s2 - (s * s) / h) / (h - 1)));
  };
  // The unconditional distribution of each horizon, once (scratch reused across horizons).
  const allRets = new Float64Array(nValid);
  const allVols = new Float64Array(nValid);
  const unconditional = horizons.map((h): Unconditional => {
    const known = given.get(h);
    if (known) return known;
    let un = 0;
    let uVols = 0;
    for (let i = 0; i + h < px.length; i++) {
      allRets[un++] = 100 * ((px[i + h] as number) / (px[i] as number) - 1);
      const v = forwardVol(i, h);
      if (!Number.isNaN(v)) allVols[uVols++] = v;
    }
    const uMean = un ? sumOf(allRets, un) / un : Number.NaN;
    const uSd = sdAbout(allRets, un, uMean);
    // Sums and counts first: the median reorders the array.
    const uHitRate = un ? (100 * countPositive(allRets, un)) / un : Number.NaN;
    const uMeanForwardVol = uVols ? sumOf(allVols, uVols) / uVols : Number.NaN;
    return { n: un, mean: uMean, median: medianInPlace(allRets, un), sd: uSd, hitRate: uHitRate, meanForwardVol: uMeanForwardVol };
  });
  return eventSets.map((eventDates): EventStudyResult => {
    const idx = eventDates.map((d) => {
      const i = lastAtOrBefore(dates, d - 1) + 1; // first trading day on or after the event
      return i < dates.length ? i : -1;
    });
    const events = idx.filter((i) => i >= 0).map((i) => ({ date: toIso(dates[i] as number), forward: {} as Record<number, number> }));
    // Scratch for the samples of one horizon, reused across horizons.
    const rets = new Float64Array(idx.length);
    const vols = new Float64Array(idx.length);
    const stats = horizons.map((h, hi): HorizonStats => {
      let n = 0;
      let nVols = 0;
      let excluded = 0;
      let k = 0;
      for (const i of idx) {
        if (i < 0) {
          excluded++;
          continue;
        }
        const ev = events[k++];
        if (i + h >= px.length) {
          excluded++;
          continue;
        }
        const r = 100 * ((px[i + h] as number) / (px[i] as number) - 1);
        rets[n++] = r;
        if (ev) ev.forward[h] = r;
        const v = forwardVol(i, h);
        if (!Number.isNaN(v)) vols[nVols++] = v;
      }
      const mean = n ? sumOf(rets, n) / n : Number.NaN;
      const sd = sdAbout(rets, n, mean);
      const half = n > 1 ? (tQuantile975(n - 1) * sd) / Math.sqrt(n) : Number.NaN;
      const u = unconditional[hi] as Unconditional;
      const boot = options.bootstrap;
      // Sums, counts and the bootstrap first: the medians reorder their arrays.
      const hitRate = n ? (100 * countPositive(rets, n)) / n : Number.NaN;
      const meanForwardVol = nVols ? sumOf(vols, nVols) / nVols : Number.NaN;
      const bootstrapCi95 = boot ? bootstrapMeanCi(Array.from(rets.subarray(0, n)), boot.resamples, boot.seed) : undefined;
      return {
        horizon: h,
        n,
        excluded,
        meanReturn: mean,
        medianReturn: medianInPlace(rets, n),
        ci95: [mean - half, mean + half],
        hitRate,
        meanForwardVol,
        medianForwardVol: medianInPlace(vols, nVols),
        ...(bootstrapCi95 ? { bootstrapCi95 } : {}),
        unconditionalMean: u.mean,
        unconditional: { ...u },
        tVsUnconditional: n > 1 && u.n > 1 ? (mean - u.mean) / Math.sqrt((sd * sd) / n + (u.sd * u.sd) / u.n) : Number.NaN,
      };
    });
    return { horizons: stats, events };
  });
}

/**
 * The event study split by label (e.g. "hedging flow" vs "stress"), plus "all": one
 * `eventStudy` per label over the events carrying it. Labels with no event give n = 0.
 */
export function eventStudyByLabel<L extends string>(
  prices: Series,
  events: readonly { readonly day: number; readonly label: L }[],
  labels: readonly L[],
  horizons: readonly number[] = [5, 21, 63],
  options: EventStudyOptions = {},
): Record<L | 'all', EventStudyResult> {
  const sets = [events.map((e) => e.day), ...labels.map((l) => events.filter((e) => e.label === l).map((e) => e.day))];
  const [all, ...byLabel] = eventStudies(prices, sets, horizons, options) as [EventStudyResult, ...EventStudyResult[]];
  const out = { all } as Record<L | 'all', EventStudyResult>;
  for (const [k, l] of labels.entries()) out[l] = byLabel[k] as EventStudyResult;
  return out;
}
