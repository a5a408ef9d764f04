/**
 * `npm run bench:server-abuse`: flowlens serve under abuse, on a small temporary store.
 * 200 concurrent clients × 3 rounds of /api/series/WALCL, 500 sockets that never finish their
 * headers, and 20 requests with a 16 kB id; prints latency p50/p99, status counts, errors and the
 * growth of the resident set. Numbers only: nothing here is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server/server.ts';
import type { IsoDate } from '../src/series/types.ts';
import { openStore } from '../src/store/parquetStore.ts';

function get(port: number, path: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on('error', () => resolve({ status: -1, ms: performance.now() - t0 }));
    req.end();
  });
}

const pct = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-abuse-'));
const store = await openStore({ home, mode: 'write' });
await store.write({ seriesId: 'WALCL', origin: 'bench', points: Array.from({ length: 1000 }, (_, i) => ({ date: new Date(Date.UTC(2005, 0, 5) + i * 7 * 86_400_000).toISOString().slice(0, 10) as IsoDate, value: 4e6 + i })) }, new Date().toISOString());
await store.close();
const srv = await startServer({ home, port: 0, log: () => {} });
const rss0 = process.memoryUsage().rss;
try {
  const slow: Socket[] = [];
  for (let i = 0; i < 500; i++) {
    const s = connect(srv.port, '127.0.0.1');
    s.on('error', () => {});
    s.write('GET /api/series/WALCL HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    slow.push(s);
  }
  const results: { status: number; ms: number }[] = [];
  for (let round = 0; round < 3; round++) results.push(...(await Promise.all(Array.from({ length: 200 }, () => get(srv.port, '/api/series/WALCL')))));
  const longIds = await Promise.all(Array.from({ length: 20 }, () => get(srv.port, `/api/series/${'X'.repeat(16_000)}`)));
  const health = await get(srv.port, '/healthz');
  for (const s of slow) s.destroy();
  const counts = new Map<number, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const ok = results.filter((r) => r.status === 200).map((r) => r.ms);
  process.stdout.write(
    `600 requests from 200 concurrent clients with 500 slow sockets open: statuses ${[...counts].map(([s, n]) => `${s}×${n}`).join(', ')}; ` +
      `200s p50 ${pct(ok, 0.5).toFixed(0)} ms, p99 ${pct(ok, 0.99).toFixed(0)} ms; errors ${counts.get(-1) ?? 0}\n` +
      `20 requests with a 16 kB id: statuses ${[...new Set(longIds.map((r) => r.status))].join(', ')}, p99 ${pct(longIds.map((r) => r.ms), 0.99).toFixed(0)} ms; /healthz after: ${health.status} in ${health.ms.toFixed(0)} ms\n` +
      `RSS ${(rss0 / 1e6).toFixed(0)} MB → ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`,
  );
} finally {
  await srv.close();
  rmSync(home, { recursive: true, force: true });
}
