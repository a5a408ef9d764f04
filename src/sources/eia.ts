import { DataFormatError, FlowlensError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { parseDateCell } from './formats/index.ts';
import { fetchFred, type FredOptions } from './fred.ts';
import { HttpClient, redact } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** FRED's keyless mirrors of the EIA series in the catalog (same data, republished by FRED). */
export const EIA_FRED_MIRROR: Readonly<Record<string, string>> = {
  'NG.RNGWHHD.D': 'DHHNGSP',
  'NG.RNGWHHM.M': 'MHHNGSP',
};

/** EIA API v2 returns at most 5000 rows of JSON per request; longer series come in pages. */
export const EIA_PAGE = 5000;

/**
 * Step 1: EIA API v2 by legacy (APIv1) series id, the "backward compatibility" route
 * `/v2/seriesid/<ID>` (https://www.eia.gov/opendata/documentation.php), one page of rows.
 */
export function eiaUrl(seriesId: string, apiKey: string, opts: { baseUrl?: string; offset?: number; length?: number } = {}): string {
  const q = new URLSearchParams({ api_key: apiKey, offset: String(opts.offset ?? 0), length: String(opts.length ?? EIA_PAGE) });
  return `${opts.baseUrl ?? 'https://api.eia.gov'}/v2/seriesid/${encodeURIComponent(seriesId)}?${q.toString()}`;
}

/** Step 2: one page of `response.data[]` and the series' row count `response.total` (a number or a numeric string). */
export function extractEiaPage(json: unknown, origin: string): { rows: unknown[]; total: number } {
  const o = json as { response?: { data?: unknown; total?: unknown }; error?: unknown } | null;
  if (o?.error) throw new DataFormatError(origin, `EIA error: ${typeof o.error === 'string' ? o.error : JSON.stringify(o.error)}`);
  const data = o?.response?.data;
  if (!Array.isArray(data)) throw new DataFormatError(origin, 'expected {"response": {"data": [...]}}');
  const total = Number(o?.response?.total);
  return { rows: data, total: Number.isFinite(total) ? total : data.length };
}

/** Step 3: rows `{period, value}` → points sorted by date (value null or "" → NaN; period YYYY-MM-DD or YYYY-MM). */
export function eiaPoints(data: readonly unknown[], origin: string): Point[] {
  const out = data.map((raw: unknown, i: number): Point => {
    const r = raw as { period?: unknown; value?: unknown };
    const date = typeof r.period === 'string' ? parseDateCell(r.period) : undefined;
    if (!date) throw new DataFormatError(origin, `response.data[${i}]: unknown period ${JSON.stringify(r.period)}`);
    const v = r.value === null || r.value === '' ? Number.NaN : typeof r.value === 'number' || typeof r.value === 'string' ? Number(r.value) : Number.NaN;
    if (Number.isNaN(v) && r.value !== null && r.value !== '') throw new DataFormatError(origin, `response.data[${i}]: non-numeric value ${JSON.stringify(r.value)}`);
    return { date, value: v };
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Steps 2–3 on one response: `response.data[] {period, value}` → points. */
export function parseEiaV2(json: unknown, origin: string): Point[] {
  return eiaPoints(extractEiaPage(json, origin).rows, origin);
}

/** Options of the EIA adapter. */
export interface EiaOptions {
  /** EIA_API_KEY: switches from FRED's keyless mirror to the EIA API v2. */
  readonly apiKey?: string;
  /** Default https://api.eia.gov */
  readonly baseUrl?: string;
  /** FRED options for the keyless mirror (graphUrl, or an apiKey to use FRED's JSON API). */
  readonly fred?: FredOptions;
  readonly http?: HttpClient;
  /** Client for the FRED mirror, so it shares FRED's concurrency limit (default: `http`). */
  readonly fredHttp?: HttpClient;
  /** Rows per request (default 5000, the API's maximum). */
  readonly pageSize?: number;
}

/**
 * EIA (Henry Hub natural gas spot). With EIA_API_KEY: the EIA API v2. Without a key: FRED's
 * keyless mirror of the same EIA series, and the origin says so.
 */
export function createEiaSource(opts: EiaOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  const pageSize = opts.pageSize ?? EIA_PAGE;
  return {
    name: 'eia',
    concurrency: 2,
    description: opts.apiKey ? 'EIA API v2' : 'EIA series through FRED\'s keyless mirror (set EIA_API_KEY for the EIA API)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      if (opts.apiKey) {
        const rows: unknown[] = [];
        let origin: string;
        for (let offset = 0; ; offset += pageSize) {
          const url = eiaUrl(entry.key, opts.apiKey, { ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}), offset, length: pageSize });
          origin = redact(url);
          const page = extractEiaPage(await http.json(url, signal), origin);
          rows.push(...page.rows);
          if (page.rows.length === 0 || rows.length >= page.total) break;
        }
        origin = origin.replace(/&offset=\d+&length=\d+$/, '');
        const points = eiaPoints(rows, origin);
        const seen = new Set<string>();
        for (const p of points) {
          if (seen.has(p.date)) throw new DataFormatError(origin, `period ${p.date} appears twice (pages overlapped?)`);
          seen.add(p.date);
        }
        return { seriesId: entry.id, points, origin };
      }
      const mirror = EIA_FRED_MIRROR[entry.key];
      if (!mirror) throw new FlowlensError(`${entry.id}: no keyless mirror of EIA ${entry.key} is known; set EIA_API_KEY to use the EIA API`);
      const r = await fetchFred(mirror, entry.id, opts.fredHttp ?? http, opts.fred ?? {}, signal);
      return { ...r, origin: `${r.origin} (FRED mirror of EIA ${entry.key})` };
    },
  };
}
