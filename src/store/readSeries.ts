import type { CatalogEntry } from '../series/catalog.ts';
import { metaOf } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import type { ReadOptions, Store } from './store.ts';

/**
 * One catalog series from the store as a Series: the latest (or as-of) value per date within
 * [from, to], sorted by date, NaN for a listed-but-missing value. `retrievedAt` is the newest
 * retrieval among the values used ('' and no points for a series never stored: the caller
 * decides what to say).
 */
export async function readSeries(store: Store, entry: CatalogEntry, options: ReadOptions = {}): Promise<Series> {
  const got = (await store.readManyArrays([entry.id], options)).get(entry.id);
  if (!got) return { ...metaOf(entry), dates: new Int32Array(0), values: new Float64Array(0), retrievedAt: '' };
  return { ...metaOf(entry), dates: got.dates, values: got.values, retrievedAt: got.dates.length > 0 ? new Date(got.retrievedMs).toISOString() : '' };
}
