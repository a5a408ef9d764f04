import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FetchedSeries, IsoDate, Point } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';

/** Points from `[date, value]` pairs. */
export const pts = (...pairs: [string, number][]): Point[] => pairs.map(([date, value]) => ({ date: date as IsoDate, value }));

/** Writes one fetched series into the store under `home`, retrieved at `at`, and commits. */
export async function writeSeries(home: string, f: FetchedSeries, at: string): Promise<void> {
  const store = await openStore({ home, mode: 'write' });
  try {
    await store.write(f, at);
  } finally {
    await store.close();
  }
}

/**
 * A store for server tests in a fresh temp dir: WALCL retrieved twice (2026-08-20 from a
 * hand-made file; 2026-08-27 from FRED's URL, one week more; 2026-08-19 listed without a value)
 * and VIX once from a Cboe file. The caller removes the directory.
 */
export async function handMadeStore(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-http-'));
  await writeSeries(home, { seriesId: 'WALCL', origin: 'hand-made', points: pts(['2026-08-05', 6748567], ['2026-08-12', 6759955], ['2026-08-19', Number.NaN]) }, '2026-08-20T12:00:00Z');
  await writeSeries(home, { seriesId: 'WALCL', origin: 'https://fred.stlouisfed.org/graph/fredgraph.csv?id=WALCL', points: pts(['2026-08-05', 6748567], ['2026-08-12', 6759955], ['2026-08-19', Number.NaN], ['2026-08-26', 6701234]) }, '2026-08-27T21:30:00Z');
  await writeSeries(home, { seriesId: 'VIX', origin: 'market/VIX_History_cboe.csv', points: pts(['2026-08-12', 16.5], ['2026-08-13', 17.25]) }, '2026-08-20T12:00:00Z');
  return home;
}
