import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zqSymbol } from '../series/zqContracts.ts';
import { fixture } from '../sources/fixtures/fixture.ts';
import { BlackHoleServer, closedPortUrl } from '../testing/blackHole.ts';
import { ReplayServer } from '../testing/replayServer.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

/** Runs the CLI asynchronously (the replay server lives in this process and must keep serving). */
function flowlens(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('flowlens sync from the network (replayed on 127.0.0.1)', () => {
  const server = new ReplayServer();
  const home = mkdtempSync(join(tmpdir(), 'flowlens-live-'));
  let env: Record<string, string> = {};
  let walcl = 'observation_date,WALCL\n2026-08-12,6728436\n2026-08-19,6745699\n';
  before(async () => {
    server
      // WALCL's body changes between syncs (a revision): the reply is read at request time.
      .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'WALCL', () => ({ body: walcl }))
      .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'UNRATE', { status: 503, body: 'Service Unavailable' })
      .route('/api/global/us_indices/daily_prices/VIX_History.csv', { body: 'DATE,OPEN,HIGH,LOW,CLOSE\n08/19/2026,15.1,15.9,14.8,15.48\n' })
      // Any fed funds futures contract: Yahoo's chart JSON of ZQV24.CBT.
      .route((p) => /^\/v8\/finance\/chart\/ZQ[A-Z]\d\d\.CBT$/.test(p), { body: fixture('yahoo/ZQV24.json'), headers: { 'content-type': 'application/json' } });
    const base = await server.start();
    env = { FLOWLENS_HOME: home, FLOWLENS_FRED_URL: base, FLOWLENS_CBOE_URL: base, FLOWLENS_YAHOO_URL: base };
  });
  after(async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('stores what it can, reports the failure, and exits 1', async () => {
    const r = await flowlens(env, 'sync', '--only', 'WALCL,UNRATE,VIX', '--json');
    assert.equal(r.code, 1, r.stderr);
    const rows = (JSON.parse(r.stdout) as { rows: { seriesId: string; added: number; error?: string; lastDate: string | null }[] }).rows;
    const by = new Map(rows.map((x) => [x.seriesId, x]));
    assert.equal(by.get('WALCL')?.added, 2);
    assert.equal(by.get('VIX')?.lastDate, '2026-08-19');
    assert.match(by.get('UNRATE')?.error ?? '', /fredgraph\.csv\?id=UNRATE: HTTP 503: Service Unavailable \(after 4 attempts\)/);
    const ua = server.requests.find((q) => q.path === '/graph/fredgraph.csv')?.headers['user-agent'];
    assert.match(String(ua), /^flowlens\//);
  });

  it('keeps a revision and shows it as of the earlier sync', async () => {
    const firstSync = new Date().toISOString();
    walcl = 'observation_date,WALCL\n2026-08-12,6728436\n2026-08-19,6745000\n2026-08-26,6750000\n';
    const r = await flowlens(env, 'sync', '--only', 'WALCL', '--json');
    assert.equal(r.code, 0, r.stderr);
    const row = (JSON.parse(r.stdout) as { rows: { added: number; revised: number }[] }).rows[0];
    assert.deepEqual([row?.added, row?.revised], [1, 1]);
    const show = await flowlens(env, 'series', 'show', 'WALCL', '--json');
    const json = JSON.parse(show.stdout) as { points: { date: string; value: number }[]; revisions: { date: string; values: { value: number }[] }[] };
    assert.deepEqual(json.revisions.map((x) => [x.date, x.values.map((v) => v.value)]), [['2026-08-19', [6745699, 6745000]]]);
    const past = await flowlens(env, 'series', 'show', 'WALCL', '--csv', '--as-of', firstSync);
    assert.equal(past.stdout, 'date,WALCL\n2026-08-12,6728436\n2026-08-19,6745699\n');
  });

  it('skips files-only series in a live sync without counting them as failures', async () => {
    const r = await flowlens(env, 'sync', '--only', 'PCR_TOTAL,VIX', '--json');
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { rows: { seriesId: string; skipped?: string; error?: string }[] }).rows;
    const pcr = rows.find((x) => x.seriesId === 'PCR_TOTAL');
    assert.match(pcr?.skipped ?? '', /^files only: Cboe retired/);
    assert.equal(pcr?.error, undefined);
  });

  it('syncs a listed fed funds futures contract and its volume from Yahoo, and skips an expired one', async () => {
    // Two months ahead is always listed; January 1998 never is any more.
    const now = new Date();
    const ahead = zqSymbol(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString().slice(0, 7));
    const r = await flowlens(env, 'sync', '--only', `${ahead},${ahead}_VOL,ZQF98`, '--json');
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { rows: { seriesId: string; added: number; lastDate: string | null; skipped?: string }[] }).rows;
    const by = new Map(rows.map((x) => [x.seriesId, x]));
    assert.deepEqual([by.get(ahead)?.added, by.get(ahead)?.lastDate], [5, '2024-09-09']);
    assert.equal(by.get(`${ahead}_VOL`)?.added, 5);
    assert.match(by.get('ZQF98')?.skipped ?? '', /^not listed on \d{4}-\d\d-\d\d: yahoo serves it from 1992-12-28 to 1998-02-15/);
    assert.ok(!server.requests.some((q) => q.path.includes('ZQF98')));
    const show = await flowlens(env, 'series', 'show', ahead, '--csv');
    assert.match(show.stdout, /2024-09-06,94\.995\n/);
  });

  it('series list shows the failed series as an error', async () => {
    const r = await flowlens(env, 'series', 'list', '--json', '--group', 'labour');
    const unrate = (JSON.parse(r.stdout) as { series: { id: string; status: string; error: string | null }[] }).series.find((s) => s.id === 'UNRATE');
    assert.equal(unrate?.status, 'error');
    assert.match(unrate?.error ?? '', /HTTP 503/);
  });
});

