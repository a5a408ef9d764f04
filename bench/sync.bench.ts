// Benchmark: `flowlens sync --from ../shared/data` (or $FLOWLENS_DATA_DIR) as a user runs it —
// the whole process through bin/flowlens.js — into an empty store, then again when nothing
// changed, against the targets of issue #11 (≤ 3 s and ≤ 1 s). Wall and CPU time are printed
// side by side: on a shared machine wall time grows with load, CPU time much less. Then the
// same import in-process, split into parse and write: there the parse finishes before the first
// write, while the CLI (syncFromFolder) overlaps them, so the whole process takes less than their sum.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importDirectory } from '../src/sources/files.ts';
import { openStore } from '../src/store/parquetStore.ts';
import { syncFromFetched } from '../src/sync/runSync.ts';

const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:sync: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
const BIN = join(import.meta.dirname, '..', 'bin', 'flowlens.js');

/** The 1-minute load average, printed beside every figure (2 cores: above ~2 wall time stretches). */
const load = (): string => `load ${(loadavg()[0] ?? 0).toFixed(2)}`;

/** Runs the CLI once under bash's `time`: wall and CPU (user + system, children included) seconds, and the load before it. */
function timedCli(home: string, args: readonly string[]): { wall: number; cpu: number; load: string } {
  const before = load();
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ${quoted} > /dev/null`], { env: { ...process.env, TZ: 'UTC', FLOWLENS_HOME: home }, encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`flowlens ${args.join(' ')} failed: ${r.stderr}`);
  return { wall: wall ?? Number.NaN, cpu: (user ?? 0) + (sys ?? 0), load: before };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function inProcess(home: string): Promise<{ parse: [number, number]; write: [number, number]; series: number; points: number; added: number }> {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const imported = await importDirectory(dir);
  const t1 = performance.now();
  const c1 = cpuSeconds();
  const store = await openStore({ home, mode: 'write' });
  const rows = await syncFromFetched(store, imported.series);
  await store.close();
  return {
    parse: [(t1 - t0) / 1000, c1 - c0],
    write: [(performance.now() - t1) / 1000, cpuSeconds() - c1],
    series: rows.length,
    points: imported.series.reduce((n, s) => n + s.points.length, 0),
    added: rows.reduce((n, r) => n + r.added, 0),
  };
}

const verdict = (s: number, target: number) => (s <= target ? 'OK' : 'MISSED');
const root = mkdtempSync(join(tmpdir(), 'flowlens-bench-sync-'));
try {
  console.log(`bench:sync — ${dir}`);
  const cliHome = join(root, 'cli');
  const empty = timedCli(cliHome, ['sync', '--from', dir, '--json']);
  const again = timedCli(cliHome, ['sync', '--from', dir, '--json']);
  console.log(`${'whole process (node bin/flowlens.js)'.padEnd(44)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)}  target (and the load before each run)`);
  console.log(`${'sync --from into an empty store'.padEnd(44)} ${empty.wall.toFixed(2).padStart(6)} s ${empty.cpu.toFixed(2).padStart(6)} s  ≤ 3 s: ${verdict(empty.wall, 3)} (wall), ${verdict(empty.cpu, 3)} (cpu), ${empty.load}`);
  console.log(`${'sync --from again, nothing changes'.padEnd(44)} ${again.wall.toFixed(2).padStart(6)} s ${again.cpu.toFixed(2).padStart(6)} s  ≤ 1 s: ${verdict(again.wall, 1)} (wall), ${verdict(again.cpu, 1)} (cpu), ${again.load}`);
  const home = join(root, 'in-process');
  const firstLoad = load();
  const first = await inProcess(home);
  const secondLoad = load();
  const second = await inProcess(home);
  const f = (p: [number, number]) => `${p[0].toFixed(2)} s wall / ${p[1].toFixed(2)} s cpu`;
  console.log(`in-process import: ${first.series} series, ${first.points.toLocaleString()} points — parse ${f(first.parse)}, write ${f(first.write)}, ${firstLoad}`);
  console.log(`in-process re-import (${second.added} points added) — parse ${f(second.parse)}, write ${f(second.write)}, ${secondLoad}`);
  // maxRSS (KiB): the peak of this process, which ran both in-process imports (not the CLI's).
  console.log(`peak RSS of the in-process imports (this process) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
