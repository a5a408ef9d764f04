import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { parseCorsOrigin, parsePort, refreshOnce, registerServe, resolveToken } from './serve.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** A program with only `serve`, as main.ts will register it. */
const HARNESS = `import { Command } from 'commander'; import { registerServe } from ${JSON.stringify(join(import.meta.dirname, 'serve.ts'))};
const p = new Command().exitOverride(); registerServe(p);
p.parseAsync(process.argv.slice(1), { from: 'user' }).catch((e) => { process.stderr.write('flowlens: ' + e.message + '\\n'); process.exitCode = 1; });`;

describe('parsePort', () => {
  it('accepts 0 to 65535 and names the flag otherwise', () => {
    assert.equal(parsePort('8787'), 8787);
    assert.equal(parsePort('0'), 0);
    for (const bad of ['65536', '-1', '80.5', 'http', '']) assert.throws(() => parsePort(bad), new RegExp(`^FlowlensError: --port must be a whole number from 0 to 65535, got "${bad}"`));
  });

  it('fails the command before listening on a bad --port', async () => {
    const p = new Command().exitOverride();
    registerServe(p);
    await assert.rejects(p.parseAsync(['serve', '--port', 'abc'], { from: 'user' }), /--port must be a whole number from 0 to 65535, got "abc"/);
  });
});

