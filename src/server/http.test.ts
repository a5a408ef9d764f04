import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { handMadeStore, pts, writeSeries as write } from '../testing/serverStore.ts';
import { presentedToken, tokenMatches } from './guard.ts';
import { acceptsGzip, etagMatches } from './httpCache.ts';
import { seriesBody } from './schemas.ts';
import { startServer, type RunningServer } from './server.ts';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  text: string;
}

/** One request as a client sends it: exactly these headers (Host added), no decompression. */
function raw(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { connection: 'close', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, text: bytes.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('flowlens serve over HTTP: caching, compression, several series, provenance', () => {
  let home: string;
  let srv: RunningServer;
  before(async () => {
    home = await handMadeStore();
    srv = await startServer({ home, port: 0, log: () => {} });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('gzips a body over 1 kB for a client that accepts gzip, with the compressed length, and not otherwise', async () => {
    const plain = await raw(srv.port, '/api/series');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.bytes.length > 1024, `the catalog is ${plain.bytes.length} bytes`);
    assert.equal(plain.headers['content-length'], String(plain.bytes.length));
    const gz = await raw(srv.port, '/api/series', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.equal(gz.headers['content-length'], String(gz.bytes.length));
    assert.ok(gz.bytes.length < plain.bytes.length / 4, `${gz.bytes.length} gzipped vs ${plain.bytes.length}`);
    assert.equal(gunzipSync(gz.bytes).toString('utf8'), plain.text);
    assert.equal((await raw(srv.port, '/api/series', { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding'], undefined);
    const small = await raw(srv.port, '/healthz', { 'accept-encoding': 'gzip' });
    assert.ok(small.bytes.length < 1024);
    assert.equal(small.headers['content-encoding'], undefined, 'under 1 kB goes as it is');
  });

  it('sends a strong ETag and answers 304 with no body when If-None-Match names it (plain or gzip variant)', async () => {
    const first = await raw(srv.port, '/api/series/WALCL');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    assert.equal((await raw(srv.port, '/api/series/WALCL')).headers.etag, etag, 'same body, same tag');
    const again = await raw(srv.port, '/api/series/WALCL', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.bytes.length, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal((await raw(srv.port, '/api/series/WALCL', { 'if-none-match': '"other", W/' + etag })).status, 304, 'weak comparison, any tag of the list');
    assert.equal((await raw(srv.port, '/api/series/WALCL', { 'if-none-match': '"other"' })).status, 200);
    assert.notEqual((await raw(srv.port, '/api/series/WALCL?from=2026-08-12')).headers.etag, etag, 'another body, another tag');
    const gz = await raw(srv.port, '/api/series', { 'accept-encoding': 'gzip' });
    const gzTag = String(gz.headers.etag);
    assert.match(gzTag, /-gz"$/);
    assert.equal((await raw(srv.port, '/api/series', { 'accept-encoding': 'gzip', 'if-none-match': gzTag })).status, 304);
  });

  it('changes the ETag when a write changes the answer', async () => {
    const other = await handMadeStore();
    const s = await startServer({ home: other, port: 0, log: () => {} });
    try {
      const before = String((await raw(s.port, '/api/series/VIX')).headers.etag);
      await write(other, { seriesId: 'VIX', origin: 'market/VIX_History_cboe.csv', points: pts(['2026-08-14', 18]) }, '2026-08-21T12:00:00Z');
      const after = await raw(s.port, '/api/series/VIX', { 'if-none-match': before });
      assert.equal(after.status, 200);
      assert.notEqual(after.headers.etag, before);
      assert.deepEqual((JSON.parse(after.text) as { values: number[] }).values, [16.5, 17.25, 18]);
    } finally {
      await s.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('answers HEAD with the headers of GET, gzip included', async () => {
    const get = await raw(srv.port, '/api/series', { 'accept-encoding': 'gzip' });
    const head = await raw(srv.port, '/api/series', { 'accept-encoding': 'gzip' }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.bytes.length, 0);
    assert.equal(head.headers['content-length'], String(get.bytes.length));
    assert.equal(head.headers.etag, get.headers.etag);
  });

  it('serves several series side by side as CSV: one date column, one column per id, outer join, empty cells', async () => {
    const r = await raw(srv.port, '/api/series?ids=walcl,VIX&format=csv');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(r.text, 'date,WALCL,VIX\n2026-08-05,6748567,\n2026-08-12,6759955,16.5\n2026-08-13,,17.25\n2026-08-19,,\n2026-08-26,6701234,\n');
    assert.equal(r.headers['x-flowlens-source'], 'WALCL=fred https://fred.stlouisfed.org/graph/fredgraph.csv?id=WALCL; VIX=cboe market/VIX_History_cboe.csv');
    assert.equal(r.headers['x-flowlens-retrieved-at'], 'WALCL=2026-08-27T21:30:00.000Z; VIX=2026-08-20T12:00:00.000Z');
    const window = await raw(srv.port, '/api/series?ids=VIX,WALCL&format=csv&from=2026-08-12&to=2026-08-13');
    assert.equal(window.text, 'date,VIX,WALCL\n2026-08-12,16.5,6759955\n2026-08-13,17.25,\n', 'columns in the order asked, window applied to each');
  });

  it('serves several series as JSON: an array of the objects /api/series/ID answers, in the order asked', async () => {
    const many = JSON.parse((await raw(srv.port, '/api/series?ids=VIX,WALCL,vix&from=2026-08-12')).text) as unknown[];
    assert.equal(many.length, 2, 'a repeated id once');
    const walcl = JSON.parse((await raw(srv.port, '/api/series/WALCL?from=2026-08-12')).text) as unknown;
    const vix = JSON.parse((await raw(srv.port, '/api/series/VIX?from=2026-08-12')).text) as unknown;
    assert.deepEqual(many, [vix, walcl]);
    for (const one of many) seriesBody.parse(one);
  });

  it('says where each series comes from: source, origin and the newest retrieval, as of the date asked', async () => {
    const latest = JSON.parse((await raw(srv.port, '/api/series/WALCL')).text) as { provenance: unknown; dates: string[] };
    assert.deepEqual(latest.provenance, { source: 'fred', origin: 'https://fred.stlouisfed.org/graph/fredgraph.csv?id=WALCL', retrievedAt: '2026-08-27T21:30:00.000Z' });
    const then = await raw(srv.port, '/api/series/WALCL?as-of=2026-08-21&format=csv');
    assert.equal(then.text, 'date,WALCL\n2026-08-05,6748567\n2026-08-12,6759955\n2026-08-19,\n');
    assert.equal(then.headers['x-flowlens-source'], 'fred hand-made');
    assert.equal(then.headers['x-flowlens-retrieved-at'], '2026-08-20T12:00:00.000Z');
  });

  it('answers bad ids and their count with 400 or 404 naming the problem', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/series?ids=', 400, /^ids must list 1 to 20 series ids separated by commas, got 0/],
      [`/api/series?ids=${Array.from({ length: 21 }, (_, i) => `S${i}`).join(',')}`, 400, /^ids must list 1 to 20 series ids separated by commas, got 21/],
      ['/api/series?ids=WALCL,NOPE_NOT_A_SERIES', 404, /^unknown series "NOPE_NOT_A_SERIES"/],
      ['/api/series?ids=WALCL,RRPONTSYD', 404, /^no data stored for RRPONTSYD/],
      ['/api/series?ids=WALCL&format=xlsx', 400, /^format must be json or csv, got "xlsx"/],
      ['/api/series?ids=WALCL&to=2026-13-01', 400, /^to must be a date YYYY-MM-DD, got "2026-13-01"/],
      ['/api/series?format=csv', 400, /^format=csv needs ids=A,B/],
    ];
    for (const [path, status, re] of cases) {
      const r = await raw(srv.port, path);
      assert.equal(r.status, status, path);
      assert.match((JSON.parse(r.text) as { error: string }).error, re, path);
    }
  });

  it('a known parameter spelt another way (asOf for as-of) is a 400 naming it, not the newest data', async () => {
    const cases: [string, string][] = [
      ['/api/series?ids=WALCL&asOf=2026-08-21', 'unknown parameter "asOf" (did you mean as-of?)'],
      ['/api/series/WALCL?as_of=2026-08-21', 'unknown parameter "as_of" (did you mean as-of?)'],
      ['/api/report?asOf=2020-01-01', 'unknown parameter "asOf" (did you mean as-of?)'],
      ['/api/series/WALCL?Format=csv', 'unknown parameter "Format" (did you mean format?)'],
    ];
    for (const [path, error] of cases) {
      const r = await raw(srv.port, path);
      assert.equal(r.status, 400, path);
      assert.deepEqual(JSON.parse(r.text), { error }, path);
    }
    // Parameters it does not know at all stay ignored (a cache-buster).
    assert.equal((await raw(srv.port, '/api/series/WALCL?_=123')).status, 200);
  });

  it('serves the report at /report as at /', async () => {
    const a = await raw(srv.port, '/report?as-of=2026-08-20');
    const b = await raw(srv.port, '/?as-of=2026-08-20');
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(a.text, b.text);
    assert.equal((await raw(srv.port, '/report?as-of=20-08-2026')).status, 400);
  });

  it('sends no Access-Control-* header when --cors is not given, and refuses the preflight', async () => {
    const r = await raw(srv.port, '/api/series/WALCL', { origin: 'http://localhost:3000' });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), []);
    const pre = await raw(srv.port, '/api/series/WALCL', { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' }, 'OPTIONS');
    assert.equal(pre.status, 405);
    assert.deepEqual(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-')), []);
  });
});

describe('flowlens serve with --cors ORIGIN', () => {
  let home: string;
  let srv: RunningServer;
  before(async () => {
    home = await handMadeStore();
    srv = await startServer({ home, port: 0, log: () => {}, cors: 'http://localhost:3000' });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lets that origin read the API and its provenance headers, and no other origin', async () => {
    const r = await raw(srv.port, '/api/series/WALCL', { origin: 'http://localhost:3000' });
    assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.match(String(r.headers['access-control-expose-headers']), /x-flowlens-source/i);
    assert.match(String(r.headers.vary), /Origin/);
    const other = await raw(srv.port, '/api/series/WALCL', { origin: 'http://evil.example' });
    assert.equal(other.status, 200, 'the answer is sent; the browser withholds it from the other page');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  it('answers the preflight with 204 and the methods allowed', async () => {
    const pre = await raw(srv.port, '/api/series/WALCL', { origin: 'http://localhost:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }, 'OPTIONS');
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.equal(pre.headers['access-control-allow-methods'], 'GET,HEAD');
    assert.match(String(pre.headers['access-control-allow-headers']), /Authorization/);
    assert.equal((await raw(srv.port, '/api/series/WALCL', {}, 'POST')).status, 405, 'other methods stay refused');
  });
});

describe('flowlens serve with a token', () => {
  const TOKEN = 'correct-horse-battery-staple';
  let home: string;
  let srv: RunningServer;
  const lines: string[] = [];
  before(async () => {
    home = await handMadeStore();
    srv = await startServer({ home, port: 0, log: (l) => lines.push(l), token: TOKEN });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('refuses a request without the token or with a wrong one (401, JSON), even on loopback', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }, { cookie: 'flowlens_token=nope' }] as Record<string, string>[]) {
      const r = await raw(srv.port, '/api/series/WALCL', headers);
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="flowlens"');
      assert.match((JSON.parse(r.text) as { error: string }).error, /^(a token is required: send `Authorization: Bearer TOKEN`|wrong token)/);
    }
    assert.equal((await raw(srv.port, `/api/series/WALCL?token=${TOKEN.slice(0, -1)}`)).status, 401);
    assert.equal((await raw(srv.port, '/healthz')).status, 401, 'every route');
  });

  it('accepts the token as a Bearer header, as ?token=, and then as the cookie that query set', async () => {
    assert.equal((await raw(srv.port, '/api/series/WALCL', { authorization: `Bearer ${TOKEN}` })).status, 200);
    const q = await raw(srv.port, `/api/series/WALCL?token=${TOKEN}`);
    assert.equal(q.status, 200);
    const cookie = String(q.headers['set-cookie']);
    assert.match(cookie, new RegExp(`^flowlens_token=${TOKEN}; Path=/; HttpOnly; SameSite=Strict$`));
    assert.equal((await raw(srv.port, '/api/series/VIX', { cookie: cookie.split(';')[0] ?? '' })).status, 200);
  });

  it('still checks the Host header, and never logs the token', async () => {
    assert.equal((await raw(srv.port, `/api/series/WALCL?token=${TOKEN}`, { host: 'evil.com' })).status, 421);
    assert.ok(lines.some((l) => l.startsWith('GET /api/series/WALCL?token=*** 200 ')), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes(TOKEN)));
  });
});

describe('startServer on another interface', () => {
  it('refuses to start without a token, before listening', async () => {
    await assert.rejects(startServer({ home: tmpdir(), port: 0, host: '0.0.0.0', log: () => {} }), /^Error: --host 0\.0\.0\.0 is reachable from other machines: give a token with --token T or FLOWLENS_TOKEN$/);
  });
});

describe('token and cache helpers', () => {
  it('compares tokens of any length without throwing, and reads the Bearer header first', () => {
    assert.equal(tokenMatches('abc', 'abc'), true);
    assert.equal(tokenMatches('abc', 'abcd'), false);
    assert.equal(tokenMatches('abc', ''), false);
    assert.equal(presentedToken({ authorization: 'bearer  T1 ', query: 'T2' }), 'T1');
    assert.equal(presentedToken({ query: 'T2', cookie: 'T3' }), 'T2');
    assert.equal(presentedToken({ authorization: 'Basic x', cookie: 'T3' }), 'T3');
  });

  it('reads Accept-Encoding and If-None-Match as RFC 9110 says', () => {
    assert.equal(acceptsGzip('gzip, deflate, br'), true);
    assert.equal(acceptsGzip('br;q=1.0, gzip;q=0.8'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip(undefined), false);
    assert.equal(etagMatches('*', '"a"'), true);
    assert.equal(etagMatches('"b", W/"a"', '"a"'), true);
    assert.equal(etagMatches('"a-gz"', '"a"'), true);
    assert.equal(etagMatches('"ab"', '"a"'), false);
  });
});
