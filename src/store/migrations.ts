import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowlensError } from '../core/errors.ts';
import { sha256File } from './checksum.ts';
import { fsyncDir, replaceFile } from './durable.ts';
import { dataFileName, type ManifestEntry, readManifest, writeManifest } from './manifest.ts';
import { readRowsFile, summarizeRows } from './seriesRows.ts';

/** Directories and files of a store (see storePaths). */
export interface StorePaths {
  readonly root: string;
  readonly series: string;
  readonly meta: string;
  readonly manifest: string;
  readonly quarantine: string;
}

/**
 * One step of the store's schema history. `up` must be safe to run again after a crash; it asks
 * `conn()` for DuckDB only when it reads a file, so a new store migrates without starting it.
 */
export interface Migration {
  readonly to: number;
  readonly description: string;
  up(conn: () => Promise<DuckDBConnection>, paths: StorePaths): Promise<void>;
}

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

async function columnsOf(conn: DuckDBConnection, file: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT name FROM parquet_schema(${lit(file)})`);
  return (r.getColumnsJS()[0] ?? []) as string[];
}

/** The schema history, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    description: 'one Parquet file per series: date DATE, value DOUBLE, retrieved_at TIMESTAMP',
    async up(_conn, paths) {
      mkdirSync(paths.series, { recursive: true });
    },
  },
  {
    to: 2,
    description: 'provenance: an origin column (URL or file) on every observation',
    async up(conn, paths) {
      for (const f of readdirSync(paths.series).filter((n) => n.endsWith('.parquet'))) {
        const file = join(paths.series, f);
        if ((await columnsOf(await conn(), file)).includes('origin')) continue;
        const tmp = `${file}.tmp-migrate`;
        await (await conn()).run(
          `COPY (SELECT date, value, retrieved_at, NULL::VARCHAR AS origin FROM read_parquet(${lit(file)})) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
        );
        replaceFile(tmp, file);
      }
    },
  },
  {
    to: 3,
    description: 'immutable data files ID.<generation>.parquet named by a manifest with checksums',
    async up(conn, paths) {
      const legacy = readdirSync(paths.series).filter((n) => /^[A-Z0-9_]+\.parquet$/.test(n));
      // A crash after the manifest was written resumes by removing the old names only: the
      // manifest already lists every series, and some old files may be gone.
      if (readManifest(paths.manifest).generation === 0) {
        const series: Record<string, ManifestEntry> = {};
        for (const name of legacy.sort()) {
          const id = name.slice(0, -'.parquet'.length);
          const old = join(paths.series, name);
          let summary;
          try {
            summary = summarizeRows(await readRowsFile(await conn(), old));
          } catch {
            // Unreadable: set aside for `flowlens doctor` to report; the next sync rewrites it.
            mkdirSync(paths.quarantine, { recursive: true });
            renameSync(old, join(paths.quarantine, name));
            continue;
          }
          const file = dataFileName(id, 1);
          rmSync(join(paths.series, file), { force: true });
          linkSync(old, join(paths.series, file));
          series[id] = { file, bytes: statSync(old).size, sha256: sha256File(old), ...summary };
        }
        fsyncDir(paths.series);
        writeManifest(paths.manifest, { generation: 1, series, retained: [] });
      }
      for (const name of legacy) rmSync(join(paths.series, name), { force: true });
      fsyncDir(paths.series);
    },
  },
];

/** The schema version this flowlens writes. */
export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.to ?? 0;

/** Reads the store's schema version; 0 when the store has no metadata yet. */
export function schemaVersion(paths: StorePaths): number {
  if (!existsSync(paths.meta)) return 0;
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(paths.meta, 'utf8'));
  } catch {
    throw new FlowlensError(`${paths.meta}: not valid JSON; the store's metadata is damaged: run \`flowlens doctor\` to repair it`);
  }
  const v = (meta as { schemaVersion?: unknown }).schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new FlowlensError(`${paths.meta}: schemaVersion missing or invalid; run \`flowlens doctor\` to repair it`);
  return v;
}

/** Records the store's schema version in store.json (atomically). */
export function writeVersion(paths: StorePaths, version: number): void {
  const tmp = `${paths.meta}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ schemaVersion: version, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  replaceFile(tmp, paths.meta);
}

/**
 * Brings the store to CURRENT_SCHEMA_VERSION, running each pending migration in order and
 * recording the version after each, so a crash resumes where it stopped; a new store (no
 * metadata) records only the final version, so it appears whole or not at all. A store written by a
 * newer flowlens is refused; a reader never migrates, it asks for a sync instead.
 */
export async function migrate(
  conn: DuckDBConnection | (() => Promise<DuckDBConnection>),
  paths: StorePaths,
  opts: { readOnly?: boolean; migrations?: readonly Migration[] } = {},
): Promise<number> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const current = migrations[migrations.length - 1]?.to ?? 0;
  for (let i = 1; i < migrations.length; i++) {
    if ((migrations[i] as Migration).to <= (migrations[i - 1] as Migration).to) throw new Error('store migrations must have increasing versions');
  }
  const version = schemaVersion(paths);
  if (version > current) {
    throw new FlowlensError(`the store at ${paths.root} was written by a newer flowlens (schema ${version}, this one knows ${current}); upgrade flowlens`);
  }
  if (version === current) return version;
  if (opts.readOnly) throw new FlowlensError(`the store at ${paths.root} has schema ${version} and needs an upgrade to ${current}: run \`flowlens sync\``);
  mkdirSync(paths.root, { recursive: true });
  // A store without metadata is new: it holds no data, so it is created at the current schema in
  // one step, never left at a midway version a reader would refuse if the process were killed.
  const isNew = version === 0;
  for (const m of migrations) {
    if (m.to <= version) continue;
    try {
      await m.up(typeof conn === 'function' ? conn : () => Promise.resolve(conn), paths);
    } catch (err) {
      throw new FlowlensError(`${paths.root}: store migration to schema ${m.to} (${m.description}) failed: ${(err as Error).message}`);
    }
    if (!isNew) writeVersion(paths, m.to);
  }
  if (isNew) writeVersion(paths, current);
  return current;
}
