// The store's manifest: which immutable data file holds each series, with its checksum and
// summary. Readers take one manifest as their snapshot and open only the files it names; the
// writer writes new files first, then swaps the manifest by rename (durable.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { FlowlensError } from '../core/errors.ts';
import type { FileStamp, ImportStamp, IsoDate } from '../series/types.ts';
import { replaceFile } from './durable.ts';

/** One series in the manifest: its data file and what a `series list` needs without opening it. */
export interface ManifestEntry {
  /** File name inside store/series, `ID.<generation>.parquet` (never rewritten once named here). */
  readonly file: string;
  readonly bytes: number;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  /** Stored observation rows, all retrievals. */
  readonly rows: number;
  /** Dates with a non-missing latest value. */
  readonly count: number;
  readonly firstDate: IsoDate | null;
  readonly lastDate: IsoDate | null;
  /** Newest retrieval, ISO timestamp. */
  readonly lastRetrievedAt: string;
  /** Fingerprint of the last fetched input written or found unchanged (see inputFingerprint). */
  readonly input?: string;
  /** Distinct dates that input touched (its `unchanged` count when it comes again). */
  readonly touched?: number;
  /**
   * The files of the folder import that gave the stored data (absent after a live sync): an
   * identical re-import (`sync --from` the same files) skips parsing them.
   */
  readonly imported?: ImportStamp;
}

/** The manifest file: a generation number, the current files, and the previous generation's. */
export interface Manifest {
  /** Increases by one with every swap. */
  readonly generation: number;
  readonly series: Readonly<Record<string, ManifestEntry>>;
  /**
   * Files of the previous generation that are no longer current: kept until the next swap so a
   * reader that took the previous manifest can finish its reads.
   */
  readonly retained: readonly string[];
}

/** A manifest of an empty store. */
export const EMPTY_MANIFEST: Manifest = { generation: 0, series: {}, retained: [] };

/** Data file name of a series at a generation. */
export function dataFileName(seriesId: string, generation: number): string {
  return `${seriesId}.${generation}.parquet`;
}

/** `ID.<n>.parquet` → ID, or null for any other name (temp files, strays). */
export function seriesOfDataFile(name: string): string | null {
  const m = /^([A-Z0-9_]+)\.\d+\.parquet$/.exec(name);
  return m ? (m[1] as string) : null;
}

function isEntry(v: unknown): v is ManifestEntry {
  const e = v as ManifestEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.file === 'string' &&
    seriesOfDataFile(e.file) !== null &&
    typeof e.bytes === 'number' &&
    typeof e.sha256 === 'string' &&
    typeof e.rows === 'number' &&
    typeof e.count === 'number' &&
    typeof e.lastRetrievedAt === 'string' &&
    (e.imported === undefined || isImportStamp(e.imported))
  );
}

function isImportStamp(v: ImportStamp): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.recipe === 'string' &&
    Array.isArray(v.files) &&
    v.files.every((f: FileStamp) => typeof f === 'object' && f !== null && typeof f.path === 'string' && typeof f.bytes === 'number' && typeof f.mtimeMs === 'number' && typeof f.sha256 === 'string')
  );
}

/**
 * Reads and checks the manifest at `path`; a missing file is an empty store. A manifest that is
 * not valid JSON or lacks a field is a one-line error naming the file and the way out.
 */
export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_MANIFEST;
    throw err;
  }
  const damaged = (why: string) => new FlowlensError(`${path}: ${why}; the store's manifest is damaged: run \`flowlens doctor\` to rebuild it from the data files`);
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw damaged('not valid JSON');
  }
  if (typeof m !== 'object' || m === null || !Number.isInteger(m.generation) || typeof m.series !== 'object' || m.series === null || !Array.isArray(m.retained)) {
    throw damaged('generation, series or retained missing');
  }
  for (const [id, e] of Object.entries(m.series)) if (!isEntry(e) || seriesOfDataFile(e.file) !== id) throw damaged(`entry ${id} is malformed`);
  return m;
}

/** Writes the manifest atomically: temp file, fsync, rename, fsync of the directory. */
export function writeManifest(path: string, manifest: Manifest): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(manifest)}\n`);
  replaceFile(tmp, path);
}

/** Every data file a manifest keeps: the current ones and the retained previous generation. */
export function referencedFiles(m: Manifest): Set<string> {
  const out = new Set<string>(m.retained);
  for (const e of Object.values(m.series)) out.add(e.file);
  return out;
}

/**
 * The manifest after a swap that sets `changed` (and drops `removed`): generation + 1, and the
 * replaced files of the old generation become `retained`.
 */
export function nextManifest(old: Manifest, changed: ReadonlyMap<string, ManifestEntry>, removed: readonly string[] = []): Manifest {
  const series: Record<string, ManifestEntry> = { ...old.series };
  const retained: string[] = [];
  for (const [id, e] of changed) {
    const prev = series[id];
    if (prev && prev.file !== e.file) retained.push(prev.file);
    series[id] = e;
  }
  for (const id of removed) {
    const prev = series[id];
    if (prev) retained.push(prev.file);
    delete series[id];
  }
  const sorted: Record<string, ManifestEntry> = {};
  for (const id of Object.keys(series).sort()) sorted[id] = series[id] as ManifestEntry;
  return { generation: old.generation + 1, series: sorted, retained };
}
