import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { parseDateCell } from './formats/index.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

/**
 * The Traders in Financial Futures fields of each catalog measure (Socrata names: the dealer
 * and open-interest fields end in `_all`, the asset-manager and leveraged-money ones do not).
 * A net measure is long − short.
 */
export const TFF_MEASURES: Readonly<Record<string, readonly [string, string?]>> = {
  OI: ['open_interest_all'],
  DEALER_NET: ['dealer_positions_long_all', 'dealer_positions_short_all'],
  ASSET_MGR_NET: ['asset_mgr_positions_long', 'asset_mgr_positions_short'],
  LEV_MONEY_NET: ['lev_money_positions_long', 'lev_money_positions_short'],
};

const DATE_FIELD = 'report_date_as_yyyy_mm_dd';

/**
 * Step 1: the CFTC public reporting API (Socrata), dataset gpe5-46if = Traders in Financial
 * Futures, futures only; every weekly report of one contract market code, oldest first, with
 * only the fields flowlens reads.
 */
export function cftcUrl(contractCode: string, baseUrl = 'https://publicreporting.cftc.gov'): string {
  const fields = [DATE_FIELD, ...new Set(Object.values(TFF_MEASURES).flatMap((f) => f.filter((x): x is string => x !== undefined)))];
  const q = new URLSearchParams({ cftc_contract_market_code: contractCode, $select: fields.join(','), $order: DATE_FIELD, $limit: '50000' });
  return `${baseUrl}/resource/gpe5-46if.json?${q.toString()}`;
}

/** A catalog key `CODE:MEASURE`, e.g. `209742:ASSET_MGR_NET`. */
export function parseCftcKey(key: string): { code: string; measure: string } {
  const [code, measure, extra] = key.split(':');
  if (!code || !measure || extra !== undefined) throw new DataFormatError(key, 'CFTC key must be `CODE:MEASURE`');
  if (!TFF_MEASURES[measure]) throw new DataFormatError(key, `unknown TFF measure ${measure} (known: ${Object.keys(TFF_MEASURES).join(', ')})`);
  return { code, measure };
}

/** Step 2: the Socrata rows (an array of objects whose numbers are strings). */
export function extractTffRows(json: unknown, origin: string): Record<string, unknown>[] {
  if (!Array.isArray(json)) {
    const msg = (json as { message?: unknown } | null)?.message;
    throw new DataFormatError(origin, typeof msg === 'string' ? `Socrata error: ${msg}` : 'expected an array of report rows');
  }
  return json.map((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) throw new DataFormatError(origin, `row ${i}: not an object`);
    return r as Record<string, unknown>;
  });
}

function field(row: Record<string, unknown>, name: string, origin: string, i: number): number {
  const raw = row[name];
  const v = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : Number.NaN;
  if (raw === '' || Number.isNaN(v)) throw new DataFormatError(origin, `row ${i} (${String(row[DATE_FIELD])}): field ${name} missing or not a number`);
  return v;
}

/** Step 3: rows → the measure at each report date (the Tuesday of the positions); net = long − short. */
export function tffPoints(rows: readonly Record<string, unknown>[], measure: string, origin: string): Point[] {
  const spec = TFF_MEASURES[measure];
  if (!spec) throw new DataFormatError(origin, `unknown TFF measure ${measure} (known: ${Object.keys(TFF_MEASURES).join(', ')})`);
  const [long, short] = spec;
  const byDate = new Map<string, number>();
  rows.forEach((row, i) => {
    const raw = row[DATE_FIELD];
    const date = typeof raw === 'string' ? parseDateCell(raw.slice(0, 10)) : undefined;
    if (!date) throw new DataFormatError(origin, `row ${i}: bad ${DATE_FIELD} ${JSON.stringify(raw)}`);
    if (byDate.has(date)) throw new DataFormatError(origin, `row ${i}: report date ${date} appears twice`);
    byDate.set(date, field(row, long, origin, i) - (short ? field(row, short, origin, i) : 0));
  });
  return [...byDate].map(([date, value]) => ({ date, value }) as Point).sort((x, y) => (x.date < y.date ? -1 : 1));
}

/** Steps 2–3 together. */
export function parseTff(json: unknown, measure: string, origin: string): Point[] {
  return tffPoints(extractTffRows(json, origin), measure, origin);
}

/** Options of the CFTC adapter. */
export interface CftcOptions {
  /** Default https://publicreporting.cftc.gov */
  readonly baseUrl?: string;
  readonly http?: HttpClient;
}

/**
 * CFTC Traders in Financial Futures through the CFTC's public Socrata API (keyless). The four
 * measures of a contract come from one response, fetched once per adapter instance (one sync).
 */
export function createCftcSource(opts: CftcOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  const cache = new Map<string, Promise<Record<string, unknown>[]>>();
  return {
    name: 'cftc',
    concurrency: 2,
    description: 'CFTC public reporting API, TFF futures only (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      const { code, measure } = parseCftcKey(entry.key);
      const url = cftcUrl(code, opts.baseUrl);
      let rows = cache.get(url);
      if (!rows) {
        rows = http.json(url, signal).then((j) => extractTffRows(j, url));
        // A failed download is not kept: the next series of the contract tries again.
        rows.catch(() => cache.delete(url));
        cache.set(url, rows);
      }
      return { seriesId: entry.id, points: tffPoints(await rows, measure, url), origin: url };
    },
  };
}
