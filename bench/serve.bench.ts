// Benchmark (issue #11): `flowlens serve` as a user runs it — the built CLI (bin/flowlens.js, what an
// installed package runs) over a store imported from ../shared/data (or $FLOWLENS_DATA_DIR), as its
// own process — answering 50 concurrent keep-alive clients:
//   series      — GET /api/series/ID over 8 ids (each asked once first: the answers a dashboard
//                 asks for again and again), no Accept-Encoding (as curl or pandas);
//   series gzip — the same with `Accept-Encoding: gzip` (as a browser);
//   report warm — GET /api/report once built (the report cache answers), plain and gzip.
// The load generator (bench/loadClient.ts) is its own process: raw keep-alive sockets, one request
// in flight per client, bodies counted but not copied or parsed (as autocannon). Where the machine
// has two cores or more, the server is pinned to CPU 0 and the load generator to CPU 1 (taskset;
// BENCH_PIN=0 turns it off), so neither takes the other's core; other processes of the machine
// still run on both, hence the load average printed beside every line.
// For each phase: wall latency p50 / p99, requests per second, and CPU time per request of the
// server and of the load generator (/proc/PID/stat utime+stime in 10 ms ticks over the phase for the
// server; process.cpuUsage for the generator). Targets: p50 ≤ 20 ms for /api/series/ID and warm
// /api/report, plain and gzip, printed OK or MISSED.
// Control: the same phases against bench/controlServer.ts, a bare node:http server sending the
// same bytes flowlens sent (fetched from it once) — the floor node:http and the kernel put under
// any Node server here; flowlens's figures read against it. The two run interleaved, ROUNDS times
// each (flowlens, control, flowlens, control, …), so a burst of load on the machine falls on both
// alike; each line prints the median round's p50 and the range of the rounds' p50s, and the
// verdict reads the median (one round slowed by another process does not decide it).
// Every phase runs once unmeasured first on both servers (printed as warm-up, without a target): a
// server runs for hours, and its first thousands of requests pay for V8 compiling the request path.
// serve runs with --no-warm: its dashboard warm-up would otherwise run during the first phase (the
// API answers do not depend on it).
// Run with `npm run bench:serve` after `npm run build`. BENCH_REQUESTS sets the requests per
// round, BENCH_ROUNDS the rounds per phase and server (3).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoadResult, LoadSpec, Target } from './loadClient.ts';

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
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_P50_MS = 20;
const IDS = ['WALCL', 'SPY', 'VIXCLS', 'DGS10', 'UNRATE', 'GSPC', 'RRPONTSYD', 'BAMLH0A0HYM2'];
const PIN = process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** `cmd args` run on CPU `cpu` when pinning, else as it is. */
function pinned(cpu: number, cmd: string, args: string[]): [string, string[]] {
  return PIN ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args];
}

/** CPU time of a process so far, in ms, user and system apart, from /proc (clock ticks of 10 ms); NaN off Linux. */
function cpuMs(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * 10, system: Number(f[12]) * 10 };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

/** Starts a server process and resolves with it and the first `http://…/` URL it prints. */
function startPrinting(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      out += c;
      const m = /(http:\/\/[^ \n]+\/)/.exec(out);
      if (m?.[1]) resolveUrl({ child, url: m[1] });
    });
    child.on('exit', () => reject(new Error(`${args.join(' ')} exited: ${out}`)));
  });
}

/** Stops a child and waits for its exit. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-serve-'));
const env = { ...process.env, TZ: 'UTC', FLOWLENS_HOME: home };
const imported = spawnSync(process.execPath, [BIN, 'sync', '--from', dir, '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
if (imported.status !== 0 && imported.status !== 1) throw new Error(`import failed: ${imported.stderr}`);

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
/** One request through node:http (the warm-up: builds the answers before they are measured). */
function get(url: string, path: string, headers: Readonly<Record<string, string>> = {}): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const req = request(`${url}${path.slice(1)}`, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? done(performance.now() - t0) : fail(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Runs the load generator (its own process, pinned to CPU 1) over `targets` against `url`. */
function load(url: string, targets: readonly Target[]): Promise<LoadResult> {
  const u = new URL(url);
  const spec: LoadSpec = { host: u.hostname, port: Number(u.port), targets, clients: CLIENTS, requests: REQUESTS };
  const [cmd, args] = pinned(1, process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'loadClient.ts'), JSON.stringify(spec)]);
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out) as LoadResult) : fail(new Error(`load generator failed: ${err}`))));
  });
}

/** What one run of a phase measured: latency quantiles, throughput and CPU time per request. */
interface Round {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  readonly kbPerAnswer: number;
  readonly readsPerAnswer: number;
  /** Server CPU per request, ms, user and system apart. */
  readonly user: number;
  readonly system: number;
  readonly generatorCpu: number;
}

