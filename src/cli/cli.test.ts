import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buybackWindow } from '../models/buyback.ts';
import { kShapeBase } from '../models/kshape.ts';
import { toDay, todayDay } from '../series/dates.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

/** Runs the CLI in a child process with its own FLOWLENS_HOME, as a user would. */
function flowlens(home: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('flowlens CLI', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-cli-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('--help lists the commands and exits 0', () => {
    const r = flowlens(home, '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /sync/);
    assert.match(r.stdout, /series/);
  });

  it('an unknown series id fails with one line naming it', () => {
    const r = flowlens(home, 'series', 'show', 'WALCLX');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: unknown series "WALCLX" \(did you mean WALCL\?\)/);
  });

  it('report on an empty store without network says in one line how to import offline', () => {
    // FRED is pointed at a closed local port: the probe fails at once, as offline.
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'report'], {
      encoding: 'utf8',
      env: { ...process.env, FLOWLENS_HOME: home, FLOWLENS_FRED_URL: 'http://127.0.0.1:9', NO_COLOR: '1' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^flowlens: the store is empty and FRED cannot be reached: import files instead with `flowlens sync --from DIR`/);
    const noSync = flowlens(home, 'report', '--no-sync');
    assert.match(noSync.stderr, /^flowlens: the store is empty: run `flowlens sync`/);
  });

  it('vol and liquidity on a store without their series say which is not in the store and how to sync it', () => {
    const v = flowlens(home, 'vol', '--as-of', '1900-01-01');
    assert.equal(v.code, 1);
    assert.equal(v.stderr, 'flowlens: VIXCLS is not in the store (the VIX); run `flowlens sync --only VIXCLS` or `flowlens sync --from DIR`\n');
    assert.equal(flowlens(home, 'liquidity').stderr, 'flowlens: WALCL is not in the store (the Fed balance sheet); run `flowlens sync --only WALCL` or `flowlens sync --from DIR`\n');
  });

  it('showing a series that was never synced says how to sync it', () => {
    const r = flowlens(home, 'series', 'show', 'WALCL');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no data stored for WALCL; run `flowlens sync --only WALCL`/);
  });

  it('a bad date flag names the flag', () => {
    const r = flowlens(home, 'series', 'show', 'WALCL', '--as-of', '2025-13-01');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--as-of must be a date YYYY-MM-DD or an ISO timestamp/);
  });
});

