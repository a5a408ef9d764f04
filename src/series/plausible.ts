import { toDay, toIso, todayDay } from './dates.ts';
import type { DayColumns, Frequency, IsoDate, Point } from './types.ts';

/** The earliest date flowlens accepts for any series (the oldest catalog series, PPIACO, starts in 1913). */
export const EARLIEST_PLAUSIBLE: IsoDate = '1800-01-01' as IsoDate;

/**
 * How far past today a series' dates may go, in days. Observations are dated at the start (FRED)
 * or end of their period, so a monthly value for the current month can be dated up to a month
 * ahead of a late "today"; FOMC projections (FEDTARMD) are dated years ahead by design.
 */
const FUTURE_MARGIN_DAYS: Readonly<Record<Frequency, number>> = { daily: 7, weekly: 14, monthly: 62, quarterly: 100, annual: 370 };
const FORWARD_DATED: Readonly<Record<string, number>> = { FEDTARMD: 5 * 366 };

/**
 * The largest plausible |value| per unit, matched on the unit's start. A wrong column or a
 * corrupted cell gives values far outside these (1e308, a date read as 20240105), while the
 * largest real values stay well inside: WALCL ~9e6 USD mn, DFA levels ~2e8 USD mn, continuing
 * claims ~2.5e7 persons, bitcoin ~1e5 USD.
 */
const MAX_ABS_BY_UNIT: readonly (readonly [RegExp, number])[] = [
  [/^%/, 1e4],
  [/^ratio/, 1e4],
  [/^index/, 1e7],
  [/^points/, 1e6],
  [/^USD bn/, 1e7],
  [/^USD mn/, 1e10],
  [/^USD\//, 1e7],
  [/^USD/, 1e8],
  [/^thousands/, 1e8],
  [/^persons/, 1e10],
  [/^contracts/, 1e10],
];
const MAX_ABS_DEFAULT = 1e12;

/** What a series may hold: dates in [firstDate, lastDate], finite values with |value| ≤ maxAbs (NaN = missing is fine). */
export interface PlausibleRange {
  readonly firstDate: IsoDate;
  readonly lastDate: IsoDate;
  readonly maxAbs: number;
}

/** The plausible range of a catalog series (see EARLIEST_PLAUSIBLE, FUTURE_MARGIN_DAYS, MAX_ABS_BY_UNIT). */
export function plausibleRange(entry: { readonly id: string; readonly unit: string; readonly frequency: Frequency }, today = todayDay()): PlausibleRange {
  const margin = FORWARD_DATED[entry.id] ?? FUTURE_MARGIN_DAYS[entry.frequency];
  const maxAbs = MAX_ABS_BY_UNIT.find(([re]) => re.test(entry.unit))?.[1] ?? MAX_ABS_DEFAULT;
  return { firstDate: EARLIEST_PLAUSIBLE, lastDate: toIso(today + margin), maxAbs };
}

/** Why a point is implausible for `range`, or undefined when it is fine. */
export function implausibility(p: Point, range: PlausibleRange): string | undefined {
  if (p.date < range.firstDate) return `date ${p.date} is before ${range.firstDate}`;
  if (p.date > range.lastDate) return `date ${p.date} is after ${range.lastDate} (today plus the publication margin)`;
  return valueImplausibility(p.value, range);
}

/** Why a value is implausible for `range` (NaN, missing, is fine), or undefined. */
function valueImplausibility(value: number, range: PlausibleRange): string | undefined {
  if (Number.isNaN(value)) return undefined;
  if (!Number.isFinite(value)) return `value ${value} is not a finite number`;
  if (Math.abs(value) > range.maxAbs) return `value ${value} is beyond ±${range.maxAbs.toExponential(0)}, implausible for this unit`;
  return undefined;
}

/**
 * splitPlausible on day-number and value columns: the plausible rows (the same arrays when every
 * row is, else new ones) and each rejected row's day with the reason implausibility gives it.
 */
export function splitPlausibleColumns(c: DayColumns, range: PlausibleRange): { kept: DayColumns; rejected: { day: number; reason: string }[] } {
  const first = toDay(range.firstDate);
  const last = toDay(range.lastDate);
  const rejected: { day: number; reason: string }[] = [];
  let drop: Uint8Array | undefined;
  for (let i = 0; i < c.day.length; i++) {
    const d = c.day[i] as number;
    const v = c.value[i] as number;
    // The common case, a date in range and a modest value, decides without a call.
    if (d >= first && d <= last && (Number.isNaN(v) || Math.abs(v) <= range.maxAbs)) continue;
    const reason = d < first || d > last ? implausibility({ date: toIso(d), value: v }, range) : valueImplausibility(v, range);
    if (reason === undefined) continue;
    rejected.push({ day: d, reason });
    (drop ??= new Uint8Array(c.day.length))[i] = 1;
  }
  if (drop === undefined) return { kept: c, rejected };
  const day = new Int32Array(c.day.length - rejected.length);
  const value = new Float64Array(day.length);
  for (let i = 0, k = 0; i < c.day.length; i++) {
    if (drop[i]) continue;
    day[k] = c.day[i] as number;
    value[k++] = c.value[i] as number;
  }
  return { kept: { day, value }, rejected };
}

/** Splits points into the plausible ones (kept, in order) and the rejected ones with their reasons. */
export function splitPlausible(points: readonly Point[], range: PlausibleRange): { kept: Point[]; rejected: { point: Point; reason: string }[] } {
  const kept: Point[] = [];
  const rejected: { point: Point; reason: string }[] = [];
  for (const p of points) {
    const reason = implausibility(p, range);
    if (reason === undefined) kept.push(p);
    else rejected.push({ point: p, reason });
  }
  return { kept, rejected };
}
