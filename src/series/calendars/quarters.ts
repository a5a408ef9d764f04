import { dayOf, ymd } from '../dates.ts';

/** Calendar quarter (1–4) of a day number. */
export function quarterOf(day: number): { year: number; quarter: 1 | 2 | 3 | 4 } {
  const { year, month } = ymd(day);
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4 };
}

/** First day of the calendar quarter containing `day`. */
export function quarterStart(day: number): number {
  const { year, quarter } = quarterOf(day);
  return dayOf(year, (quarter - 1) * 3 + 1, 1);
}

/** Last day of the calendar quarter containing `day` (Mar 31, Jun 30, Sep 30, Dec 31). */
export function quarterEnd(day: number): number {
  const { year, quarter } = quarterOf(day);
  return dayOf(year, quarter * 3 + 1, 1) - 1;
}

/** Quarter ends from `from` to `to` (day numbers, inclusive). */
export function quarterEndsBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let q = quarterEnd(from); q <= to; q = quarterEnd(q + 1)) out.push(q);
  return out;
}
