// Benchmark: the full report over a synced store (the shared data imported into a temp home):
// wall time, CPU time and peak RSS, against a reference measured in the same run — reading the report's
// input series from the store, the floor any report must pay.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    return JSON.parse(r.stdout) as { seconds: number; cpuSeconds: number; rssMb: number; claims: number };
  };
  /**
   * The whole command as a user runs it (`bin/flowlens.js report --json`, its launcher and every
   * process it starts): wall time from spawn to exit, CPU time summed over the processes, the
   * largest process's peak RSS (and the sum of the peaks, an upper bound of what they held at once).
   */
  const wholeCommand = () => {
    const usage = join(home, 'usage.jsonl');
    rmSync(usage, { force: true });
    const env = { ...process.env, FLOWLENS_HOME: home, FLOWLENS_BENCH_USAGE: usage, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(join(import.meta.dirname, 'exitUsage.mjs')).href}` };
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'flowlens.js'), 'report', '--json'], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(r.stderr);
    const procs = readFileSync(usage, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { cpuSeconds: number; rssMb: number });
    return { seconds, cpuSeconds: procs.reduce((s, p) => s + p.cpuSeconds, 0), rssMb: Math.max(...procs.map((p) => p.rssMb)), rssSumMb: procs.reduce((s, p) => s + p.rssMb, 0), processes: procs.length };
  };
  const load0 = loadavg();
  const ref = child('read');
  const full = child('report');
  const cmd = wholeCommand();
  const ok = (pass: boolean) => (pass ? 'OK' : 'MISSED');
  console.log(`bench:report — ${dir}`);
  console.log(`load average ${load0.map((x) => x.toFixed(2)).join(' ')} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end, on ${availableParallelism()} cores`);
  console.log(`reference: read the report's inputs from the store    ${ref.seconds.toFixed(2)} s wall  ${ref.cpuSeconds.toFixed(2)} s CPU   1.00×   peak RSS ${ref.rssMb.toFixed(0)} MB   (in process, after module loading)`);
  console.log(`full report (read + models + theses + HTML)            ${full.seconds.toFixed(2)} s wall  ${full.cpuSeconds.toFixed(2)} s CPU   ${(full.seconds / ref.seconds).toFixed(2)}×   peak RSS ${full.rssMb.toFixed(0)} MB   (in process, after module loading)`);
  console.log(`whole command: flowlens report --json                  ${cmd.seconds.toFixed(2)} s wall  ${cmd.cpuSeconds.toFixed(2)} s CPU           peak RSS ${cmd.rssMb.toFixed(0)} MB   (${cmd.processes} node process${cmd.processes > 1 ? `es, peaks summing to ${cmd.rssSumMb.toFixed(0)} MB` : ''})`);
  console.log(`target: whole command ≤ 1.5 s   ${cmd.seconds.toFixed(2)} s wall (${cmd.cpuSeconds.toFixed(2)} s CPU)   ${ok(cmd.seconds <= 1.5)}${cmd.seconds > 1.5 && cmd.cpuSeconds <= 1.5 ? ' (CPU time is within it: other processes share the cores)' : ''}`);
  console.log(`target: whole command ≤ 250 MB  ${cmd.rssMb.toFixed(0)} MB peak RSS of its largest process   ${ok(cmd.rssMb <= 250)}`);
  console.log(`${full.claims} claims`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
