// Benchmark (issue #12): the dashboard as a user opens it. The shared data is imported into a
// temp FLOWLENS_HOME with the built CLI, `flowlens serve` runs as its own process (bin/flowlens.js,
// what an installed package runs), and Debian's Chromium (playwright-core) opens every page:
//   cold  — the first visit of a page the server has not computed (serve runs with --no-warm, so
//           this is what a visit costs before serve's warm-up has run or after a sync by another
//           process; by default serve computes the pages itself at start and after --refresh);
//   warm  — the same page again (answered from the per-generation page cache);
//   as-of — the page at another date (`?as-of=`, computed afresh: the time machine).
// For each: first contentful paint as the browser reports it (navigation start → FCP), and the
// server process's CPU time for that request (/proc/PID/stat utime+stime). Targets: first paint
// ≤ 1 s (judged on cold and on warm visits), an as-of change ≤ 1.5 s. Control: a fixed CPU loop
// timed before and after (≈ 0.1 s on a quiet core) and the load average, so a loaded machine reads
// as such. Run with `npm run bench:dashboard` after `npm run build`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PAGES } from '../src/dashboard/layout.ts';

const FIRST_PAINT_TARGET_MS = 1000;
const AS_OF_TARGET_MS = 1500;
const AS_OF = process.env.BENCH_AS_OF ?? '2024-08-05';
const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'flowlens.js');

const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(ROOT, '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:dashboard: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
if (!existsSync(join(ROOT, 'dist', 'assets'))) {
  console.error('bench:dashboard: no dist/assets; run `npm run build` first');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`bench:dashboard: no Chromium at ${CHROMIUM} (Debian package chromium)`);
  process.exit(1);
}

/** The control: a fixed CPU-bound job, in ms. */
function control(): number {
  const t0 = performance.now();
  let s = 0;
  for (let i = 1; i <= 20_000_000; i++) s += Math.sqrt(i) % 1.7;
  if (s < 0) console.log(s);
  return performance.now() - t0;
}

/** CPU time (user + system) of a process so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

const load0 = loadavg()[0] ?? 0;
const control0 = control();
const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-dash-'));
const env = { ...process.env, TZ: 'UTC', FLOWLENS_HOME: home };
const imported = spawnSync(process.execPath, [BIN, 'sync', '--from', dir, '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
if (imported.status !== 0 && imported.status !== 1) throw new Error(`import failed: ${imported.stderr}`);

const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-warm'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
const origin = await new Promise<string>((done, fail) => {
  let out = '';
  server.stdout.setEncoding('utf8');
  server.stdout.on('data', (c: string) => {
    out += c;
    const m = /(http:\/\/[^ ]+?)\/ /.exec(out);
    if (m?.[1]) done(m[1]);
  });
  server.on('exit', () => fail(new Error(`serve exited: ${out}`)));
});
const pid = server.pid ?? 0;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
interface Visit {
  readonly paintMs: number;
  readonly serverCpuMs: number;
}
const rows: { page: string; cold: Visit; warm: Visit; asOf: Visit }[] = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  /** One visit in a fresh tab: FCP from the browser's paint timing, the server's CPU for it. */
  const visit = async (path: string): Promise<Visit> => {
    const page = await context.newPage();
    const c0 = cpuMs(pid);
    const res = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    if (res?.status() !== 200) throw new Error(`${path}: HTTP ${res?.status()}`);
    const paintMs = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const seen = performance.getEntriesByName('first-contentful-paint')[0];
          if (seen) return done(seen.startTime);
          new PerformanceObserver((list) => {
            const e = list.getEntriesByName('first-contentful-paint')[0];
            if (e) done(e.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    const serverCpuMs = cpuMs(pid) - c0;
    await page.close();
    return { paintMs, serverCpuMs };
  };
  for (const p of PAGES) {
    const cold = await visit(p.path);
    const warm = await visit(p.path);
    const asOf = await visit(`${p.path}?as-of=${AS_OF}`);
    rows.push({ page: p.path, cold, warm, asOf });
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(home, { recursive: true, force: true });
}
const control1 = control();
const load1 = loadavg()[0] ?? 0;

const fmt = (v: Visit) => `${v.paintMs.toFixed(0).padStart(6)} ms (server CPU ${v.serverCpuMs.toFixed(0).padStart(5)} ms)`;
console.log(`bench:dashboard — every page in Chromium at 1440 px over \`flowlens serve\` (built CLI), store imported from ${dir}`);
console.log(`${'page'.padEnd(12)} ${'cold first paint'.padEnd(34)} ${'warm first paint'.padEnd(34)} as-of ${AS_OF} first paint`);
for (const r of rows) console.log(`${r.page.padEnd(12)} ${fmt(r.cold).padEnd(34)} ${fmt(r.warm).padEnd(34)} ${fmt(r.asOf)}`);
const worst = (k: 'cold' | 'warm' | 'asOf') => rows.reduce((m, r) => Math.max(m, r[k].paintMs), 0);
const verdict = (ms: number, target: number) => `${ms.toFixed(0)} ms: ${ms <= target ? 'OK' : 'MISSED'}`;
console.log(`control: fixed CPU loop ${control0.toFixed(0)} ms before, ${control1.toFixed(0)} ms after (≈ 100 ms quiet); load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${availableParallelism()} cores`);
console.log(`target first paint ≤ ${FIRST_PAINT_TARGET_MS} ms, slowest cold page  ${verdict(worst('cold'), FIRST_PAINT_TARGET_MS)}`);
console.log(`target first paint ≤ ${FIRST_PAINT_TARGET_MS} ms, slowest warm page  ${verdict(worst('warm'), FIRST_PAINT_TARGET_MS)}`);
console.log(`target as-of change ≤ ${AS_OF_TARGET_MS} ms, slowest page        ${verdict(worst('asOf'), AS_OF_TARGET_MS)}`);
