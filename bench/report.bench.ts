// Benchmark: the full report over a synced store (the shared data imported into a temp home):
// wall time and peak RSS, against a reference measured in the same run — reading the report's
// input series from the store, the floor any report must pay.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { importDirectory } from '../src/sources/files.ts';
import { openStore } from '../src/store/parquetStore.ts';
import { syncFromFetched } from '../src/sync/runSync.ts';

const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:report: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-report-'));
try {
  const w = await openStore({ home, mode: 'write' });
  await syncFromFetched(w, (await importDirectory(dir)).series);
  await w.close();
  // Each measurement in a fresh process, so the import's memory is not counted.
  const child = (mode: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'reportChild.ts'), home, mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as { seconds: number; rssMb: number; claims: number };
  };
  const ref = child('read');
  const full = child('report');
  console.log(`bench:report — ${dir}`);
  console.log(`reference: read the report's inputs from the store    ${ref.seconds.toFixed(2)} s   1.00×   peak RSS ${ref.rssMb.toFixed(0)} MB`);
  console.log(`full report (read + models + theses + HTML)            ${full.seconds.toFixed(2)} s   ${(full.seconds / ref.seconds).toFixed(2)}×   peak RSS ${full.rssMb.toFixed(0)} MB`);
  console.log(`targets: ≤ 1.5 s and ≤ 300 MB → ${full.seconds <= 1.5 ? 'time OK' : 'time MISSED'}, ${full.rssMb <= 300 ? 'memory OK' : 'memory MISSED'}; ${full.claims} claims`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
