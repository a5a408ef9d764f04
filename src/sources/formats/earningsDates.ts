import { DataFormatError } from '../../core/errors.ts';
import type { IsoDate } from '../../series/types.ts';
import { previousQuarterEnd } from '../../series/calendars/quarters.ts';
import { isIsoDate, toDay, toIso } from '../../series/dates.ts';
import { parseValueCell } from './cells.ts';
import { readCsv } from './csv.ts';

/** One company's earnings report: its date and share of S&P 500 market cap (0 … 1). */
export interface EarningsDate {
  readonly ticker: string;
  readonly date: IsoDate;
  readonly weight: number;
}

/**
 * Parses a file of company earnings dates, `ticker,date,weight` (header required, in that order;
 * weight = the company's share of S&P 500 market cap, e.g. 0.07), the input of the buyback
 * window when a calendar is at hand (a data vendor's export, the companies' investor pages).
 * One row per report; the same ticker and date twice, a bad date, a weight outside [0, 1] or a
 * season whose weights add up to more than 1 is a DataFormatError naming the line.
 */
export function parseEarningsDatesCsv(text: string, origin: string): EarningsDate[] {
  const csv = readCsv(text, origin);
  const head = csv.header.map((h) => h.toLowerCase());
  if (head[0] !== 'ticker' || head[1] !== 'date' || head[2] !== 'weight') {
    throw new DataFormatError(origin, `header must be ticker,date,weight; got ${JSON.stringify(csv.header.join(','))}`, csv.headerLine);
  }
  const tickers = csv.column(0);
  const dates = csv.column(1);
  const weights = csv.column(2);
  const out: EarningsDate[] = [];
  const seen = new Set<string>();
  // Cap share per season (the quarter being reported, as the buyback model groups them).
  const bySeason = new Map<string, number>();
  for (let i = 0; i < csv.rowCount; i++) {
    const line = csv.lines[i] as number;
    const ticker = (tickers[i] ?? '').toUpperCase();
    if (!/^[A-Z][A-Z0-9.-]*$/.test(ticker)) throw new DataFormatError(origin, `bad ticker ${JSON.stringify(tickers[i])}`, line);
    const date = (dates[i] ?? '').trim();
    if (!isIsoDate(date)) throw new DataFormatError(origin, `column "date": not a date YYYY-MM-DD: ${JSON.stringify(dates[i])}`, line);
    const weight = parseValueCell(weights[i] ?? '');
    if (weight === undefined || !(weight >= 0 && weight <= 1)) throw new DataFormatError(origin, `column "weight": a share of index cap from 0 to 1, got ${JSON.stringify(weights[i])}`, line);
    const key = `${ticker} ${date}`;
    if (seen.has(key)) throw new DataFormatError(origin, `${ticker} on ${date} is listed twice`, line);
    seen.add(key);
    const season = toIso(previousQuarterEnd(toDay(date)));
    const total = (bySeason.get(season) ?? 0) + weight;
    if (total > 1 + 1e-9) throw new DataFormatError(origin, `the reports on results to ${season} add up to ${total.toFixed(3)} of index cap, more than 1`, line);
    bySeason.set(season, total);
    out.push({ ticker, date, weight });
  }
  return out;
}

/** One company's report date, without a weight (a calendar file). */
export interface ReportDate {
  readonly ticker: string;
  readonly date: IsoDate;
  /** Line of the file it came from, for messages. */
  readonly line: number;
}

/** A ticker as both files spell it: upper case, share classes with '-' (BRK.B → BRK-B). */
export function normaliseTicker(t: string): string {
  return t.trim().toUpperCase().replace(/\./g, '-');
}

const TICKER = /^[A-Z][A-Z0-9-]*$/;

