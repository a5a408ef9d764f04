// `flowlens doctor`: every data file checked against the manifest, damaged ones moved to
// store/quarantine/ and dropped from the manifest, a damaged manifest or store.json rebuilt, and
// the stored S&P 500 earnings calendar checked (a damaged one quarantined too).
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { calendarSummary, coveredSeasons } from '../series/earningsCalendar.ts';
import { checkFile, forgetChecks, sha256File } from './checksum.ts';
import { readEarningsCalendarFile } from './earningsCalendar.ts';
import { acquireWriteLock } from './lock.ts';
import { type Manifest, type ManifestEntry, nextManifest, readManifest, seriesOfDataFile, writeManifest } from './manifest.ts';
import { CURRENT_SCHEMA_VERSION, schemaVersion, writeVersion } from './migrations.ts';
import { storePaths } from './parquetStore.ts';
import { readRowsFile, summarizeRows } from './seriesRows.ts';

/** The verdict on one stored series. */
export interface SeriesCheck {
  readonly seriesId: string;
  readonly status: 'ok' | 'damaged';
  readonly file: string;
  /** Why the file is damaged (size, checksum, missing). */
  readonly reason?: string;
  /** Where the damaged file was moved. */
  readonly quarantined?: string;
  /** The commands that restore the series. */
  readonly fix?: string;
}

/** The verdict on the stored S&P 500 earnings calendar (store/reference/sp500-earnings.json). */
export interface CalendarCheck {
  /** ok (whole), damaged (moved to quarantine), absent (never imported). */
  readonly status: 'ok' | 'damaged' | 'absent';
  readonly file: string;
  /** One line: what it holds; the error naming the file; or what the buyback window uses without it. */
  readonly line: string;
  /** Where the damaged file was moved. */
  readonly quarantined?: string;
  /** The command that restores it. */
  readonly fix?: string;
}

/** How to restore the S&P 500 earnings calendar. */
export const CALENDAR_FIX = 'flowlens sync --from DIR  (the folder with the S&P 500 earnings dates and index weights files)';

/**
 * Checks the stored S&P 500 earnings calendar: whole (its payload's SHA-256, store/earningsCalendar.ts)
 * → one line with its counts and covered seasons; damaged → its one-line error, the file moved to
 * quarantine (the buyback window then falls back to the seasonal model, and says so) and the
 * command that imports it again; absent → that the buyback window uses the seasonal model.
 */
export function checkEarningsCalendar(path: string, quarantineDir: string): CalendarCheck {
  try {
    const cal = readEarningsCalendarFile(path);
    if (!cal) return { status: 'absent', file: path, line: 'no S&P 500 earnings calendar in the store: the buyback window uses the seasonal model (`flowlens sync --from DIR` imports the calendar from the earnings dates and index weights files)' };
    const span = coveredSeasons(cal.reports);
    return { status: 'ok', file: path, line: `S&P 500 earnings calendar: ${calendarSummary(cal)}, ${span ? `results to ${span.first} … ${span.last}` : 'no season with most of the index'}; imported ${cal.importedAt.slice(0, 10)} from ${cal.sources.dates.file} and ${cal.sources.weights.file}` };
  } catch (err) {
    const moved = existsSync(path) ? quarantine(quarantineDir, path, 'sp500-earnings.json') : undefined;
    return { status: 'damaged', file: path, line: (err as Error).message, ...(moved ? { quarantined: moved } : {}), fix: CALENDAR_FIX };
  }
}

/** What `flowlens doctor` found and did. */
export interface DoctorReport {
  readonly store: string;
  /** ok; rebuilt (the manifest was damaged and rebuilt from the data files); absent (no store). */
  readonly manifest: 'ok' | 'rebuilt' | 'absent';
  /** store.json: ok, or repaired (rewritten at the current schema). */
  readonly meta: 'ok' | 'repaired';
  readonly series: readonly SeriesCheck[];
  /** Files in store/series that are not the store's (moved to quarantine). */
  readonly strays: readonly string[];
  /** The stored S&P 500 earnings calendar. */
  readonly calendar: CalendarCheck;
  /** True when anything was damaged or repaired. */
  readonly damaged: boolean;
}

/** How to restore a series from its source or from files. */
export function fixFor(seriesId: string): string {
  return `flowlens sync --only ${seriesId}  (offline: flowlens sync --from DIR --only ${seriesId})`;
}

