import { endOfQuarter, quarterOf } from './calendars/quarters.ts';
import { dayOf, daysInMonth, ymd } from './dates.ts';
import type { Frequency } from './types.ts';

/**
 * Usual delay from the end of an observation's period to its first publication, by frequency —
 * conservative (late) values of the US release calendars: daily market closes the same day;
 * weekly Fed H.4.1 the next day (claims and NFCI: OVERRIDES); monthly CPI, payrolls and JOLTS within about a month
 * (JOLTS ~5 weeks: 31 is kept because most monthly series come sooner); quarterly GDP's advance
 * estimate ~30 days, profits and the Fed's DFA ~60–80 (60 kept); annual median household income
 * in September of the next year (~260 days, 270 kept). BLS, BEA and Census release schedules.
 */
export const RELEASE_LAG_DAYS: Readonly<Record<Frequency, number>> = {
  daily: 0,
  weekly: 1,
  monthly: 31,
  quarterly: 60,
  annual: 270,
};

/**
 * Series whose release differs from their frequency's rule: days after the observation's own
 * date (`fromDate`) or after its period's end. EFFR (and DFF) the next business day (1); H.4.1 weekly data come the next day (the weekly
 * default); initial claims for the week ending Saturday the next Thursday (5), continuing claims
 * a week later (12); the Chicago Fed NFCI for the week ending Friday the next Wednesday (5); the
 * Fed's DFA and debt-service ratios about 3 months after the quarter (90); company fiscal years,
 * dated at the fiscal-year end, in the 10-K within 60 days for large filers (SEC Form 10-K rules).
 */
const OVERRIDES: readonly { readonly match: (id: string) => boolean; readonly lagDays: number; readonly fromDate: boolean }[] = [
  // The New York Fed publishes the EFFR of day t at 9:00 on the next business day.
  { match: (id) => id === 'EFFR' || id === 'DFF', lagDays: 1, fromDate: true },
  { match: (id) => id === 'ICSA', lagDays: 5, fromDate: true },
  { match: (id) => id === 'CCSA', lagDays: 12, fromDate: true },
  { match: (id) => id === 'NFCI', lagDays: 5, fromDate: true },
  { match: (id) => id.startsWith('DFA_') || id === 'TDSP', lagDays: 90, fromDate: false },
  { match: (id) => id.startsWith('CAPEX_') || id.startsWith('REVENUE_'), lagDays: 60, fromDate: true },
];

/**
 * The day an observation dated `day` (FRED convention: the period's first day for monthly,
 * quarterly and annual data; the period's own date for daily and weekly) was usually first
 * known: the end of its period plus RELEASE_LAG_DAYS, or the series' own rule (OVERRIDES, by
 * catalog id). Used to read a series "as it stood" on a date when the store has no vintage from
 * before it.
 */
export function usuallyKnownOn(day: number, frequency: Frequency, id = ''): number {
  const own = OVERRIDES.find((o) => o.match(id));
  if (own?.fromDate) return day + own.lagDays;
  const { year, month } = ymd(day);
  const periodEnd =
    frequency === 'annual'
      ? dayOf(year, 12, 31)
      : frequency === 'quarterly'
        ? endOfQuarter(quarterOf(day).year, quarterOf(day).quarter)
        : frequency === 'monthly'
          ? dayOf(year, month, daysInMonth(year, month))
          : day;
  return periodEnd + (own ? own.lagDays : RELEASE_LAG_DAYS[frequency]);
}
