import { FlowlensError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries } from '../series/types.ts';
import { parseCsvPoints } from './formats/index.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** Step 1: Cboe's index history CSV, e.g. VIX_History.csv (`DATE,OPEN,HIGH,LOW,CLOSE`, MM/DD/YYYY). */
export function cboeUrl(symbol: string, baseUrl = 'https://cdn.cboe.com'): string {
  return `${baseUrl}/api/global/us_indices/daily_prices/${encodeURIComponent(symbol)}_History.csv`;
}

/**
 * Cboe index histories (VIX, VIX9D, VIX3M, VIX6M, VVIX, SKEW, COR1M, DSPX, VIXEQ), keyless. The
 * put/call ratios (keys `PCR:…`) have no keyless history download since Cboe retired its
 * archive files in 2019; they come in only through `sync --from`.
 */
export function createCboeSource(opts: { baseUrl?: string; http?: HttpClient } = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 3 });
  return {
    name: 'cboe',
    concurrency: 3,
    description: 'Cboe index history CSVs (cdn.cboe.com, keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      if (entry.key.startsWith('PCR:')) {
        throw new FlowlensError(`${entry.id}: Cboe offers no keyless put/call history download; import a file with \`flowlens sync --from DIR\``);
      }
      const url = cboeUrl(entry.key, opts.baseUrl);
      // Close-only files (DATE,VVIX) and OHLC files (value = CLOSE) are told apart by their header.
      return { seriesId: entry.id, points: parseCsvPoints(await http.text(url, 'csv', signal), url), origin: url };
    },
  };
}
