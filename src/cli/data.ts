import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { openStore } from '../store/parquetStore.ts';
import { catalogEntry } from '../series/catalog.ts';
import { isIsoDate } from '../series/dates.ts';
import { metaOf } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { Store } from '../store/store.ts';

/** How a read for an analysis command treats `--as-of`. */
export interface PointInTime {
  /** The as-of date, or undefined for "latest". */
  readonly asOf?: IsoDate;
  /** Series whose values are later retrievals because the store holds no vintage from before the as-of date. */
  readonly laterVintages: string[];
}

/** Validates `--as-of` for analysis commands (a date). */
export function parseAsOf(value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new FlowlensError(`--as-of must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/**
 * Reads catalog series for a model. With an as-of date, only observations dated on or before it,
 * as the store knew them then when it holds a retrieval from before that date; otherwise the
 * values retrieved later are used and the series is listed in `pit.laterVintages`, so the view
 * can say so. Series never synced come back undefined.
 */
export async function readForModel(store: Store, ids: readonly string[], pit: PointInTime): Promise<Map<string, Series>> {
  const entries = ids.map((id) => catalogEntry(id));
  const wanted = entries.map((e) => e.id);
  const known = await store.readManyArrays(wanted, pit.asOf ? { to: pit.asOf, asOf: pit.asOf } : {});
  const missing = wanted.filter((id) => !known.has(id));
  const later = pit.asOf && missing.length ? await store.readManyArrays(missing, { to: pit.asOf }) : new Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>();
  for (const id of later.keys()) pit.laterVintages.push(id);
  const out = new Map<string, Series>();
  for (const e of entries) {
    const a = known.get(e.id) ?? later.get(e.id);
    if (a && a.dates.length > 0) out.set(e.id, { ...metaOf(e), dates: a.dates, values: a.values, retrievedAt: new Date(a.retrievedMs).toISOString() });
  }
  return out;
}

/** Opens the store read-only under FLOWLENS_HOME, reads `ids` for a model (see readForModel), closes it. */
export async function loadForModel(ids: readonly string[], pit: PointInTime): Promise<Map<string, Series>> {
  const store = await openStore({ home: flowlensHome(), mode: 'read' });
  try {
    return await readForModel(store, ids, pit);
  } finally {
    await store.close();
  }
}

/** The series `id` from a read, or an error telling how to get it. */
export function required(series: ReadonlyMap<string, Series>, id: string, why: string): Series {
  const s = series.get(id);
  if (!s) throw new FlowlensError(`${id} is not in the store (${why}); run \`flowlens sync --only ${id}\` or \`flowlens sync --from DIR\``);
  return s;
}
