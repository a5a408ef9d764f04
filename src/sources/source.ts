import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, SourceName } from '../series/types.ts';

/**
 * A public data source. Each adapter works in three steps — build the request, extract the
 * payload, transform it to points — and is tested offline against a replay server.
 */
export interface SourceAdapter {
  readonly name: SourceName;
  /** Requests in flight at once against this source (politeness and rate limits). */
  readonly concurrency: number;
  /** One line for `--help` and the README: endpoint and whether a key is needed. */
  readonly description: string;
  /** Fetches one catalog series from the source. Throws FetchError or DataFormatError. */
  fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries>;
}