/** Index of the first header cell (lower-cased, trimmed) among `names`, or −1. */
function column(head: readonly string[], names: readonly string[]): number {
  return head.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

/**
 * Parses a calendar of company earnings dates: a header with a ticker column (`ticker`, `symbol`)
 * and a date column (`date`, `report_date`, `earnings_date`), other columns ignored — e.g. the
 * S&P 500 calendar `ticker,date` or EDGAR's `ticker,report_date,filing_date,…`. A bad ticker or
 * date is a DataFormatError naming the file and line.
 */
export function parseReportDatesCsv(text: string, origin: string): ReportDate[] {
  const csv = readCsv(text, origin);
  const ti = column(csv.header, ['ticker', 'symbol']);
  const di = column(csv.header, ['date', 'report_date', 'earnings_date']);
  if (ti < 0 || di < 0) throw new DataFormatError(origin, `header needs a ticker column (ticker or symbol) and a date column (date, report_date or earnings_date); got ${JSON.stringify(csv.header.join(','))}`, csv.headerLine);
  const tickers = csv.column(ti);
  const dates = csv.column(di);
  const out: ReportDate[] = [];
  for (let i = 0; i < csv.rowCount; i++) {
    const line = csv.lines[i] as number;
    const ticker = normaliseTicker(tickers[i] ?? '');
    if (!TICKER.test(ticker)) throw new DataFormatError(origin, `column "${csv.header[ti] ?? 'ticker'}": bad ticker ${JSON.stringify(tickers[i])}`, line);
    const date = (dates[i] ?? '').trim();
    if (!isIsoDate(date)) throw new DataFormatError(origin, `column "${csv.header[di] ?? 'date'}": not a date YYYY-MM-DD: ${JSON.stringify(dates[i])}`, line);
    out.push({ ticker, date, line });
  }
  return out;
}

/**
 * Parses index weights by company: a header with a ticker column and a weight in percent, in
 * English or German — `company|Unternehmen`, `ticker|Ticker`, `weight_pct|weight %|Gewichtung_pct`
 * (e.g. the S&P 500 snapshot `Unternehmen,Ticker,Gewichtung_pct` = company, ticker, weight %).
 * Returns each ticker's share of the index (weight % ÷ 100). A bad ticker, a weight that is not a
 * number from 0 to 100, a ticker listed twice or weights adding up to more than 100.5% is a
 * DataFormatError naming the file and line.
 */
export function parseIndexWeightsCsv(text: string, origin: string): Map<string, number> {
  const csv = readCsv(text, origin);
  const ti = column(csv.header, ['ticker', 'symbol']);
  const wi = column(csv.header, ['weight_pct', 'weight %', 'weight%', 'weight (%)', 'gewichtung_pct', 'gewichtung %', 'gewichtung']);
  if (ti < 0 || wi < 0) throw new DataFormatError(origin, `header needs a ticker column (ticker, Ticker) and a weight in % (weight_pct, weight %, Gewichtung_pct); got ${JSON.stringify(csv.header.join(','))}`, csv.headerLine);
  const tickers = csv.column(ti);
  const weights = csv.column(wi);
  const out = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < csv.rowCount; i++) {
    const line = csv.lines[i] as number;
    const ticker = normaliseTicker(tickers[i] ?? '');
    if (!TICKER.test(ticker)) throw new DataFormatError(origin, `column "${csv.header[ti] ?? 'ticker'}": bad ticker ${JSON.stringify(tickers[i])}`, line);
    const pct = parseValueCell(weights[i] ?? '');
    if (pct === undefined || !(pct >= 0 && pct <= 100)) throw new DataFormatError(origin, `column "${csv.header[wi] ?? 'weight'}": a weight in % from 0 to 100, got ${JSON.stringify(weights[i])}`, line);
    if (out.has(ticker)) throw new DataFormatError(origin, `${ticker} is listed twice`, line);
    total += pct;
    if (total > 100.5) throw new DataFormatError(origin, `weights add up to ${total.toFixed(2)}%, more than 100%`, line);
    out.set(ticker, pct / 100);
  }
  return out;
}

/** Report dates joined with index weights, and what could not be joined. */
export interface JoinedEarnings {
  readonly reports: EarningsDate[];
  /** Tickers of the calendar without a weight (left out). */
  readonly withoutWeight: string[];
  /** Tickers with a weight but no date in the calendar (the seasonal model covers them). */
  readonly withoutDates: string[];
  /** Second reports of a company in one season (the first is kept: blackout starts before it). */
  readonly duplicatesDropped: number;
}

/**
 * Joins a calendar of report dates with index weights into `ticker,date,weight` reports (the
 * input of the buyback window): each report weighs its company's share of the index. A company
 * listed twice in one season (the quarter being reported, as the buyback model groups reports)
 * keeps its first date. `equalWeight` gives every company with a weight 1/N instead (the share of
 * *companies* in blackout, as desks count it).
 */
export function joinEarningsWithWeights(dates: readonly ReportDate[], weights: ReadonlyMap<string, number>, equalWeight = false): JoinedEarnings {
  const n = weights.size;
  const seen = new Set<string>();
  const withoutWeight = new Set<string>();
  const dated = new Set<string>();
  let duplicatesDropped = 0;
  const reports: EarningsDate[] = [];
  for (const d of [...dates].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    const w = weights.get(d.ticker);
    if (w === undefined) {
      withoutWeight.add(d.ticker);
      continue;
    }
    dated.add(d.ticker);
    const key = `${d.ticker} ${toIso(previousQuarterEnd(toDay(d.date)))}`;
    if (seen.has(key)) {
      duplicatesDropped++;
      continue;
    }
    seen.add(key);
    reports.push({ ticker: d.ticker, date: d.date, weight: equalWeight ? 1 / n : w });
  }
  return { reports, withoutWeight: [...withoutWeight].sort(), withoutDates: [...weights.keys()].filter((t) => !dated.has(t)).sort(), duplicatesDropped };
}
