// The main commands at 80 columns on real data: every line fits (tables drop columns by their
// declared priority and wrap text, prose wraps, charts size to the width), and --wide or a pipe
// without COLUMNS gets the full tables. Lengths are counted without ANSI codes: CI=true turns
// colour on in picocolors whatever the terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const DESK_FIGURES = join(import.meta.dirname, '..', '..', 'docs', 'desk-figures.example.csv');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Lines of `out` longer than `columns` once colour codes are taken out. */
function overWidth(out: string, columns: number): string[] {
  return out.split('\n').filter((l) => [...l.replace(ANSI, '')].length > columns);
}

/** The `(left out to fit N columns: …)` note of every table in `out`, each on one line. */
function leftOutNotes(out: string): string[] {
  return [...out.replace(ANSI, '').replace(/\n(?!│|┌|└|\()/g, ' ').matchAll(/\(left out to fit \d+ columns: ([^;]+); --wide shows all\)/g)].map((m) => m[1] ?? '');
}

describe('the main commands fit 80 columns on real data', { skip: skipWithoutRealData }, () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-width-'));
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', FORCE_COLOR: '0', FLOWLENS_HOME: home, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  before(() => {
    const r = run({}, 'sync', '--from', realDataDir() ?? '', '--json');
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  for (const args of [['report', '--no-sync'], ['series', 'list'], ['flows', '--paths', '2000'], ['fed'], ['vol'], ['liquidity'], ['series', 'show', 'WALCL']]) {
    it(`${args.join(' ')}: every line at most 80 columns`, () => {
      const r = run({ COLUMNS: '80' }, ...args);
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.ok(lines.length > 10, r.stdout);
      assert.deepEqual(overWidth(r.stdout, 80), []);
    });
  }

  it('series list names the columns it left out; --wide and a plain pipe show them all', () => {
    const narrow = run({ COLUMNS: '80' }, 'series', 'list');
    assert.match(narrow.stdout.replace(/\n(?!│|┌|└)/g, ' '), /\(left out to fit 80 columns: freq, unit, source, first, count; --wide shows all\)/);
    const header = (out: string) => out.split('\n')[1] ?? '';
    assert.match(header(narrow.stdout), /^│ id +│ title +│ last +│ age \(d\) │ status +│$/);
    for (const out of [run({ COLUMNS: '80' }, 'series', 'list', '--wide').stdout, run({}, 'series', 'list').stdout]) {
      assert.match(header(out), /│ id .*│ title .*│ freq .*│ unit .*│ source .*│ first .*│ last .*│ count │ age \(d\) │ status .*│/);
      assert.doesNotMatch(out, /left out to fit/);
    }
  });

  // Commands of issue #14's second round: each declares which columns go first.
  const rules = join(home, 'alerts.json');
  const second: { args: string[]; leftOut?: RegExp }[] = [
    { args: ['study', 'vix-inversion'], leftOut: /^median %, up$/ },
    { args: ['study', 'fomc', '--bootstrap', '200'], leftOut: /^n, median %, up, all days %$/ },
    ...['labour', 'affordability', 'kshape', 'ai', 'wealth', 'energy', 'crypto'].map((topic) => ({ args: ['economy', topic] })),
    { args: ['calibrate', DESK_FIGURES], leftOut: /^published$/ },
    { args: ['budget', '--children', '4,7'] },
    { args: ['alerts', 'check'] },
    { args: ['alerts', 'check', '--as-of', '2024-08-06'] },
    { args: ['alerts', 'list'], leftOut: /^last evaluation$/ },
    { args: ['sync', '--from', realDataDir() ?? ''] },
  ];
  for (const { args, leftOut } of second) {
    it(`${args.join(' ').replace(realDataDir() ?? '', 'DIR').replace(DESK_FIGURES, 'docs/desk-figures.example.csv')}: at most 80 columns, colour on; --wide leaves nothing out`, () => {
      writeFileSync(
        rules,
        JSON.stringify({
          rules: [
            { id: 'vix-inverted', condition: { kind: 'vix-ratio', atLeast: 1 }, cooldown: '1d', channels: ['log'] },
            { id: 'spx-trigger', condition: { kind: 'cta-trigger-near', asset: 'spx', withinPct: 1 } },
            { id: 'liquidity-drain', condition: { kind: 'net-liquidity-change', weeks: 4, belowBn: -100 } },
            { id: 'verdicts', condition: { kind: 'claim-verdict-changed' } },
          ],
        }),
      );
      const env = { COLUMNS: '80', CI: 'true', NO_COLOR: '', FORCE_COLOR: '1', FLOWLENS_ALERTS: rules };
      const narrow = run(env, ...args);
      assert.ok(narrow.status === 0 || (args[0] === 'sync' && narrow.status === 1), narrow.stderr);
      assert.ok(narrow.stdout.split('\n').length > 3, narrow.stdout);
      assert.match(narrow.stdout, ANSI, 'colour is on');
      assert.deepEqual(overWidth(narrow.stdout, 80), []);
      if (leftOut) assert.ok(leftOutNotes(narrow.stdout).some((n) => leftOut.test(n)), `${leftOutNotes(narrow.stdout).join(' | ')}\n${narrow.stdout}`);
      const wide = run({ ...env, FLOWLENS_ALERTS: rules }, ...args, '--wide');
      assert.deepEqual(leftOutNotes(wide.stdout), []);
      assert.doesNotMatch(wide.stdout, /left out to fit/);
    });
  }

  it('study keeps the events, horizon, mean, interval and t at 80 columns, and sizes its chart to the width', () => {
    const header = (out: string) => (out.replace(ANSI, '').split('\n').find((l) => /│ events/.test(l)) ?? '').replace(/ +/g, ' ');
    const at80 = run({ COLUMNS: '80' }, 'study', 'fomc', '--bootstrap', '200');
    assert.equal(header(at80.stdout), '│ events │ horizon │ mean % │ 95% CI │ bootstrap CI │ t vs all │');
    const full = run({ COLUMNS: '80' }, 'study', 'fomc', '--bootstrap', '200', '--wide');
    assert.equal(header(full.stdout), '│ events │ horizon │ n │ mean % │ median % │ 95% CI │ bootstrap CI │ up │ all days % │ t vs all │');
    const chartWidth = (out: string) => Math.max(...out.split('\n').filter((l) => /[┤┼]/.test(l)).map((l) => [...l].length));
    assert.ok(chartWidth(at80.stdout) <= 80 && chartWidth(at80.stdout) >= 70, String(chartWidth(at80.stdout)));
    const at60 = run({ COLUMNS: '60' }, 'study', 'fomc');
    assert.ok(chartWidth(at60.stdout) <= 60, String(chartWidth(at60.stdout)));
  });
});