describe('serve --refresh without a rules file', () => {
  it('still syncs (it failed before syncing: "no alert rules at …") and says no rule was evaluated', async () => {
    const home = mkdtempSync(join(tmpdir(), 'flowlens-refresh-norules-'));
    try {
      const folder = join(home, 'data');
      mkdirSync(folder);
      writeFileSync(join(folder, 'WALCL.csv'), 'observation_date,WALCL\n2026-08-05,6748567\n2026-08-12,6759955\n');
      const rules = join(home, 'alerts.json');
      const out = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true; // the line is returned; keep the test output clean
      let line: string;
      try {
        line = await refreshOnce(join(home, 'store-home'), folder, rules);
      } finally {
        process.stdout.write = out;
      }
      assert.match(line, new RegExp(`^flowlens serve: refresh [0-9-]+ [0-9:]+ UTC: 1 series changed \\(of 1 read\\); 0 alerts fired, 0 deliveries pending \\(no alert rules at ${rules.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \`flowlens alerts init\` writes some\\)\\n$`));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('serve --token, FLOWLENS_TOKEN and --cors', () => {
  const T = 'a-token-of-24-characters';

  it('needs a token on any host but loopback, from --token or FLOWLENS_TOKEN', () => {
    assert.equal(resolveToken('127.0.0.1', undefined, {}), undefined);
    assert.equal(resolveToken('127.0.0.1', T, {}), T, 'loopback with a token checks it too');
    assert.equal(resolveToken('0.0.0.0', undefined, { FLOWLENS_TOKEN: T }), T);
    assert.equal(resolveToken('0.0.0.0', T, { FLOWLENS_TOKEN: 'the-environment-one-loses' }), T, 'the flag wins');
    assert.throws(() => resolveToken('0.0.0.0', undefined, { FLOWLENS_TOKEN: '' }), /^FlowlensError: --host 0\.0\.0\.0 serves the store to other machines: give a token with --token T or FLOWLENS_TOKEN/);
    assert.throws(() => resolveToken('192.168.1.20', undefined, {}), /--host 192\.168\.1\.20 serves the store to other machines/);
    for (const bad of ['short', 'has a space in it somewhere', `${'x'.repeat(513)}`]) assert.throws(() => resolveToken('127.0.0.1', bad, {}), /must be 16 to 512 printable characters without spaces/);
  });

  it('takes one origin for --cors and names the flag otherwise', () => {
    assert.equal(parseCorsOrigin('http://localhost:3000'), 'http://localhost:3000');
    assert.equal(parseCorsOrigin('https://notebook.example.org'), 'https://notebook.example.org');
    for (const bad of ['*', 'localhost:3000', 'http://localhost:3000/', 'http://localhost:3000/app', 'file:///tmp/x.html', 'ftp://example.org']) {
      assert.throws(() => parseCorsOrigin(bad), new RegExp(`^FlowlensError: --cors must be one origin like http://localhost:3000 \\(scheme://host\\[:port\\], no path or trailing slash\\), got "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`));
    }
  });

  it('refuses --host 0.0.0.0 without a token before listening, with one line', async () => {
    const saved = process.env.FLOWLENS_TOKEN;
    delete process.env.FLOWLENS_TOKEN;
    try {
      const p = new Command().exitOverride();
      registerServe(p);
      await assert.rejects(p.parseAsync(['serve', '--host', '0.0.0.0', '--port', '0'], { from: 'user' }), (e: Error) => /^--host 0\.0\.0\.0 serves the store to other machines/.test(e.message) && !e.message.includes('\n'));
    } finally {
      if (saved !== undefined) process.env.FLOWLENS_TOKEN = saved;
    }
  });

  it('says what it serves and lists --token and --cors in --help', () => {
    const p = new Command();
    registerServe(p);
    const help = (p.commands.find((c) => c.name() === 'serve')?.helpInformation() ?? '').replace(/\s+/g, ' ');
    assert.match(help, /--token <t>\s+every request must carry it/);
    assert.match(help, /--cors <origin>\s+let pages of this one origin/);
    assert.match(help, /--host <addr>\s+interface to bind \(127\.0\.0\.1: this machine only; any other needs a token\)/);
    // It serves the dashboard's pages, not only "the report" as it said before the dashboard.
    assert.match(help, /^Usage: serve \[options\] the dashboard \(overview, flows, volatility, Fed, liquidity, economy, study, alerts; the report at \/report\), recomputed when the store changes, and a JSON API/);
  });
});

describe('flowlens serve as a process', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-serve-cli-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints its URL, serves the store, and stops cleanly on ${signal}`, async (t) => {
      const store = await openStore({ home, mode: 'write' });
      await store.write({ seriesId: 'WALCL', points: [{ date: '2026-08-19' as IsoDate, value: 6745699 }], origin: 'serve test' }, '2026-08-20T12:00:00Z');
      await store.close();
      const serve = startServe(['--port', '0'], { FLOWLENS_HOME: home }, /^flowlens serve: (http:\/\/127\.0\.0\.1:\d+\/) /m);
      const { child, exited } = serve;
      const url = await serve.url;
      const j = (await (await fetch(`${url}api/series/WALCL`)).json()) as { dates: string[]; values: number[] };
      assert.deepEqual([j.dates, j.values], [['2026-08-19'], [6745699]]);
      const t0 = performance.now();
      child.kill(signal);
      const code = await exited;
      t.diagnostic(`exited ${(performance.now() - t0).toFixed(0)} ms after ${signal}`);
      assert.equal(code, 0, serve.err());
      assert.match(serve.out(), new RegExp(`flowlens serve: stopped \\(${signal}\\)\\n$`));
      assert.match(serve.err(), /^GET \/api\/series\/WALCL 200 \d+ ms$/m);
      await assert.rejects(fetch(`${url}healthz`));
    });
  }

  it('with FLOWLENS_TOKEN and --cors: 401 without the token, 200 with it, CORS for that origin only', async () => {
    const token = 'process-test-token-0123456789';
    const serve = startServe(['--port', '0', '--cors', 'http://localhost:3000'], { FLOWLENS_HOME: home, FLOWLENS_TOKEN: token }, /^flowlens serve: (http:\/\/127\.0\.0\.1:\d+\/) .*; token required; CORS for http:\/\/localhost:3000; Ctrl-C to stop$/m);
    try {
      const url = await serve.url;
      assert.equal((await fetch(`${url}healthz`)).status, 401);
      const ok = await fetch(`${url}healthz`, { headers: { authorization: `Bearer ${token}`, origin: 'http://localhost:3000' } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:3000');
      assert.ok(!serve.err().includes(token), 'the token is never printed');
    } finally {
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited, 0, serve.err());
    }
  });

  it('on a non-loopback address of this machine: 401 without the token, 200 with it, any Host only with the token, nothing on 127.0.0.1', async (t) => {
    const addr = nonLoopbackAddress();
    if (!addr) {
      t.skip('this machine has no non-loopback IPv4 interface to bind');
      return;
    }
    const token = 'lan-test-token-0123456789abcdef';
    const store = await openStore({ home, mode: 'write' });
    await store.write({ seriesId: 'WALCL', points: [{ date: '2026-08-19' as IsoDate, value: 6745699 }], origin: 'serve test' }, '2026-08-20T12:00:00Z');
    await store.close();
    const serve = startServe(['--host', addr, '--port', '0', '--token', token], { FLOWLENS_HOME: home }, /^flowlens serve: (http:\/\/\S+\/) .*; token required; Ctrl-C to stop$/m);
    try {
      const url = await serve.url;
      const u = new URL(url);
      assert.equal(u.hostname, addr, 'it prints the address it was given');
      assert.match(serve.err(), new RegExp(`note: --host ${addr.replace(/\./g, '\\.')} serves the store to the network of ${addr.replace(/\./g, '\\.')} over plain HTTP`));
      const get = (path: string, headers: Record<string, string> = {}) => rawGet(addr, Number(u.port), path, headers);
      // No token, a wrong one, a token in the wrong place: refused, with the one-line error.
      const none = await get('/api/series/WALCL');
      assert.equal(none.status, 401);
      assert.match((JSON.parse(none.body) as { error: string }).error, /token/);
      assert.equal((await get('/api/series/WALCL', { authorization: 'Bearer wrong-token-0123456789abcdef' })).status, 401);
      assert.equal((await get('/', {})).status, 401, 'the dashboard too');
      // With the token: 200, as a header or as ?token= (which sets the cookie a browser then sends).
      const ok = await get('/api/series/WALCL', { authorization: `Bearer ${token}` });
      assert.equal(ok.status, 200, ok.body);
      assert.deepEqual((JSON.parse(ok.body) as { values: number[] }).values, [6745699]);
      const viaQuery = await get(`/healthz?token=${token}`);
      assert.equal(viaQuery.status, 200);
      const cookie = /^(flowlens_token=[^;]+)/.exec(viaQuery.setCookie ?? '')?.[1];
      assert.ok(cookie && /HttpOnly/i.test(viaQuery.setCookie ?? '') && /SameSite=Strict/i.test(viaQuery.setCookie ?? ''), viaQuery.setCookie);
      assert.equal((await get('/healthz', { cookie })).status, 200);
      // A foreign Host (a DNS-rebinding page names its own host): refused without the token, as
      // any request is; on this bind the token, not the Host, is the guard (SECURITY.md), and a
      // rebound page cannot send it (the cookie belongs to the address, not to its name).
      const foreign = await get('/api/series/WALCL', { host: `evil.example:${u.port}` });
      assert.equal(foreign.status, 401);
      assert.equal((await get('/healthz', { host: `evil.example:${u.port}`, cookie: cookie.replace(/=.*/, '=not-the-token') })).status, 401);
      assert.equal((await get('/api/series/WALCL', { host: `evil.example:${u.port}`, authorization: `Bearer ${token}` })).status, 200);
      // Bound to that address only: loopback on the same port is not this server.
      await assert.rejects(rawGet('127.0.0.1', Number(u.port), '/healthz', { authorization: `Bearer ${token}` }));
      assert.ok(!serve.err().includes(token) && !serve.out().includes(token), 'the token is never printed');
      assert.match(serve.err(), /^GET \/healthz\?token=\*\*\* 200 \d+ ms$/m);
    } finally {
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited, 0, serve.err());
    }
  });

  it('computes the pages again once another process has synced into the store', { timeout: 120_000 }, async () => {
    const own = mkdtempSync(join(tmpdir(), 'flowlens-serve-rewarm-'));
    const write = async (date: string, value: number) => {
      const store = await openStore({ home: own, mode: 'write' });
      await store.write({ seriesId: 'WALCL', points: [{ date: date as IsoDate, value }], origin: 'serve test' }, `${date}T12:00:00Z`);
      await store.close();
    };
    try {
      await write('2026-08-19', 6745699);
      const serve = startServe(['--port', '0'], { FLOWLENS_HOME: own }, /^flowlens serve: (http:\/\/127\.0\.0\.1:\d+\/) /m);
      const url = await serve.url;
      await serve.printed(/^flowlens serve: 8 of 8 pages computed \(start\)$/m);
      const overviews = () => serve.err().match(/^GET \/ 200 /gm)?.length ?? 0;
      assert.equal(overviews(), 1);
      // Another writer (as `flowlens sync` in another terminal) adds a week.
      await write('2026-08-26', 6712345);
      await serve.printed(/^flowlens serve: 8 of 8 pages computed \(the store changed\)$/m);
      // The overview was computed for the new state before anyone asked for it.
      assert.equal(overviews(), 2);
      assert.match(await (await fetch(url)).text(), /2026-08-26/);
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited, 0, serve.err());
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

/** An IPv4 address of this machine that is not loopback (the first one), or undefined. */
/** Starts `serve ARGS` as a process (through the harness) and resolves its URL from the line `urlLine` matches. */
function startServe(args: string[], env: Record<string, string>, urlLine: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HARNESS, 'serve', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = w.re.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  /** Resolves when what serve printed matches `re` (no clock: it waits for the line itself). */
  const printed = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const m = re.exec(out);
      if (m) return resolve(m);
      waiters.push({ re, resolve });
      void exited.then((code) => reject(new Error(`serve exited with ${code} before printing ${re}: ${err}`)));
    });
  const url = printed(urlLine).then((m) => m[1] ?? '');
  return { child, exited, url, printed, out: () => out, err: () => err };
}

function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
}

/** A GET with exactly these headers (fetch would set its own Host): status, body, Set-Cookie. */
function rawGet(host: string, port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string; setCookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', reject);
    req.end();
  });
}
