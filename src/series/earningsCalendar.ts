import { previousQuarterEnd } from './calendars/quarters.ts';
import { toDay, toIso } from './dates.ts';
import type { IsoDate } from './types.ts';

/** One source file of an imported reference: its base name, size and SHA-256 of its bytes. */
export interface ReferenceSource {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** One company report of the calendar: ticker, date and share of S&P 500 cap (0 … 1). */
export interface CalendarReport {
  readonly ticker: string;
  readonly date: IsoDate;
  readonly weight: number;
}

/**
 * The S&P 500 earnings calendar as `flowlens sync --from DIR` imports it into the store: the
 * company report dates of one file joined with the index weights of another
 * (joinEarningsWithWeights), with what did not join and where it came from. The input of the
 * buyback window by default (app/buybackCalendar.ts).
 */
export interface EarningsCalendar {
  /** When it was imported, ISO timestamp. */
  readonly importedAt: string;
  readonly sources: { readonly dates: ReferenceSource; readonly weights: ReferenceSource };
  /** Reports joined with weights, by date (one per company and season). */
  readonly reports: readonly CalendarReport[];
  /** Every company of the weights file: its share of the index (0 … 1). */
  readonly weights: Readonly<Record<string, number>>;
  /** Tickers of the dates file without a weight (left out). */
  readonly withoutWeight: readonly string[];
  /** Tickers with a weight but no date (the seasonal model covers them). */
  readonly withoutDates: readonly string[];
  /** Second reports of a company within one season, dropped (the first date kept). */
  readonly duplicatesDropped: number;
}

/** Companies with at least one report in the calendar. */
export function calendarCompanies(cal: EarningsCalendar): number {
  return new Set(cal.reports.map((r) => r.ticker)).size;
}

/**
 * Share of the index's weight that has dates in the calendar: Σ weights of companies with a
 * report ÷ Σ weights of every company of the weights file (0 … 1).
 */
export function weightCovered(cal: EarningsCalendar): number {
  const dated = new Set(cal.reports.map((r) => r.ticker));
  let all = 0;
  let covered = 0;
  for (const [t, w] of Object.entries(cal.weights)) {
    all += w;
    if (dated.has(t)) covered += w;
  }
  return all > 0 ? covered / all : 0;
}

/**
 * Share of index cap with a report in each season (the quarter being reported: the last quarter
 * end before the report, as the buyback model groups them), keyed by that quarter end.
 */
export function seasonCoverage(reports: readonly CalendarReport[]): Map<IsoDate, number> {
  const out = new Map<IsoDate, number>();
  for (const r of reports) {
    const q = toIso(previousQuarterEnd(toDay(r.date)));
    out.set(q, (out.get(q) ?? 0) + r.weight);
  }
  return out;
}

/**
 * A season counts as covered by the calendar when its reports hold at least this share of index
 * cap (the shared S&P 500 file: 95–99.8% from the results to 2020-09-30 on, under 3% before).
 */
export const COVERED_SEASON_SHARE = 0.5;

/** The first and last covered season (quarter ends, see COVERED_SEASON_SHARE), or undefined when none is. */
export function coveredSeasons(reports: readonly CalendarReport[]): { readonly first: IsoDate; readonly last: IsoDate } | undefined {
  const covered = [...seasonCoverage(reports)].filter(([, w]) => w >= COVERED_SEASON_SHARE).map(([q]) => q).sort();
  const first = covered[0];
  const last = covered[covered.length - 1];
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}

/** "12,198 reports of 496 companies (weights for 99.3% of the index)": what a calendar holds, in words. */
export function calendarSummary(cal: EarningsCalendar): string {
  return `${cal.reports.length.toLocaleString('en-US')} reports of ${calendarCompanies(cal)} companies (weights for ${(100 * weightCovered(cal)).toFixed(1)}% of the index)`;
}
