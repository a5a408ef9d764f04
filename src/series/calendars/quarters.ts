import { ParameterError } from '../../core/errors.ts';
import { dayOf, ymd } from '../dates.ts';
import { isTradingDay, previousTradingDay, tradingDays } from './nyse.ts';

/**
 * Calendar quarters (Q1 = Jan–Mar … Q4 = Oct–Dec; US companies with calendar fiscal years
 * report on these) and the business-day arithmetic the buyback model needs around them.
 * All days are day numbers (days since 1970-01-01); "business day" means an NYSE trading day.
 */

/** A quarter number, 1–4. */
export type QuarterNumber = 1 | 2 | 3 | 4;

/** Calendar quarter of a day number. */
export function quarterOf(day: number): { year: number; quarter: QuarterNumber } {
  const { year, month } = ymd(day);
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as QuarterNumber };
}

function checkQuarter(year: number, quarter: number): void {
  if (!Number.isInteger(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new ParameterError(`quarter must be 1–4 of an integer year, got ${year} Q${quarter}`);
}

/** First day of quarter `quarter` (1–4) of `year`: Jan 1, Apr 1, Jul 1 or Oct 1. */
export function startOfQuarter(year: number, quarter: number): number {
  checkQuarter(year, quarter);
  return dayOf(year, (quarter - 1) * 3 + 1, 1);
}

/** Last day of quarter `quarter` (1–4) of `year`: Mar 31, Jun 30, Sep 30 or Dec 31. */
export function endOfQuarter(year: number, quarter: number): number {
  checkQuarter(year, quarter);
  return dayOf(year, quarter * 3 + 1, 1) - 1; // Date.UTC rolls month 13 into January of year + 1
}

/** First day of the calendar quarter containing `day`. */
export function quarterStart(day: number): number {
  const { year, quarter } = quarterOf(day);
  return startOfQuarter(year, quarter);
}

/** Last day of the calendar quarter containing `day` (Mar 31, Jun 30, Sep 30, Dec 31). */
export function quarterEnd(day: number): number {
  const { year, quarter } = quarterOf(day);
  return endOfQuarter(year, quarter);
}

/**
 * The last quarter end strictly before `day`: the quarter whose results are being reported in
 * the earnings season `day` falls in (on 2026-04-01 and on 2026-06-30 it is 2026-03-31).
 */
export function previousQuarterEnd(day: number): number {
  return quarterStart(day) - 1;
}

/** Quarter ends from `from` to `to` (day numbers, inclusive). */
export function quarterEndsBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let q = quarterEnd(from); q <= to; q = quarterEnd(q + 1)) out.push(q);
  return out;
}

/** Label like `2026Q3` for the quarter containing `day`. */
export function quarterLabel(day: number): string {
  const { year, quarter } = quarterOf(day);
  return `${year}Q${quarter}`;
}

/**
 * Signed count of NYSE trading days after `from` up to and including `to`: the number of
 * trading-day steps from one to the other, so businessDaysBetween(d, addTradingDays(d, n)) = n
 * for a trading day d. Negative when `to` is before `from`; 0 when equal.
 * E.g. Fri 2024-03-28 → Mon 2024-04-01 is 1 (Good Friday and the weekend are not counted).
 */
export function businessDaysBetween(from: number, to: number): number {
  if (to >= from) return tradingDays(from + 1, to).length;
  return -tradingDays(to + 1, from).length;
}

/** The last NYSE trading day of the quarter containing `day` (quarter-end marks, window dressing). */
export function lastTradingDayOfQuarter(day: number): number {
  const end = quarterEnd(day);
  return isTradingDay(end) ? end : previousTradingDay(end);
}

/**
 * An earnings-season window in calendar days after a quarter end: [qe + fromDay, qe + toDay].
 * Defaults 8 and 56 are weeks 2–8 after quarter end, where the buyback model's default season
 * weights put S&P 500 reports (FactSet Earnings Insight: ~5% of companies have reported by
 * day 12, ~91% by day 41). `quarterEndDay` must be a quarter end.
 */
export function earningsSeason(quarterEndDay: number, opts: { fromDay?: number; toDay?: number } = {}): { from: number; to: number } {
  if (quarterEnd(quarterEndDay) !== quarterEndDay) throw new ParameterError(`earningsSeason: day ${quarterEndDay} is not a quarter end`);
  const fromDay = opts.fromDay ?? 8;
  const toDay = opts.toDay ?? 56;
  if (!(fromDay >= 0 && toDay >= fromDay)) throw new ParameterError(`earningsSeason: need 0 ≤ fromDay ≤ toDay, got ${fromDay} and ${toDay}`);
  return { from: quarterEndDay + fromDay, to: quarterEndDay + toDay };
}
