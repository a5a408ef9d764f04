import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../server/server.ts';
import { instantRetry, startReceiver, type Receiver } from '../testing/alertReceiver.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { buildChannels } from './check.ts';
import { parseRefreshCron, refreshJob, refreshSummary } from './refresh.ts';
import { parseAlertsFile } from './rules.ts';

/** Copies a real-data CSV into `dir`, keeping the header and the rows dated on or before `last` (ISO or Cboe MM/DD/YYYY dates). */
function copyUpTo(rel: string, dir: string, last: string): void {
  const [head, ...rows] = readFileSync(join(realDataDir() ?? '', rel), 'utf8').trim().split('\n');
  const iso = (cell: string) => (/^\d{2}\/\d{2}\/\d{4}$/.test(cell) ? `${cell.slice(6)}-${cell.slice(0, 2)}-${cell.slice(3, 5)}` : cell);
  const kept = rows.filter((r) => iso(r.split(',')[0] ?? '') <= last);
  writeFileSync(join(dir, rel.split('/').pop() ?? rel), `${[head, ...kept].join('\n')}\n`);
}

describe('the scheduled refresh job: sync from a folder, evaluate, deliver', { skip: skipWithoutRealData }, () => {
  let rx: Receiver;
  let home: string;
  let folder: string;
  before(async () => {
    rx = await startReceiver();
    home = mkdtempSync(join(tmpdir(), 'flowlens-refresh-'));
    folder = join(home, 'incoming');
    mkdirSync(folder);
    // The real files as they stood after the close of 2024-08-05.
    for (const f of ['market/VIX_History_cboe.csv', 'market/VIX3M_History.csv', 'market/SPY_daily_yahoo.csv']) copyUpTo(f, folder, '2024-08-05');
  });
  after(async () => {
    await rx.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('imports the folder, fires VIX/VIX3M ≥ 1 to the receiver once, and serves it in /alerts.atom', async () => {
    const file = parseAlertsFile(JSON.stringify({ rules: [{ id: 'vix-inverted', condition: { kind: 'vix-ratio', atLeast: 1 }, channels: ['desk'] }], channels: { desk: { type: 'webhook', url: `${rx.url}/desk`, format: 'discord' } } }), 'alerts.json');
    const ctx = { home, file, from: folder, channels: buildChannels(file, home, () => {}), now: () => new Date('2024-08-05T22:00:00Z'), retry: instantRetry(2) };
    const first = await refreshJob(ctx);
    assert.equal(first.synced, 3);
    assert.equal(first.changed, 3);
    assert.equal(first.syncErrors, 0);
    assert.equal(refreshSummary(first), '3 series changed (of 3 read); 1 alert fired, 0 deliveries pending');
    assert.deepEqual(first.check.outcomes.map((o) => [o.rule, o.status, o.fired]), [['vix-inverted', 'true', true]]);
    assert.equal(rx.received.length, 1);
    assert.match((rx.received[0]?.body as { content: string }).content, /^vix-inverted: VIX\/VIX3M ≥ 1\nVIX\/VIX3M 1\.144 ≥ 1 on 2024-08-05 \(VIX 38\.57, VIX3M 33\.71; /);

    const again = await refreshJob({ ...ctx, now: () => new Date('2024-08-06T22:00:00Z') });
    assert.deepEqual(again.check.outcomes.map((o) => [o.status, o.fired, o.held]), [['true', false, 'same episode']]);
    assert.equal(rx.received.length, 1, 'no repeat while the episode lasts');
    // The same files again: nothing new, and the line says so rather than "synced 3 series".
    assert.deepEqual([again.synced, again.changed], [3, 0]);
    assert.equal(refreshSummary(again), 'store unchanged (3 series read, no new or revised point); 0 alerts fired, 0 deliveries pending');
    // One more close (2024-08-06) in one file: one series changed.
    copyUpTo('market/SPY_daily_yahoo.csv', folder, '2024-08-06');
    const third = await refreshJob({ ...ctx, now: () => new Date('2024-08-06T22:30:00Z') });
    assert.equal(refreshSummary(third).split(';')[0], '1 series changed (of 3 read)');

    const srv = await startServer({ home, port: 0, log: () => {} });
    try {
      const res = await fetch(`${srv.url}alerts.atom`);
      assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
      const xml = await res.text();
      assert.equal(xml.match(/<entry>/g)?.length, 1);
      assert.match(xml, /<title>vix-inverted: VIX\/VIX3M ≥ 1<\/title>/);
      assert.match(xml, /<updated>2024-08-05T22:00:00\.000Z<\/updated>/);
    } finally {
      await srv.close();
    }
  });
});

describe('serve --refresh', () => {
  it('accepts cron patterns and refuses a bad one in one line', () => {
    assert.equal(parseRefreshCron('0 22 * * 1-5'), '0 22 * * 1-5');
    assert.equal(parseRefreshCron('@hourly'), '@hourly');
    assert.throws(() => parseRefreshCron('every day'), /^FlowlensError: --refresh: invalid cron "every day" \(/);
    // Every second: a sync and a recompute back to back, for ever.
    assert.throws(() => parseRefreshCron('* * * * * *'), (e: Error) => e.message === '--refresh: "* * * * * *" runs more than once a minute (its first field is seconds): a refresh syncs and recomputes everything; use five fields, e.g. "0 22 * * 1-5" for 22:00 on weekdays');
    assert.throws(() => parseRefreshCron('*/10 * * * * *'), /runs more than once a minute/);
    assert.equal(parseRefreshCron('30 0 22 * * 1-5'), '30 0 22 * * 1-5');
  });

  it('a missing --refresh-from folder stops `flowlens serve` before it listens (every refresh failed)', () => {
    const home = mkdtempSync(join(tmpdir(), 'flowlens-refresh-cli-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'cli', 'main.ts'), 'serve', '--port', '0', '--refresh', '0 22 * * 1-5', '--refresh-from', join(home, 'nope')], { encoding: 'utf8', env: { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1' }, timeout: 60_000 });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `flowlens: --refresh-from ${join(home, 'nope')}: no such folder: give the folder that holds the downloaded files (e.g. ../shared/data)\n`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an invalid cron stops `flowlens serve` before it listens, with a one-line error', () => {
    const home = mkdtempSync(join(tmpdir(), 'flowlens-refresh-cli-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'cli', 'main.ts'), 'serve', '--port', '0', '--refresh', '61 * * * *'], { encoding: 'utf8', env: { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1' }, timeout: 60_000 });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0] ?? '', /^flowlens: --refresh: invalid cron "61 \* \* \* \*" \(.+\); e\.g\. "0 22 \* \* 1-5" for 22:00 on weekdays$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
