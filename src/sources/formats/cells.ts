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
  if (n >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    // After the date only a time of day may follow (`T09:30`, ` 00:00:00.000Z`, `T16:00-05:00`):
    // `2024-01-05 junk` or `2024-01-05T25:99` is not a date.
    if (n > 10 && !isTimeOfDay(s.slice(10))) return undefined;
    const y = digits(s, 0, 4);
    const m = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    if (!valid(y, m, d)) return undefined;
    return (n === 10 ? s : s.slice(0, 10)) as IsoDate;
  }
  if (n === 7 && s.charCodeAt(4) === 45) {
    const y = digits(s, 0, 4);
    const m = digits(s, 5, 2);
    return valid(y, m, 1) ? (`${s}-01` as IsoDate) : undefined;
  }
  if (n === 7 && s.charCodeAt(4) === 58 && (s.charCodeAt(5) === 81 || s.charCodeAt(5) === 113)) {
    const y = digits(s, 0, 4);
    const q = digits(s, 6, 1);
    if (y < 0 || q < 1 || q > 4) return undefined;
    return iso(y, (q - 1) * 3 + 1, 1);
  }
  const a = s.indexOf('/');
  if (a > 0) {
    const b = s.indexOf('/', a + 1);
    if (b < 0 || b - a - 1 < 1 || b - a - 1 > 2 || a > 2 || n - b - 1 !== 4) return undefined;
    const m = digits(s, 0, a);
    const d = digits(s, a + 1, b - a - 1);
    const y = digits(s, b + 1, 4);
    return valid(y, m, d) ? iso(y, m, d) : undefined;
  }
  return undefined;
}

const TIME_OF_DAY = /^[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z| ?[+-]\d{2}:?\d{2}| UTC)?$/;

/** True for the time part after a date: `T`/space, HH:MM[:SS[.fff]], an optional zone; hours < 24, minutes and seconds < 60. */
function isTimeOfDay(rest: string): boolean {
  const m = TIME_OF_DAY.exec(rest);
  return m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && (m[3] === undefined || Number(m[3]) < 60);
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
