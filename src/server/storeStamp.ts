import { readFileSync, statSync } from 'node:fs';
import { storePaths } from '../store/parquetStore.ts';

/** What the store's manifest and sync log say about its state: enough to tell that a sync changed something. */
export interface StoreStamp {
  /** An opaque key: equal keys mean no manifest swap and no sync-log line in between. */
  readonly key: string;
  /** Series the manifest names. */
  readonly seriesFiles: number;
  /** Newest modification of the manifest or of the sync log, epoch ms (0 for an empty store). */
  readonly lastWriteMs: number;
}

// The manifest is parsed only when its stat changes (a sync swapped it).
const counted = new Map<string, { key: string; series: number }>();

function seriesIn(manifest: string, key: string): number {
  const have = counted.get(manifest);
  if (have?.key === key) return have.series;
  let series = 0;
  try {
    series = Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { series?: object }).series ?? {}).length;
  } catch {
    /* missing or damaged: the reads say which */
  }
  counted.set(manifest, { key, series });
  return series;
}

/**
 * The store's state without opening it or taking any lock: the manifest's inode, size and mtime
 * (a sync swaps it by rename, so every commit gives a new key) and the sync log's size and
 * mtime. Two stats per call; the manifest is parsed again only when it changed.
 */
export function storeStamp(home: string): StoreStamp {
  const paths = storePaths(home);
  const m = statSync(paths.manifest, { throwIfNoEntry: false });
  const log = statSync(paths.syncLog, { throwIfNoEntry: false });
  const parts: string[] = [];
  let lastWriteMs = 0;
  let seriesFiles = 0;
  if (m) {
    const key = `manifest:${m.ino}:${m.size}:${m.mtimeMs}`;
    parts.push(key);
    seriesFiles = seriesIn(paths.manifest, key);
    if (seriesFiles > 0) lastWriteMs = m.mtimeMs;
  }
  if (log) {
    lastWriteMs = Math.max(lastWriteMs, log.mtimeMs);
    parts.push(`log:${log.size}:${log.mtimeMs}`);
  }
  return { key: parts.join('|'), seriesFiles, lastWriteMs };
}