/** Moves `path` into the quarantine folder under a name that does not overwrite an earlier one. */
function quarantine(dir: string, path: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  let target = join(dir, name);
  for (let k = 1; existsSync(target); k++) target = join(dir, `${name}.${k}`);
  renameSync(path, target);
  return target;
}

/**
 * A manifest rebuilt from the data files when manifest.json is damaged: per series, the newest
 * generation whose file reads.
 */
async function rebuildManifest(seriesDir: string): Promise<Manifest> {
  const byId = new Map<string, { gen: number; name: string }[]>();
  for (const name of readdirSync(seriesDir)) {
    const id = seriesOfDataFile(name);
    if (!id) continue;
    const gen = Number(name.slice(id.length + 1, -'.parquet'.length));
    byId.set(id, [...(byId.get(id) ?? []), { gen, name }]);
  }
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const series: Record<string, ManifestEntry> = {};
  let generation = 0;
  try {
    for (const [id, files] of [...byId].sort()) {
      for (const f of files.sort((a, b) => b.gen - a.gen)) {
        const path = join(seriesDir, f.name);
        try {
          const summary = summarizeRows(await readRowsFile(conn, path));
          series[id] = { file: f.name, bytes: statSync(path).size, sha256: sha256File(path), ...summary };
          generation = Math.max(generation, f.gen);
          break;
        } catch {
          /* an older generation may still read */
        }
      }
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return { generation, series, retained: [] };
}

/**
 * Checks every data file of the store under `home` against its manifest entry (size and
 * SHA-256), moves damaged files and stray files to store/quarantine/, drops damaged series from
 * the manifest (so every command reads the rest, and the next sync rewrites them), rebuilds a
 * damaged manifest from the data files and repairs a damaged store.json; checks the stored S&P
 * 500 earnings calendar (checkEarningsCalendar). Takes the writer lock.
 */
export async function runDoctor(home: string): Promise<DoctorReport> {
  const paths = storePaths(home);
  if (!existsSync(paths.root)) return { store: paths.root, manifest: 'absent', meta: 'ok', series: [], strays: [], calendar: checkEarningsCalendar(paths.earningsCalendar, paths.quarantine), damaged: false };
  const lock = acquireWriteLock(paths.lock);
  try {
    forgetChecks();
    let meta: DoctorReport['meta'] = 'ok';
    try {
      schemaVersion(paths);
    } catch {
      meta = 'repaired';
    }
    let manifestState: DoctorReport['manifest'] = 'ok';
    let manifest: Manifest;
    try {
      manifest = readManifest(paths.manifest);
    } catch {
      manifest = await rebuildManifest(paths.series);
      manifestState = 'rebuilt';
    }
    const series: SeriesCheck[] = [];
    const removed: string[] = [];
    for (const [id, e] of Object.entries(manifest.series)) {
      const path = join(paths.series, e.file);
      const bad = checkFile(path, e.bytes, e.sha256);
      if (bad === null) {
        series.push({ seriesId: id, status: 'ok', file: path });
        continue;
      }
      const moved = existsSync(path) ? quarantine(paths.quarantine, path, e.file) : undefined;
      removed.push(id);
      series.push({ seriesId: id, status: 'damaged', file: path, reason: bad, ...(moved ? { quarantined: moved } : {}), fix: fixFor(id) });
    }
    const strays: string[] = [];
    for (const name of existsSync(paths.series) ? readdirSync(paths.series) : []) {
      if (seriesOfDataFile(name) !== null || name.includes('.tmp-')) continue;
      strays.push(quarantine(paths.quarantine, join(paths.series, name), name));
    }
    if (manifestState === 'rebuilt' || removed.length > 0) {
      const next = nextManifest(manifest, new Map(), removed);
      writeManifest(paths.manifest, manifestState === 'rebuilt' ? { ...next, retained: [] } : next);
    }
    if (meta === 'repaired') writeVersion(paths, CURRENT_SCHEMA_VERSION);
    const calendar = checkEarningsCalendar(paths.earningsCalendar, paths.quarantine);
    const damaged = removed.length > 0 || strays.length > 0 || manifestState !== 'ok' || meta !== 'ok' || calendar.status === 'damaged';
    return { store: paths.root, manifest: manifestState, meta, series, strays, calendar, damaged };
  } finally {
    lock.release();
  }
}
