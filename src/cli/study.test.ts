import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { ParameterError } from '../core/errors.ts';
import { toDay } from '../series/dates.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { plain, realStore } from './economy/testkit.ts';
import { parseHorizons, registerStudy, runStudy, STUDY_EVENTS, type StudyResult } from './study.ts';

/** Runs `study ...args` through commander in-process; stdout captured, the error message returned. */
async function runStudyCli(...args: string[]): Promise<{ stdout: string; error?: string }> {
  const program = new Command().exitOverride();
  registerStudy(program);
  const out: string[] = [];
  const w = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (w as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    out.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['study', ...args], { from: 'user' });
    return { stdout: plain(out.join('')) };
  } catch (e) {
    return { stdout: plain(out.join('')), error: (e as Error).message };
  } finally {
    process.stdout.write = w;
  }
}

const h = (r: StudyResult, label: string, horizon: number) => r.studies[label]?.horizons.find((x) => x.horizon === horizon);

describe('study flags', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlens-study-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses horizons, sorted and de-duplicated; rejects bad ones naming the flag', () => {
    assert.deepEqual(parseHorizons('21, 1,5,21'), [1, 5, 21]);
    for (const bad of ['0', '1,x', '2.5', '', '1,,5', '2000']) assert.throws(() => parseHorizons(bad), (e: Error) => e instanceof ParameterError && e.message.includes('--horizons'), bad);
  });

  it('an unknown event names the events', async () => {
    await assert.rejects(runStudy('vix', {}), (e: Error) => e instanceof ParameterError && e.message === `unknown event "vix": choose one of ${STUDY_EVENTS.join(', ')}, or --dates FILE`);
    await assert.rejects(runStudy(undefined, {}), /name an event \(vix-inversion, vol-selling, cta-flip, fomc, buyback-open, buyback-closed\) or give --dates FILE/);
    await assert.rejects(runStudy('fomc', { dates: 'x.csv' }), /not both/);
  });

  it('bad flag values name the flag', async () => {
    await assert.rejects(runStudy('fomc', { bootstrap: '50' }), /--bootstrap must be a whole number from 100 to 10,000, got "50"/);
    await assert.rejects(runStudy('fomc', { bootstrap: '1e9' }), /--bootstrap must be a whole number from 100 to 10,000, got "1e9"/);
    // Without --bootstrap a bad seed was ignored.
    await assert.rejects(runStudy('fomc', { seed: 'abc' }), /^ParameterError: --seed must be a whole number from 0 to 4,294,967,295, got "abc"$/);
    await assert.rejects(runStudy('fomc', { asset: 'GDPC1' }), /--asset GDPC1 is a quarterly series/);
    await assert.rejects(runStudy('fomc', { tail: '0.7' }), /--tail must be a share between 0 and 0.5/);
    await assert.rejects(runStudy('fomc', { from: '2024-13-01' }), /--from must be a date YYYY-MM-DD/);
    await assert.rejects(runStudy('fomc', { asOf: 'yesterday' }), /--as-of must be a date/);
    await assert.rejects(runStudy('fomc', { asset: 'NOPE' }), /^ParameterError: --asset NOPE: unknown series "NOPE"/);
  });

  it('--dates with a bad line fails naming file:line; a missing file names the flag', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'date,label\n2024-08-05,crash\n2024-8-6,crash\n');
    const r = await runStudyCli('--dates', f);
    assert.equal(r.error, `${f}:3: "2024-8-6" is not an ISO date (YYYY-MM-DD)`);
    await assert.rejects(runStudy(undefined, { dates: join(dir, 'none.csv') }), /--dates .*none\.csv: cannot read the file \(ENOENT\)/);
  });
});

