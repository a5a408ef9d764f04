import { watch, type FSWatcher } from 'node:fs';
import { storePaths } from '../store/parquetStore.ts';
import { storeStamp } from './storeStamp.ts';

/**
 * Calls `onSettled` when the store under `home` has changed (a sync by this or another process)
 * and then stayed quiet for `quietMs`: a sync swaps the manifest once per batch, and what is worth
 * recomputing is the state it leaves, not each batch. Changes are noticed by fs.watch on the
 * store's root and confirmed by the store's stamp (storeStamp.ts: the manifest and the sync log),
 * so a touch that changes neither is ignored. Without a store root to watch (nothing synced yet)
 * it does nothing. Returns a function that stops watching.
 */
export function onStoreSettled(home: string, onSettled: () => void, quietMs = 2000): () => void {
  let last = storeStamp(home).key;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const settle = () => {
    timer = undefined;
    const now = storeStamp(home).key;
    if (now === last) return;
    last = now;
    onSettled();
  };
  try {
    watcher = watch(storePaths(home).root, { persistent: false }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(settle, quietMs);
      timer.unref();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
