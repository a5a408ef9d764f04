import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FetchedSeries, IsoDate, Point } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { FastLane, LANE_KEY_HEADERS, laneKey } from './fastLane.ts';
import { RequestLimiter } from './guard.ts';
import { HttpError } from './httpError.ts';
import type { AppRoute, RouteResponse } from './routes.ts';
import { startServer, type RunningServer } from './server.ts';

const walcl = (points: Point[]): FetchedSeries => ({ seriesId: 'WALCL', points, origin: 'hand-made' });

/** `n` weekly WALCL levels from Wednesday 2024-01-03 (hand-made: 7,000,000 − 1,000 a week), enough for a body over GZIP_MIN_BYTES. */
function weekly(n: number): Point[] {
  return Array.from({ length: n }, (_, i) => ({ date: new Date(Date.UTC(2024, 0, 3 + 7 * i)).toISOString().slice(0, 10) as IsoDate, value: 7_000_000 - 1_000 * i }));
}

async function write(home: string, f: FetchedSeries, at: string): Promise<void> {
  const store = await openStore({ home, mode: 'write' });
  try {
    await store.write(f, at);
  } finally {
    await store.close();
  }
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request through node:http (no decompression, every header as sent). */
function get(url: string, path: string, headers: Record<string, string>, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The headers without Date (set by Node at each answer). */
function stable(h: IncomingHttpHeaders): IncomingHttpHeaders {
  const rest = { ...h };
  delete rest.date;
  return rest;
}

describe('laneKey', () => {
  const req = (method: string, headers: IncomingHttpHeaders) => ({ method, url: '/api/series/WALCL', headers }) as IncomingMessage;

  it('keys GET and HEAD apart, and no other method', () => {
    assert.notEqual(laneKey(req('GET', {})), laneKey(req('HEAD', {})));
    assert.equal(laneKey(req('POST', {})), undefined);
    assert.equal(laneKey(req('OPTIONS', {})), undefined);
  });

  it('differs when any header a middleware reads differs', () => {
    const base = laneKey(req('GET', {}));
    for (const name of LANE_KEY_HEADERS) assert.notEqual(laneKey(req('GET', { [name]: 'x' })), base, name);
    assert.equal(laneKey(req('GET', { 'user-agent': 'curl/8' })), base, 'a header no middleware reads is not part of the key');
  });
});

describe('FastLane', () => {
  const answer: RouteResponse = { status: 200, type: 'text/plain', body: 'x' };
  const replay = { again: () => Promise.resolve(answer), answer };

  it('keeps at most maxEntries keys and maxBytes of bodies, dropping all when one more would not fit', () => {
    const lane = new FastLane(new RequestLimiter(), () => {}, 3, 1000);
    lane.remember('a', replay, {}, new Uint8Array(400));
    lane.remember('b', replay, {}, new Uint8Array(400));
    lane.remember('a', replay, {}, new Uint8Array(400)); // the same key again: counted once
    assert.ok(lane.has('a') && lane.has('b'));
    lane.remember('c', replay, {}, new Uint8Array(400)); // 1,200 bytes would not fit
    assert.deepEqual([lane.has('a'), lane.has('b'), lane.has('c')], [false, false, true]);
    lane.remember('d', replay, {}, undefined); // HEAD: no body
    lane.remember('e', replay, {}, undefined);
    assert.deepEqual([lane.has('c'), lane.has('d'), lane.has('e')], [true, true, true]);
    lane.remember('f', replay, {}, undefined); // a fourth key
    assert.deepEqual([lane.has('c'), lane.has('f')], [false, true]);
    lane.remember('g', replay, {}, new Uint8Array(1001)); // larger than the whole budget: not kept
    assert.deepEqual([lane.has('f'), lane.has('g')], [true, false]);
  });
});

describe('the fast lane and a route whose answer changes', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-fastlane-route-'));
  let srv: RunningServer;
  let calls = 0;
  let version = 1;
  const answers = new Map<number, RouteResponse>();
  const route: AppRoute = {
    path: '/t/versioned',
    summary: 'test route: one answer object per version',
    responses: { 200: { description: 'the version', content: { 'text/plain': null } } },
    handle: () => {
      calls++;
      if (version === 3) return Promise.reject(new HttpError(503, 'version 3 is being rebuilt'));
      let a = answers.get(version);
      if (a === undefined) answers.set(version, (a = { status: 200, type: 'text/plain; charset=utf-8', body: `version ${version}` }));
      return Promise.resolve(a);
    },
  };
  before(async () => {
    srv = await startServer({ home, port: 0, log: () => {}, routes: [route] });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('asks the route once per request, and answers what it gave when it changed or failed', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await get(srv.url, 't/versioned', {})).body.toString(), 'version 1');
    assert.equal(srv.fastLaneAnswered(), 1);
    assert.equal(calls, 3);
    version = 2;
    assert.equal((await get(srv.url, 't/versioned', {})).body.toString(), 'version 2');
    assert.equal(calls, 4, 'the lane asked, the chain took its answer');
    for (let i = 0; i < 2; i++) assert.equal((await get(srv.url, 't/versioned', {})).body.toString(), 'version 2');
    assert.equal(srv.fastLaneAnswered(), 2, 'version 2 remembered by the chain, then answered by the lane');
    assert.equal(calls, 6);
    version = 3;
    const failed = await get(srv.url, 't/versioned', {});
    assert.equal(failed.status, 503);
    assert.deepEqual(JSON.parse(failed.body.toString()), { error: 'version 3 is being rebuilt' });
    assert.equal(calls, 7, 'the lane asked, the chain answered what it threw');
  });
});

