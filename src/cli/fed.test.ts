import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import { toDay } from '../series/dates.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { runCli } from './economy/testkit.ts';
import { fedInputIds, parseEventsCsv } from './fed.ts';

describe('fed command inputs', () => {
  it('reads an events file and names the file and line of a bad date', () => {
    assert.deepEqual(parseEventsCsv('date,label\n2019-08-23,Jackson Hole\n2019-07-10,testimony\n', 'e.csv'), [
      { date: '2019-07-10', label: 'testimony' },
      { date: '2019-08-23', label: 'Jackson Hole' },
    ]);
    assert.throws(() => parseEventsCsv('date,label\n2019-08-23,a\n23/08/2019,b\n', 'e.csv'), /^DataFormatError: e\.csv:3: date must be YYYY-MM-DD, got "23\/08\/2019"/);
    assert.throws(() => parseEventsCsv('when,label\n2019-08-23,a\n', 'e.csv'), /e\.csv:1: expected a date column/);
  });

  it('reads the contracts from 14 months before to 5 years after the date, with their volumes', () => {
    const ids = fedInputIds(toDay('2023-03-10'));
    assert.ok(ids.includes('EFFR') && ids.includes('DFF'));
    assert.equal(ids.find((id) => id.startsWith('ZQ')), 'ZQF22');
    assert.equal(ids[ids.length - 1], 'ZQH28_VOL');
  });
});

describe('fed: bad input files give one line naming the file and line (issue #10)', { skip: skipWithoutRealData }, () => {
  let dir = '';
  let futures = '';
  let homeBefore: string | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlens-fed-'));
    homeBefore = process.env.FLOWLENS_HOME;
    process.env.FLOWLENS_HOME = join(dir, 'home');
    // The 36 contracts CME settled on 2019-07-30 (shared rates/fed_funds_futures_daily.csv).
    const all = readFileSync(join(realDataDir() as string, 'rates', 'fed_funds_futures_daily.csv'), 'utf8').split('\n');
    futures = [all[0], ...all.filter((l) => l.includes(',2019-07-30,'))].join('\n') + '\n';
  });
  after(() => {
    if (homeBefore === undefined) delete process.env.FLOWLENS_HOME;
    else process.env.FLOWLENS_HOME = homeBefore;
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const oneLine = (stderr: string) => assert.equal(stderr.split('\n').filter(Boolean).length, 1, stderr);
  const cal2019 = FOMC_MEETINGS.filter((m) => m.scheduled && m.date >= '2019-01-01' && m.date <= '2019-12-31').map((m) => `${m.date},`);

  it('a calendar with the 2019 meetings prices the same odds as the built-in calendar', async () => {
    const f = file('futures.csv', futures);
    const cal = file('cal.csv', `date,announced\n${cal2019.join('\n')}\n`);
    const own = await runCli('fed', '--futures', f, '--date', '2019-07-30', '--calendar', cal, '--json');
    const builtIn = await runCli('fed', '--futures', f, '--date', '2019-07-30', '--json');
    assert.equal(own.code, 0, own.stderr);
    const odds = (o: string) => (JSON.parse(o) as { meetings: { meeting: string; cut: number }[] }).meetings.map((m) => [m.meeting, m.cut.toFixed(6)]);
    assert.deepEqual(odds(own.stdout), odds(builtIn.stdout));
    assert.deepEqual(odds(own.stdout).map((m) => m[0]), ['2019-07-31', '2019-09-18', '2019-10-30', '2019-12-11']);
  });

  it('an empty --bill-spread or --term-premium is refused, not read as 0 bp', async () => {
    for (const flag of ['--bill-spread', '--term-premium']) {
      const r = await runCli('fed', flag, '');
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `flowlens: ${flag} must be a number of basis points from -500 to 500, got ""\n`);
    }
  });

  it('a calendar that skips a month, or is unsorted, or repeats a date', async () => {
    const f = file('futures.csv', futures);
    const skip = file('skip.csv', `date,announced\n${cal2019.filter((l) => !l.startsWith('2019-09-18')).join('\n')}\n`);
    const r = await runCli('fed', '--futures', f, '--date', '2019-07-30', '--calendar', skip);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.equal(r.stderr, `flowlens: ${skip}:7: 2019-10-30 is 91 days after 2019-07-31 on line 6: scheduled meetings are at most 10 weeks apart, a month looks skipped\n`);
    const dup = file('dup.csv', `date,announced\n${[...cal2019.slice(0, 3), cal2019[2], ...cal2019.slice(3)].join('\n')}\n`);
    assert.match((await runCli('fed', '--calendar', dup)).stderr, /^flowlens: .*dup\.csv:5: 2019-05-01 repeats line 4 \(one meeting per line\)\n$/);
    assert.match((await runCli('fed', '--calendar', dup, '--meeting', '2019-09-18')).stderr, /dup\.csv:5:/);
  });

  it('an unknown contract code, a row with no contract, and a date with no contracts', async () => {
    const unknown = file('unknown.csv', futures.replace('ZQF21,2019-07-30', 'ZQA21,2019-07-30'));
    const r = await runCli('fed', '--futures', unknown, '--date', '2019-07-30');
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, /^flowlens: .*unknown\.csv:3: unknown contract code "ZQA21" \(expected ZQ \+ month code F G H J K M N Q U V X Z \+ two-digit year\)\n$/);
    const empty = file('empty.csv', futures.replace('ZQF21,2019-07-30', ',2019-07-30'));
    const e = await runCli('fed', '--futures', empty, '--date', '2019-07-30');
    oneLine(e.stderr);
    assert.match(e.stderr, /^flowlens: .*empty\.csv:3: no contract on this row/);
    const f = file('futures.csv', futures);
    const none = await runCli('fed', '--futures', f, '--date', '2019-07-27');
    assert.equal(none.code, 1);
    assert.equal(none.stderr, `flowlens: ${f} has no settlements on 2019-07-27\n`);
  });

  it('a settlement above 100.25 or below 90 leaves its contract out, said with the file and line; the rest is priced', async () => {
    // 100 − price is a rate from −0.25% to 10%: CME settled slightly above 100 in May 2020, so the bound is 100.25.
    for (const [price, name] of [['100.5', 'high.csv'], ['89.5', 'low.csv']] as const) {
      const bad = file(name, futures.replace('ZQF21,2019-07-30,98.615,98.64,98.605,98.615', `ZQF21,2019-07-30,98.615,98.64,98.605,${price}`));
      const r = await runCli('fed', '--futures', bad, '--date', '2019-07-30', '--json');
      assert.equal(r.code, 0, r.stderr);
      const flags = (JSON.parse(r.stdout) as { flags: string[]; meetings: unknown[] }).flags;
      assert.deepEqual(flags, [`left out: ${bad}:3: ZQF21 settlement ${price} is outside 90–100.25 (an implied rate of ${(100 - Number(price)).toFixed(3)}%)`]);
    }
  });
});
