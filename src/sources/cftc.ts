import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { parseDateCell } from './formats/index.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** Step 1: CFTC public reporting (Socrata), Traders in Financial Futures, futures only (gpe5-46if). */
export function cftcUrl(contractCode: string, baseUrl = 'https://publicreporting.cftc.gov'): string {
  const q = new URLSearchParams({ cftc_contract_market_code: contractCode, $order: 'report_date_as_yyyy_mm_dd', $limit: '50000' });
  return `${baseUrl}/resource/gpe5-46if.json?${q.toString()}`;
}

/** The TFF fields of each catalog measure; Socrata names some with `_all`, some without. */
const MEASURES: Readonly<Record<string, readonly [string, string?]>> = {
  OI: ['open_interest_all'],
  DEALER_NET: ['dealer_positions_long_all', 'dealer_positions_short_all'],
  ASSET_MGR_NET: ['asset_mgr_positions_long', 'asset_mgr_positions_short'],
  LEV_MONEY_NET: ['lev_money_positions_long', 'lev_money_positions_short'],
};

function field(row: Record<string, unknown>, name: string, origin: string, i: number): number {
  const raw = row[name] ?? row[`${name}_all`];
  const v = Number(raw);
  if (raw === undefined || raw === null || Number.isNaN(v)) throw new DataFormatError(origin, `row ${i}: field ${name} missing or not a number`);
  return v;
}

/** Steps 2–3: rows → the measure of a key `CODE:MEASURE` (net = long − short) at each report date. */
export function parseTff(json: unknown, measure: string, origin: string): Point[] {
  if (!Array.isArray(json)) throw new DataFormatError(origin, 'expected an array of report rows');
  const spec = MEASURES[measure];
  if (!spec) throw new DataFormatError(origin, `unknown TFF measure ${measure} (known: ${Object.keys(MEASURES).join(', ')})`);
  const byDate = new Map<string, number>();
  json.forEach((raw: unknown, i: number) => {
    const row = raw as Record<string, unknown>;
    const date = typeof row.report_date_as_yyyy_mm_dd === 'string' ? parseDateCell(row.report_date_as_yyyy_mm_dd.slice(0, 10)) : undefined;
    if (!date) throw new DataFormatError(origin, `row ${i}: bad report_date_as_yyyy_mm_dd`);
    const [a, b] = spec;
    byDate.set(date, field(row, a, origin, i) - (b ? field(row, b, origin, i) : 0));
  });
  return [...byDate].map(([date, value]) => ({ date, value }) as Point).sort((x, y) => (x.date < y.date ? -1 : 1));
}

/** CFTC Traders in Financial Futures through the CFTC's public Socrata API (keyless). */
export function createCftcSource(opts: { baseUrl?: string; http?: HttpClient } = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  const cache = new Map<string, Promise<unknown>>();
  return {
    name: 'cftc',
    concurrency: 2,
    description: 'CFTC public reporting API, TFF futures only (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      const [code, measure] = entry.key.split(':');
      if (!code || !measure) throw new DataFormatError(entry.key, 'CFTC key must be `CODE:MEASURE`');
      const url = cftcUrl(code, opts.baseUrl);
      // The four measures of a contract come from one response.
      let rows = cache.get(url);
      if (!rows) {
        rows = http.json(url, signal);
        cache.set(url, rows);
      }
      return { seriesId: entry.id, points: parseTff(await rows, measure, url), origin: url };
    },
  };
}
