import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type ParquetStore } from '../store/parquetStore.ts';
import { importEarningsCalendar } from '../sync/earningsCalendar.ts';
import { syncFromFetched } from '../sync/runSync.ts';
import { importRealData } from './realData.ts';

/** A FLOWLENS_HOME in a temp folder holding the whole real-data folder (see importRealData), and a read-only store on it. */
export interface RealStore {
  readonly home: string;
  readonly store: ParquetStore;
  /** Closes the store and removes the folder. */
  close(): Promise<void>;
}

/** Imports FLOWLENS_DATA_DIR into a fresh store under a temp home with its S&P 500 earnings calendar (as `flowlens sync --from DIR`), and opens it read-only. */
export async function realDataStore(): Promise<RealStore> {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-real-store-'));
  const w = await openStore({ home, mode: 'write' });
  try {
    const imported = await importRealData();
    await syncFromFetched(w, imported.series);
    // And the S&P 500 earnings calendar, as the sync does.
    await importEarningsCalendar(w, imported.dir, imported.unmatched.map((u) => u.file));
  } finally {
    await w.close();
  }
  const store = await openStore({ home, mode: 'read' });
  return {
    home,
    store,
    close: async () => {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
