import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../testing/alertReceiver.ts';
import { runCli } from './economy/testkit.ts';

describe('flowlens alerts', () => {
  it('a bad rules file is one line naming the file (its path), the line and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-cli-'));
    try {
      const file = join(dir, 'alerts.json');
      writeFileSync(file, JSON.stringify({ rules: [{ id: 'a', condition: { kind: 'vix-ratio' } }, { id: 'b', condition: { kind: 'vix-ratio' } }, { id: 'c', condition: { kind: 'vix-ratoi' } }] }));
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'alerts', 'list'], { encoding: 'utf8', env: { ...process.env, FLOWLENS_HOME: dir, FLOWLENS_ALERTS: file, NO_COLOR: '1' }, timeout: 60_000 });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `flowlens: ${file}:1: rules[2].condition.kind: unknown "vix-ratoi" (expected one of cta-trigger-near, cta-trigger-crossed, vix-ratio, vol-control-flow, net-liquidity-change, cut-odds-move, claim-verdict-changed)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('FLOWLENS_ALERTS naming a folder, and history --atom with --json, are one clear line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-cli-'));
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'alerts', ...args], { encoding: 'utf8', env: { ...process.env, FLOWLENS_HOME: dir, FLOWLENS_ALERTS: dir, NO_COLOR: '1' }, timeout: 60_000 });
      // It said "EISDIR: illegal operation on a directory, read".
      const list = run('list');
      assert.equal(list.status, 1);
      assert.equal(list.stderr, `flowlens: ${dir} is a directory: the rules are a file, e.g. ${dir}/alerts.json (set FLOWLENS_ALERTS to it)\n`);
      // --json printed the Atom XML.
      const both = run('history', '--atom', '--json');
      assert.equal(both.status, 1);
      assert.equal(both.stderr, 'flowlens: choose one of --atom and --json\n');
      assert.equal(both.stdout, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('init writes the starter rules where they are read (its folder created), and never over a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-init-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, FLOWLENS_HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'config'), NO_COLOR: '1' };
      delete env.FLOWLENS_ALERTS;
      const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'alerts', ...args], { encoding: 'utf8', env, timeout: 60_000 });
      const file = join(dir, 'config', 'flowlens', 'alerts.json');
      const missing = cli('list');
      assert.equal(missing.status, 1);
      assert.equal(missing.stderr, `flowlens: no alert rules at ${file}: \`flowlens alerts init\` writes a starter file there (README, "Alerts"), or set FLOWLENS_ALERTS\n`);
      const init = cli('init');
      assert.equal(init.status, 0, init.stderr);
      assert.match(init.stdout, new RegExp(`^Wrote 7 rules to ${file.replace(/[.]/g, '\\.')}: vix-inverted, spx-trigger-near, spx-trigger-crossed, vol-control-selling, liquidity-drain, cut-odds-swing, verdict-changed\\.`));
      const list = cli('list');
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /^7 rules in /);
      assert.match(list.stdout, /VIX\/VIX3M ≥ 1/);
      // A second init keeps the user's edits.
      writeFileSync(file, '{ "rules": [] }\n');
      const again = cli('init');
      assert.equal(again.status, 1);
      assert.equal(again.stderr, `flowlens: ${file} already exists: edit it, or move it away to start from the starter rules\n`);
      assert.equal(readFileSync(file, 'utf8'), '{ "rules": [] }\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flowlens alerts check: the exit code says when deliveries are pending', () => {
  let rx: Receiver;
  let dir: string;
  const env: Record<string, string | undefined> = {};
  before(async () => {
    rx = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-exit-'));
    // 300 business days of a made-up SPY from 2024-01-01, enough for the vol-control model.
    mkdirSync(join(dir, 'data', 'market'), { recursive: true });
    const lines = ['Date,Open,High,Low,Close,Volume'];
    for (let i = 0, day = Date.UTC(2024, 0, 1); lines.length <= 300; day += 86_400_000) {
      const wd = new Date(day).getUTCDay();
      if (wd === 0 || wd === 6) continue;
      const close = (400 * (1 + 0.05 * Math.sin(i++ / 9))).toFixed(2);
      lines.push(`${new Date(day).toISOString().slice(0, 10)},${close},${close},${close},${close},1000`);
    }
    writeFileSync(join(dir, 'data', 'market', 'SPY_daily_yahoo.csv'), `${lines.join('\n')}\n`);
    // A rule that holds on any data (a vol-control flow at or below +1,000,000 bn), sent to the terminal log and the receiver.
    const rules = join(dir, 'alerts.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ id: 'vc', condition: { kind: 'vol-control-flow', days: 5, belowBn: 1e6 }, channels: ['log', 'hook'] }], channels: { hook: { type: 'webhook', url: `${rx.url}/hook`, format: 'json' } } }));
    for (const k of ['FLOWLENS_HOME', 'FLOWLENS_ALERTS', 'NO_COLOR']) env[k] = process.env[k];
    Object.assign(process.env, { FLOWLENS_HOME: join(dir, 'home'), FLOWLENS_ALERTS: rules, NO_COLOR: '1' });
    const sync = await runCli('sync', '--from', join(dir, 'data'), '--only', 'SPY');
    assert.equal(sync.code, 0, sync.stderr);
  });
  after(async () => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await rx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a receiver answering HTTP 500: exit 3 with the summary; once it answers, the pending delivery goes and the exit is 0', async () => {
    rx.plan = [500, 500, 500];
    const first = await runCli('alerts', 'check');
    assert.equal(first.code, 3, first.stderr);
    const log = join(dir, 'home', 'alerts', 'alerts.log');
    assert.match(first.stdout, new RegExp(`\\n1 fired; 1 delivered, 1 pending \\(logged in ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, retried at the next check\\)\\n`));
    assert.match(readFileSync(log, 'utf8'), /DELIVERY-FAILED vc@\S+ → hook \(attempt 3\): POST http:\/\/127\.0\.0\.1:\d+\/hook: HTTP 500 receiver is down; kept for the next check/);
    assert.equal(rx.received.length, 0);
    assert.deepEqual(rx.plan, [], 'three attempts were made');

    const second = await runCli('alerts', 'check', '--json');
    assert.equal(second.code, 0, second.stderr);
    const r = JSON.parse(second.stdout) as { fired: unknown[]; deliveries: { delivered: { channel: string; earlier: number }[]; pending: unknown[] } };
    assert.deepEqual([r.fired.length, r.deliveries.pending.length], [0, 0], 'the same episode fires nothing; nothing left pending');
    assert.deepEqual(r.deliveries.delivered.map((d) => [d.channel, d.earlier]), [['hook', 3]]);
    assert.equal(rx.received.length, 1);
  });

  it('--help states the exit codes', async () => {
    const help = await runCli('alerts', 'check', '--help');
    assert.match(help.stdout.replace(/\s+/g, ' '), /Exit code: 0 when every delivery went through; 3 when the check ran but deliveries are pending \(failed 3 attempts, logged in alerts\.log and retried at the next check\); 1 when the check could not run\./);
  });
});
