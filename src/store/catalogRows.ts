import { CATALOG } from '../series/catalog.ts';
import { toIso, todayDay } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { staleness } from '../series/staleness.ts';
import type { Store } from './store.ts';

/** One catalog series with what the store holds of it (the rows of `flowlens series list --json`). */
export interface CatalogRow {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly unit: string;
  readonly frequency: string;
  readonly source: string;
  readonly key: string;
  readonly firstDate: IsoDate | null;
  readonly lastDate: IsoDate | null;
  /** Dates with a non-missing latest value. */
  readonly count: number;
  /** Days since the last date, counted to `today`. */
  readonly ageDays: number | null;
  /** ok, stale (older than its frequency's publication lag), not synced, or error (last sync failed). */
  readonly status: 'ok' | 'stale' | 'not synced' | 'error';
  readonly lastSync: string | null;
  readonly error: string | null;
}

/**
 * The whole catalog with first/last date, count, staleness and last sync outcome of each series,
 * as `flowlens series list --json` prints it (`{ today, series }`) and `flowlens serve` answers
 * at /api/series. Status: error when the last sync failed, not synced, stale when older than its
 * frequency's publication lag (staleness.ts), else ok.
 */
export async function catalogRows(store: Store, today: IsoDate = toIso(todayDay())): Promise<{ today: IsoDate; series: CatalogRow[] }> {
  const [stored, syncs] = await Promise.all([store.list(), store.lastSync()]);
  const byId = new Map(stored.map((s) => [s.seriesId, s]));
  const series = CATALOG.map((e): CatalogRow => {
    const s = byId.get(e.id);
    const sync = syncs.get(e.id);
    const age = s?.lastDate ? staleness(s.lastDate, e.frequency, today) : undefined;
    const status = sync && !sync.ok ? 'error' : !s ? 'not synced' : age?.stale ? 'stale' : 'ok';
    return {
      id: e.id,
      title: e.title,
      group: e.group,
      unit: e.unit,
      frequency: e.frequency,
      source: e.source,
      key: e.key,
      firstDate: s?.firstDate ?? null,
      lastDate: s?.lastDate ?? null,
      count: s?.count ?? 0,
      ageDays: age?.ageDays ?? null,
      status,
      lastSync: sync?.at ?? null,
      error: sync?.error ?? null,
    };
  });
  return { today, series };
}
