import { daysFromCivil } from '../../series/dates.ts';
import type { IsoDate } from '../../series/units.ts';

/**
 * Reads one date cell in any of the formats the sources use and returns it as ISO
 * `YYYY-MM-DD`, or undefined when the format is unknown or the date is not a real one:
 * - `YYYY-MM-DD` (FRED, Yahoo), and `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS…` (the date part);
 * - `M/D/YYYY` and `MM/DD/YYYY` (Cboe history files, Cboe put/call archive);
 * - `YYYY-MM` (monthly: the first of the month; EIA/datahub, IMF via gullirg);
 * - `YYYY:Qn` (Fed DFA: the first day of the quarter).
 */
export function parseDateCell(s: string): IsoDate | undefined {
  const n = s.length;
  // The usual cell, a bare `YYYY-MM-DD`, is its own ISO form.
  if (n === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) return dateParts(s) < 0 ? undefined : (s as IsoDate);
  const ymd = dateParts(s);
  return ymd < 0 ? undefined : iso(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100, ymd % 100);
}

/**
 * The day number (days since 1970-01-01) of a date cell, in the formats of parseDateCell and
 * with the same result (`toDay(parseDateCell(s))`), or NaN where that gives undefined. No string
 * is made: the import reads ~10⁶ dates this way.
 */
export function parseDayCell(s: string): number {
  const ymd = dateParts(s);
  return ymd < 0 ? Number.NaN : daysFromCivil(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100, ymd % 100);
}

/** A date cell as year·10⁴ + month·100 + day (see parseDateCell for the formats), or -1 when it is not one. */
function dateParts(s: string): number {
  const n = s.length;
  if (n >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    // After the date only a time of day may follow (`T09:30`, ` 00:00:00.000Z`, `T16:00-05:00`):
    // `2024-01-05 junk` or `2024-01-05T25:99` is not a date.
    if (n > 10 && !isTimeOfDay(s.slice(10))) return -1;
    return packed(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  }
  if (n === 7 && s.charCodeAt(4) === 45) return packed(digits(s, 0, 4), digits(s, 5, 2), 1);
  if (n === 7 && s.charCodeAt(4) === 58 && (s.charCodeAt(5) === 81 || s.charCodeAt(5) === 113)) {
    const y = digits(s, 0, 4);
    const q = digits(s, 6, 1);
    if (y < 0 || q < 1 || q > 4) return -1;
    return y * 10000 + ((q - 1) * 3 + 1) * 100 + 1;
  }
  const a = s.indexOf('/');
  if (a > 0) {
    const b = s.indexOf('/', a + 1);
    if (b < 0 || b - a - 1 < 1 || b - a - 1 > 2 || a > 2 || n - b - 1 !== 4) return -1;
    return packed(digits(s, b + 1, 4), digits(s, 0, a), digits(s, a + 1, b - a - 1));
  }
  return -1;
}

/** y·10⁴ + m·100 + d for a real calendar date, else -1. */
function packed(y: number, m: number, d: number): number {
  return valid(y, m, d) ? y * 10000 + m * 100 + d : -1;
}

const TIME_OF_DAY = /^[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z| ?[+-]\d{2}:?\d{2}| UTC)?$/;

/** True for the time part after a date: `T`/space, HH:MM[:SS[.fff]], an optional zone; hours < 24, minutes and seconds < 60. */
function isTimeOfDay(rest: string): boolean {
  const m = TIME_OF_DAY.exec(rest);
  return m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && (m[3] === undefined || Number(m[3]) < 60);
}

/** Epoch milliseconds → the day number of its UTC calendar date (that of epochMsToIso), or NaN where that gives undefined. */
export function epochMsToDay(ms: number): number {
  // Date's range: ±8.64e15 ms (ECMA-262 "Time Values and Time Range").
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? Math.floor(ms / 86_400_000) : Number.NaN;
}

/** Epoch milliseconds → the UTC calendar date (`YYYY-MM-DD`). */
export function epochMsToIso(ms: number): IsoDate | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * Reads one value cell: an empty cell and FRED's `.` are missing (NaN); otherwise a finite
 * decimal number (sign, exponent allowed). Returns undefined for anything else (`abc`, `#N/A`,
 * `Infinity`), which the caller reports with the line and column.
 */
export function parseValueCell(s: string): number | undefined {
  if (s.length === 0) return NaN;
  const c = s.charCodeAt(0);
  if (c === 46 && s.length === 1) return NaN;
  // Number() accepts hex, binary and 'Infinity'; a data cell starts with a digit, a sign or a dot.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return undefined;
  const second = s.charCodeAt(1);
  if (c === 48 && (second === 120 || second === 88 || second === 98 || second === 66 || second === 111 || second === 79)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** ISO string of a calendar date given as numbers (month 1–12); no range check. */
export function iso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` as IsoDate;
}

function digits(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return len > 0 ? v : -1;
}

function valid(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= monthLength(y, m);
}

function monthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
