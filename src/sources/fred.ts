import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, IsoDate, Point } from '../series/types.ts';
import { parseDateCell, parseFredGraphCsv } from './formats/index.ts';
import { HttpClient, redact } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** Options of the FRED adapter; URLs are overridable so tests can use a replay server. */
export interface FredOptions {
  /** fredgraph host, default https://fred.stlouisfed.org */
  readonly graphUrl?: string;
  /** API host, default https://api.stlouisfed.org */
  readonly apiUrl?: string;
  /** FRED API key: switches to the JSON API. */
  readonly apiKey?: string;
  /** With a key: fetch ALFRED real-time history (every vintage). */
  readonly vintages?: boolean;
  /** Shared client (default: one with 4 requests in flight; FRED allows 120 requests a minute with a key). */
  readonly http?: HttpClient;
}

/** Step 1 (keyless): the fredgraph CSV download of one series, header `observation_date,<ID>`. */
export function fredGraphUrl(id: string, graphUrl = 'https://fred.stlouisfed.org'): string {
  return `${graphUrl}/graph/fredgraph.csv?id=${encodeURIComponent(id)}`;
}

/** FRED API page size limit for series/observations. */
export const FRED_PAGE = 100_000;

/**
 * Step 1 (keyed): the series/observations JSON request. With `vintages`, the real-time window
 * 1776-07-04 … 9999-12-31 returns every value ever published, each with its realtime_start
 * (https://fred.stlouisfed.org/docs/api/fred/series_observations.html). The default
 * output_type=1 ("observations by real-time period") is asked for explicitly: one row per
 * (date, value, realtime_start, realtime_end), long and compact. output_type=2 would instead give
 * one wide column per vintage date (`UNRATE_20240802`), repeating every unchanged value.
 */
export function fredApiUrl(id: string, apiKey: string, opts: { apiUrl?: string; vintages?: boolean; offset?: number } = {}): string {
  const q = new URLSearchParams({ series_id: id, api_key: apiKey, file_type: 'json', limit: String(FRED_PAGE), offset: String(opts.offset ?? 0) });
  if (opts.vintages) {
    q.set('realtime_start', '1776-07-04');
    q.set('realtime_end', '9999-12-31');
    q.set('output_type', '1');
  }
  return `${opts.apiUrl ?? 'https://api.stlouisfed.org'}/fred/series/observations?${q.toString()}`;
}

interface ApiRow {
  readonly date: IsoDate;
  readonly value: number;
  readonly realtimeStart: IsoDate;
  readonly realtimeEnd: string;
}

interface ApiPage {
  readonly rows: ApiRow[];
  readonly count: number;
}

/** Step 2: the observations of one API page, with FRED's `.` as NaN and its error bodies as errors. */
export function extractFredApiPage(json: unknown, origin: string): ApiPage {
  const o = json as { observations?: unknown; count?: unknown; error_message?: unknown };
  if (typeof o?.error_message === 'string') throw new DataFormatError(origin, `FRED error: ${o.error_message}`);
  if (!Array.isArray(o?.observations)) throw new DataFormatError(origin, 'expected {"observations": [...]}');
  const rows = o.observations.map((raw: unknown, i: number): ApiRow => {
    const r = raw as Record<string, unknown>;
    const date = typeof r.date === 'string' ? parseDateCell(r.date) : undefined;
    const rs = typeof r.realtime_start === 'string' ? parseDateCell(r.realtime_start) : undefined;
    if (!date || !rs) throw new DataFormatError(origin, `observations[${i}]: missing or bad date/realtime_start`);
    const v = r.value === '.' || r.value === '' ? Number.NaN : Number(r.value);
    if (typeof r.value !== 'string' || (Number.isNaN(v) && r.value !== '.' && r.value !== '')) {
      throw new DataFormatError(origin, `observations[${i}]: non-numeric value ${JSON.stringify(r.value)}`);
    }
    return { date, value: v, realtimeStart: rs, realtimeEnd: typeof r.realtime_end === 'string' ? r.realtime_end : '9999-12-31' };
  });
  return { rows, count: typeof o.count === 'number' ? o.count : rows.length };
}

/**
 * Step 3: ALFRED rows → the current values plus one vintage per realtime_start holding the values
 * first published that day. Stored oldest first, an as-of read then returns what was known then.
 */
export function vintagesFromRows(rows: readonly ApiRow[]): Pick<FetchedSeries, 'points' | 'vintages'> {
  const byStart = new Map<IsoDate, Point[]>();
  const current = new Map<IsoDate, { value: number; start: IsoDate }>();
  for (const r of rows) {
    byStart.set(r.realtimeStart, [...(byStart.get(r.realtimeStart) ?? []), { date: r.date, value: r.value }]);
    const have = current.get(r.date);
    if (!have || r.realtimeStart > have.start) current.set(r.date, { value: r.value, start: r.realtimeStart });
  }
  const vintages = [...byStart.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([realtimeStart, points]) => ({ realtimeStart, points }));
  const points = [...current.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, v]) => ({ date, value: v.value }));
  return { points, vintages };
}

/**
 * FRED (St. Louis Fed). Without a key: the keyless `fredgraph.csv` download. With FRED_API_KEY:
 * the JSON API, and with `vintages` ALFRED real-time history so revisions are dated.
 */
export function createFredSource(opts: FredOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 4 });
  return {
    name: 'fred',
    concurrency: 4,
    description: opts.apiKey ? `FRED JSON API${opts.vintages ? ' with ALFRED vintages' : ''}` : 'FRED fredgraph.csv (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      return fetchFred(entry.key, entry.id, http, opts, signal);
    },
  };
}

/** Fetches one FRED series by its FRED id (used by the EIA adapter's keyless fallback too). */
export async function fetchFred(fredId: string, seriesId: string, http: HttpClient, opts: FredOptions, signal?: AbortSignal): Promise<FetchedSeries> {
  if (!opts.apiKey) {
    const url = fredGraphUrl(fredId, opts.graphUrl);
    return { seriesId, points: parseFredGraphCsv(await http.text(url, 'csv', signal), url), origin: url };
  }
  const rows: ApiRow[] = [];
  let url: string;
  for (let offset = 0; ; offset += FRED_PAGE) {
    url = fredApiUrl(fredId, opts.apiKey, { ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}), ...(opts.vintages ? { vintages: true } : {}), offset });
    const page = extractFredApiPage(await http.json(url, signal), redact(url));
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.count) break;
  }
  const origin = redact(url).replace(/&offset=\d+/, '');
  if (opts.vintages) return { seriesId, origin, ...vintagesFromRows(rows) };
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.date)) throw new DataFormatError(origin, `date ${r.date} appears twice`);
    seen.add(r.date);
  }
  return { seriesId, origin, points: rows.map((r) => ({ date: r.date, value: r.value })) };
}
