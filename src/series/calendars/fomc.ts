import { toDay, toIso } from '../dates.ts';
import type { IsoDate } from '../units.ts';

/** One FOMC policy decision date. */
export interface FomcMeeting {
  /** Decision day: the second day of a two-day meeting, or the day of a call. */
  readonly date: IsoDate;
  /** False for unscheduled meetings and conference calls that changed policy. */
  readonly scheduled: boolean;
  /** True when a Summary of Economic Projections (the "dot plot") was released. */
  readonly sep: boolean;
  /** Set on a scheduled meeting that was called off: the date it was cancelled. */
  readonly cancelledOn?: IsoDate;
  /** The day this date was public (the year's calendar was announced); undefined = always known. */
  readonly announced?: IsoDate;
}

/**
 * Scheduled decision days by year (month-day), from the Federal Reserve's FOMC calendars
 * (https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm and the historical pages);
 * 2027 as announced on 2025-09-05 (tentative).
 */
const SCHEDULED: Readonly<Record<number, readonly string[]>> = {
  2000: ['02-02', '03-21', '05-16', '06-28', '08-22', '10-03', '11-15', '12-19'],
  2001: ['01-31', '03-20', '05-15', '06-27', '08-21', '10-02', '11-06', '12-11'],
  2002: ['01-30', '03-19', '05-07', '06-26', '08-13', '09-24', '11-06', '12-10'],
  2003: ['01-29', '03-18', '05-06', '06-25', '08-12', '09-16', '10-28', '12-09'],
  2004: ['01-28', '03-16', '05-04', '06-30', '08-10', '09-21', '11-10', '12-14'],
  2005: ['02-02', '03-22', '05-03', '06-30', '08-09', '09-20', '11-01', '12-13'],
  2006: ['01-31', '03-28', '05-10', '06-29', '08-08', '09-20', '10-25', '12-12'],
  2007: ['01-31', '03-21', '05-09', '06-28', '08-07', '09-18', '10-31', '12-11'],
  2008: ['01-30', '03-18', '04-30', '06-25', '08-05', '09-16', '10-29', '12-16'],
  2009: ['01-28', '03-18', '04-29', '06-24', '08-12', '09-23', '11-04', '12-16'],
  2010: ['01-27', '03-16', '04-28', '06-23', '08-10', '09-21', '11-03', '12-14'],
  2011: ['01-26', '03-15', '04-27', '06-22', '08-09', '09-21', '11-02', '12-13'],
  2012: ['01-25', '03-13', '04-25', '06-20', '08-01', '09-13', '10-24', '12-12'],
  2013: ['01-30', '03-20', '05-01', '06-19', '07-31', '09-18', '10-30', '12-18'],
  2014: ['01-29', '03-19', '04-30', '06-18', '07-30', '09-17', '10-29', '12-17'],
  2015: ['01-28', '03-18', '04-29', '06-17', '07-29', '09-17', '10-28', '12-16'],
  2016: ['01-27', '03-16', '04-27', '06-15', '07-27', '09-21', '11-02', '12-14'],
  2017: ['02-01', '03-15', '05-03', '06-14', '07-26', '09-20', '11-01', '12-13'],
  2018: ['01-31', '03-21', '05-02', '06-13', '08-01', '09-26', '11-08', '12-19'],
  2019: ['01-30', '03-20', '05-01', '06-19', '07-31', '09-18', '10-30', '12-11'],
  2020: ['01-29', '03-18', '04-29', '06-10', '07-29', '09-16', '11-05', '12-16'],
  2021: ['01-27', '03-17', '04-28', '06-16', '07-28', '09-22', '11-03', '12-15'],
  2022: ['01-26', '03-16', '05-04', '06-15', '07-27', '09-21', '11-02', '12-14'],
  2023: ['02-01', '03-22', '05-03', '06-14', '07-26', '09-20', '11-01', '12-13'],
  2024: ['01-31', '03-20', '05-01', '06-12', '07-31', '09-18', '11-07', '12-18'],
  2025: ['01-29', '03-19', '05-07', '06-18', '07-30', '09-17', '10-29', '12-10'],
  2026: ['01-28', '03-18', '04-29', '06-17', '07-29', '09-16', '10-28', '12-09'],
  2027: ['01-27', '03-17', '04-28', '06-09', '07-28', '09-15', '10-27', '12-08'],
};

/**
 * When each year's calendar became public. The Board announces next year's tentative schedule in
 * the second half of the year (2027's on 2025-09-05); where the press-release date is not recorded
 * here, 1 October of the year before is used: late enough that `--as-of` never sees a calendar that
 * was not public yet, at the cost of ignoring next year's meetings for a few weeks.
 */
const ANNOUNCED: Readonly<Record<number, IsoDate>> = { 2027: '2025-09-05' as IsoDate };
/** The day the calendar of `year` was taken as public (see ANNOUNCED). */
export function calendarAnnounced(year: number): IsoDate {
  return ANNOUNCED[year] ?? (`${year - 1}-10-01` as IsoDate);
}

/** Scheduled meetings that were called off, with the day they were: 2020-03-18 gave way to the 2020-03-15 action. */
const CANCELLED: Readonly<Record<string, IsoDate>> = { '2020-03-18': '2020-03-15' as IsoDate };

