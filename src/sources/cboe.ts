import { DataFormatError, FlowlensError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { findColumn, parseCboeCsv, parseCsvFile } from './formats/index.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

const CDN = 'https://cdn.cboe.com';

/**
 * Step 1: Cboe's index history CSV, e.g. VIX_History.csv. VIX, VIX9D, VIX3M, VIX6M are
 * `DATE,OPEN,HIGH,LOW,CLOSE`; VVIX, SKEW, DSPX, VIXEQ are `DATE,<SYMBOL>`; dates MM/DD/YYYY.
 */
export function cboeUrl(symbol: string, baseUrl = CDN): string {
  return `${baseUrl}/api/global/us_indices/daily_prices/${encodeURIComponent(symbol)}_History.csv`;
}

/**
 * Cboe's keyless put/call archive files, by catalog key. They are still served but stop on
 * 2019-10-04: Cboe moved later history to its paid DataShop. No keyless file exists for SPX.
 */
export const PUT_CALL_ARCHIVE: Readonly<Record<string, string>> = {
  'PCR:TOTAL': 'totalpc.csv',
  'PCR:EQUITY': 'equitypc.csv',
  'PCR:INDEX': 'indexpc.csv',
};

/** Step 1 (put/call): the archive file of a `PCR:…` key, or undefined when none exists. */
export function putCallArchiveUrl(key: string, baseUrl = CDN): string | undefined {
  const file = PUT_CALL_ARCHIVE[key];
  return file ? `${baseUrl}/resources/options/volume_and_call_put_ratios/${file}` : undefined;
}

/**
 * Steps 2–3 (put/call): the archive CSV → the `P/C Ratio` column. The files open with two
 * preamble lines (a disclaimer and `, PRODUCT: EQUITY,,EXCHANGE: Cboe,`) before the header
 * `DATE,CALL,PUT,TOTAL,P/C Ratio`; the preamble is cut and the shared CSV reader does the rest.
 */
export function parsePutCallArchive(text: string, origin: string): Point[] {
  const m = /^\uFEFF?[ \t]*DATE[ \t]*,/im.exec(text);
  if (!m) throw new DataFormatError(origin, 'no `DATE,CALL,PUT,TOTAL,P/C Ratio` header line', 1);
  const table = parseCsvFile(text.slice(m.index), origin);
  const ratio = findColumn(table.columns, 'P/C Ratio') ?? table.columns.find((c) => /ratio/i.test(c));
  if (!ratio) throw new DataFormatError(origin, `no P/C Ratio column (columns: ${table.columns.join(', ')})`);
  return table.points(ratio);
}

/** Options of the Cboe adapter. */
export interface CboeOptions {
  /** Default https://cdn.cboe.com */
  readonly baseUrl?: string;
  readonly http?: HttpClient;
}

/**
 * Cboe index histories (VIX, VIX9D, VIX3M, VIX6M, VVIX, SKEW, DSPX, VIXEQ…), keyless. Put/call
 * ratios (keys `PCR:…`): the total, equity and index archives (2006 – 2019-10-04); anything later,
 * and SPX, has no public keyless endpoint and comes in through `sync --from`.
 */
export function createCboeSource(opts: CboeOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 3 });
  return {
    name: 'cboe',
    concurrency: 3,
    description: 'Cboe index history CSVs (cdn.cboe.com, keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      if (entry.key.startsWith('PCR:')) {
        const url = putCallArchiveUrl(entry.key, opts.baseUrl);
        if (!url) {
          throw new FlowlensError(`${entry.id}: Cboe ${entry.key.slice(4)} put/call history is not available from a public keyless endpoint; import a file with \`flowlens sync --from DIR\``);
        }
        const points = parsePutCallArchive(await http.text(url, 'csv', signal), url);
        return { seriesId: entry.id, points, origin: `${url} (archive, ends 2019-10-04)` };
      }
      const url = cboeUrl(entry.key, opts.baseUrl);
      return { seriesId: entry.id, points: parseCboeCsv(await http.text(url, 'csv', signal), url), origin: url };
    },
  };
}
