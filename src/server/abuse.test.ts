import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../store/parquetStore.ts';
import type { IsoDate } from '../series/types.ts';
import { checkHost, hostName, RequestLimiter } from './guard.ts';
import { HttpError } from './httpError.ts';
import { startServer, type RunningServer } from './server.ts';

/** One raw request (Host and method as given, no client-side normalisation of the path). */
function raw(port: number, method: string, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, setHost: false, headers: { host, connection: 'close' }, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('flowlens serve under abuse', () => {
  let home: string;
  let srv: RunningServer;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-abuse-'));
    const store = await openStore({ home, mode: 'write' });
    await store.write({ seriesId: 'WALCL', origin: 'test', points: [{ date: '2026-08-05' as IsoDate, value: 6748567 }, { date: '2026-08-12' as IsoDate, value: 6759955 }] }, '2026-08-20T12:00:00Z');
    await store.close();
    srv = await startServer({ home, port: 0, log: () => {} });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('on loopback answers only loopback Host names (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`, 'localhost', `[::1]:${srv.port}`, `LOCALHOST:${srv.port}`]) {
      assert.equal((await raw(srv.port, 'GET', '/api/series/WALCL', host)).status, 200, host);
    }
    for (const host of ['evil.com', `evil.com:${srv.port}`, '127.0.0.1.evil.com', 'localhost.evil.com', '']) {
      const r = await raw(srv.port, 'GET', '/api/series/WALCL', host);
      assert.equal(r.status, 421, host);
      assert.match((JSON.parse(r.body) as { error: string }).error, /is not this machine/);
    }
  });

  it('sends nosniff, a CSP and no framing with every response, errors included', async () => {
    for (const path of ['/api/series/WALCL', '/nope', '/api/series/NOPE']) {
      const r = await raw(srv.port, 'GET', path);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      assert.match(String(r.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
    }
  });

  it('never leaves the API for the file system, whatever the encoding of ../', async () => {
    const attempts = [
      '/../../../../etc/passwd',
      '/api/series/..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/series/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/api/series/%252e%252e%252fetc%252fpasswd',
      '/api/series/..%5C..%5Cetc%5Cpasswd',
      '/api/series/%c0%ae%c0%ae%c0%afetc%c0%afpasswd',
      '/api/series/WALCL%00.parquet',
      '/api/series/..',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/api/series/%',
    ];
    for (const path of attempts) {
      const r = await raw(srv.port, 'GET', path);
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status}`);
      assert.ok(!r.body.includes('root:'), path);
    }
  });

  it('refuses a 10 kB URL with 414 and a long id without fuzzy matching', async () => {
    assert.equal((await raw(srv.port, 'GET', `/api/series/WALCL?from=${'x'.repeat(10_000)}`)).status, 414);
    const long = await raw(srv.port, 'GET', `/api/series/${'A'.repeat(500)}`);
    assert.equal(long.status, 404);
    assert.match((JSON.parse(long.body) as { error: string }).error, /^unknown series \(id of 500 characters; catalog ids have at most 64\)/);
  });

  it('a request Node refuses before routing (20 kB URL, not HTTP) gets a JSON error, not an empty 431/400', async () => {
    const send = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect(srv.port, '127.0.0.1', () => s.write(text));
        let got = '';
        s.on('data', (d: Buffer) => (got += d.toString()));
        s.on('end', () => resolve(got));
        s.on('error', reject);
      });
    const huge = await send(`GET /api/series?ids=${'A'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    assert.match(huge, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.match(huge, /\r\n\r\n\{"error":"request line and headers over 16 kB; a URL has at most 2048 characters"\}\n$/);
    const garbage = await send('NOT HTTP AT ALL\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 Bad Request\r\n[^]*\{"error":"not a valid HTTP\/1\.1 request"\}\n$/);
  });

  it('answers bad query values with 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/series/WALCL?from=2026-99-01', /^from must be a date/],
      ['/api/series/WALCL?to=%00', /^to must be a date/],
      ['/api/series/WALCL?from=2026-08-12&to=2026-08-01', /^from 2026-08-12 is after to 2026-08-01/],
      ['/api/series/WALCL?as-of=1e9', /^as-of must be a date/],
      ['/api/series/WALCL?format=../../etc', /^format must be json or csv/],
      ['/api/report?as-of=%27%20OR%201=1', /^as-of must be a date/],
    ];
    for (const [path, re] of cases) {
      const r = await raw(srv.port, 'GET', path);
      assert.equal(r.status, 400, path);
      assert.match((JSON.parse(r.body) as { error: string }).error, re, path);
    }
  });

  it('answers every method but GET and HEAD with 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
      const r = await raw(srv.port, method, '/api/series/WALCL');
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, 'GET, HEAD');
    }
  });

  it('keeps answering while 100 sockets send their headers byte by byte and never finish', async () => {
    const slow: Socket[] = [];
    try {
      for (let i = 0; i < 100; i++) {
        const s = connect(srv.port, '127.0.0.1');
        s.on('error', () => {});
        s.write('GET /api/series/WALCL HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        slow.push(s);
      }
      assert.equal((await raw(srv.port, 'GET', '/api/series/WALCL')).status, 200);
      assert.equal(srv.server.headersTimeout, 10_000);
    } finally {
      for (const s of slow) s.destroy();
    }
  });

  it('answers 200 concurrent clients with 200 or a quick 503, and stays up', async () => {
    const statuses = await Promise.all(Array.from({ length: 200 }, () => raw(srv.port, 'GET', '/api/series/WALCL').then((r) => r.status)));
    assert.deepEqual([...new Set(statuses)].filter((s) => s !== 200 && s !== 503), []);
    assert.ok(statuses.includes(200));
    assert.equal((await raw(srv.port, 'GET', '/healthz')).status, 200);
  });
});

describe('RequestLimiter', () => {
  it('runs 8 at once, queues 64, and refuses the next with 503 at once', async () => {
    const limiter = new RequestLimiter(8, 64);
    const gates: (() => void)[] = [];
    const job = () => new Promise<string>((resolve) => gates.push(() => resolve('done')));
    const running = Array.from({ length: 72 }, () => limiter.run(job));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(limiter.load, { active: 8, queued: 64 });
    await assert.rejects(limiter.run(job), (e: unknown) => e instanceof HttpError && e.status === 503);
    // Release every job as it starts: all 72 finish, and the limiter is empty again.
    while (gates.length > 0 || limiter.load.active > 0) {
      gates.splice(0).forEach((g) => g());
      await new Promise((r) => setImmediate(r));
    }
    assert.equal((await Promise.all(running)).length, 72);
    assert.deepEqual(limiter.load, { active: 0, queued: 0 });
  });
});

describe('checkHost', () => {
  it('reads the host name without its port and checks it only on a loopback bind', () => {
    assert.equal(hostName('[::1]:8787'), '[::1]');
    assert.equal(hostName('Example.COM:80'), 'example.com');
    assert.throws(() => checkHost('127.0.0.1', 'evil.com'), /Host "evil.com" is not this machine/);
    assert.throws(() => checkHost('127.0.0.1', undefined), /Host "" is not this machine/);
    assert.doesNotThrow(() => checkHost('0.0.0.0', 'evil.com'));
  });
});