/**
 * Unscheduled meetings and conference calls that moved the federal funds target, from the Fed's
 * historical FOMC pages and open market operations history:
 * 2001-01-03 −50 bp, 2001-04-18 −50 bp, 2001-09-17 −50 bp (after 9/11), 2008-01-22 −75 bp,
 * 2008-10-08 −50 bp (coordinated with other central banks), 2020-03-03 −50 bp, 2020-03-15
 * −100 bp to 0–0.25% (a Sunday; it replaced the 17–18 March meeting).
 */
const UNSCHEDULED: readonly string[] = ['2001-01-03', '2001-04-18', '2001-09-17', '2008-01-22', '2008-10-08', '2020-03-03', '2020-03-15'];

/** Meetings with projections before the quarterly pattern (Mar/Jun/Sep/Dec) settled in 2013. */
const EARLY_SEP_MONTHS: Readonly<Record<number, readonly number[]>> = {
  2007: [10, 12],
  2008: [1, 4, 6, 10],
  2009: [1, 4, 6, 11],
  2010: [1, 4, 6, 11],
  2011: [1, 4, 6, 11],
  2012: [1, 4, 6, 9, 12],
};

function hasSep(year: number, month: number): boolean {
  if (year >= 2013) return month % 3 === 0;
  return EARLY_SEP_MONTHS[year]?.includes(month) ?? false;
}

/** Every FOMC policy decision date 2000–2027, sorted (with the one cancelled meeting flagged). */
export const FOMC_MEETINGS: readonly FomcMeeting[] = [
  ...Object.entries(SCHEDULED).flatMap(([y, days]) =>
    days.map((md): FomcMeeting => {
      const date = `${y}-${md}` as IsoDate;
      const cancelledOn = CANCELLED[date];
      return {
        date,
        scheduled: true,
        sep: !cancelledOn && hasSep(Number(y), Number(md.slice(0, 2))),
        announced: calendarAnnounced(Number(y)),
        ...(cancelledOn ? { cancelledOn } : {}),
      };
    }),
  ),
  ...UNSCHEDULED.map((d): FomcMeeting => ({ date: d as IsoDate, scheduled: false, sep: false })),
].sort((a, b) => (a.date < b.date ? -1 : 1));

const DAYS = Int32Array.from(FOMC_MEETINGS, (m) => toDay(m.date));

/** Decision days of FOMC_MEETINGS as day numbers, index for index (a copy: the lookups use their own). */
export const FOMC_MEETING_DAYS: Int32Array = DAYS.slice();

const asDay = (d: string | number): number => (typeof d === 'number' ? d : toDay(d));

/**
 * Meetings with decision dates in [from, to], both inclusive, given as day numbers or ISO dates
 * (cancelled ones included, flagged by `cancelledOn`).
 */
export function meetingsBetween(from: string | number, to: string | number): FomcMeeting[] {
  const lo = asDay(from);
  const hi = asDay(to);
  return FOMC_MEETINGS.filter((_, i) => (DAYS[i] as number) >= lo && (DAYS[i] as number) <= hi);
}

/**
 * The first meeting strictly after `day` (a day number) that took place (cancelled ones
 * skipped); `scheduledOnly` skips unscheduled calls too. Undefined past the calendar's end.
 */
export function nextMeeting(day: number, opts: { scheduledOnly?: boolean } = {}): FomcMeeting | undefined {
  for (let i = 0; i < DAYS.length; i++) {
    const m = FOMC_MEETINGS[i] as FomcMeeting;
    if ((DAYS[i] as number) > day && !m.cancelledOn && (!opts.scheduledOnly || m.scheduled)) return m;
  }
  return undefined;
}

/** The last meeting at or before `day` that took place (options as nextMeeting), or undefined before 2000. */
export function previousMeeting(day: number, opts: { scheduledOnly?: boolean } = {}): FomcMeeting | undefined {
  for (let i = DAYS.length - 1; i >= 0; i--) {
    const m = FOMC_MEETINGS[i] as FomcMeeting;
    if ((DAYS[i] as number) <= day && !m.cancelledOn && (!opts.scheduledOnly || m.scheduled)) return m;
  }
  return undefined;
}

/** Last date the calendar covers (FOMC publishes a year or so ahead). */
export const FOMC_CALENDAR_END: IsoDate = toIso(DAYS[DAYS.length - 1] as number);

/**
 * The calendar as it was public on `date`: the scheduled meetings announced by then (without an
 * announcement date: always), the unscheduled ones held by then, and the last day it covered (31
 * December of the last year known). Months after `end` were not known to
 * be meeting-free yet.
 */
export function fomcCalendarOn(date: IsoDate, meetings: readonly FomcMeeting[] = FOMC_MEETINGS): { meetings: FomcMeeting[]; end: IsoDate } {
  // An unscheduled meeting is public from its own day: a 2020 emergency call must not stretch a 2019 calendar.
  const known = meetings.filter((m) => (m.announced ? m.announced <= date : m.scheduled || m.date <= date));
  const lastYear = known.reduce((y, m) => Math.max(y, Number(m.date.slice(0, 4))), 0);
  return { meetings: known, end: `${lastYear}-12-31` as IsoDate };
}
