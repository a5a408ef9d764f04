import { basename } from 'node:path';
import type { EarningsCalendar, ReferenceSource } from '../series/earningsCalendar.ts';
import { joinEarningsWithWeights, parseIndexWeightsCsv, parseReportDatesCsv } from './formats/earningsDates.ts';

/** File names `sync --from` reads as the S&P 500 earnings calendar: the dates (ticker,date) … */
export const EARNINGS_DATES_FILE = /^sp500_earnings_dates.*\.csv$/i;
/** … and the index weights (ticker, weight %; English or German headers). */
export const INDEX_WEIGHTS_FILE = /^sp500_weights.*\.csv$/i;

/**
 * The calendar's two files among a folder's files (paths relative to it): the dates and the
 * weights file by name (EARNINGS_DATES_FILE, INDEX_WEIGHTS_FILE); of several, the one whose name
 * sorts last (the newest span or snapshot year).
 */
export function findEarningsCalendarFiles(rels: readonly string[]): { readonly dates?: string; readonly weights?: string } {
  const last = (re: RegExp) => rels.filter((r) => re.test(basename(r))).sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0)).pop();
  const dates = last(EARNINGS_DATES_FILE);
  const weights = last(INDEX_WEIGHTS_FILE);
  return { ...(dates !== undefined ? { dates } : {}), ...(weights !== undefined ? { weights } : {}) };
}

/**
 * The S&P 500 earnings calendar from the text of its two files: report dates (parseReportDatesCsv)
 * joined with index weights (parseIndexWeightsCsv, joinEarningsWithWeights; each report weighs its
 * company's share of the index). A bad line in either file is a DataFormatError naming the file
 * (`origin`) and line.
 */
export function buildEarningsCalendar(
  dates: { readonly text: string; readonly origin: string; readonly source: ReferenceSource },
  weights: { readonly text: string; readonly origin: string; readonly source: ReferenceSource },
  importedAt: string,
): EarningsCalendar {
  const w = parseIndexWeightsCsv(weights.text, weights.origin);
  const joined = joinEarningsWithWeights(parseReportDatesCsv(dates.text, dates.origin), w);
  return {
    importedAt,
    sources: { dates: dates.source, weights: weights.source },
    reports: joined.reports.map((r) => ({ ticker: r.ticker, date: r.date, weight: r.weight })),
    weights: Object.fromEntries([...w].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    withoutWeight: joined.withoutWeight,
    withoutDates: joined.withoutDates,
    duplicatesDropped: joined.duplicatesDropped,
  };
}
