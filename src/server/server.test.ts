import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../cli/report.ts';
import { CATALOG } from '../series/catalog.ts';
import type { FetchedSeries, IsoDate, Point } from '../series/types.ts';
import { readManifest } from '../store/manifest.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';
import { ReportCache, type BuiltReport } from './reportCache.ts';
import { startServer, type RunningServer } from './server.ts';
import { storeStamp, type StoreStamp } from './storeStamp.ts';

const pts = (...pairs: [string, number][]): Point[] => pairs.map(([date, value]) => ({ date: date as IsoDate, value }));
const walcl = (points: Point[]): FetchedSeries => ({ seriesId: 'WALCL', points, origin: 'hand-made' });

async function write(home: string, f: FetchedSeries, at: string): Promise<void> {
  const store = await openStore({ home, mode: 'write' });
  try {
    await store.write(f, at);
  } finally {
    await store.close();
  }
}

describe('storeStamp', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-serve-stamp-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('is empty for a store that does not exist, and changes with each write that changes a series', async () => {
    const empty = storeStamp(home);
    assert.deepEqual(empty, { key: '', seriesFiles: 0, lastWriteMs: 0 });
    await write(home, walcl(pts(['2026-08-12', 6759955])), '2026-08-20T12:00:00Z');
    const one = storeStamp(home);
    assert.equal(one.seriesFiles, 1);
    assert.match(one.key, /^manifest:\d+:\d+:/);
    assert.ok(one.lastWriteMs > 0);
    assert.deepEqual(storeStamp(home), one, 'no change, same stamp');
    await write(home, walcl(pts(['2026-08-12', 6759955], ['2026-08-19', 6745699])), '2026-08-21T12:00:00Z');
    assert.notEqual(storeStamp(home).key, one.key);
  });

  it('changes when a sync only appends to the sync log', () => {
    const before = storeStamp(home);
    writeFileSync(storePaths(home).syncLog, '{"seriesId":"WALCL","at":"2026-08-21T12:00:00Z","origin":"x","ok":true,"added":0,"revised":0}\n', { flag: 'a' });
    assert.notEqual(storeStamp(home).key, before.key);
  });
});

describe('ReportCache', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-serve-cache-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('builds once per store state and as-of date, shares a build in progress, and rebuilds after a write', async () => {
    const builds: (string | undefined)[] = [];
    const fake = async (_home: string, asOf: IsoDate | undefined, stamp: StoreStamp): Promise<BuiltReport> => {
      builds.push(asOf);
      await new Promise((r) => setTimeout(r, 20));
      const report = { asOf: asOf ?? null } as unknown as Report;
      return { stamp, report, buildMs: 20, html: () => `html ${asOf ?? 'latest'}`, json: () => '{}' };
    };
    const cache = new ReportCache(home, 2, fake);
    await assert.rejects(cache.get(undefined), (e: Error & { status?: number }) => e.status === 503 && /the store is empty: run `flowlens sync`/.test(e.message));
    await write(home, walcl(pts(['2026-08-12', 6759955])), '2026-08-20T12:00:00Z');
    const [a, b] = await Promise.all([cache.get(undefined), cache.get(undefined)]);
    assert.equal(a.cached, false);
    assert.equal(b.cached, true, 'the second request waits for the same build');
    assert.equal(a.built, b.built);
    assert.equal((await cache.get(undefined)).cached, true);
    assert.equal((await cache.get('2024-08-06' as IsoDate)).built.html(), 'html 2024-08-06');
    assert.deepEqual(builds, [undefined, '2024-08-06']);
    await write(home, walcl(pts(['2026-08-12', 6759955], ['2026-08-19', 6745699])), '2026-08-21T12:00:00Z');
    assert.equal((await cache.get(undefined)).cached, false, 'a write makes the next request rebuild');
    // Capacity 2: a third as-of date drops the least recently used one ('2024-08-06').
    await cache.get('2020-03-16' as IsoDate);
    assert.equal((await cache.get('2024-08-06' as IsoDate)).cached, false);
    assert.deepEqual(builds, [undefined, '2024-08-06', undefined, '2020-03-16', '2024-08-06']);
  });
});

