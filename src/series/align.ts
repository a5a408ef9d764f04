import { ParameterError } from '../core/errors.ts';
import { dayOf, toIso, weekday, ymd } from './dates.ts';
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
  /**
   * Point in time: a value dated d is known only from d + lagDays on, then carried forward
   * (while at most `maxAgeDays` past d + lagDays, default no limit). For backtests that must not
   * use a number before it was published, e.g. a monthly series dated the 1st with lag 36.
   */
  | { readonly kind: 'asOfPublished'; readonly lagDays: number; readonly maxAgeDays?: number };

function checkRule(rule: FillRule): void {
  const bad = (field: string, v: number) => new ParameterError(`fill rule ${rule.kind}: ${field} must be a finite number ≥ 0, got ${v}`);
  if (rule.kind === 'asOfPublished' && !(Number.isFinite(rule.lagDays) && rule.lagDays >= 0)) throw bad('lagDays', rule.lagDays);
  if ((rule.kind === 'ffill' || rule.kind === 'asOfPublished') && rule.maxAgeDays !== undefined && !(rule.maxAgeDays >= 0)) throw bad('maxAgeDays', rule.maxAgeDays);
}

function checkSorted(target: Int32Array): void {
  for (let i = 1; i < target.length; i++)
    if ((target[i] as number) <= (target[i - 1] as number))
      throw new ParameterError(`alignTo: target dates must be strictly increasing, but index ${i} (${toIso(target[i] as number)}) follows ${toIso(target[i - 1] as number)}`);
}

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
 * The value alignTo gives on one day under `{ kind: 'ffill', maxAgeDays }`: the last non-NaN
 * value dated ≤ day, if day − its date ≤ maxAgeDays; NaN otherwise. A binary search
 * (O(log n) plus the NaNs stepped over), for callers that look up one day at a time —
 * alignTo(Int32Array.of(day), …) copies the whole series per call.
 */
export function valueAtOrBefore(s: Series, day: number, maxAgeDays = Number.POSITIVE_INFINITY): number {
  let i = lastAtOrBefore(s.dates, day);
  while (i >= 0 && Number.isNaN(s.values[i] as number)) i--;
  return i >= 0 && day - (s.dates[i] as number) <= maxAgeDays ? (s.values[i] as number) : Number.NaN;
}

/**
 * Values of `s` on the `target` dates (strictly increasing day numbers) under `rule`, in one
 * merge walk (O(n + m)). Missing values (NaN) in `s` are skipped by the filling rules — never
 * carried forward, and `linear` bridges them from the valid neighbours; `exact` returns them as
 * they are. Throws ParameterError on unsorted targets or a negative lag/age.
 */
export function alignTo(target: Int32Array, s: Series, rule: FillRule): Float64Array {
  checkRule(rule);
  checkSorted(target);
  const out = new Float64Array(target.length).fill(Number.NaN);
  // The valid observations only, so a NaN is never carried forward.
  let nValid = 0;
  for (let i = 0; i < s.values.length; i++) if (!Number.isNaN(s.values[i] as number)) nValid++;
  const vd = new Int32Array(nValid);
  const vv = new Float64Array(nValid);
  for (let i = 0, k = 0; i < s.values.length; i++) {
    const v = s.values[i] as number;
    if (!Number.isNaN(v)) {
      vd[k] = s.dates[i] as number;
      vv[k++] = v;
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

/**
 * Fill rules for alignMany: one rule for every series, one per series by position, or a
 * record by series id (series not named get `exact`).
 */
export type FillRules = FillRule | readonly FillRule[] | Readonly<Record<string, FillRule>>;

function ruleFor(rules: FillRules, s: Series, i: number): FillRule {
  if (Array.isArray(rules)) {
    const r = (rules as readonly FillRule[])[i];
    if (!r) throw new ParameterError(`alignMany: no fill rule for series ${i} (${s.id}); ${rules.length} rules for more series`);
    return r;
  }
  if ('kind' in rules && typeof rules.kind === 'string') return rules as FillRule;
  return (rules as Readonly<Record<string, FillRule>>)[s.id] ?? { kind: 'exact' };
}

/**
 * Several series on one calendar (e.g. NYSE trading days), column i being `series[i]` read with
 * its fill rule (see FillRules; default `exact` for all). `dates` is the calendar itself.
 */
export function alignMany(series: readonly Series[], calendar: Int32Array, rules: FillRules = {}): { dates: Int32Array; columns: Float64Array[] } {
  return { dates: calendar, columns: series.map((s, i) => alignTo(calendar, s, ruleFor(rules, s, i))) };
}

/** Dates present in both series with a non-NaN value in each, with the two value columns (merge walk). */
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
 * (`last` for prices and levels at period end, `first` for the opening level, `mean` for rates
 * averaged over a period, `sum` for flows). Result dates follow periodOf: FRED's convention of
 * the period's first day for monthly/quarterly/annual (2026-07-01 = July 2026, Q3 2026), and the
 * week's end day for weekly (`weekEnd`, 0 = Sunday … 6 = Saturday; default 5 = Friday, 3 for
 * the Fed's H.4.1 Wednesday weeks) — a weekly value dated 2026-08-21 covers Sat 08-15 to Fri 08-21.
 * Periods with no valid observation are left out. `s` must be sorted (a Series always is).
 */
export function resample(s: Series, to: Frequency, how: Aggregation, opts: { weekEnd?: number } = {}): Series {
  const weekEnd = opts.weekEnd ?? 5;
  if (!Number.isInteger(weekEnd) || weekEnd < 0 || weekEnd > 6) throw new ParameterError(`resample ${s.id}: weekEnd must be a weekday 0 (Sunday) … 6 (Saturday), got ${weekEnd}`);
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
    const p = periodOf(s.dates[i] as number, to, weekEnd);
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
