import { watch, type FSWatcher } from 'node:fs';
import { storePaths } from '../store/parquetStore.ts';

/**
 * Tells a long-lived reader when the store directory may have changed, so it need not stat the
 * manifest on every request (a stat cost ~0.1 ms a request under load, as much as the rest of a
 * cached answer). One `fs.watch` on the store's root (inotify on Linux), where a sync renames the
 * manifest into place and appends to the sync log: every event there bumps `version`, and a
 * reader stats again only when the version moved since it last looked. The event of a sync is
 * queued by the kernel when the rename happens, before any request sent after it arrives, so the
 * next request sees the new generation. Where the directory cannot be watched (not created yet,
 * a file system without notifications, too many watches) every call gives a new version: the
 * reader stats per request, as it did without a watch.
 */
export class StoreWatch {
  private watcher: FSWatcher | undefined;
  private counter = 0;
  private closed = false;

  constructor(private readonly home: string) {}

  /** A number that changes whenever the store's root may have changed since the last call that returned it. */
  version(): number {
    if (this.watcher === undefined && !this.closed) this.start();
    return this.watcher === undefined ? ++this.counter : this.counter;
  }

  private start(): void {
    try {
      const w = watch(storePaths(this.home).root, { persistent: false }, () => {
        this.counter++;
      });
      w.on('error', () => {
        // The directory went away or the watch broke: stat per request until it can be watched again.
        w.close();
        if (this.watcher === w) this.watcher = undefined;
        this.counter++;
      });
      this.watcher = w;
      this.counter++; // changes made before the watch started are not missed: readers look once more
    } catch {
      this.watcher = undefined;
    }
  }

  /** Stops watching; `version` then changes on every call. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
  }
}
