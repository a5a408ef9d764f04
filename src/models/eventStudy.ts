import { ParameterError } from '../core/errors.ts';
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
  /** The same statistics over every day of the sample, for comparison. */
  readonly unconditionalMean: number;
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

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Event study on a price series: for each event date (the first price on or after it is day 0),
 * the forward simple return over h trading days, P_{t+h}/P_t − 1, and the annualised realised
 * volatility of daily log returns over those h days; means with a 95% t-interval
 * (mean ± t_{0.975, n−1}·s/√n), medians and hit rates, against the mean over all days.
 */
export function eventStudy(prices: Series, eventDates: readonly number[], horizons: readonly number[] = [5, 21, 63]): EventStudyResult {
  for (const h of horizons) if (!Number.isInteger(h) || h < 1) throw new ParameterError(`event-study horizons must be whole days ≥ 1, got ${h}`);
  const valid: number[] = [];
  const px: number[] = [];
  for (let i = 0; i < prices.values.length; i++) {
    if (!Number.isNaN(prices.values[i] as number)) {
      valid.push(prices.dates[i] as number);
      px.push(prices.values[i] as number);
    }
  }
  const dates = Int32Array.from(valid);
  const idx = eventDates.map((d) => {
    const i = lastAtOrBefore(dates, d - 1) + 1; // first trading day on or after the event
    return i < dates.length ? i : -1;
  });
  const events = idx.filter((i) => i >= 0).map((i) => ({ date: toIso(dates[i] as number), forward: {} as Record<number, number> }));
  const stats = horizons.map((h): HorizonStats => {
    const rets: number[] = [];
    const vols: number[] = [];
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
      rets.push(r);
      if (ev) ev.forward[h] = r;
      let s = 0;
      let s2 = 0;
      for (let j = i + 1; j <= i + h; j++) {
        const lr = Math.log((px[j] as number) / (px[j - 1] as number));
        s += lr;
        s2 += lr * lr;
      }
      vols.push(h > 1 ? 100 * Math.sqrt(252 * Math.max(0, (s2 - (s * s) / h) / (h - 1))) : Number.NaN);
    }
    const n = rets.length;
    const mean = n ? rets.reduce((a, b) => a + b, 0) / n : Number.NaN;
    const sd = n > 1 ? Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : Number.NaN;
    const half = n > 1 ? (tQuantile975(n - 1) * sd) / Math.sqrt(n) : Number.NaN;
    let all = 0;
    for (let i = 0; i + h < px.length; i++) all += (px[i + h] as number) / (px[i] as number) - 1;
    return {
      horizon: h,
      n,
      excluded,
      meanReturn: mean,
      medianReturn: median(rets),
      ci95: [mean - half, mean + half],
      hitRate: n ? (100 * rets.filter((r) => r > 0).length) / n : Number.NaN,
      meanForwardVol: vols.length ? vols.reduce((a, b) => a + b, 0) / vols.length : Number.NaN,
      unconditionalMean: px.length > h ? (100 * all) / (px.length - h) : Number.NaN,
    };
  });
  return { horizons: stats, events };
}
