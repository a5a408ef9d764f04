import { dayOf, weekday, ymd } from './dates.ts';
import type { Frequency, Series } from './types.ts';

/**
 * How a series is read on dates it was not observed on. Explicit, because each choice is an
 * assumption a user should see: carrying a weekly balance sheet to a daily grid is fine for a
 * week, not for a month.
 */
export type FillRule =
  /** Only the value observed on that very date; NaN elsewhere. */
  | { readonly kind: 'exact' }
  /** The last value at or before the date, if it is at most `maxAgeDays` old (default: no limit). */
  | { readonly kind: 'ffill'; readonly maxAgeDays?: number }
  /** Straight line between the neighbouring observations; NaN outside the observed range. */
  | { readonly kind: 'linear' }
  /** Point in time: a value dated d is known from d + lagDays on; then carried forward. */
  | { readonly kind: 'asOfPublished'; readonly lagDays: number; readonly maxAgeDays?: number };

/** Index of the last date ≤ day in a sorted Int32Array, or -1. Binary search. */
export function lastAtOrBefore(dates: Int32Array, day: number): number {
  let lo = 0;
  let hi = dates.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as number) <= day) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/**
 * Values of `s` on the `target` dates (sorted day numbers) under `rule`, in one merge walk
 * (O(n + m)). Missing values (NaN) in `s` are skipped by the fill rules, never carried.
 */
export function alignTo(target: Int32Array, s: Series, rule: FillRule): Float64Array {
  const out = new Float64Array(target.length).fill(Number.NaN);
  // Positions of valid observations only, so a NaN is never carried forward.
  const vd: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < s.dates.length; i++) {
    const v = s.values[i] as number;
    if (!Number.isNaN(v)) {
      vd.push(s.dates[i] as number);
      vv.push(v);
    }
  }
  if (rule.kind === 'exact') {
    let j = 0;
    for (let i = 0; i < target.length; i++) {
      const d = target[i] as number;
      while (j < s.dates.length && (s.dates[j] as number) < d) j++;
      if (j < s.dates.length && s.dates[j] === d) out[i] = s.values[j] as number;
    }
    return out;
  }
  const lag = rule.kind === 'asOfPublished' ? rule.lagDays : 0;
  const maxAge = rule.kind === 'ffill' || rule.kind === 'asOfPublished' ? (rule.maxAgeDays ?? Number.POSITIVE_INFINITY) : 0;
  let j = -1; // last valid observation known at the target date
  for (let i = 0; i < target.length; i++) {
    const d = target[i] as number;
    while (j + 1 < vd.length && (vd[j + 1] as number) + lag <= d) j++;
    if (rule.kind === 'linear') {
      if (j < 0) continue;
      if (vd[j] === d) out[i] = vv[j] as number;
      else if (j + 1 < vd.length) {
        const d0 = vd[j] as number;
        const d1 = vd[j + 1] as number;
        const w = (d - d0) / (d1 - d0);
        out[i] = (vv[j] as number) * (1 - w) + (vv[j + 1] as number) * w;
      }
      continue;
    }
    if (j >= 0 && d - (vd[j] as number) - lag <= maxAge) out[i] = vv[j] as number;
  }
  return out;
}

/** Several series on one calendar, each with its own fill rule (by series id, default `exact`). */
export function alignMany(
  series: readonly Series[],
  calendar: Int32Array,
  rules: Readonly<Record<string, FillRule>> = {},
): { dates: Int32Array; columns: Float64Array[] } {
  return { dates: calendar, columns: series.map((s) => alignTo(calendar, s, rules[s.id] ?? { kind: 'exact' })) };
}

/** Dates where both series have a value, with the two value columns. */
export function innerJoin(a: Series, b: Series): { dates: Int32Array; a: Float64Array; b: Float64Array } {
  const d: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  let j = 0;
  for (let i = 0; i < a.dates.length; i++) {
    const day = a.dates[i] as number;
    while (j < b.dates.length && (b.dates[j] as number) < day) j++;
    if (j < b.dates.length && b.dates[j] === day) {
      const va = a.values[i] as number;
      const vb = b.values[j] as number;
      if (!Number.isNaN(va) && !Number.isNaN(vb)) {
        d.push(day);
        x.push(va);
        y.push(vb);
      }
    }
  }
  return { dates: Int32Array.from(d), a: Float64Array.from(x), b: Float64Array.from(y) };
}

/** How a period's observations become one value. */
export type Aggregation = 'last' | 'first' | 'mean' | 'sum';

/**
 * The date a day belongs to at a lower frequency. Conventions (FRED's): monthly, quarterly and
 * annual periods are dated by their first day (2026-07-01 = July 2026); weekly periods by the
 * week's last day, `weekEnd` (5 = Friday for markets, 3 = Wednesday for the Fed's H.4.1).
 */
export function periodOf(day: number, to: Frequency, weekEnd = 5): number {
  switch (to) {
    case 'daily':
      return day;
    case 'weekly':
      return day + ((weekEnd - weekday(day) + 7) % 7);
    case 'monthly': {
      const p = ymd(day);
      return dayOf(p.year, p.month, 1);
    }
    case 'quarterly': {
      const p = ymd(day);
      return dayOf(p.year, Math.floor((p.month - 1) / 3) * 3 + 1, 1);
    }
    case 'annual':
      return dayOf(ymd(day).year, 1, 1);
  }
}

/**
 * Resamples to a lower frequency: each period's valid observations aggregated by `how`
 * (`last` for prices and levels, `mean` for rates averaged over a period, `sum` for flows).
 * Periods with no valid observation are left out.
 */
export function resample(s: Series, to: Frequency, how: Aggregation, opts: { weekEnd?: number } = {}): Series {
  const dates: number[] = [];
  const values: number[] = [];
  let period = Number.NaN;
  let acc = 0;
  let n = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  const flush = () => {
    if (n === 0) return;
    dates.push(period);
    values.push(how === 'last' ? last : how === 'first' ? first : how === 'sum' ? acc : acc / n);
  };
  for (let i = 0; i < s.dates.length; i++) {
    const v = s.values[i] as number;
    if (Number.isNaN(v)) continue;
    const p = periodOf(s.dates[i] as number, to, opts.weekEnd);
    if (p !== period) {
      flush();
      period = p;
      acc = 0;
      n = 0;
      first = v;
    }
    acc += v;
    n++;
    last = v;
  }
  flush();
  return { ...s, frequency: to, dates: Int32Array.from(dates), values: Float64Array.from(values) };
}
