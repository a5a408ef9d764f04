import assert from 'node:assert/strict';
import { get } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALERT } from '../testing/alertReceiver.ts';
import { handMadeStore } from '../testing/serverStore.ts';
import { EMPTY_STATE, saveAlertState } from '../alerts/state.ts';
import { pageShell } from '../dashboard/routes.ts';
import { dashboardRoutes } from './dashboardRoutes.ts';
import { startServer, type RunningServer } from './server.ts';

/** GET `url`: status, headers and the body as received. */
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

const rulesJson = (...ids: string[]) => JSON.stringify({ rules: ids.map((id) => ({ id, condition: { kind: 'vix-ratio', atLeast: 1 } })) });

describe('serve: the alerts page is cached by the store, the rules file and the alert state', () => {
  let home: string;
  let dir: string;
  let rules: string;
  let srv: RunningServer;
  before(async () => {
    home = await handMadeStore();
    dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-page-'));
    writeFileSync(join(dir, 'dashboard.css'), 'body{}');
    writeFileSync(join(dir, 'dashboard.js'), '');
    rules = join(dir, 'alerts.json');
    writeFileSync(rules, rulesJson('vix-a'));
    srv = await startServer({ home, port: 0, log: () => undefined, routes: dashboardRoutes((ctx) => ({ assetsDir: dir, alerts: { home: ctx.home, rulesFile: rules } })) });
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('a first visit streams the shell, a repeat is the cached page whole; an edited rules file or a new alert state shows on the next visit', async () => {
    const shell = pageShell('/alerts', new URLSearchParams());
    assert.match(shell ?? '', /<h1>Alerts<\/h1>/);
    assert.doesNotMatch(shell ?? '', /id="rules"/);

    const first = await fetchRaw(`${srv.url}alerts`);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-flowlens-stream'], 'shell-first');
    assert.ok(first.body.startsWith(shell ?? '-'));
    assert.match(first.body, /1 rule; 0 deliveries waiting for a retry/);
    assert.match(first.body, />vix-a<\/td><td data-label="condition">VIX\/VIX3M ≥ 1<\/td>.*<span class="badge none">unknown<\/span><\/td><td data-label="detail">VIX\/VIX3M: VIX3M is not in the store/);
    assert.match(first.body, /No alert has fired yet\./);

    // Nothing changed: the cached page, whole (length and ETag), byte for byte.
    const repeat = await fetchRaw(`${srv.url}alerts`);
    assert.equal(repeat.headers['x-flowlens-stream'], undefined);
    assert.equal(repeat.headers['content-length'], String(Buffer.byteLength(repeat.body)));
    assert.equal(repeat.body, first.body);

    // The rules file edited: the next visit computes the page again and shows both rules.
    writeFileSync(rules, rulesJson('vix-a', 'vix-b'));
    const edited = await fetchRaw(`${srv.url}alerts`);
    assert.match(edited.body, /2 rules; 0 deliveries waiting for a retry/);
    assert.match(edited.body, />vix-b<\/td><td data-label="condition">VIX\/VIX3M ≥ 1<\/td>/);

    // A check saved a new state (an alert fired, one delivery pending): the next visit shows it.
    saveAlertState(home, { ...EMPTY_STATE, history: [ALERT], pending: [{ alert: ALERT, channel: 'hook', attempts: 3, lastError: 'HTTP 500', lastAttemptAt: ALERT.firedAt }] });
    const checked = await fetchRaw(`${srv.url}alerts`);
    assert.match(checked.body, /2 rules; 1 delivery waiting for a retry/);
    assert.match(checked.body, />2024-08-05T22:00:00\.000Z<\/td><td data-label="rule">vix<\/td><td data-label="title">vix: VIX\/VIX3M ≥ 1<\/td><td data-label="message">VIX\/VIX3M 1\.144 ≥ 1 on 2024-08-05 \(VIX 38\.57, VIX3M 33\.71; hedging flow\)<\/td>/);
    assert.equal((await fetchRaw(`${srv.url}alerts`)).body, checked.body, 'and keeps it cached');
  });
});
