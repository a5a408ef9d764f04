import type { DayNumber, IsoDate } from './units.ts';

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns true when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): s is IsoDate {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Number of days in month `month` (1–12) of `year`, Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` → days since 1970-01-01. Throws on anything that is not a real date. */
export function toDay(iso: string): DayNumber {
  if (!isIsoDate(iso)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY) as DayNumber;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function toIso(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;
}

/** Day number of a calendar date given as numbers (month 1–12). */
export function dayOf(year: number, month: number, day: number): DayNumber {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY) as DayNumber;
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Calendar parts of a day number. */
export function ymd(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Today's date in UTC as a day number (the clock is read only here and in the CLI). */
export function todayDay(now: Date = new Date()): DayNumber {
  return Math.floor(now.getTime() / MS_PER_DAY) as DayNumber;
}
