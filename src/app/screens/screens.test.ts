import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { realDataStore, type RealStore } from '../../testing/realStore.ts';
import { parseScreenParams, screenParams } from './assumptions.ts';
import { fedScreen } from './fed.ts';
import { flowsScreen } from './flows.ts';
import { overviewScreen } from './overview.ts';
import { volatilityScreen } from './volatility.ts';
import { liquidityScreen } from './liquidity.ts';
import { studyScreen, parseStudyParams } from './study.ts';
import { economyScreen } from './economy.ts';
import { alertsScreen } from './alerts.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The CLOSE of a Cboe history file (MM/DD/YYYY) on an ISO date. */
function cboeClose(rel: string, iso: string): number {
  const [y, m, d] = iso.split('-');
  const line = readFileSync(join(realDataDir() ?? '', rel), 'utf8').split('\n').find((l) => l.startsWith(`${m}/${d}/${y},`));
  assert.ok(line, `${rel} has no row for ${iso}`);
  return Number(line.split(',')[4]);
}

describe('screen parameters', () => {
  it('fill in the defaults and keep a changed value', () => {
    const p = parseScreenParams({ volTarget: '0.2', 'as-of': '2024-08-05', ctaLookbacks: '63, 21', shockPct: '' });
    assert.equal(p.volTarget, 0.2);
    assert.equal(p.asOf, '2024-08-05');
    assert.deepEqual(p.ctaLookbacks, [21, 63]);
    assert.equal(p.shockPct, -2);
    assert.equal(p.vcAumBn, 400);
  });
  it('refuse a value out of bounds with one line naming the parameter', () => {
    assert.throws(() => parseScreenParams({ volTarget: '7' }), /volTarget must be from 0.01 to 0.5/);
    // A dashboard page asked with ?asOf= showed today's data.
    assert.throws(() => parseScreenParams({ asOf: '2024-08-05' }), /^FlowlensError: unknown parameter "asOf" \(did you mean as-of\?\)$/);
    assert.throws(() => parseScreenParams({ voltarget: '0.2' }), /^FlowlensError: unknown parameter "voltarget" \(did you mean volTarget\?\)$/);
    assert.throws(() => parseScreenParams({ blackoutBefore: '3.5' }), /blackoutBefore must be a whole number/);
    assert.throws(() => parseScreenParams({ ctaLookbacks: '21,x' }), /ctaLookbacks must be 1 to 6 whole trading days/);
    assert.throws(() => parseScreenParams({ 'as-of': '2024-13-01' }), /as-of must be a date/);
    assert.throws(() => screenParams({ vcAumBn: 1e9 }), /vcAumBn must be from 0 to 5000/);
  });
});

