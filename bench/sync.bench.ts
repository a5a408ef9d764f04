// Benchmark: import ../shared/data (or $FLOWLENS_DATA_DIR) into a fresh store, as
// `flowlens sync --from DIR` does, and compare with a reference measured in the same run:
// DuckDB's own native CSV reader loading every CSV file of the folder into memory.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importDirectory } from '../src/sources/files.ts';
import { openStore } from '../src/store/parquetStore.ts';
import { syncFromFetched } from '../src/sync/runSync.ts';

const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:sync: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}

function files(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

async function reference(): Promise<{ seconds: number; rows: number }> {
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  let rows = 0;
  for (const f of files(dir).filter((p) => p.endsWith('.csv'))) {
    const r = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM read_csv('${f.replace(/'/g, "''")}', all_varchar = true)`);
    rows += Number(r.getRows()[0]?.[0] ?? 0);
  }
  c.closeSync();
  return { seconds: (performance.now() - t0) / 1000, rows };
}

async function flowlensImport(home: string): Promise<{ parse: number; write: number; series: number; points: number; added: number }> {
  const t0 = performance.now();
  const imported = await importDirectory(dir);
  const t1 = performance.now();
  const store = await openStore({ home, mode: 'write' });
  const rows = await syncFromFetched(store, imported.series);
  await store.close();
  const t2 = performance.now();
  return {
    parse: (t1 - t0) / 1000,
    write: (t2 - t1) / 1000,
    series: rows.length,
    points: imported.series.reduce((n, s) => n + s.points.length, 0),
    added: rows.reduce((n, r) => n + r.added, 0),
  };
}

const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-'));
try {
  const ref = await reference();
  const first = await flowlensImport(home);
  const second = await flowlensImport(home);
  const total1 = first.parse + first.write;
  const total2 = second.parse + second.write;
  const line = (name: string, s: number, extra: string) => console.log(`${name.padEnd(44)} ${s.toFixed(2).padStart(7)} s  ${(s / ref.seconds).toFixed(2).padStart(6)}×  ${extra}`);
  console.log(`bench:sync — ${dir}`);
  console.log(`${'step'.padEnd(44)} ${'time'.padStart(9)}  ${'vs ref'.padStart(7)}`);
  line('reference: DuckDB read_csv of every CSV', ref.seconds, `${ref.rows.toLocaleString()} rows`);
  line('flowlens import into an empty store', total1, `${first.series} series, ${first.points.toLocaleString()} points (parse ${first.parse.toFixed(2)} s, write ${first.write.toFixed(2)} s)`);
  line('flowlens re-import (nothing changes)', total2, `${second.added} points added`);
  console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
