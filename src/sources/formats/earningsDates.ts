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
