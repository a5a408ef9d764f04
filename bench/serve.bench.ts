// Benchmark: `flowlens serve` over a store imported from ../shared/data (or $FLOWLENS_DATA_DIR),
// run as its own process, answering GET /api/series/ID to 50 concurrent clients (keep-alive),
// against the target of issue #11: p50 ≤ 20 ms. Prints p50 / p99 with OK or MISSED.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:serve: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
const MAIN = join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const CLIENTS = 50;
const REQUESTS = 2000;
const IDS = ['WALCL', 'SPY', 'VIXCLS', 'DGS10', 'UNRATE', 'GSPC', 'RRPONTSYD', 'BAMLH0A0HYM2'];

const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-serve-'));
const env = { ...process.env, TZ: 'UTC', FLOWLENS_HOME: home };
const imported = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', '--from', dir, '--json'], { env, encoding: 'utf8' });
if (imported.status !== 0 && imported.status !== 1) throw new Error(`import failed: ${imported.stderr}`);

const server = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
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

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
function get(path: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? done(performance.now() - t0) : fail(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', fail);
    req.end();
  });
}

try {
  // One request per id first: the answers a dashboard asks for again and again.
  for (const id of IDS) await get(`api/series/${id}`);
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        latencies.push(await get(`api/series/${IDS[i % IDS.length]}`));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] as number;
  const p50 = q(0.5);
  console.log(`bench:serve — ${REQUESTS} GET /api/series/ID over ${CLIENTS} concurrent clients, store from ${dir}`);
  console.log(`p50 ${p50.toFixed(1)} ms  p99 ${q(0.99).toFixed(1)} ms  (${(REQUESTS / seconds).toFixed(0)} req/s)  target p50 ≤ 20 ms: ${p50 <= 20 ? 'OK' : 'MISSED'}`);
} finally {
  agent.destroy();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(home, { recursive: true, force: true });
}