describe('screens on the real data', { skip: skipWithoutRealData }, () => {
  let rs: RealStore;
  before(async () => {
    rs = await realDataStore();
  });
  after(async () => {
    await rs?.close();
  });

  it('volatility as of 2024-08-05: the Cboe closes of that day, an inverted curve, and the curve a week before', async () => {
    const v = await volatilityScreen(rs.store, { asOf: '2024-08-05' });
    assert.equal(v.today?.date, '2024-08-05');
    assert.equal(v.today?.vix, cboeClose('market/VIX_History_cboe.csv', '2024-08-05')); // 38.57
    assert.equal(v.today?.vix, 38.57);
    assert.equal(v.today?.state, 'backwardation');
    assert.ok(Math.abs((v.today?.ratio ?? 0) - 38.57 / (v.today?.vix3m ?? 1)) < 1e-12);
    const week = v.curves.find((c) => c.label === '1 week ago');
    assert.equal(week?.date, '2024-07-29');
    assert.deepEqual(week?.values.slice(0, 2), [17.39, 16.6]); // VIX9D and VIX closes of 2024-07-29
    // The curve chart: x = maturity in days, one line per curve with its date, the Cboe closes.
    const c = v.curveChart;
    assert.deepEqual([c?.x, c?.dates, c?.xLabels], ['maturity', ['9', '30', '91', '182'], ['9 days', '30 days', '3 months', '6 months']]);
    assert.deepEqual(c?.lines.map((l) => l.label), ['now (2024-08-05)', '1 week ago (2024-07-29)', '1 month ago (2024-07-06)']);
    assert.equal(c?.lines[0]?.values[1], 38.57);
    assert.deepEqual(c?.lines[1]?.values.slice(0, 2), [17.39, 16.6]);
    assert.match(c?.summary ?? '', /^On 2024-08-05 the curve runs from 9 days \d+\.\d\d to 6 months \d+\.\d\d: falling with maturity \(inverted\); the 30-day VIX is 21\.97 points above its level 1 week ago, /);
    assert.equal(v.ratioChart?.dates.at(-1), '2024-08-05');
    assert.ok(v.ratioChart?.bands?.some((b) => b.from === '2024-08-02' && b.to === '2024-08-05'), 'the August 2024 inversion is a band');
    assert.equal(v.episodes.at(-1)?.start, '2024-08-02');
    assert.ok(!v.notes.some((n) => n.includes('left off the curve')));
  });

  it('volatility on the latest data: VIX6M (to 2026-04-24 in the shared data) has no close near 2026-08-20, so 6 months is left off the curve, with a note', async () => {
    const v = await volatilityScreen(rs.store, {});
    assert.equal(v.today?.date, '2026-08-20');
    assert.deepEqual(v.curveChart?.xLabels, ['9 days', '30 days', '3 months']);
    assert.ok(v.curveChart?.lines.every((l) => l.values.length === 3 && l.values.every((x) => x !== null)));
    assert.ok(v.notes.includes("6 months (VIX6M): last close 2026-04-24, none within 10 days before the curves' dates; left off the curve"), v.notes.join('\n'));
  });

  it('flows as of 2024-08-05: the CTA trigger ladder is the S&P 500 closes 20 and 62 trading days back', async () => {
    const f = await flowsScreen(rs.store, { asOf: '2024-08-05' });
    const spx = f.cta?.assets.find((a) => a.id === 'GSPC');
    assert.equal(spx?.date, '2024-08-05');
    assert.equal(spx?.price, 5186.330078125);
    assert.equal(spx?.ladder.find((t) => t.lookback === 21)?.level, 5572.85009765625); // close of 2024-07-08
    assert.equal(spx?.ladder.find((t) => t.lookback === 63)?.level, 5180.740234375); // close of 2024-05-06
    assert.equal(f.volControl?.date, '2024-08-05');
    assert.equal(f.volControl?.shock.movePct, -2);
    assert.equal(f.fan?.total.length, 21);
    assert.ok((f.fan?.total[20]?.p5 ?? 0) <= (f.fan?.total[20]?.p95 ?? 0));
    assert.equal(f.buyback?.date, '2024-08-05');
    assert.equal(f.volControl?.exposureChart.dates.at(-1), '2024-08-05');
  });

  it('flows: a higher vol target raises the exposure; a shock of −5% sells more than −2%', async () => {
    const base = await flowsScreen(rs.store, { asOf: '2024-08-05' });
    const changed = await flowsScreen(rs.store, { asOf: '2024-08-05', volTarget: 0.15, shockPct: -5 });
    assert.ok((changed.volControl?.exposure ?? 0) > (base.volControl?.exposure ?? 0), `${changed.volControl?.exposure} vs ${base.volControl?.exposure}`);
    assert.ok((changed.volControl?.shock.flowBn ?? 0) < (changed.volControl?.moves.find((m) => m.movePct === -2)?.flowBn ?? 0));
    const later = await flowsScreen(rs.store, { asOf: '2024-08-05', blackoutBefore: 10 });
    assert.ok((later.buyback?.share ?? 1) <= (base.buyback?.share ?? 0));
  });

  it('flows, overview and study: the buyback window from the stored S&P 500 earnings calendar, the seasonal model as of 2015', async () => {
    // 31 Jan 2025: the ten heaviest companies all report within the six weeks ahead (cli.test.ts): 81.4% in blackout, the seasonal model 45%.
    const f = await flowsScreen(rs.store, { asOf: '2025-01-31' });
    assert.equal(f.buyback?.reportDates, 'stored calendar');
    assert.ok(Math.abs((f.buyback?.share ?? 0) - 0.8136) < 0.0005, `${f.buyback?.share}`);
    assert.equal(f.buyback?.status, 'closed');
    assert.match(f.buyback?.source ?? '', /^buyback window from 12,198 company earnings dates imported \d{4}-\d{2}-\d{2} from sp500_earnings_dates_2020-2026\.csv/);
    assert.match(f.buyback?.chart.title ?? '', /\(company earnings dates\)$/);
    const old = await flowsScreen(rs.store, { asOf: '2015-06-01' });
    assert.equal(old.buyback?.reportDates, 'seasonal model');
    assert.match(old.buyback?.source ?? '', /does not cover 2015-06-01$/);
    const o = await overviewScreen(rs.store, { asOf: '2025-01-31' });
    assert.ok(o.flows.some((x) => x.flow === 'buybacks (company earnings dates)'));
    assert.ok(o.flowNotes.some((n) => /^buyback window closed on 2025-01-31 \(81% of cap in blackout; .*; from 12,198 company earnings dates\)$/.test(n)), o.flowNotes.join('\n'));
    const st = await studyScreen(rs.store, { asOf: '2025-06-30' }, parseStudyParams({ event: 'buyback-closed', from: '2021-01-01' }));
    assert.match(st.result?.rule ?? '', /company earnings dates of the stored calendar, sp500_earnings_dates_2020-2026\.csv/);
  });

  it('fed as of 2024-08-05: FedWatch on the futures of that day, each row of the table sums to 100%', async () => {
    const f = await fedScreen(rs.store, { asOf: '2024-08-05' });
    assert.equal(f.tradeDate, '2024-08-05');
    assert.match(f.method ?? '', /futures/);
    assert.equal(f.meetings[0]?.meeting, '2024-09-18');
    assert.deepEqual(f.currentRange, [5.25, 5.5]);
    for (const r of f.table?.rows ?? []) assert.ok(Math.abs(r.p.reduce((s, x) => s + x, 0) - 100) < 1e-6, `${r.meeting}`);
    assert.deepEqual(f.compareDates[0], { label: '1 day', tradeDate: '2024-08-02' });
    // September 2024 by hand (no August contract stored: start backed out of September, ZQU24 94.92
    // → 5.08, and October, ZQV24 95.17 → 4.83): (30·5.08 − 12·4.83)/18 = 5.24667, end 4.83,
    // x = −1.6667: a cut certain, 66.7% 50 bp, 33.3% 25 bp; the day before (94.89, 95.135) 63.3%.
    const sep = f.meetings[0];
    assert.deepEqual(sep?.mostLikely?.range, [4.75, 5]);
    assert.ok(Math.abs((sep?.mostLikely?.p ?? 0) - 200 / 3) < 1e-6, `${sep?.mostLikely?.p}`);
    const range = sep?.compare.find((l) => l.key === 'range');
    assert.equal(range?.label, 'P(4.75–5.00%), most likely');
    const day = range?.earlier.find((e) => e.label === '1 day');
    const start = (30 * 5.11 - 12 * 4.865) / 18;
    assert.ok(Math.abs((day?.then ?? 0) - 100 * (-1 - (4.865 - start) / 0.25)) < 1e-6, `${day?.then}`);
    assert.ok(Math.abs((day?.then ?? 0) - 63.333333) < 1e-6, `${day?.then}`);
    assert.deepEqual(sep?.compare.map((l) => l.key), ['cut', 'range', 'rate']);
    assert.ok(f.oddsChart && f.oddsChart.lines.length === 3);
  });

  it('overview: the scorecard, flows sorted by size, stale inputs marked', async () => {
    const o = await overviewScreen(rs.store, { asOf: '2024-08-05' });
    assert.equal(o.judgedOn, '2024-08-05');
    assert.ok(o.scorecard.length >= 10);
    const sizes = o.flows.map((f) => Math.abs(f.flowBn));
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
    const vix = o.freshness.find((x) => x.id === 'VIX');
    assert.deepEqual([vix?.lastDate, vix?.stale], ['2024-08-05', false]);
    // The Fed's balance sheet is weekly (Wednesdays): 2024-07-31 is 5 days old, fresh.
    const walcl = o.freshness.find((x) => x.id === 'WALCL');
    assert.deepEqual([walcl?.lastDate, walcl?.stale], ['2024-07-31', false]);
    const now = await overviewScreen(rs.store, {});
    const wti = now.freshness.find((x) => x.id === 'DCOILWTICO');
    if (wti) assert.equal(wti.stale, wti.ageDays > 5);
    const firstFresh = now.freshness.findIndex((x) => !x.stale);
    assert.ok(now.freshness.slice(firstFresh).every((x) => !x.stale), 'stale inputs come first');
  });

  it('liquidity as of 2024-08-05: net liquidity of 2024-07-31 is WALCL − TGA − RRP from the H.4.1, DTS and NY Fed files', async () => {
    const l = await liquidityScreen(rs.store, { asOf: '2024-08-05' });
    assert.equal(l.latest?.date, '2024-07-31');
    assert.ok(Math.abs((l.latest?.walclBn ?? 0) - 7178.391) < 1e-6, `${l.latest?.walclBn}`); // 7,178,391 USD mn
    assert.ok(Math.abs((l.latest?.rrpBn ?? 0) - 413.2) < 1e-6);
    assert.ok(Math.abs((l.latest?.netLiquidityBn ?? 0) - ((l.latest?.walclBn ?? 0) - (l.latest?.tgaBn ?? 0) - (l.latest?.rrpBn ?? 0))) < 1e-6);
    assert.equal(l.netChart?.dates.at(-1), '2024-07-31');
  });

  it('study: VIX inversions since 2024 as of 2024-08-05 end with the one of 2024-08-02, −3.00% the next day', async () => {
    const st = await studyScreen(rs.store, { asOf: '2024-08-05' }, parseStudyParams({ event: 'vix-inversion', from: '2024-01-01', horizons: '1,5' }));
    const last = st.result?.events.at(-1);
    assert.equal(last?.date, '2024-08-02');
    // 100·(5186.33 / 5346.56 − 1): GSPC closes of 2024-08-05 and 2024-08-02.
    assert.ok(Math.abs((last?.forward[1] ?? 0) - 100 * (5186.330078125 / 5346.56005859375 - 1)) < 1e-9, `${last?.forward[1]}`);
    assert.equal(st.pathChart?.x, 'days');
    assert.throws(() => parseStudyParams({ event: 'nope' }), /event must be one of/);
    assert.throws(() => parseStudyParams({ horizons: '0' }), /horizons must be 1 to 6 whole trading days/);
    // Events from after the prices end: named as the page's field, not the CLI's --from.
    const late = await studyScreen(rs.store, { asOf: '2024-08-05' }, parseStudyParams({ event: 'vix-inversion', from: '2025-01-01' }));
    assert.deepEqual(late.problems, [{ part: 'event study', reason: 'events from 2025-01-01: GSPC has no prices on or after it (it ends 2024-08-05)' }]);
  });

  it('economy: every topic of `flowlens economy`, labour as of 2024-09-01 with the unemployment rate of July 2024', async () => {
    const e = await economyScreen(rs.store, { asOf: '2024-09-01' });
    assert.deepEqual(e.topics.map((t) => t.topic), ['labour', 'affordability', 'kshape', 'ai', 'wealth', 'energy', 'crypto']);
    const unrate = e.topics[0]?.table?.rows.find((r) => r[0] === 'UNRATE');
    assert.deepEqual(unrate?.slice(2, 4), ['2024-07-01', '4.2']); // BLS: 4.2% in July 2024 (August's came out on 2024-09-06)
    // Both series end in July 2024 then: one date for both figures (BLS: 20–24 7.7%, all 4.2%).
    assert.equal(e.topics[0]?.chart?.summary, 'Unemployment 4.2% on 2024-07-01; ages 20–24 7.7% on 2024-07-01 (4.2% overall that month).');
    // Today the 20–24 series stops in December 2024 while UNRATE runs to July 2026: each figure with its own month.
    const now = await economyScreen(rs.store, {});
    assert.equal(now.topics[0]?.chart?.summary, 'Unemployment 4.1% on 2026-07-01; ages 20–24 7.5% on 2024-12-01 (4.1% overall that month).');
    assert.equal(now.topics[1]?.chart?.summary, 'The median home costs 39% of median household income a month on 2026-01-01 (income of 2024).');
    // The model's share of income is already in % (it was once multiplied by 100 again: 3891%).
    const share = Number(e.topics[1]?.metrics.find((m) => m.label === 'share of median income, %')?.value);
    assert.ok(share > 20 && share < 60, `share of income ${share}%`);
  });

  it('an early as-of: economy says Bitcoin had not started (not "not in the store"); the overview leaves an input with nothing yet off its freshness, without a problem', async () => {
    const e = await economyScreen(rs.store, { asOf: '2012-01-03' });
    const crypto = e.problems.find((p) => p.part === 'crypto');
    assert.match(crypto?.reason ?? '', /^BTCUSD has no observation on or before 2012-01-03 \(Bitcoin; BTCUSD starts \d{4}-\d\d-\d\d\)$/);
    const o = await overviewScreen(rs.store, { asOf: '1993-02-01' });
    assert.deepEqual(o.problems.filter((p) => p.part.startsWith('freshness')), []);
    assert.equal(o.scorecard.length, 12);
  });

  it('alerts: a VIX/VIX3M ≥ 1 rule is met on 2024-08-05, an empty history without a check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-screen-'));
    try {
      const rulesFile = join(dir, 'alerts.json');
      writeFileSync(rulesFile, JSON.stringify({ rules: [{ id: 'vix-inverted', condition: { kind: 'vix-ratio', atLeast: 1 } }, { id: 'vix-panic', condition: { kind: 'vix-ratio', atLeast: 1.5 } }] }));
      const a = await alertsScreen(rs.store, { asOf: '2024-08-05' }, { home: dir, rulesFile });
      assert.deepEqual(a.now.map((o) => [o.rule, o.status]), [['vix-inverted', 'true'], ['vix-panic', 'false']]);
      assert.equal(a.history.length, 0);
      assert.equal(a.starter, false);
      // No rules file: the starter rules (what `flowlens alerts init` writes), evaluated and never sent.
      const none = await alertsScreen(rs.store, { asOf: '2024-08-05' }, { home: dir, rulesFile: join(dir, 'missing.json') });
      assert.match(none.notes[0] ?? '', /no rules file at .*missing\.json: these are the starter rules, evaluated but never sent; `flowlens alerts init` writes them there/);
      assert.equal(none.starter, true);
      const status = Object.fromEntries(none.now.map((o) => [o.rule, o.status]));
      // 2024-08-05: the VIX curve inverted, and vol-control funds sold 66 bn over the 5 days to it (the vol-control claim's own figure).
      assert.equal(status['vix-inverted'], 'true');
      assert.equal(status['vol-control-selling'], 'true');
      assert.equal(none.now.length, 7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
