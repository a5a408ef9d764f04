import { DataFormatError } from '../core/errors.ts';
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

/** Step 1: EIA API v2 by legacy series id (https://www.eia.gov/opendata/documentation.php). */
export function eiaUrl(seriesId: string, apiKey: string, baseUrl = 'https://api.eia.gov'): string {
  return `${baseUrl}/v2/seriesid/${encodeURIComponent(seriesId)}?api_key=${encodeURIComponent(apiKey)}`;
}

/** Steps 2–3: `response.data[] {period, value}` → points (value null or "" → NaN). */
export function parseEiaV2(json: unknown, origin: string): Point[] {
  const o = json as { response?: { data?: unknown }; error?: unknown };
  if (o?.error) throw new DataFormatError(origin, `EIA error: ${typeof o.error === 'string' ? o.error : JSON.stringify(o.error)}`);
  const data = o?.response?.data;
  if (!Array.isArray(data)) throw new DataFormatError(origin, 'expected {"response": {"data": [...]}}');
  const out = data.map((raw: unknown, i: number): Point => {
    const r = raw as { period?: unknown; value?: unknown };
    const date = typeof r.period === 'string' ? parseDateCell(r.period) : undefined;
    if (!date) throw new DataFormatError(origin, `response.data[${i}]: unknown period ${JSON.stringify(r.period)}`);
    const v = r.value === null || r.value === '' ? Number.NaN : Number(r.value);
    if (Number.isNaN(v) && r.value !== null && r.value !== '') throw new DataFormatError(origin, `response.data[${i}]: non-numeric value ${JSON.stringify(r.value)}`);
    return { date, value: v };
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * EIA (Henry Hub natural gas spot). With EIA_API_KEY: the EIA API v2. Without a key: FRED's
 * keyless mirror of the same EIA series, and the origin says so.
 */
export function createEiaSource(opts: { apiKey?: string; baseUrl?: string; fred?: FredOptions; http?: HttpClient } = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  return {
    name: 'eia',
    concurrency: 2,
    description: opts.apiKey ? 'EIA API v2' : 'EIA series through FRED\'s keyless mirror (set EIA_API_KEY for the EIA API)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      if (opts.apiKey) {
        const url = eiaUrl(entry.key, opts.apiKey, opts.baseUrl);
        return { seriesId: entry.id, points: parseEiaV2(await http.json(url, signal), redact(url)), origin: redact(url) };
      }
      const mirror = EIA_FRED_MIRROR[entry.key];
      if (!mirror) throw new DataFormatError(entry.key, 'no keyless mirror known for this EIA series; set EIA_API_KEY');
      const r = await fetchFred(mirror, entry.id, http, opts.fred ?? {}, signal);
      return { ...r, origin: `${r.origin} (FRED mirror of EIA ${entry.key})` };
    },
  };
}
