import { DataFormatError } from '../../core/errors.ts';
import type { FomcMeeting } from '../../series/calendars/fomc.ts';
import { isIsoDate, toDay } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import { readCsv } from './csv.ts';

/**
 * Longest gap between two scheduled FOMC meetings that a calendar may have, in days: ten weeks.
 * The Fed meets eight times a year, about every six to eight weeks; the longest gap in its
 * schedules 2000–2027 is 58 days (2005-05-03 → 2005-06-30), so a gap above 70 days means a
 * meeting (a month) is missing from the file.
 */
export const MAX_MEETING_GAP_DAYS = 70;

/**
 * Reads a user's FOMC calendar for `flowlens fed --calendar FILE`: CSV with header
 * `date,announced` — `date` the decision day (YYYY-MM-DD), `announced` the day that date became
 * public (YYYY-MM-DD, on or before `date`; empty = always known), one scheduled meeting per line.
 * Refused, with the file and line: a bad or impossible date, an announcement after the meeting,
 * dates out of order or repeated, and a gap over MAX_MEETING_GAP_DAYS between consecutive
 * meetings (a skipped month). Every meeting is `scheduled`, without a dot plot (`sep` false).
 */
export function parseFomcCalendarCsv(text: string, origin: string): FomcMeeting[] {
  const csv = readCsv(text, origin);
  const head = csv.header.map((h) => h.trim().toLowerCase());
  if (head[0] !== 'date' || (head.length > 1 && head[1] !== 'announced') || head.length > 2) throw new DataFormatError(origin, `expected the header date,announced; found ${csv.header.join(',')}`, csv.headerLine);
  const dates = csv.column(0);
  const announced = head.length > 1 ? csv.column(1) : [];
  const out: FomcMeeting[] = [];
  for (let k = 0; k < csv.rowCount; k++) {
    const line = csv.lines[k] as number;
    const d = (dates[k] ?? '').trim();
    if (!isIsoDate(d)) throw new DataFormatError(origin, `field "date": expected a date YYYY-MM-DD, got ${JSON.stringify(d)}`, line);
    const a = (announced[k] ?? '').trim();
    if (a !== '' && !isIsoDate(a)) throw new DataFormatError(origin, `field "announced": expected a date YYYY-MM-DD or nothing, got ${JSON.stringify(a)}`, line);
    if (a !== '' && a > d) throw new DataFormatError(origin, `field "announced": ${a} is after the meeting ${d}`, line);
    const prev = out[out.length - 1];
    if (prev) {
      const prevLine = csv.lines[k - 1] as number;
      if (d === prev.date) throw new DataFormatError(origin, `${d} repeats line ${prevLine} (one meeting per line)`, line);
      if (d < prev.date) throw new DataFormatError(origin, `${d} comes before ${prev.date} on line ${prevLine} (sort the meetings by date)`, line);
    }
    out.push({ date: d as IsoDate, scheduled: true, sep: false, ...(a !== '' ? { announced: a as IsoDate } : {}) });
  }
  if (out.length === 0) throw new DataFormatError(origin, 'no meetings in the file');
  // Gaps once the order is known to be right (an out-of-order line is reported as such, not as a gap).
  for (let k = 1; k < out.length; k++) {
    const [a, b] = [out[k - 1] as FomcMeeting, out[k] as FomcMeeting];
    const gap = toDay(b.date) - toDay(a.date);
    if (gap > MAX_MEETING_GAP_DAYS) throw new DataFormatError(origin, `${b.date} is ${gap} days after ${a.date} on line ${csv.lines[k - 1] as number}: scheduled meetings are at most ${MAX_MEETING_GAP_DAYS / 7} weeks apart, a month looks skipped`, csv.lines[k] as number);
  }
  return out;
}