describe('flowlens input and OS errors', () => {
  let home: string;
  let file: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-errors-'));
    file = join(home, 'a-file');
    writeFileSync(file, 'x');
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('exits 0 without a word when the reader of its output goes away (| head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'series', 'list', '--json'], { env: { ...process.env, FLOWLENS_HOME: join(home, 'store-home') } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('names the path and the fix instead of a raw ENOENT / EISDIR / ENOTDIR', () => {
    const cases: [string[], RegExp][] = [
      [['report', '--html', '/nonexistent/dir/r.html'], /^flowlens: --html \/nonexistent\/dir\/r\.html: the folder \/nonexistent\/dir does not exist: create it first or choose another path\n$/],
      [['report', '--html', home], /^flowlens: --html .* is a directory: give a file name inside it/],
      [['report', '--html', ''], /^flowlens: --html needs a file name, got ""\n$/],
      [['sync', '--from', '/nonexistent'], /^flowlens: --from \/nonexistent: no such folder/],
      [['sync', '--from', file], /^flowlens: --from .*a-file is a file: give the folder that holds it/],
    ];
    for (const [args, re] of cases) {
      const r = flowlens(join(home, 'h'), ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, re);
    }
    for (const args of [['series', 'list'], ['report']]) {
      const r = flowlens(file, ...args);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^flowlens: FLOWLENS_HOME=.*a-file is not a directory .*: set FLOWLENS_HOME to a directory/);
    }
  });

  it('a bad flag value is one line, without the --verbose hint of an unexpected error', () => {
    const cases: [string[], string][] = [
      [['series', 'show', 'WALCL', '--as-of', '2025-13-01'], 'flowlens: --as-of must be a date YYYY-MM-DD or an ISO timestamp, got "2025-13-01"\n'],
      [['export', '--ids', 'WALCL', '--from', '2026-02-30'], 'flowlens: --from must be a date YYYY-MM-DD, got "2026-02-30"\n'],
      [['series', 'list', '--group', ''], 'flowlens: unknown group "" (groups: liquidity, rates, credit, labour, output, prices, households, energy, commodities, volatility, equities, fx, crypto, positioning, wealth, ai)\n'],
      // fed ignored an empty --events, --calendar or --futures (the stored contracts were priced); others said ENOENT.
      [['fed', '--events', ''], 'flowlens: --events needs a file name, got ""\n'],
      [['fed', '--calendar', ''], 'flowlens: --calendar needs a file name, got ""\n'],
      [['study', '--dates', ''], 'flowlens: --dates needs a file name, got ""\n'],
      [['flows', '--earnings', ''], 'flowlens: --earnings needs a file name, got ""\n'],
      // --tail has a default, so with another event it used to be ignored without a word.
      [['study', 'fomc', '--tail', '0.1'], "flowlens: --tail applies to the vol-selling event only (it picks the most negative share of the model's flows), not to fomc\n"],
      [['sync', '--source', 'nope'], 'flowlens: unknown source "nope" (sources: fred, cboe, yahoo, coinbase, eia, cftc, dfa, sec)\n'],
      // An empty --only, --source or --from (an unset shell variable) synced every series, --from from the network.
      [['sync', '--only', ''], 'flowlens: --only has an empty series id: ""\n'],
      [['sync', '--only', 'WALCL,'], 'flowlens: --only has an empty series id: "WALCL,"\n'],
      [['sync', '--source', ''], 'flowlens: unknown source "" (sources: fred, cboe, yahoo, coinbase, eia, cftc, dfa, sec)\n'],
      [['sync', '--from', ''], 'flowlens: --from needs a folder, got ""\n'],
      [['liquidity', '--window', '3'], 'flowlens: --window must be a whole number from 8 to 1,040, got "3"\n'],
      // A window longer than the history gave a table of dashes and exit 0.
      [['liquidity', '--window', '1e9'], 'flowlens: --window must be a whole number from 8 to 1,040, got "1e9"\n'],
      [['economy', 'crypto', '--window', '1e9'], 'flowlens: --window must be a whole number from 8 to 1,040, got "1e9"\n'],
      // flows named the model's fields (aumBn, lagDays, combine, rule) and let an empty --asset mean all assets.
      [['flows', '--rp-aum', '-5'], 'flowlens: --rp-aum must be a number from 0 to 100000, got "-5"\n'],
      [['flows', '--rp-target', '0'], 'flowlens: --rp-target must be a number above 0 and at most 1, got "0"\n'],
      [['flows', '--vc-lag', '1.5'], 'flowlens: --vc-lag must be a whole number from 0 to 20, got "1.5"\n'],
      [['flows', '--vc-combine', 'nope'], 'flowlens: --vc-combine must be max, blend or ewma, got "nope"\n'],
      [['flows', '--cta-rule', 'x'], 'flowlens: --cta-rule must be sign or smooth, got "x"\n'],
      [['flows', '--asset', ''], 'flowlens: unknown asset "" (assets: spx, ndx, rut, ust10, crude, gold, btc)\n'],
      [['flows', '--weights', 'w.csv'], 'flowlens: --earnings-dates and --weights go together: the dates say when each company reports, the weights how much of the index it is\n'],
      [['vol', '--episodes', '-1'], 'flowlens: --episodes must be a whole number from 0 to 1,000,000, got "-1"\n'],
      // "" was read as 0, and 0 listed every episode.
      [['vol', '--episodes', ''], 'flowlens: --episodes must be a whole number from 0 to 1,000,000, got ""\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = flowlens(join(home, 'h'), ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.stderr, stderr, args.join(' '));
    }
  });

  it('sync --from a folder of one file names the first 20 series found in no file, not all ~1,000', () => {
    const folder = join(home, 'one-file');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'WALCL.csv'), 'observation_date,WALCL\n2026-08-05,6748567\n');
    const r = flowlens(join(home, 'one-file-home'), 'sync', '--from', folder);
    assert.equal(r.code, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.startsWith('Catalog series found in no file')) ?? '';
    assert.match(line, /^Catalog series found in no file \((\d+)\): WTREGEN, WDTGAL, RRPONTSYD, (?:[A-Z0-9_]+, ){16}[A-Z0-9_]+ … and \d+ more \(all of them with --json\)$/);
    const [, n] = /\((\d+)\)/.exec(line) ?? [];
    const json = JSON.parse(flowlens(join(home, 'one-file-home'), 'sync', '--from', folder, '--json').stdout) as { missingSeries: string[] };
    assert.equal(json.missingSeries.length, Number(n));
  });

  it('refuses flags beyond their bounds and flags that would be ignored', () => {
    const cases: [string[], RegExp][] = [
      [['flows', '--workers', '999'], /^flowlens: --workers must be a whole number from 1 to \d+, got "999"/],
      [['flows', '--paths', '1e9'], /^flowlens: --paths must be a whole number from 1 to 1,000,000, got "1e9"/],
      [['flows', '--vc-short', '100000'], /^flowlens: --vc-short must be a number from 2 to 1260, got "100000"/],
      [['study', 'fomc', '--bootstrap', '1e9'], /^flowlens: --bootstrap must be a whole number from 100 to 10,000/],
      [['series', 'show', 'WALCL', '--csv', '--json'], /^flowlens: choose one of --csv and --json/],
      [['series', 'show', 'WALCL', '--from', '2025-01-01', '--to', '2024-01-01'], /^flowlens: --from 2025-01-01 is after --to 2024-01-01/],
      [['economy', 'labour', '--pue', '1.3'], /^flowlens: --pue applies to economy energy, not labour/],
      [['fed', '--meeting', '2024-01-02'], /^flowlens: --meeting 2024-01-02 is not an FOMC decision day \(next ones: 2024-01-31/],
      [['vol', '--from', '2030-13-01'], /^flowlens: --from must be a date YYYY-MM-DD/],
    ];
    for (const [args, re] of cases) {
      const r = flowlens(join(home, 'h'), ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, re);
    }
  });
});

