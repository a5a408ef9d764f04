import { DataFormatError } from '../../core/errors.ts';
import type { IsoDate, Point } from '../../series/types.ts';
import { parseDateCell, parseValueCell } from './cells.ts';
import { readCsv } from './csv.ts';
import { columnsOf, findColumn, type ParsedFile } from './table.ts';

/** True when a CSV's first line is `ticker,fy_end,…` (company fiscal-year amounts, one row per company-year). */
export function isCompanyYearsCsv(text: string): boolean {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && /\s/.test(text.charAt(start))) start++;
  const end = text.indexOf('\n', start);
  const header = text
    .slice(start, end < 0 ? text.length : end)
    .split(',')
    .map((h) => h.trim().toLowerCase());
  return header[0] === 'ticker' && header[1] === 'fy_end' && header.length > 2;
}

/**
 * Parses company fiscal-year amounts in USD, `ticker,fy_end,<amount>…` (e.g. the hyperscaler
 * file `ticker,fy_end,revenue,capex`), into columns named `<TICKER>:<amount>` (`MSFT:capex`)
 * whose points are in **USD bn**, dated at the fiscal-year end. An empty cell is NaN. Throws
 * DataFormatError with the line on a bad ticker, a bad date, a non-numeric amount or a
 * (ticker, fy_end) listed twice.
 */
export function parseCompanyYearsCsv(text: string, origin: string): ParsedFile {
  const csv = readCsv(text, origin);
  if (!isCompanyYearsCsv(csv.header.join(','))) {
    throw new DataFormatError(origin, `header must start with ticker,fy_end and name at least one amount; got ${JSON.stringify(csv.header.join(','))}`, csv.headerLine);
  }
  const tickers = csv.column(0);
  const ends = csv.column(1);
  const amounts = csv.header.slice(2);
  const rows = new Map<string, { date: IsoDate; row: number }[]>();
  const seen = new Map<string, number>();
  for (let i = 0; i < csv.rowCount; i++) {
    const line = csv.lines[i] as number;
    const ticker = (tickers[i] ?? '').toUpperCase();
    if (!/^[A-Z][A-Z0-9.-]*$/.test(ticker)) throw new DataFormatError(origin, `column "${csv.header[0] ?? ''}": bad ticker ${JSON.stringify(tickers[i])}`, line);
    const date = parseDateCell(ends[i] ?? '');
    if (date === undefined || date.length !== (ends[i] ?? '').length) {
      throw new DataFormatError(origin, `column "${csv.header[1] ?? ''}": not a YYYY-MM-DD date: ${JSON.stringify(ends[i])}`, line);
    }
    const key = `${ticker} ${date}`;
    const before = seen.get(key);
    if (before !== undefined) throw new DataFormatError(origin, `${ticker} ${date} listed twice: line ${before} and line ${line}`, line);
    seen.set(key, line);
    rows.set(ticker, [...(rows.get(ticker) ?? []), { date, row: i }]);
  }
  const columns = [...rows.keys()].flatMap((t) => amounts.map((a) => `${t}:${a}`));
  const points = (column?: string): Point[] => {
    const name = column === undefined ? undefined : findColumn(columns, column);
    if (name === undefined) {
      throw new DataFormatError(origin, column === undefined ? `one column per company and amount: choose one of ${columns.join(', ')}` : `no column ${JSON.stringify(column)} (columns: ${columns.join(', ')})`);
    }
    const k = name.indexOf(':');
    const c = 2 + amounts.indexOf(name.slice(k + 1));
    const cells = csv.column(c);
    return (rows.get(name.slice(0, k)) ?? [])
      .map(({ date, row }): Point => {
        const usd = parseValueCell(cells[row] ?? '');
        if (usd === undefined) throw new DataFormatError(origin, `column ${JSON.stringify(csv.header[c])}: not a number: ${JSON.stringify(cells[row])}`, csv.lines[row]);
        return { date, value: usd / 1e9 };
      })
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  };
  return { origin, format: 'company-years-usd', columns, defaultColumn: undefined, points, dayValues: (column) => columnsOf(points(column)) };
}
