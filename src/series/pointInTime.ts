import type { ReadOptions, Revision, Store } from '../store/store.ts';
import { toDay } from './dates.ts';
import { usuallyKnownOn } from './release.ts';
import type { Frequency, IsoDate, Point } from './types.ts';

/** One series read under the point-in-time rule (see readPointInTime). */
export interface PointInTimeRead {
  readonly points: Point[];
  /**
   * True when the store held no retrieval from before the as-of instant, so later retrievals were
   * used, each observation only from its usual release date (series/release.ts).
   */
  readonly laterVintages: boolean;
}

/**
 * Reads one series as it stood at `opts.asOf`, under the rule every command and the API share
 * (cli/data.ts readForModel applies it to many series at once):
 * - observations dated after the as-of day are never shown;
 * - when the store holds a retrieval from before the as-of instant, the values as the store
 *   knew them then;
 * - otherwise (an offline import has a single, later retrieval) the values retrieved later, kept
 *   only when usually published by the as-of day — the end of the observation's period plus its
 *   release lag (`usuallyKnownOn`) — and `laterVintages` says so.
 * Without as-of: the latest values in [from, to].
 */
export async function readPointInTime(store: Pick<Store, 'read'>, entry: { readonly id: string; readonly frequency: Frequency }, opts: ReadOptions): Promise<PointInTimeRead> {
  const window = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
  if (opts.asOf === undefined) return { points: await store.read(entry.id, window), laterVintages: false };
  const asOfDate = opts.asOf.slice(0, 10) as IsoDate;
  const to = opts.to !== undefined && opts.to < asOfDate ? opts.to : asOfDate;
  const cut = { ...window, to };
  const known = await store.read(entry.id, { to, asOf: opts.asOf });
  if (known.length > 0) return { points: opts.from ? known.filter((p) => p.date >= (opts.from as IsoDate)) : known, laterVintages: false };
  const later = await store.read(entry.id, cut);
  const asOfDay = toDay(asOfDate);
  const points = later.filter((p) => usuallyKnownOn(toDay(p.date), entry.frequency, entry.id) <= asOfDay);
  return { points, laterVintages: later.length > 0 };
}

/**
 * The JSON of one series, the same for `flowlens series show --json` and `GET /api/series/ID`:
 * the catalog entry, the window asked for, parallel `dates` and `values` (null = missing), the
 * revisions, and the point-in-time note when later retrievals were used.
 */
export function seriesJson(
  entry: object,
  read: ReadOptions,
  result: PointInTimeRead,
  revisions: readonly Revision[],
): Record<string, unknown> {
  return {
    ...entry,
    from: read.from ?? null,
    to: read.to ?? null,
    asOf: read.asOf ?? null,
    count: result.points.length,
    dates: result.points.map((p) => p.date),
    values: result.points.map((p) => (Number.isNaN(p.value) ? null : p.value)),
    revisions,
    laterVintages: result.laterVintages ? `no vintage from before ${read.asOf ?? ''}: later retrievals used, each observation from its usual release date` : null,
  };
}