describe('flowlens sync --from on real data', { skip: skipWithoutRealData }, () => {
  let home: string;
  let data: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-real-'));
    data = realDataDir() ?? '';
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('imports every file of the folder and shows the true last dates', () => {
    const sync = flowlens(home, 'sync', '--from', data, '--json');
    assert.equal(sync.code, 0, sync.stderr);
    const report = JSON.parse(sync.stdout) as { rows: { seriesId: string; added: number; error?: string }[]; fileErrors: unknown[]; unmatchedFiles: { file: string }[]; earningsCalendar: { status: string; reports: number; companies: number; file: string } };
    assert.deepEqual(report.fileErrors, []);
    // The S&P 500 earnings calendar: its two files joined into the store's reference file, no longer "unmatched".
    assert.equal(report.earningsCalendar.status, 'imported');
    assert.equal(report.earningsCalendar.reports, 12198);
    assert.equal(report.earningsCalendar.companies, 496);
    assert.equal(report.earningsCalendar.file, join(home, 'store', 'reference', 'sp500-earnings.json'));
    assert.ok(!report.unmatchedFiles.some((u) => /sp500_(earnings_dates|weights)/.test(u.file)));
    assert.ok(report.rows.length > 120, `only ${report.rows.length} series imported`);
    assert.deepEqual(report.rows.filter((r) => r.error), []);

    const list = flowlens(home, 'series', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    const byId = new Map((JSON.parse(list.stdout) as { series: { id: string; lastDate: string | null; firstDate: string | null }[] }).series.map((s) => [s.id, s]));
    assert.equal(byId.get('WALCL')?.lastDate, '2026-08-19');
    assert.equal(byId.get('WALCL')?.firstDate, '2002-12-18');
    assert.equal(byId.get('VIXCLS')?.lastDate, '2026-08-19');
    assert.equal(byId.get('UNRATE')?.lastDate, '2026-07-01');
  });

  it('a second import of the same folder adds and revises nothing', () => {
    const calendar = join(home, 'store', 'reference', 'sp500-earnings.json');
    const before_ = { bytes: readFileSync(calendar), mtimeMs: statSync(calendar).mtimeMs };
    const again = flowlens(home, 'sync', '--from', data, '--json', '--only', 'WALCL,UNRATE,VIX');
    assert.equal(again.code, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { earningsCalendar: { status: string } }).earningsCalendar.status, 'unchanged');
    assert.equal(statSync(calendar).mtimeMs, before_.mtimeMs);
    assert.deepEqual(readFileSync(calendar), before_.bytes);
    const text = flowlens(home, 'sync', '--from', data, '--only', 'WALCL');
    assert.match(text.stdout, /^S&P 500 earnings calendar: 12,198 reports of 496 companies \(weights for 99\.8% of the index\), unchanged \(the same sp500_earnings_dates_2020-2026\.csv and sp500_weights_snapshot_2026\.csv as imported \d{4}-\d{2}-\d{2}; not parsed again\)\.$/m);
    const rows = (JSON.parse(again.stdout) as { rows: { added: number; revised: number }[] }).rows;
    assert.deepEqual(
      rows.map((r) => r.added + r.revised),
      [0, 0, 0],
    );
  });

  it('shows a window of WALCL as CSV with the published values', () => {
    const r = flowlens(home, 'series', 'show', 'WALCL', '--from', '2002-12-18', '--to', '2003-01-01', '--csv');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'date,WALCL');
    assert.equal(r.stdout.split('\n')[1], '2002-12-18,719542');
  });

  it('an as-of date before the import shows what was usually published by then, as report --as-of does', () => {
    const r = flowlens(home, 'series', 'show', 'WALCL', '--as-of', '2020-01-01', '--csv');
    assert.equal(r.code, 0, r.stderr);
    // The H.4.1 of Wednesday 2019-12-25 (published the next day); 2020-01-01's came out on 2 January.
    assert.deepEqual(r.stdout.trim().split('\n').slice(-2), ['2019-12-18,4137052', '2019-12-25,4165591']);
    const j = JSON.parse(flowlens(home, 'series', 'show', 'WALCL', '--from', '2019-12-01', '--as-of', '2020-01-01', '--json').stdout) as { count: number; dates: string[]; laterVintages: string | null };
    assert.deepEqual(j.dates, ['2019-12-04', '2019-12-11', '2019-12-18', '2019-12-25']);
    assert.match(j.laterVintages ?? '', /^no vintage from before 2020-01-01: later retrievals used/);
  });

  it('liquidity: net liquidity from the stored inputs, today and as of a past date', () => {
    const now = JSON.parse(flowlens(home, 'liquidity', '--json').stdout) as { latest: { date: string; netLiquidity: number }; flags: string[] };
    assert.equal(now.latest.date, '2026-08-19');
    assert.ok(Math.abs(now.latest.netLiquidity - 5808.976) < 1e-6);
    const past = flowlens(home, 'liquidity', '--json', '--as-of', '2023-06-30');
    const json = JSON.parse(past.stdout) as { latest: { date: string; tgaBasis: string }; flags: string[] };
    assert.equal(json.latest.date, '2023-06-28');
    assert.equal(json.latest.tgaBasis, 'week-average');
    assert.ok(json.flags.some((f) => /no vintage from before 2023-06-30/.test(f)));
    const screen = flowlens(home, 'liquidity');
    assert.match(screen.stdout, /Net liquidity 5,809 bn on 2026-08-19/);
    // Before the daily ON RRP exercise (2013-09-23) a Wednesday without an operation has RRP 0:
    // 2010-06-23 = WALCL 2,344,497 − WTREGEN 45,852 (USD mn) = 2,298.645 bn (it read 2008-12-17, the last week with an operation).
    const y2010 = flowlens(home, 'liquidity', '--as-of', '2010-06-30');
    assert.match(y2010.stdout, /Net liquidity 2,299 bn on 2010-06-23 {2}= Fed assets 2,344 bn − TGA 46 bn \(week-average\) − RRP 0 bn/);
    assert.match(y2010.stdout, /Net liquidity since 2004-01-01, USD bn/, 'the chart starts six years before the as-of date');
  });

  it('vol: the curve on 5 August 2024 is inverted and read as hedging flow', () => {
    const r = flowlens(home, 'vol', '--json', '--as-of', '2024-08-05');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { today: { date: string; state: string; ratio: number; classification: { label: string } }; equity: string };
    assert.equal(json.today.date, '2024-08-05');
    assert.equal(json.today.state, 'backwardation');
    assert.ok(json.today.ratio > 1.1);
    assert.equal(json.equity, 'GSPC'); // the index itself when it is as fresh as SPY
    assert.equal(json.today.classification.label, 'hedging flow');
    const screen = flowlens(home, 'vol');
    assert.match(screen.stdout, /VIX 16\.01 \/ VIX3M 19\.06 = 0\.840: contango on 2026-08-20/);
  });

  it('vol --episodes 0 lists no episode (it listed them all)', () => {
    const r = flowlens(home, 'vol', '--episodes', '0');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /Inversion episodes/);
    assert.match(flowlens(home, 'vol', '--episodes', '2').stdout, /Inversion episodes \(67 since 2009-09-18; latest 2\)/);
  });

  it('vol and liquidity as of a date before their series start say so and where each starts, not "not in the store"', () => {
    const v = flowlens(home, 'vol', '--as-of', '1900-01-01');
    assert.equal(v.code, 1);
    assert.equal(v.stderr, 'flowlens: VIXCLS has no observation on or before 1900-01-01 (the VIX; VIXCLS starts 1990-01-02)\n');
    // VIX3M (Cboe) starts on 2009-09-18: the VIX itself is there on 2008-06-01, its 3-month peer is not.
    assert.equal(flowlens(home, 'vol', '--as-of', '2008-06-01').stderr, 'flowlens: VIX3M has no observation on or before 2008-06-01 (the 3-month VIX; VIX3M starts 2009-09-18)\n');
    const l = flowlens(home, 'liquidity', '--as-of', '1900-01-01');
    assert.equal(l.code, 1);
    assert.equal(l.stderr, 'flowlens: WALCL has no observation on or before 1900-01-01 (the Fed balance sheet; WALCL starts 2002-12-18)\n');
  });

  it('fed --date outside the stored rates says where they are known ("sync them" alone sent the user to sync for 9999-12-31)', () => {
    for (const date of ['9999-12-31', '1800-01-01']) {
      const r = flowlens(home, 'fed', '--date', date);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `flowlens: EFFR, DTB3 and DGS2 are not all known on ${date} (all three are stored from 2000-07-03 to 2026-08-19): choose a date in that span, or sync them\n`);
    }
    // An --as-of before the stored EFFR: the point-in-time read holds none, and sync was the wrong remedy.
    const early = flowlens(home, 'fed', '--as-of', '1995-06-01');
    assert.equal(early.code, 1);
    assert.equal(early.stderr, 'flowlens: no fed funds futures and no short-rate curve on or before 1995-06-01 (EFFR: none by 1995-06-01 (starts 2000-07-03)): choose a later date\n');
  });

  it('flows --asset ndx runs (it said the S&P 500 was not in the store); an --as-of before the S&P 500 says why', () => {
    const r = flowlens(home, 'flows', '--asset', 'ndx', '--paths', '100', '--json');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { cta: { assets: { id: string }[] } };
    assert.deepEqual(j.cta.assets.map((a) => a.id), ['GSPC', 'NDX']);
    const early = flowlens(home, 'flows', '--as-of', '1800-01-01');
    assert.equal(early.code, 1);
    assert.equal(early.stderr, 'flowlens: no usable S&P 500 (GSPC: none by 1800-01-01 (starts 1927-12-30); SPY: none by 1800-01-01 (starts 1993-01-29)): vol-control runs on it; choose a later date\n');
  });

  it('fed: FedWatch on the stored contracts, the futures file, and the curve where no contract prices the next meeting', () => {
    type Fed = {
      tradeDate: string;
      method: string;
      source: string;
      currentRange: number[];
      meetings: { meeting: string; hike: number; ranges: Record<string, number>; startFrom: string }[];
      table: { ranges: number[][]; rows: { meeting: string; p: number[] }[] };
      compare: { label: string; tradeDate: string }[];
      history: { tradeDate: string }[];
    };
    // The stored contracts by default: the newest trade date (fedwatch-tracker, 2026-09-28).
    const latest = JSON.parse(flowlens(home, 'fed', '--json').stdout) as Fed;
    assert.equal(latest.method, 'fed funds futures (CME FedWatch method)');
    assert.equal(latest.tradeDate, '2026-09-28');
    assert.equal(latest.meetings[0]?.meeting, '2026-10-28');
    // No stored target range after June 2026: the range holding the rate the contracts imply before
    // October, backed out of October and November (September held the 16 September decision, so its
    // average, 3.7475, anchors nothing): (31·3.895 − 3·4.055)/28 = 3.8777 → 3.75–4.00.
    assert.deepEqual(latest.currentRange, [3.75, 4]);
    assert.equal(latest.meetings[0]?.startFrom, 'own month (backed out)');
    // As of the SVB Friday, from the stored CME settlements: 66.1% +25 bp, 33.9% +50 bp on 22 March.
    const svb = flowlens(home, 'fed', '--json', '--as-of', '2023-03-10');
    assert.equal(svb.code, 0, svb.stderr);
    const j = JSON.parse(svb.stdout) as Fed;
    assert.equal(j.tradeDate, '2023-03-10');
    assert.deepEqual(j.currentRange, [4.5, 4.75]);
    assert.ok(Math.abs((j.meetings[0]?.ranges['5.00'] ?? 0) - 33.86) < 0.01);
    assert.deepEqual(j.table.ranges[0], [4, 4.25]);
    assert.deepEqual(j.compare.map((c) => c.tradeDate), ['2023-03-09', '2023-03-03', '2023-02-08']);
    assert.ok(j.history.every((h) => h.tradeDate <= '2023-03-10'));
    // The same from the futures file.
    const futures = join(data, 'rates', 'fed_funds_futures_daily.csv');
    const r = flowlens(home, 'fed', '--json', '--futures', futures, '--date', '2022-03-15');
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout) as Fed;
    assert.equal(f.meetings[0]?.meeting, '2022-03-16');
    assert.ok(Math.abs((f.meetings[0]?.hike ?? 0) - 100) < 1e-9);
    assert.deepEqual(f.currentRange, [0, 0.25]);
    // 2024-01-10: no stored contract covers the January and March 2024 meetings: the curve, saying why.
    const gap = JSON.parse(flowlens(home, 'fed', '--json', '--as-of', '2024-01-10').stdout) as Fed;
    assert.equal(gap.method, 'short-rate curve (approximation)');
    assert.match(gap.source, /price no meeting/);
    const bad = flowlens(home, 'fed', '--futures', join(data, 'macro', 'WALCL.csv'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /WALCL\.csv:1: expected columns symbol,date,…,close or contract,price/);
    const sunday = flowlens(home, 'fed', '--futures', futures, '--date', '2022-03-13');
    assert.match(sunday.stderr, /fed_funds_futures_daily\.csv has no settlements on 2022-03-13/);
  });

  it('flows: vol-control, CTA triggers and scenario flows, repeatable for a seed', () => {
    const run = () => flowlens(home, 'flows', '--json', '--paths', '200', '--seed', '7');
    const a = run();
    assert.equal(a.code, 0, a.stderr);
    const json = JSON.parse(a.stdout) as {
      volControl: { latest: { date: string; exposure: number }; moveTable: unknown[] };
      cta: { assets: { id: string; triggers: unknown[] }[]; totalExposureBn: number };
      scenarios: { tapes: unknown[]; monteCarlo: { ctaTotal: { mean: number }[] } };
    };
    // The S&P 500 index (GSPC, to 2026-08-21) is fresher than SPY (to 2026-06-05) in the shared data.
    assert.equal(json.volControl.latest.date, '2026-08-21');
    assert.ok(json.volControl.latest.exposure > 0 && json.volControl.latest.exposure <= 1.5);
    assert.equal(json.volControl.moveTable.length, 11);
    assert.deepEqual(json.cta.assets.map((x) => x.id), ['GSPC', 'NDX', 'IWM', 'DGS10_PRICE', 'USO', 'GLD', 'BTCUSD']);
    assert.equal(json.scenarios.tapes.length, 5);
    const bb = (JSON.parse(a.stdout) as { buyback: { today: { status: string; share: number } } }).buyback.today;
    assert.ok(['open', 'closing', 'closed', 'reopening'].includes(bb.status) && bb.share >= 0 && bb.share <= 1);
    const b = JSON.parse(run().stdout) as typeof json;
    assert.deepEqual(b.scenarios.monteCarlo, json.scenarios.monteCarlo);
    // As of dates the universe only partly covers: 2005 takes gold futures (GC_F, from 2000) over an
    // ETF listed six weeks before (GLD, 31 prices); 1995 leaves crude, gold and bitcoin out with
    // their first dates, and the bootstrap draws from the ten years before (none since 2010 then).
    const y2005 = JSON.parse(flowlens(home, 'flows', '--json', '--paths', '200', '--as-of', '2005-01-03').stdout) as typeof json & { notes: string[] };
    assert.deepEqual(y2005.cta.assets.map((x) => x.id), ['GSPC', 'NDX', 'RUT', 'DGS10_PRICE', 'CL_F', 'GC_F']);
    assert.ok(y2005.notes.some((n) => n.startsWith('left out: Bitcoin (BTCUSD: none by 2005-01-03 (starts 2014-09-17))')), y2005.notes.join('\n'));
    // The table names each asset as a reader knows it, with the series standing for it.
    const text = flowlens(home, 'flows', '--paths', '200', '--as-of', '2005-01-03').stdout;
    for (const name of ['S&P 500 (GSPC)', 'Russell 2000 (RUT)', 'US 10-year (price from DGS10)', 'WTI crude (CL_F)', 'Gold (GC_F)', 'CTA Nasdaq-100 (NDX) 21d']) assert.ok(text.includes(name), name);
    assert.ok(!text.includes('DGS10_PRICE'));
    const y1995 = flowlens(home, 'flows', '--json', '--paths', '200', '--as-of', '1995-01-03');
    assert.equal(y1995.code, 0, y1995.stderr);
    assert.ok((JSON.parse(y1995.stdout) as { notes: string[] }).notes.some((n) => n.includes('Gold (GLD: none by 1995-01-03 (starts 2004-11-18); GC_F: none by 1995-01-03 (starts 2000-08-30))')));
    const g = flowlens(home, 'flows', '--json', '--paths', '200', '--method', 'gbm', '--vc-combine', 'ewma', '--workers', '1');
    assert.equal(g.code, 0, g.stderr);
    const gj = JSON.parse(g.stdout) as { scenarios: { monteCarlo: { method: string; correlated: boolean; volControl: { mean: number }[] } }; notes: string[] };
    assert.equal(gj.scenarios.monteCarlo.method, 'gbm');
    assert.equal(gj.scenarios.monteCarlo.correlated, true, 'GBM paths take the correlation of the joint history');
    assert.ok(!gj.notes.some((n) => n.includes('--vc-combine')));
    // Company earnings dates: one report covering the whole Q1 season on 2026-06-20 puts all of the
    // index in blackout on 2026-06-05 (35 days before it), where the stored calendar has little.
    const earnings = join(home, 'earnings.csv');
    writeFileSync(earnings, 'ticker,date,weight\nAAPL,2026-06-20,1\n');
    const withDates = JSON.parse(flowlens(home, 'flows', '--json', '--paths', '50', '--as-of', '2026-06-05', '--earnings', earnings).stdout) as { buyback: { method: string; reportDates: string; today: { share: number; status: string } }; notes: string[] };
    const byDefault = JSON.parse(flowlens(home, 'flows', '--json', '--paths', '50', '--as-of', '2026-06-05').stdout) as typeof withDates;
    assert.equal(withDates.buyback.method, 'company earnings dates, the rest of the index from the seasonal model');
    assert.equal(withDates.buyback.reportDates, 'flags');
    assert.equal(withDates.buyback.today.share, 1);
    assert.equal(withDates.buyback.today.status, 'closed');
    // Without flags, the calendar the sync stored (this expectation was "seasonal model" before it existed).
    assert.equal(byDefault.buyback.reportDates, 'stored calendar');
    assert.equal(byDefault.buyback.method, 'company earnings dates, the rest of the index from the seasonal model');
    assert.ok(byDefault.buyback.today.share < 0.5);
    writeFileSync(earnings, 'ticker,date,weight\nAAPL,06/20/2026,1\n');
    assert.match(flowlens(home, 'flows', '--earnings', earnings).stderr, /earnings\.csv:2: column "date": not a date YYYY-MM-DD/);
    // Named rule sets: the S&P Average Daily Risk Control preset and the AQR CTA variant, in the assumptions.
    const presets = JSON.parse(flowlens(home, 'flows', '--json', '--paths', '20', '--vc-preset', 'sp-adrc', '--cta-variant', 'aqr').stdout) as { volControl: { assumptions: { name: string; value: unknown }[] }; cta: { assumptions: { name: string; value: unknown }[]; assets: { latest: { signals: number[] } }[] } };
    assert.equal(presets.volControl.assumptions.find((x) => x.name === 'preset')?.value, 'sp-adrc');
    assert.equal(presets.volControl.assumptions.find((x) => x.name === 'lagDays')?.value, 2);
    assert.equal(presets.volControl.assumptions.find((x) => x.name === 'cap')?.value, 1);
    assert.equal(presets.cta.assumptions.find((x) => x.name === 'lookbacks')?.value, '21,63,252');
    assert.equal(presets.cta.assets[0]?.latest.signals.length, 3);
    assert.match(flowlens(home, 'flows', '--vc-preset', 'sp-xyz').stderr, /--vc-preset must be one of flowlens, sp-adrc, sp-drc, got "sp-xyz"/);
    const bad = flowlens(home, 'flows', '--vc-aum', '-5');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^flowlens: --vc-aum must be a number from 0 to 100000, got "-5"$/m);
  });

  it('flows: the buyback window from the stored S&P 500 earnings calendar by default, the seasonal model outside its span', () => {
    type Flows = { buyback: { reportDates: string; source: string; today: { date: string; share: number; status: string } }; notes: string[] };
    // 31 Jan 2025, late in the Q4 season: blackout holds every report from 29 Jan to 14 Mar. The ten
    // heaviest companies all report then (calendar dates): NVDA 02-27 (7.38%), AAPL 01-31 (6.59%),
    // MSFT 01-30 (4.38%), AMZN 02-07 (3.60%), GOOGL and GOOG 02-05 (3.13% + 2.50%), AVGO 03-07
    // (2.73%), META 01-30 (1.91%), TSLA 01-30 (1.69%), BRK-B 02-22 (1.45%): 35.4% of the index
    // on their own. The seasonal model has most of the season reported by then: 45% in blackout.
    const r = flowlens(home, 'flows', '--json', '--paths', '20', '--as-of', '2025-01-31');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Flows;
    assert.equal(j.buyback.reportDates, 'stored calendar');
    assert.ok(Math.abs(j.buyback.today.share - 0.8136) < 0.0005, `${j.buyback.today.share}`);
    assert.equal(j.buyback.today.status, 'closed');
    assert.ok(Math.abs(buybackWindow(toDay('2025-01-31')).today.share - 0.45) < 1e-9, 'the seasonal model says 45%');
    const cal = JSON.parse(readFileSync(join(home, 'store', 'reference', 'sp500-earnings.json'), 'utf8')) as { weights: Record<string, number>; reports: [string, string][] };
    const heaviest = ['NVDA', 'AAPL', 'MSFT', 'AMZN', 'GOOGL', 'GOOG', 'AVGO', 'META', 'TSLA', 'BRK-B'];
    const inBlackout = heaviest.filter((t) => cal.reports.some(([x, d]) => x === t && d >= '2025-01-29' && d <= '2025-03-14'));
    assert.deepEqual(inBlackout, heaviest);
    assert.ok(Math.abs(heaviest.reduce((a, t) => a + (cal.weights[t] ?? 0), 0) - 0.35364816) < 1e-9);
    assert.match(j.buyback.source, /^buyback window from 12,198 company earnings dates imported \d{4}-\d{2}-\d{2} from sp500_earnings_dates_2020-2026\.csv with weights from sp500_weights_snapshot_2026\.csv \(496 companies; one weight snapshot for every date\); the rest of the index, and seasons outside the calendar's \(results to 2020-09-30 … 2026-09-30\), from the seasonal model; report dates after 2025-01-31 as scheduled in the calendar \(companies announce them weeks ahead\)$/);
    assert.ok(j.notes.includes(j.buyback.source));
    // As of 2015 the calendar has nothing to say: the seasonal model, and the note says why.
    const old = JSON.parse(flowlens(home, 'flows', '--json', '--paths', '20', '--as-of', '2015-06-01').stdout) as Flows;
    assert.equal(old.buyback.reportDates, 'seasonal model');
    assert.equal(old.buyback.source, 'buyback window from the seasonal model: the stored S&P 500 earnings calendar (results to 2020-09-30 … 2026-09-30) does not cover 2015-06-01');
    assert.equal(old.buyback.today.share, buybackWindow(toDay('2015-06-01')).today.share);
    // A damaged calendar file: one line naming it; restored afterwards for the tests below.
    const file = join(home, 'store', 'reference', 'sp500-earnings.json');
    const whole = readFileSync(file);
    try {
      writeFileSync(file, whole.subarray(0, 1000));
      const bad = flowlens(home, 'flows', '--paths', '20');
      assert.equal(bad.code, 1);
      assert.equal(bad.stderr, `flowlens: ${file}: the stored S&P 500 earnings calendar is damaged (not valid JSON); import it again with \`flowlens sync --from DIR\` (the folder with the earnings dates and index weights files)\n`);
    } finally {
      writeFileSync(file, whole);
    }
  });

  it('calibrate: each model beside the published desk figures of the example file, with the ratio', () => {
    const example = join(import.meta.dirname, '..', '..', 'docs', 'desk-figures.example.csv');
    const r = flowlens(home, 'calibrate', example, '--json');
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { rows: { desk: string; model: string; estimateBn: number; ratio: number }[] }).rows;
    assert.equal(rows.length, 5);
    // Nomura's 83.6 bn of vol-control selling over the ten sessions to 2 Aug 2024: the model (USD 400 bn, GSPC) sells 1.5× that.
    assert.ok(Math.abs((rows[0]?.ratio as number) - 1.5) < 0.05, `${rows[0]?.ratio}`);
    assert.equal(rows[3]?.model, 'systematic-equity');
    assert.ok((rows[3]?.estimateBn as number) < 0 && (rows[3]?.ratio as number) > 0.1 && (rows[3]?.ratio as number) < 1, 'Morgan Stanley\'s 70–80 bn on 5 Aug 2024: flowlens sells less in one day');
    const drc = JSON.parse(flowlens(home, 'calibrate', example, '--json', '--vc-preset', 'sp-drc').stdout) as { rows: { ratio: number }[] };
    assert.notEqual(drc.rows[0]?.ratio, rows[0]?.ratio);
    const bad = join(home, 'figures.csv');
    writeFileSync(bad, 'published,desk,model,from,to,low_bn,high_bn,source\n2024-08-05,MS,vol,2024-08-05,2024-08-05,-80,-70,x\n');
    assert.match(flowlens(home, 'calibrate', bad).stderr, /figures\.csv:2: field "model": one of vol-control/);
  });

  it('report: the scorecard in JSON and a self-contained HTML file with charts', () => {
    const html = join(home, 'report.html');
    const r = flowlens(home, 'report', '--json', '--html', html);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { theses: { id: string; verdict: string }[]; flowsThisWeek: string[] };
    assert.equal(json.theses.length, 12);
    const v = Object.fromEntries(json.theses.map((t) => [t.id, t.verdict]));
    // Every claim measured on the shared data (the verdicts as they read on it).
    assert.deepEqual(v, {
      'flows-dominate': 'not supported',
      'ai-capex-pillar': 'not supported',
      'liquidity-wave': 'mixed',
      'wealth-gap': 'mixed',
      'energy-bottleneck': 'mixed',
      'crypto-upside': 'not supported',
      'k-shape': 'supported',
      'vol-control-selling': 'not supported',
      'cta-triggers': 'mixed',
      'vix-hedging': 'supported',
      'fed-swings': 'not supported',
      'buyback-window': 'not supported',
    });
    assert.ok(json.flowsThisWeek.some((f) => f.startsWith('buyback window')));
    // The report models the same CTA assets as `flows` (the 10-year included), so the totals agree.
    const flows = JSON.parse(flowlens(home, 'flows', '--json', '--paths', '10', '--workers', '1').stdout) as { cta: { totalExposureBn: number; assets: unknown[] } };
    const line = json.flowsThisWeek.find((f) => f.startsWith('CTA total exposure')) ?? '';
    assert.equal(flows.cta.assets.length, 7);
    assert.equal(line, `CTA total exposure ${Math.round(flows.cta.totalExposureBn)} bn across 7 assets`);
    // Every claim's parameters are listed under "as of / assuming", e.g. the regression window.
    const models = (JSON.parse(r.stdout) as { assumptions: { model: string; assumptions: { name: string; value: unknown }[] }[] }).assumptions;
    assert.equal(models.find((m) => m.model === 'claim flows-dominate')?.assumptions.find((a) => a.name === 'window')?.value, 252);
    assert.equal(models.find((m) => m.model === 'claim energy-bottleneck')?.assumptions.find((a) => a.name === 'pue')?.value, 1.3);
    // Chart data in the JSON: ISO dates and plain numbers, not typed arrays keyed by index.
    const k = (JSON.parse(r.stdout) as { theses: { id: string; chart?: { series: { dates: unknown[]; values: unknown[] }[] } }[] }).theses.find((t) => t.id === 'k-shape');
    // The k-shape compares the 5 years to the as-of date (here today): it starts on the first trading day on or after kShapeBase.
    const kBase = kShapeBase(todayDay());
    const kStart = String(k?.chart?.series[0]?.dates[0]);
    assert.ok(kStart >= kBase && toDay(kStart) - toDay(kBase) <= 4, `${kStart} vs ${kBase}`);
    assert.equal(models.find((m) => m.model === 'claim k-shape')?.assumptions.find((a) => a.name === 'base')?.value, kBase);
    assert.equal(k?.chart?.series[0]?.values[0], 0);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/);
    assert.ok((page.match(/<svg/g) ?? []).length >= 3, 'charts drawn');
    assert.doesNotMatch(page, /<script|(src|href)="https?:/i);
  });

  it('a broken file is reported by name and line, and loses nothing already stored', () => {
    const bad = mkdtempSync(join(tmpdir(), 'flowlens-bad-'));
    try {
      mkdirSync(join(bad, 'macro'));
      writeFileSync(join(bad, 'macro', 'WALCL.csv'), 'date,value\n2026-08-26,6600000\n2026-09-02,abc\n');
      const r = flowlens(home, 'sync', '--from', bad, '--only', 'WALCL');
      assert.equal(r.code, 1);
      assert.match(r.stdout + r.stderr, /WALCL\.csv:3: column "value": not a number: "abc"; row skipped/);
      // The good row of the file is imported; nothing stored before is lost.
      const show = flowlens(home, 'series', 'show', 'WALCL', '--csv', '--from', '2026-08-19');
      assert.equal(show.stdout.trim(), 'date,WALCL\n2026-08-19,6745699\n2026-08-26,6600000');
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