/** One run of a phase: REQUESTS requests over CLIENTS clients against the server `pid`. */
async function round(url: string, pid: number, targets: readonly Target[]): Promise<Round> {
  const cpu0 = cpuMs(pid);
  const r = await load(url, targets);
  const cpu1 = cpuMs(pid);
  const latencies = r.latenciesMs.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] as number;
  return {
    p50: q(0.5),
    p99: q(0.99),
    perSecond: REQUESTS / r.seconds,
    kbPerAnswer: r.bytes / REQUESTS / 1024,
    readsPerAnswer: r.reads / REQUESTS,
    user: (cpu1.user - cpu0.user) / REQUESTS,
    system: (cpu1.system - cpu0.system) / REQUESTS,
    generatorCpu: r.cpuMs / REQUESTS,
  };
}

/** The round with the median p50 of `rounds` (the lower middle one of an even count). */
function medianRound(rounds: readonly Round[]): Round {
  return [...rounds].sort((a, b) => a.p50 - b.p50)[Math.floor((rounds.length - 1) / 2)] as Round;
}

/** One line: the median round's figures, the range of the rounds' p50s, and the verdict against `target` when given. */
function print(name: string, rounds: readonly Round[], target: number | undefined): void {
  const m = medianRound(rounds);
  const p50s = rounds.map((r) => r.p50);
  const range = rounds.length > 1 ? ` (${Math.min(...p50s).toFixed(1)}–${Math.max(...p50s).toFixed(1)})` : '';
  const verdict = target === undefined ? '' : `  target p50 ≤ ${target} ms: ${m.p50 <= target ? 'OK' : 'MISSED'}`;
  console.log(
    `${name.padEnd(27)} p50 ${m.p50.toFixed(1).padStart(5)} ms${range}  p99 ${m.p99.toFixed(1).padStart(5)} ms  ${m.perSecond.toFixed(0).padStart(5)} req/s  ` +
      `${m.kbPerAnswer.toFixed(0).padStart(4)} kB/answer in ${m.readsPerAnswer.toFixed(0).padStart(3)} reads  server CPU ${(m.user + m.system).toFixed(2)} ms/req (user ${m.user.toFixed(2)}, sys ${m.system.toFixed(2)})  ` +
      `load generator CPU ${m.generatorCpu.toFixed(2)} ms/req  load ${(loadavg()[0] ?? 0).toFixed(2)}${verdict}`,
  );
}

const series: Target[] = IDS.map((id) => ({ path: `/api/series/${id}`, headers: {} }));
const seriesGzip: Target[] = IDS.map((id) => ({ path: `/api/series/${id}`, headers: { 'accept-encoding': 'gzip' } }));
const PHASES: [string, Target[]][] = [
  ['series', series],
  ['series gzip', seriesGzip],
  ['report warm', [{ path: '/api/report', headers: {} }]],
  ['report gzip', [{ path: '/api/report', headers: { 'accept-encoding': 'gzip' } }]],
];

let server: ChildProcess | undefined;
let control: ChildProcess | undefined;
try {
  console.log(
    `bench:serve — ${REQUESTS} requests per phase over ${CLIENTS} concurrent keep-alive clients, built CLI, store from ${dir}; ` +
      `${PIN ? 'server on CPU 0, load generator on CPU 1' : 'not pinned'}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const started = await startPrinting(...pinned(0, process.execPath, [BIN, 'serve', '--port', '0', '--no-warm']), env);
  server = started.child;
  const url = started.url;
  for (const t of [...series, ...seriesGzip]) await get(url, t.path, t.headers);
  const build0 = performance.now();
  await get(url, '/api/report');
  console.log(`report build (cold, first request): ${(performance.now() - build0).toFixed(0)} ms`);
  await get(url, '/api/report', { 'accept-encoding': 'gzip' });
  const controlSpec = { from: url.slice(0, -1), paths: PHASES.flatMap(([, targets]) => targets) };
  const c = await startPrinting(...pinned(0, process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'controlServer.ts'), JSON.stringify(controlSpec)]), env);
  control = c.child;
  const servers = [
    { label: '', url, pid: server.pid ?? 0, target: TARGET_P50_MS },
    { label: 'control ', url: c.url, pid: control.pid ?? 0, target: undefined },
  ];
  // A server runs for hours: its steady state is what a client meets, not the first seconds while V8
  // still compiles the request path (the first 2,000 requests cost the server twice the CPU of later ones).
  for (const s of servers) for (const [name, targets] of PHASES) print(`warm-up ${s.label}${name}`, [await round(s.url, s.pid, targets)], undefined);
  for (const [name, targets] of PHASES) {
    const rounds = servers.map((): Round[] => []);
    for (let i = 0; i < ROUNDS; i++) for (const [k, s] of servers.entries()) rounds[k]?.push(await round(s.url, s.pid, targets));
    for (const [k, s] of servers.entries()) print(`${s.label}${name}`, rounds[k] ?? [], s.target);
  }
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  agent.destroy();
  await stop(control);
  await stop(server);
  rmSync(home, { recursive: true, force: true });
}