describe('flowlens study on real data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => {};
  let dir = '';
  before(async () => {
    cleanup = await realStore(['VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP']);
    dir = mkdtempSync(join(tmpdir(), 'flowlens-study-'));
  });
  after(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('vix-inversion: the August 2024 episode starts 2024-08-02 (hedging flow); labels are those known on day 0', async () => {
    const r = await runStudy('vix-inversion', {});
    const on = (d: string) => r.events.find((e) => e.date === d);
    assert.equal(on('2024-08-02')?.label, 'hedging flow');
    assert.equal(on('2024-08-02')?.day0, '2024-08-02');
    // On 2020-02-24 no stress signal had fired yet (credit and the drawdown came by the March peak,
    // where the episode list calls it stress); September 2022 was stress from its first day.
    assert.equal(on('2020-02-24')?.label, 'hedging flow');
    assert.equal(on('2022-09-26')?.label, 'stress');
    assert.deepEqual(r.labels, ['all', 'hedging flow', 'stress']);
    // The labels partition the events.
    assert.equal((h(r, 'hedging flow', 1)?.n ?? 0) + (h(r, 'stress', 1)?.n ?? 0), h(r, 'all', 1)?.n);
    // The average path at a horizon is the event study's mean there.
    for (const k of [5, 21, 63]) assert.ok(Math.abs((r.path.byLabel.stress?.mean[k] as number) - (h(r, 'stress', k)?.meanReturn as number)) < 1e-9, `k = ${k}`);
  });

  it('vol-selling includes the March 2020 sell-off days', async () => {
    const r = await runStudy('vol-selling', { horizons: '1,5' });
    const dates = new Set<string>(r.events.map((e) => e.date));
    for (const d of ['2020-03-09', '2020-03-12', '2020-03-13']) assert.ok(dates.has(d), d);
    assert.match(r.rule, /most negative 5\.0%/);
    // --gap 21 counts each sell-off once: March 2020 is one event, on its first day.
    const once = await runStudy('vol-selling', { horizons: '1,5', gap: '21' });
    const march = once.events.filter((e) => e.date.startsWith('2020-02') || e.date.startsWith('2020-03'));
    assert.equal(march.length, 1);
    assert.ok(once.events.length < r.events.length / 3, `${once.events.length} of ${r.events.length}`);
    assert.ok(once.flags.some((f) => f.startsWith('--gap 21: ')));
  });

  it('cta-flip on SPY: the 21-day signal flips down on 2020-02-24', async () => {
    const r = await runStudy('cta-flip', { asset: 'SPY', from: '2020-01-01', horizons: '5' });
    assert.equal(r.events.find((e) => e.date === '2020-02-24')?.label, 'down');
    // Checked on the prices: the 21-day return turns negative that day.
    const spy = await loadRealSeries('SPY');
    const i = spy.dates.indexOf(toDay('2020-02-24'));
    assert.ok((spy.values[i] as number) < (spy.values[i - 21] as number));
    assert.ok((spy.values[i - 1] as number) > (spy.values[i - 22] as number));
  });

  it('fomc includes 2024-09-18 (projections); --as-of keeps the forward windows before the date', async () => {
    const r = await runStudy('fomc', { asOf: '2024-12-31' });
    const sep = r.events.find((e) => e.date === '2024-09-18');
    assert.equal(sep?.label, 'projections');
    assert.equal(sep?.day0, '2024-09-18');
    assert.equal(r.events[r.events.length - 1]?.date, '2024-12-18');
    // 2024-12-18 has 8 trading days left before the as-of date: 5 days yes, 21 not.
    assert.equal(typeof r.events[r.events.length - 1]?.forward[5], 'number');
    assert.equal(r.events[r.events.length - 1]?.forward[21], null);
    for (const d of Object.values(r.inputsAsOf)) assert.ok(d <= '2024-12-31', d);
  });

  it('--dates with labels, --bootstrap, and the screen', async () => {
    const f = join(dir, 'ev.csv');
    writeFileSync(f, 'date,label\n2020-03-16,crash\n2024-08-05,crash\n2022-06-13,crash\n2019-06-03,dip\n');
    const r = await runStudy(undefined, { dates: f, asset: 'SPY', horizons: '5,21', bootstrap: '500', seed: '3' });
    // User labels come in the order of their first event.
    assert.deepEqual(r.labels, ['all', 'dip', 'crash']);
    assert.equal(h(r, 'crash', 21)?.n, 3);
    assert.ok(h(r, 'all', 21)?.bootstrapCi95);
    const again = await runStudy(undefined, { dates: f, asset: 'SPY', horizons: '5,21', bootstrap: '500', seed: '3' });
    assert.deepEqual(h(again, 'all', 21)?.bootstrapCi95, h(r, 'all', 21)?.bootstrapCi95);
    const screen = await runStudyCli('--dates', f, '--asset', 'SPY', '--horizons', '5,21');
    assert.equal(screen.error, undefined);
    assert.match(screen.stdout, /rule: the 4 dates in .*ev\.csv/);
    assert.match(screen.stdout, /Average path after the events/);
    assert.match(screen.stdout, /Last 4 events/);
    assert.match(screen.stdout, /2024-08-05 │ 2024-08-05 │ crash/);
    assert.match(screen.stdout, /inputs: SPY to \d{4}-\d{2}-\d{2}/);
    const json = await runStudyCli('--dates', f, '--asset', 'SPY', '--json');
    const parsed = JSON.parse(json.stdout) as StudyResult;
    assert.deepEqual(parsed.horizons, [1, 5, 21, 63]);
    assert.equal(parsed.events.length, 4);
  });
});