describe('startServer on a hand-made store', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-serve-unit-'));
  const lines: string[] = [];
  let srv: RunningServer;
  before(async () => {
    await write(home, walcl(pts(['2026-08-05', 6748567], ['2026-08-12', 6759955], ['2026-08-19', Number.NaN])), '2026-08-20T12:00:00Z');
    srv = await startServer({ home, port: 0, log: (l) => lines.push(l) });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 by default on the port it was given (0: a free one)', () => {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(srv.port > 0);
  });

  it('serves a series as JSON with missing values as null, and as CSV', async () => {
    const r = await fetch(`${srv.url}api/series/walcl?from=2026-08-06`);
    assert.equal(r.status, 200);
    const j = (await r.json()) as { id: string; unit: string; from: string; count: number; dates: string[]; values: (number | null)[] };
    assert.deepEqual({ id: j.id, unit: j.unit, from: j.from, count: j.count, dates: j.dates, values: j.values }, { id: 'WALCL', unit: 'USD mn', from: '2026-08-06', count: 2, dates: ['2026-08-12', '2026-08-19'], values: [6759955, null] });
    const csv = await fetch(`${srv.url}api/series/WALCL?format=csv&to=2026-08-12`);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(await csv.text(), 'date,WALCL\n2026-08-05,6748567\n2026-08-12,6759955\n');
  });

  it('answers HEAD with the headers of GET and no body, and ignores a trailing slash', async () => {
    const head = await fetch(`${srv.url}api/series/WALCL/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    const get = await fetch(`${srv.url}api/series/WALCL`);
    const body = await get.text();
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(body)));
    assert.equal(await head.text(), '');
  });

  it('answers /api/series with the whole catalog and what is stored of each', async () => {
    const j = (await (await fetch(`${srv.url}api/series`)).json()) as { series: { id: string; firstDate: string | null; lastDate: string | null; count: number; status: string }[] };
    assert.equal(j.series.length, CATALOG.length);
    const w = j.series.find((s) => s.id === 'WALCL');
    assert.deepEqual(w && { firstDate: w.firstDate, lastDate: w.lastDate, count: w.count }, { firstDate: '2026-08-05', lastDate: '2026-08-12', count: 2 });
    assert.equal(j.series.find((s) => s.id === 'VIX')?.status, 'not synced');
  });

  it('answers errors as JSON with the status and a message naming the problem', async () => {
    const cases: [string, number, RegExp][] = [
      ['nope', 404, /^no such path: \/nope/],
      ['api/series/WALCLX', 404, /^unknown series "WALCLX" \(did you mean WALCL\?\)/],
      ['api/series/VIX', 404, /^no data stored for VIX; run `flowlens sync --only VIX`/],
      ['api/series/WALCL?from=2026-02-30', 400, /^from must be a date YYYY-MM-DD, got "2026-02-30"/],
      ['api/series/WALCL?as-of=yesterday', 400, /^as-of must be a date YYYY-MM-DD or an ISO timestamp, got "yesterday"/],
      ['api/series/WALCL?format=xml', 400, /^format must be json or csv, got "xml"/],
      ['?as-of=2024-8-6', 400, /^as-of must be a date YYYY-MM-DD, got "2024-8-6"/],
      ['api/report?as-of=x', 400, /^as-of must be a date/],
    ];
    for (const [path, status, message] of cases) {
      const r = await fetch(`${srv.url}${path}`);
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(((await r.json()) as { error: string }).error, message, path);
    }
    const slashes = await fetch(`${srv.url}/api/series`);
    assert.equal(slashes.status, 404, 'a path starting with // is a path, not a host');
    const post = await fetch(srv.url, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });

  it('turns an unexpected failure into a 500 with one line, and logs it', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'flowlens-serve-broken-'));
    const other = await startServer({ home: broken, port: 0, log: (l) => lines.push(l) });
    try {
      await write(broken, walcl(pts(['2026-08-12', 1])), '2026-08-20T12:00:00Z');
      // A damaged data file: that series answers 503 naming the file and the repair.
      const file = join(storePaths(broken).series, readManifest(storePaths(broken).manifest).series.WALCL?.file ?? '');
      writeFileSync(file, 'not a parquet file');
      const damaged = await fetch(`${other.url}api/series/WALCL`);
      assert.equal(damaged.status, 503);
      assert.match(((await damaged.json()) as { error: string }).error, /WALCL\.\d+\.parquet: WALCL is damaged \(\d+ bytes instead of \d+\); skipped — repair with `flowlens sync --only WALCL`/);
      // A damaged manifest is unexpected: a 500 with one line naming it.
      writeFileSync(storePaths(broken).manifest, '{"generation":');
      const r = await fetch(`${other.url}api/series/WALCL`);
      assert.equal(r.status, 500);
      const { error } = (await r.json()) as { error: string };
      assert.match(error, /^internal error: .*manifest\.json: not valid JSON/);
      assert.ok(!error.includes('\n'));
      assert.ok(lines.some((l) => /^flowlens serve: error on GET \/api\/series\/WALCL: /.test(l)), lines.join('\n'));
    } finally {
      await other.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('says what to do when the store is empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'flowlens-serve-empty-'));
    const other = await startServer({ home: empty, port: 0, log: () => {} });
    try {
      const r = await fetch(other.url);
      assert.equal(r.status, 503);
      assert.match(((await r.json()) as { error: string }).error, /^the store is empty: run `flowlens sync`/);
      const h = (await (await fetch(`${other.url}healthz`)).json()) as unknown;
      assert.deepEqual(h, { ok: true, seriesFiles: 0, lastWrite: null });
    } finally {
      await other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a port in use with a message naming it', async () => {
    await assert.rejects(startServer({ home, port: srv.port, log: () => {} }), new RegExp(`^Error: port ${srv.port} on 127\\.0\\.0\\.1 is already in use: pick another with --port`));
  });

  it('logs one line per request', () => {
    assert.ok(lines.some((l) => /^GET \/api\/series\/walcl\?from=2026-08-06 200 \d+ ms$/.test(l)), lines.join('\n'));
  });

  it('closes: the port stops answering', async () => {
    const other = await startServer({ home, port: 0, log: () => {} });
    assert.equal((await fetch(`${other.url}healthz`)).status, 200);
    await other.close();
    assert.equal(other.server.listening, false);
    await assert.rejects(fetch(`${other.url}healthz`));
  });
});
