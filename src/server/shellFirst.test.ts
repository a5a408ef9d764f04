import assert from 'node:assert/strict';
import { get } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pageShell } from '../dashboard/routes.ts';
import { handMadeStore } from '../testing/serverStore.ts';
import { dashboardRoutes } from './dashboardRoutes.ts';
import { startServer, type RunningServer } from './server.ts';

/** GET `url`: status, headers and the body as received (chunks joined). */
function fetchRaw(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    }).on('error', fail);
  });
}

describe('serve: a page not computed yet whose start needs no data goes shell first', () => {
  let home: string;
  let assets: string;
  let srv: RunningServer;
  before(async () => {
    home = await handMadeStore();
    assets = mkdtempSync(join(tmpdir(), 'flowlens-shell-assets-'));
    writeFileSync(join(assets, 'dashboard.css'), 'body{}');
    writeFileSync(join(assets, 'dashboard.js'), '');
    srv = await startServer({ home, port: 0, log: () => undefined, routes: dashboardRoutes((ctx) => ({ assetsDir: assets, alerts: { home: ctx.home } })) });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(assets, { recursive: true, force: true });
  });

  it('streams the overview (its shell, then the rest) and serves the same bytes whole once computed', async () => {
    const query = 'as-of=2026-08-28&volTarget=0.12';
    const shell = pageShell('/', new URLSearchParams(query));
    assert.ok(shell, 'the overview has a shell');
    // The shell: document head, nav, title and the date control, nothing computed.
    assert.match(shell, /<nav class="pages" aria-label="Pages">/);
    assert.match(shell, /<h1>Is the flows thesis true on 2026-08-28\?<\/h1>/);
    assert.match(shell, /<form class="controls" method="get" action="\/" aria-label="Time machine">/);
    assert.match(shell, /value="0\.12"/);
    assert.doesNotMatch(shell, /id="scorecard"|<\/main>/);

    const first = await fetchRaw(`${srv.url}?${query}`);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-flowlens-stream'], 'shell-first');
    assert.equal(first.headers['transfer-encoding'], 'chunked');
    assert.match(String(first.headers['content-security-policy']), /script-src 'self'/);
    assert.ok(first.body.startsWith(shell), 'the page begins with the shell');
    assert.match(first.body, /<h2 id="scorecard">Scorecard<\/h2>/);
    assert.match(first.body, /<\/main>\n<footer/);

    // Computed now: the same page, whole, with its length and ETag (the cached answer).
    const again = await fetchRaw(`${srv.url}?${query}`);
    assert.equal(again.headers['x-flowlens-stream'], undefined);
    assert.equal(again.headers['content-length'], String(Buffer.byteLength(again.body)));
    assert.ok(again.headers.etag);
    assert.equal(first.body, again.body);
  });

  it('streams the flows page alike', async () => {
    const shell = pageShell('/flows', new URLSearchParams('as-of=2026-08-28'));
    assert.match(shell ?? '', /<h1>Systematic flows<\/h1>/);
    const first = await fetchRaw(`${srv.url}flows?as-of=2026-08-28`);
    assert.equal(first.headers['x-flowlens-stream'], 'shell-first');
    assert.ok(first.body.startsWith(shell ?? '-'));
    assert.equal((await fetchRaw(`${srv.url}flows?as-of=2026-08-28`)).body, first.body);
  });

  it('sends the other pages, a bad parameter and the assets whole', async () => {
    assert.equal(pageShell('/volatility', new URLSearchParams()), undefined);
    assert.equal(pageShell('/', new URLSearchParams('volTarget=9')), undefined);
    const bad = await fetchRaw(`${srv.url}?volTarget=9`);
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['x-flowlens-stream'], undefined);
    const fed = await fetchRaw(`${srv.url}fed`);
    assert.equal(fed.headers['x-flowlens-stream'], undefined);
    const css = await fetchRaw(`${srv.url}assets/dashboard.css`);
    assert.deepEqual([css.status, css.body], [200, 'body{}']);
  });
});
