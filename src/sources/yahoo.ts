import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import { toIso } from '../series/dates.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** Step 1: Yahoo Finance's chart API, full daily history with dividend/split-adjusted closes. */
export function yahooUrl(symbol: string, nowSec: number, baseUrl = 'https://query1.finance.yahoo.com'): string {
  return `${baseUrl}/v8/finance/chart/${encodeURIComponent(symbol)}?period1=0&period2=${nowSec}&interval=1d&includeAdjustedClose=true&events=div%2Csplit`;
}

interface ChartResult {
  meta?: { gmtoffset?: number; symbol?: string };
  timestamp?: number[];
  indicators?: { quote?: { close?: (number | null)[] }[]; adjclose?: { adjclose?: (number | null)[] }[] };
}

/**
 * Steps 2–3: the chart JSON → points. The value is the adjusted close where Yahoo gives one (ETFs:
 * total-return prices, like the offline files), else the close (indices, futures). A bar's date is
 * the exchange's local date: timestamp + gmtoffset, so a 09:30 New York open stays on its day.
 */
export function parseYahooChart(json: unknown, origin: string): Point[] {
  const chart = (json as { chart?: { result?: ChartResult[] | null; error?: { code?: string; description?: string } | null } }).chart;
  if (!chart) throw new DataFormatError(origin, 'expected {"chart": …}');
  if (chart.error) throw new DataFormatError(origin, `Yahoo error: ${chart.error.code ?? ''} ${chart.error.description ?? ''}`.trim());
  const r = chart.result?.[0];
  if (!r?.timestamp) throw new DataFormatError(origin, 'no timestamps in chart.result[0]');
  const values = r.indicators?.adjclose?.[0]?.adjclose ?? r.indicators?.quote?.[0]?.close;
  if (!values || values.length !== r.timestamp.length) throw new DataFormatError(origin, 'close prices missing or not aligned with timestamps');
  const offset = r.meta?.gmtoffset ?? 0;
  const byDate = new Map<string, number>();
  for (let i = 0; i < r.timestamp.length; i++) {
    const date = toIso(Math.floor(((r.timestamp[i] as number) + offset) / 86_400));
    const v = values[i];
    // Yahoo sometimes repeats today's bar as a live quote: the later one wins.
    byDate.set(date, v === null || v === undefined ? Number.NaN : v);
  }
  return [...byDate].map(([date, value]) => ({ date, value }) as Point);
}

/** Yahoo Finance daily prices for ETFs, indices, futures and FX (keyless; personal-use terms). */
export function createYahooSource(opts: { baseUrl?: string; http?: HttpClient; now?: () => Date } = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  return {
    name: 'yahoo',
    concurrency: 2,
    description: 'Yahoo Finance chart API (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      const url = yahooUrl(entry.key, Math.floor((opts.now?.() ?? new Date()).getTime() / 1000), opts.baseUrl);
      return { seriesId: entry.id, points: parseYahooChart(await http.json(url, signal), url), origin: url };
    },
  };
}
