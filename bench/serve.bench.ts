// Benchmark (issue #11): `flowlens serve` as a user runs it — the built CLI (bin/flowlens.js, what an
// installed package runs) over a store imported from ../shared/data (or $FLOWLENS_DATA_DIR), as its
// own process — answering 50 concurrent keep-alive clients:
//   series      — GET /api/series/ID over 8 ids (each asked once first: the answers a dashboard
//                 asks for again and again), no Accept-Encoding (as curl or pandas);
//   series gzip — the same with `Accept-Encoding: gzip` (as a browser);
//   report warm — GET /api/report once built (the report cache answers).
// For each: wall latency p50 / p99, requests per second, and the server process's CPU time per
// request (/proc/PID/stat utime+stime, 10 ms ticks, over the whole phase), with the load average
// beside it so a loaded machine reads as such. Targets: p50 ≤ 20 ms for /api/series/ID and warm
// /api/report, printed OK or MISSED. serve runs with --no-warm: its dashboard warm-up would
// otherwise run during the first phase (the API answers do not depend on it).
// Run with `npm run bench:serve` after `npm run build`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'flowlens.js');
const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(ROOT, '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:serve: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  console.error('bench:serve: no dist/; run `npm run build` first');
  process.exit(1);
}
const CLIENTS = 50;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const TARGET_P50_MS = 20;
const IDS = ['WALCL', 'SPY', 'VIXCLS', 'DGS10', 'UNRATE', 'GSPC', 'RRPONTSYD', 'BAMLH0A0HYM2'];

/** CPU time (user + system) of a process so far, in ms, from /proc (clock ticks of 10 ms); NaN off Linux. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-serve-'));
const env = { ...process.env, TZ: 'UTC', FLOWLENS_HOME: home };
const imported = spawnSync(process.execPath, [BIN, 'sync', '--from', dir, '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
if (imported.status !== 0 && imported.status !== 1) throw new Error(`import failed: ${imported.stderr}`);

const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-warm'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise<string>((resolveUrl, reject) => {
  let out = '';
  server.stdout.setEncoding('utf8');
  server.stdout.on('data', (c: string) => {
    out += c;
    const m = /(http:\/\/[^ ]+\/)/.exec(out);
    if (m?.[1]) resolveUrl(m[1]);
  });
  server.on('exit', () => reject(new Error(`serve exited: ${out}`)));
});
const pid = server.pid ?? 0;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? done(performance.now() - t0) : fail(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', fail);
    req.end();
  });
}

/** REQUESTS requests over CLIENTS concurrent clients; prints one line and returns p50. */
async function phase(name: string, path: (i: number) => string, headers: Record<string, string>, target: number | undefined): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) latencies.push(await get(path(next++), headers));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] as number;
  const p50 = q(0.5);
  const verdict = target === undefined ? '' : `  target p50 ≤ ${target} ms: ${p50 <= target ? 'OK' : 'MISSED'}`;
  console.log(
    `${name.padEnd(12)} p50 ${p50.toFixed(1)} ms  p99 ${q(0.99).toFixed(1)} ms  ${(REQUESTS / seconds).toFixed(0)} req/s  ` +
      `server CPU ${(cpu / REQUESTS).toFixed(2)} ms/request (${cpu.toFixed(0)} ms in ${seconds.toFixed(2)} s)  load ${(loadavg()[0] ?? 0).toFixed(2)}${verdict}`,
  );
}

try {
  console.log(`bench:serve — ${REQUESTS} requests per phase over ${CLIENTS} concurrent keep-alive clients, built CLI, store from ${dir}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const id of IDS) await get(`api/series/${id}`);
  for (const id of IDS) await get(`api/series/${id}`, { 'accept-encoding': 'gzip' });
  const build0 = performance.now();
  await get('api/report');
  console.log(`report build (cold, first request): ${(performance.now() - build0).toFixed(0)} ms`);
  await get('api/report', { 'accept-encoding': 'gzip' });
  const seriesPath = (i: number) => `api/series/${IDS[i % IDS.length]}`;
  await phase('series', seriesPath, {}, TARGET_P50_MS);
  await phase('series gzip', seriesPath, { 'accept-encoding': 'gzip' }, TARGET_P50_MS);
  await phase('report warm', () => 'api/report', {}, TARGET_P50_MS);
  await phase('report gzip', () => 'api/report', { 'accept-encoding': 'gzip' }, TARGET_P50_MS);
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  agent.destroy();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(home, { recursive: true, force: true });
}