describe('flowlens sync on a hostile or absent network (127.0.0.1)', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-offline-'));
  const hole = new BlackHoleServer();
  let holeUrl = '';
  const ids = 'WALCL,EFFR,DGS10,UNRATE,DGS2,T10Y2Y';
  before(async () => {
    holeUrl = await hole.start();
  });
  after(async () => {
    await hole.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('a closed port: the breaker opens after 3 refused connections, the rest is skipped, and the summary says to import offline', async () => {
    const closed = await closedPortUrl();
    const port = new URL(closed).port;
    const r = await flowlens({ FLOWLENS_HOME: home, FLOWLENS_FRED_URL: closed }, 'sync', '--only', ids);
    assert.equal(r.code, 1, r.stderr);
    const tail = r.stdout.trimEnd().split('\n').slice(-3);
    // FRED's four requests in flight were refused at once: four failures, two series never requested.
    assert.match(tail[0] ?? '', new RegExp(`^2 series skipped\\. Synced 0 of 4 series into ${home} in \\d+\\.\\d s \\(time limit 20 min\\); 4 failed\\.$`));
    assert.equal(tail[1], `fred is unreachable: 3 requests in a row got no answer (the last: 127.0.0.1:${port}: network error: connect ECONNREFUSED 127.0.0.1:${port}); its 2 remaining series skipped.`);
    assert.equal(tail[2], 'Offline or behind a blocking network? Import downloaded files instead: `flowlens sync --from DIR`.');
  });

  it('a server that never answers: --max-time ends the sync, every unfetched series skipped, elapsed time printed', async () => {
    const r = await flowlens({ FLOWLENS_HOME: home, FLOWLENS_FRED_URL: holeUrl }, 'sync', '--only', ids, '--max-time', '2');
    assert.equal(r.code, 1, r.stderr);
    // FRED's concurrency: at most four requests went out before the limit; the other two never did.
    // (How many reached the hole within 2 s depends on the machine's load, so no lower bound.)
    assert.ok(hole.requests.length <= 4, String(hole.requests.length));
    const tail = r.stdout.trimEnd().split('\n').slice(-3);
    assert.match(tail[0] ?? '', new RegExp(`^6 series skipped\\. Synced 0 of 0 series into ${home} in \\d+\\.\\d s \\(time limit 2 s\\)\\.$`));
    assert.equal(tail[1], "6 series not fetched: the sync's time limit of 2 s was reached (--max-time to change it).");
    assert.equal(tail[2], 'Offline or behind a blocking network? Import downloaded files instead: `flowlens sync --from DIR`.');
  });

  it('--max-time is bounded', async () => {
    const r = await flowlens({ FLOWLENS_HOME: home }, 'sync', '--max-time', '100000');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--max-time must be a whole number from 1 to 21,600, got "100000"/);
  });
});
