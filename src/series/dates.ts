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
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) return new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

// Calendar arithmetic on integers (proleptic Gregorian, H. Hinnant, "chrono-compatible low-level
// date algorithms", days_from_civil / civil_from_days): the same dates as Date's UTC methods, but
// without a Date object per call — the report converts ~10⁵ day numbers. dates.test.ts checks
// them against Date for every day from 1600 to 2400.

/** Day number (days since 1970-01-01) of year-month-day (month 1–12, any integer day of the month): Hinnant's days_from_civil. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1–12) and day of a whole day number. */
function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** Day numbers of 0000-01-01 and 9999-12-31: the years toISOString writes with four digits. */
const FIRST_4_DIGIT_DAY = -719528;
const LAST_4_DIGIT_DAY = 2932896;

/** `YYYY-MM-DD` → days since 1970-01-01. Throws on anything that is not a real date. */
export function toDay(iso: string): DayNumber {
  if (!isIsoDate(iso)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) as DayNumber;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function toIso(day: number): IsoDate {
  if (!Number.isInteger(day) || day < FIRST_4_DIGIT_DAY || day > LAST_4_DIGIT_DAY) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;
  const c = civilFromDays(day);
  return `${String(c.year).padStart(4, '0')}-${c.month < 10 ? '0' : ''}${c.month}-${c.day < 10 ? '0' : ''}${c.day}` as IsoDate;
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
  if (Number.isInteger(day) && day >= FIRST_4_DIGIT_DAY && day <= LAST_4_DIGIT_DAY) return civilFromDays(day);
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Today's date in UTC as a day number (the clock is read only here and in the CLI). */
export function todayDay(now: Date = new Date()): DayNumber {
  return Math.floor(now.getTime() / MS_PER_DAY) as DayNumber;
}
