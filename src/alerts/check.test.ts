import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Signals } from '../app/signals.ts';
import { buildChannels, checkSignals, testRule, type CheckContext } from './check.ts';
import { instantRetry, startReceiver, type Receiver } from '../testing/alertReceiver.ts';
import { parseAlertsFile } from './rules.ts';
import { alertLockPath, alertLogPath, loadAlertState } from './state.ts';
import { processStartTicks } from '../store/lock.ts';

const vixAt = (ratio: number): Signals => ({ asOf: '2024-08-05', cta: [], claims: [], problems: [], vix: { date: '2024-08-05', vix: 20 * ratio, vix3m: 20, ratio, label: 'stress' } }) as unknown as Signals;

describe('a check: evaluate, deliver, keep state', () => {
  let rx: Receiver;
  let home: string;
  let ctx: CheckContext;
  let clock = Date.parse('2024-08-05T22:00:00Z');
  const terminal: string[] = [];
  before(async () => {
    rx = await startReceiver();
    home = mkdtempSync(join(tmpdir(), 'flowlens-alerts-'));
    const file = parseAlertsFile(JSON.stringify({ rules: [{ id: 'vix', condition: { kind: 'vix-ratio' }, channels: ['log', 'hook'] }], channels: { hook: { type: 'webhook', url: `${rx.url}/hook`, format: 'slack' } } }), 'alerts.json');
    ctx = { home, file, channels: buildChannels(file, home, (l) => terminal.push(l)), now: () => new Date((clock += 1000)), retry: instantRetry(3) };
  });
  after(async () => {
    await rx.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('a receiver that always fails: the alert is kept as pending and logged, then delivered once at the next check', async () => {
    rx.plan = [500, 500, 500];
    const first = await checkSignals(vixAt(1.1), ctx);
    assert.equal(first.fired.length, 1);
    assert.deepEqual(first.deliveries.delivered.map((d) => d.channel), ['log']);
    assert.equal(first.deliveries.pending.length, 1);
    assert.equal(first.deliveries.pending[0]?.attempts, 3);
    assert.equal(first.deliveries.pending[0]?.lastError, `POST ${rx.url}/hook: HTTP 500 receiver is down`);
    assert.equal(loadAlertState(home).pending.length, 1, 'saved for the next check');
    const log = readFileSync(alertLogPath(home), 'utf8');
    assert.match(log, /FIRED vix: VIX\/VIX3M ≥ 1: VIX\/VIX3M 1\.100 ≥ 1 on 2024-08-05/);
    assert.match(log, /DELIVERY-FAILED vix@2024-08-05T22:00:01\.000Z → hook \(attempt 3\): POST http:\/\/127\.0\.0\.1:\d+\/hook: HTTP 500 receiver is down; kept for the next check/);
    assert.equal(terminal.length, 1, 'the log channel wrote one line to the terminal');
    assert.equal(rx.received.length, 0);

    const second = await checkSignals(vixAt(1.2), ctx);
    assert.equal(second.fired.length, 0, 'the same episode');
    assert.deepEqual(second.deliveries.delivered, [{ alert: 'vix@2024-08-05T22:00:01.000Z', channel: 'hook', attempts: 1, earlier: 3 }]);
    // The log that said "kept for the next check" says it arrived.
    assert.match(readFileSync(alertLogPath(home), 'utf8'), /\n\S+ DELIVERED vix@2024-08-05T22:00:01\.000Z → hook \(attempt 4, after 3 failed\)\n$/);
    assert.equal(loadAlertState(home).pending.length, 0);
    assert.equal(rx.received.length, 1);
    assert.match((rx.received[0]?.body as { text: string }).text, /^vix: VIX\/VIX3M ≥ 1\nVIX\/VIX3M 1\.100 ≥ 1/);
  });

  it('the state survives a restart: a new process on the same readings fires nothing, nor after the episode ends and restarts does it repeat', () => {
    // A separate Node process with its own module instances, reading only the state file.
    const script = join(home, 'again.mts');
    writeFileSync(
      script,
      `import { checkSignals, buildChannels } from ${JSON.stringify(join(import.meta.dirname, 'check.ts'))};
import { parseAlertsFile } from ${JSON.stringify(join(import.meta.dirname, 'rules.ts'))};
const file = parseAlertsFile(process.argv[3], 'alerts.json');
const signals = { asOf: '2024-08-06', cta: [], claims: [], problems: [], vix: { date: '2024-08-06', vix: 22, vix3m: 20, ratio: Number(process.argv[2]), label: 'stress' } };
const r = await checkSignals(signals, { home: ${JSON.stringify(home)}, file, channels: buildChannels(file, ${JSON.stringify(home)}, () => {}), now: () => new Date(process.argv[4]) });
process.stdout.write(JSON.stringify({ fired: r.fired.length, delivered: r.deliveries.delivered.length }));`,
    );
    const rules = JSON.stringify({ rules: [{ id: 'vix', condition: { kind: 'vix-ratio' }, channels: ['log'] }] });
    const run = (ratio: number, at: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, String(ratio), rules, at], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { fired: number; delivered: number };
    };
    assert.deepEqual(run(1.15, '2024-08-06T22:00:00Z'), { fired: 0, delivered: 0 });
    assert.deepEqual(run(0.95, '2024-08-07T22:00:00Z'), { fired: 0, delivered: 0 });
    assert.deepEqual(run(1.05, '2024-08-08T22:00:00Z'), { fired: 1, delivered: 1 });
    assert.deepEqual(run(1.05, '2024-08-09T22:00:00Z'), { fired: 0, delivered: 0 });
    const s = loadAlertState(home);
    assert.equal(s.rules.vix?.lastFiredAt, '2024-08-08T22:00:00.000Z');
    assert.deepEqual(s.history.map((a) => a.firedAt), ['2024-08-05T22:00:01.000Z', '2024-08-08T22:00:00.000Z']);
  });

  it('alerts test sends a message marked as test and leaves the rule state alone', async () => {
    rx.received.length = 0;
    const before = loadAlertState(home).rules.vix;
    const r = await testRule('vix', vixAt(0.8), ctx);
    assert.equal(r.alert.test, true);
    assert.equal(r.alert.title, '[TEST] vix: VIX/VIX3M ≥ 1');
    assert.deepEqual(r.results.map((x) => [x.channel, x.result.ok]), [['log', true], ['hook', true]]);
    assert.match((rx.received[0]?.body as { text: string }).text, /^\[TEST\] vix: VIX\/VIX3M ≥ 1\nTest message from `flowlens alerts test` — not a real alert\. condition now false: VIX\/VIX3M 0\.800 < 1/);
    assert.deepEqual(loadAlertState(home).rules.vix, before);
    await assert.rejects(testRule('nope', vixAt(1), ctx), /no rule "nope" in the rules file \(rules: vix\)/);
  });

  it('keeps nothing it cannot name: an alert for a channel removed from the file stays pending with the reason', async () => {
    const file = parseAlertsFile(JSON.stringify({ rules: [{ id: 'vix', condition: { kind: 'vix-ratio' } }] }), 'alerts.json');
    const pendingHome = mkdtempSync(join(tmpdir(), 'flowlens-alerts-p-'));
    try {
      const c = { ...ctx, home: pendingHome, file, channels: new Map() };
      const r = await checkSignals(vixAt(1.3), c);
      assert.deepEqual(r.deliveries.pending.map((p) => [p.channel, p.lastError]), [['log', 'no channel "log" in the rules file']]);
    } finally {
      rmSync(pendingHome, { recursive: true, force: true });
    }
  });
});

describe('two checks at once on one alert state', () => {
  let rx: Receiver;
  let home: string;
  let ctx: CheckContext;
  before(async () => {
    rx = await startReceiver();
    home = mkdtempSync(join(tmpdir(), 'flowlens-alerts-lock-'));
    const file = parseAlertsFile(JSON.stringify({ rules: [{ id: 'vix', condition: { kind: 'vix-ratio' }, channels: ['hook'] }], channels: { hook: { type: 'webhook', url: `${rx.url}/hook`, format: 'json' } } }), 'alerts.json');
    ctx = { home, file, channels: buildChannels(file, home, () => {}), now: () => new Date('2024-08-05T22:00:00Z'), retry: instantRetry(1) };
  });
  after(async () => {
    await rx.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('the second is refused naming the running one, and the alert is sent once', async () => {
    const [a, b] = await Promise.allSettled([checkSignals(vixAt(1.1), ctx), checkSignals(vixAt(1.1), ctx)]);
    assert.equal(a.status, 'fulfilled');
    assert.equal(b.status, 'rejected');
    assert.match(String((b as PromiseRejectedResult).reason), new RegExp(`another alerts check \\(pid ${process.pid}\\) is running on .*state\\.json; try again when it has finished`));
    assert.equal(rx.received.length, 1);
    assert.equal(loadAlertState(home).history.length, 1);
    assert.throws(() => readFileSync(alertLockPath(home)), /ENOENT/, 'released after the check');
  });

  it('a lock left by a process that died is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(alertLockPath(home), JSON.stringify({ pid: Number(dead.stdout), start: processStartTicks(process.pid), at: new Date().toISOString() }));
    const r = await checkSignals(vixAt(1.2), ctx);
    assert.equal(r.fired.length, 0, 'same episode as the test above');
    assert.throws(() => readFileSync(alertLockPath(home)), /ENOENT/);
  });
});
