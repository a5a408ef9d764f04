import { toIso, todayDay } from './dates.ts';
import type { Frequency, IsoDate, Point } from './types.ts';

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
  if (Number.isNaN(p.value)) return undefined;
  if (!Number.isFinite(p.value)) return `value ${p.value} is not a finite number`;
  if (Math.abs(p.value) > range.maxAbs) return `value ${p.value} is beyond ±${range.maxAbs.toExponential(0)}, implausible for this unit`;
  return undefined;
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
