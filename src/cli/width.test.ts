// The main commands at 80 columns on real data: every line fits (tables drop columns by their
// declared priority and wrap text, prose wraps, charts size to the width), and --wide or a pipe
// without COLUMNS gets the full tables.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

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
      const over = lines.filter((l) => [...l].length > 80);
      assert.deepEqual(over, []);
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
});