describe('the fast lane of startServer', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-fastlane-'));
  const token = 'tok-3f9a';
  const origin = 'http://localhost:3000';
  let srv: RunningServer;
  const lines: string[] = [];
  before(async () => {
    await write(home, walcl(weekly(100)), '2026-08-20T12:00:00Z');
    srv = await startServer({ home, port: 0, token, cors: origin, log: (l) => lines.push(l) });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  const bearer = { authorization: `Bearer ${token}` };
  const variants: [string, string, Record<string, string>, string?][] = [
    ['plain', 'api/series/WALCL', bearer],
    ['gzip', 'api/series/WALCL', { ...bearer, 'accept-encoding': 'gzip' }],
    ['a query', 'api/series/walcl?from=2025-08-06', bearer],
    ['CSV', 'api/series/WALCL?format=csv', bearer],
    ['?token= (sets the cookie)', `api/series/WALCL?token=${token}`, {}],
    ['the cookie', 'api/series/WALCL', { cookie: `flowlens_token=${token}` }],
    ['CORS', 'api/series/WALCL', { ...bearer, origin }],
    ['an If-None-Match naming another tag', 'api/series/WALCL', { ...bearer, 'if-none-match': '"old"' }],
    ['HEAD', 'api/series/WALCL', bearer, 'HEAD'],
    ['?ids=', 'api/series?ids=WALCL', bearer],
  ];

  it('answers a repeated cached request with the status, headers and bytes the whole chain wrote', async () => {
    for (const [name, path, headers, method] of variants) {
      const first = await get(srv.url, path, headers, method); // computes and prepares the answer
      const chain = await get(srv.url, path, headers, method); // the same answer object again: remembered
      const before = srv.fastLaneAnswered();
      const lane = await get(srv.url, path, headers, method);
      assert.equal(srv.fastLaneAnswered(), before + 1, `${name}: answered by the fast lane`);
      assert.equal(first.status, 200, name);
      assert.equal(lane.status, chain.status, name);
      assert.deepEqual(stable(lane.headers), stable(chain.headers), name);
      assert.deepEqual(lane.body, chain.body, name);
    }
    const cookie = await get(srv.url, `api/series/WALCL?token=${token}`, {});
    assert.match(String(cookie.headers['set-cookie']), /^flowlens_token=tok-3f9a; Path=\/; HttpOnly; SameSite=Strict$/);
    const cors = await get(srv.url, 'api/series/WALCL', { ...bearer, origin });
    assert.equal(cors.headers['access-control-allow-origin'], origin);
    assert.equal((await get(srv.url, 'api/series/WALCL', { ...bearer, 'accept-encoding': 'gzip' })).headers['content-encoding'], 'gzip');
    assert.deepEqual((await get(srv.url, 'api/series/WALCL', bearer, 'HEAD')).body, Buffer.alloc(0));
    assert.ok(lines.some((l) => /^GET \/api\/series\/WALCL\?token=\*\*\* 200 \d+ ms$/.test(l)), 'the lane logs its line, token hidden');
  });

  it('leaves an answer made anew each time (the catalog) to the whole chain', async () => {
    const before = srv.fastLaneAnswered();
    for (let i = 0; i < 3; i++) assert.equal((await get(srv.url, 'api/series', bearer)).status, 200);
    assert.equal(srv.fastLaneAnswered(), before);
  });

  it('still refuses a wrong token, answers 304 to a matching ETag, and 405 to another method', async () => {
    const ok = await get(srv.url, 'api/series/WALCL', bearer);
    assert.equal((await get(srv.url, 'api/series/WALCL', { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await get(srv.url, 'api/series/WALCL', {})).status, 401);
    const etag = String(ok.headers.etag);
    for (let i = 0; i < 3; i++) assert.equal((await get(srv.url, 'api/series/WALCL', { ...bearer, 'if-none-match': etag })).status, 304);
    assert.equal((await get(srv.url, 'api/series/WALCL', bearer, 'POST')).status, 405);
  });

  it('answers the new data once a sync wrote a new generation, never the remembered bytes', async () => {
    const old = await get(srv.url, 'api/series/WALCL', bearer);
    const dates = (a: Answer) => (JSON.parse(a.body.toString()) as { dates: string[] }).dates;
    assert.equal(dates(old).at(-1), '2025-11-26'); // the 100th Wednesday from 2024-01-03
    await write(home, walcl(weekly(101)), '2026-08-21T12:00:00Z');
    const now = await get(srv.url, 'api/series/WALCL', bearer);
    assert.equal(now.status, 200);
    assert.equal(dates(now).length, 101);
    assert.equal(dates(now).at(-1), '2025-12-03');
    assert.notEqual(now.headers.etag, old.headers.etag);
  });
});
