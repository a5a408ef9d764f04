import { dayOf, weekday, ymd } from '../dates.ts';

/**
 * The New York Stock Exchange trading calendar: weekends, the exchange's regular holidays
 * (NYSE Rule 7.2 and its published holiday schedules) and the unscheduled closures.
 * Source: https://www.nyse.com/markets/hours-calendars, the NYSE Group holiday announcements
 * (2022–2028 published lists agree with these rules) and the NYSE's historical closings list.
 *
 * Valid range: NYSE_CALENDAR_YEARS (1985–2030). The holiday rules are applied to any year, but
 * unscheduled closures are only known inside the range (and future ones cannot be). Checked
 * against every S&P 500 / SPY trading day from 1985 to 2026-06-05 in the real-data tests.
 */

/** The years this calendar is meant for: unscheduled closures are listed for these. */
export const NYSE_CALENDAR_YEARS = { first: 1985, last: 2030 } as const;

/** Unscheduled full-day closures (weather, national mourning, 9/11). */
const SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  '1985-09-27': 'Hurricane Gloria',
  '1994-04-27': 'National Day of Mourning (Richard Nixon)',
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning (Ronald Reagan)',
  '2007-01-02': 'National Day of Mourning (Gerald Ford)',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning (George H. W. Bush)',
  '2025-01-09': 'National Day of Mourning (Jimmy Carter)',
};

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher) as a day number. */
export function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

/** The n-th given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, wd: number, n: number): number {
  if (n > 0) {
    const first = dayOf(year, month, 1);
    return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayOf(year, month + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** A fixed-date holiday moved to Friday when on Saturday and Monday when on Sunday. */
function observed(day: number): number {
  const w = weekday(day);
  return w === 6 ? day - 1 : w === 0 ? day + 1 : day;
}

const cache = new Map<number, Map<number, string>>();

/**
 * The exchange holidays of one year (day number → name), special closures included.
 * Observance (NYSE Rule 7.2): a holiday on Sunday is observed on Monday, on Saturday on the
 * Friday before — except New Year's Day, which on a Saturday is not observed at all (the Friday
 * is the last trading day of the year). MLK Day from 1998, Juneteenth from 2022.
 */
export function holidays(year: number): ReadonlyMap<number, string> {
  const hit = cache.get(year);
  if (hit) return hit;
  const h = new Map<number, string>();
  // New Year's Day: Sunday → Monday; on a Saturday it is not observed on the Friday before.
  const ny = dayOf(year, 1, 1);
  if (weekday(ny) !== 6) h.set(observed(ny), "New Year's Day");
  if (year >= 1998) h.set(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  h.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  h.set(easter(year) - 2, 'Good Friday');
  h.set(nthWeekday(year, 5, 1, -1), 'Memorial Day');
  if (year >= 2022) h.set(observed(dayOf(year, 6, 19)), 'Juneteenth National Independence Day');
  h.set(observed(dayOf(year, 7, 4)), 'Independence Day');
  h.set(nthWeekday(year, 9, 1, 1), 'Labor Day');
  h.set(nthWeekday(year, 11, 4, 4), 'Thanksgiving Day');
  h.set(observed(dayOf(year, 12, 25)), 'Christmas Day');
  for (const [iso, name] of Object.entries(SPECIAL_CLOSURES)) if (iso.startsWith(`${year}-`)) h.set(dayOf(year, Number(iso.slice(5, 7)), Number(iso.slice(8, 10))), name);
  cache.set(year, h);
  return h;
}

/** Name of the holiday or closure on `day`, or undefined on a weekday the exchange is open. */
export function holidayName(day: number): string | undefined {
  return holidays(ymd(day).year).get(day);
}

/** True when the NYSE is open on `day` (a day number). */
export function isTradingDay(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6 && holidayName(day) === undefined;
}

/**
 * True on the NYSE's 1 p.m. early-close days: the day after Thanksgiving, Christmas Eve and
 * July 3 when those are trading days (July 3 only when July 4 falls on a weekday, NYSE practice).
 */
export function isEarlyClose(day: number): boolean {
  if (!isTradingDay(day)) return false;
  const { year, month, day: d } = ymd(day);
  if (day === nthWeekday(year, 11, 4, 4) + 1) return true;
  if (month === 12 && d === 24) return true;
  if (month === 7 && d === 3) {
    const w = weekday(dayOf(year, 7, 4));
    return w !== 0 && w !== 6;
  }
  return false;
}

/** Trading days from `from` to `to` (day numbers), both inclusive; empty when from > to. */
export function tradingDays(from: number, to: number): Int32Array {
  const out: number[] = [];
  for (let d = from; d <= to; d++) if (isTradingDay(d)) out.push(d);
  return Int32Array.from(out);
}

/** The first trading day strictly after `day`. */
export function nextTradingDay(day: number): number {
  let d = day + 1;
  while (!isTradingDay(d)) d++;
  return d;
}

/** The last trading day strictly before `day`. */
export function previousTradingDay(day: number): number {
  let d = day - 1;
  while (!isTradingDay(d)) d--;
  return d;
}

/**
 * `day` moved by `n` trading days (n may be negative): n = 1 is nextTradingDay, n = −1
 * previousTradingDay, n = 0 returns `day` unchanged. `day` itself need not be a trading day.
 */
export function addTradingDays(day: number, n: number): number {
  let d = day;
  for (let i = 0; i < Math.abs(n); i++) d = n > 0 ? nextTradingDay(d) : previousTradingDay(d);
  return d;
}
