import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import { toIso } from '../series/dates.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

const DAY = 86_400;

/**
 * Step 1: Yahoo Finance's chart API, full daily history with dividend/split-adjusted closes.
 * The symbol is URL-encoded (`^GSPC` → `%5EGSPC`, `ES=F` → `ES%3DF`).
 */
export function yahooUrl(symbol: string, nowSec: number, baseUrl = 'https://query1.finance.yahoo.com'): string {
  return `${baseUrl}/v8/finance/chart/${encodeURIComponent(symbol)}?period1=0&period2=${nowSec}&interval=1d&includeAdjustedClose=true&events=div%2Csplit`;
}

/** The parts of `chart.result[0]` flowlens reads. */
export interface YahooChart {
  readonly instrumentType: string | undefined;
  /** Seconds east of UTC of the exchange (meta.gmtoffset). */
  readonly gmtoffset: number;
  readonly timezone: string | undefined;
  readonly timestamps: readonly number[];
  readonly close: readonly (number | null)[];
  readonly adjclose: readonly (number | null)[] | undefined;
  /** Contracts or shares traded (indicators.quote[0].volume), when served. */
  readonly volume?: readonly (number | null)[] | undefined;
}

/** Step 2: the chart JSON → its timestamps and closes; `chart.error` and a missing series are errors. */
export function extractYahooChart(json: unknown, origin: string): YahooChart {
  const chart = (json as { chart?: { result?: unknown; error?: { code?: string; description?: string } | null } } | null)?.chart;
  if (!chart) throw new DataFormatError(origin, 'expected {"chart": …}');
  if (chart.error) throw new DataFormatError(origin, `Yahoo error: ${[chart.error.code, chart.error.description].filter(Boolean).join(': ')}`);
  const r = (Array.isArray(chart.result) ? chart.result[0] : undefined) as
    | {
        meta?: { gmtoffset?: unknown; instrumentType?: unknown; exchangeTimezoneName?: unknown };
        timestamp?: unknown;
        indicators?: { quote?: { close?: unknown; volume?: unknown }[]; adjclose?: { adjclose?: unknown }[] };
      }
    | undefined;
  if (!r) throw new DataFormatError(origin, 'chart.result is empty');
  const timestamps = r.timestamp === undefined ? [] : r.timestamp;
  if (!Array.isArray(timestamps) || !timestamps.every((t) => typeof t === 'number')) throw new DataFormatError(origin, 'chart.result[0].timestamp is not a list of seconds');
  const close = r.indicators?.quote?.[0]?.close ?? (timestamps.length === 0 ? [] : undefined);
  if (!Array.isArray(close) || close.length !== timestamps.length) {
    throw new DataFormatError(origin, 'indicators.quote[0].close missing or not aligned with the timestamps');
  }
  const adj = r.indicators?.adjclose?.[0]?.adjclose;
  if (adj !== undefined && (!Array.isArray(adj) || adj.length !== timestamps.length)) {
    throw new DataFormatError(origin, 'indicators.adjclose[0].adjclose not aligned with the timestamps');
  }
  const vol = r.indicators?.quote?.[0]?.volume;
  if (vol !== undefined && (!Array.isArray(vol) || vol.length !== timestamps.length)) {
    throw new DataFormatError(origin, 'indicators.quote[0].volume not aligned with the timestamps');
  }
  const meta = r.meta ?? {};
  return {
    volume: vol as (number | null)[] | undefined,
    instrumentType: typeof meta.instrumentType === 'string' ? meta.instrumentType : undefined,
    gmtoffset: typeof meta.gmtoffset === 'number' ? meta.gmtoffset : 0,
    timezone: typeof meta.exchangeTimezoneName === 'string' ? meta.exchangeTimezoneName : undefined,
    timestamps: timestamps as number[],
    close: close as (number | null)[],
    adjclose: adj as (number | null)[] | undefined,
  };
}

/** Instruments whose adjusted close is the series: funds and shares (total-return prices, like the offline files). */
const ADJUSTED = new Set(['ETF', 'EQUITY', 'MUTUALFUND']);

/**
 * Step 3: closes → points. Funds and shares use the adjusted close (dividends and splits folded
 * in); indices, futures and FX the close (Yahoo's adjclose equals it there). A bar's date is the
 * exchange's local date, timestamp + gmtoffset: a Sydney open at 23:00 UTC belongs to the next
 * day. A null close (a halted day) is NaN; when Yahoo repeats today's bar the later one wins.
 */
export function yahooPoints(chart: YahooChart, field: 'price' | 'volume' = 'price'): Point[] {
  const values = field === 'volume' ? (chart.volume ?? chart.close.map(() => null)) : chart.adjclose && (chart.instrumentType === undefined || ADJUSTED.has(chart.instrumentType)) ? chart.adjclose : chart.close;
  const byDate = new Map<string, number>();
  for (let i = 0; i < chart.timestamps.length; i++) {
    const v = values[i];
    byDate.set(toIso(Math.floor(((chart.timestamps[i] as number) + chart.gmtoffset) / DAY)), v === null || v === undefined ? Number.NaN : v);
  }
  return [...byDate].map(([date, value]) => ({ date, value }) as Point);
}

/** Options of the Yahoo adapter. */
export interface YahooOptions {
  /** Default https://query1.finance.yahoo.com */
  readonly baseUrl?: string;
  readonly http?: HttpClient;
  /** The clock for period2 (tests). */
  readonly now?: () => Date;
}

/** Yahoo Finance daily prices for ETFs, indices, futures and FX (keyless; personal-use terms). */
export function createYahooSource(opts: YahooOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  return {
    name: 'yahoo',
    concurrency: 2,
    description: 'Yahoo Finance chart API (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      // `SYMBOL:volume` asks for the volume of the symbol instead of its price.
      const [symbol, field] = entry.key.endsWith(':volume') ? [entry.key.slice(0, -7), 'volume' as const] : [entry.key, 'price' as const];
      const url = yahooUrl(symbol, Math.floor((opts.now?.() ?? new Date()).getTime() / 1000), opts.baseUrl);
      const points = yahooPoints(extractYahooChart(await http.json(url, signal), url), field);
      return { seriesId: entry.id, points: isFedFundsFuture(symbol) && field === 'price' ? points.map(fedFundsSettlement(url)) : points, origin: url };
    },
  };
}

const isFedFundsFuture = (symbol: string) => /^ZQ[FGHJKMNQUVXZ]\d{2}\.CBT$/.test(symbol);

/**
 * A fed funds futures close from Yahoo: float32 noise removed (94.79750061035156 → 94.7975; five
 * decimals keep every ZQ tick), and a price outside 90–100.25 refused (100 − price is a rate of −0.25% to 10%; CME settled
 * slightly above 100 in May 2020).
 */
function fedFundsSettlement(origin: string): (p: Point) => Point {
  return (p) => {
    if (Number.isNaN(p.value)) return p;
    if (p.value < 90 || p.value > 100.25) throw new DataFormatError(origin, `settlement ${p.value} on ${p.date} is outside 90–100.25`);
    return { date: p.date, value: Math.round(p.value * 1e5) / 1e5 };
  };
}
