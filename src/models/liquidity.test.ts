import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom, sliceSeries } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { assetSensitivity, chainLinkedNetLiquidity, liquidityChange, liquidityModel, tgaChange, weeklyNetLiquidity } from './liquidity.ts';

const weeklyDates = ['2026-07-29', '2026-08-05', '2026-08-12', '2026-08-19'];

describe('net liquidity, hand-computed', () => {
  const walcl = seriesFrom('WALCL', weeklyDates, [6_600_000, 6_610_000, 6_620_000, 6_630_000], { frequency: 'weekly' });
  const tga = seriesFrom('WDTGAL', weeklyDates, [800_000, 750_000, 700_000, 900_000], { frequency: 'weekly' });
  const rrp = seriesFrom('RRPONTSYD', ['2026-07-29', '2026-08-04', '2026-08-12', '2026-08-19'], [100, 80, 60, 40]);

  it('is WALCL − TGA − RRP in USD bn, units reconciled', () => {
    const w = weeklyNetLiquidity({ walcl, tga, rrp });
    // 6,600,000 mn − 800,000 mn − 100 bn = 6,600 − 800 − 100 = 5,700 bn
    assert.equal(w.netLiquidity[0], 5700);
    // 2026-08-05 has no RRP that day: the 2026-08-04 value (1 day old) is used
    assert.equal(w.rrp[1], 80);
    assert.equal(w.netLiquidity[3], 6630 - 900 - 40);
  });

  it('splits a change into its components and names the driver', () => {
    const c = liquidityChange(weeklyNetLiquidity({ walcl, tga, rrp }), 3);
    assert.ok(c);
    assert.deepEqual([c.fromWalcl, c.fromTga, c.fromRrp, c.change], [30, -100, 60, -10]);
    assert.equal(c.driver, 'Treasury General Account');
    assert.equal(c.from, '2026-07-29');
  });

  it('uses the week-average TGA where the Wednesday level is missing, and says so', () => {
    const partial = seriesFrom('WDTGAL', weeklyDates.slice(2), [700_000, 900_000], { frequency: 'weekly' });
    const avg = seriesFrom('WTREGEN', weeklyDates, [810_000, 760_000, 1, 1], { frequency: 'weekly' });
    const w = weeklyNetLiquidity({ walcl, tga: partial, tgaWeekAvg: avg, rrp });
    assert.deepEqual(w.tgaBasis, ['week-average', 'week-average', 'wednesday', 'wednesday']);
    assert.equal(w.tga[0], 810);
  });

  it('takes a change across the WDTGAL seam on one basis: week averages at both ends, never a week average against a Wednesday level', () => {
    const partial = seriesFrom('WDTGAL', weeklyDates.slice(2), [700_000, 900_000], { frequency: 'weekly' });
    const avg = seriesFrom('WTREGEN', weeklyDates, [810_000, 760_000, 720_000, 880_000], { frequency: 'weekly' });
    const w = weeklyNetLiquidity({ walcl, tga: partial, tgaWeekAvg: avg, rrp });
    // 07-29 → 08-19: the Wednesday level exists only at the end, so both ends are week averages: 880 − 810 = 70.
    assert.deepEqual(tgaChange(w, 0, 3), { delta: 70, basis: 'week-average' });
    // 08-12 → 08-19: both Wednesday levels: 900 − 700 = 200.
    assert.deepEqual(tgaChange(w, 2, 3), { delta: 200, basis: 'wednesday' });
    const c = liquidityChange(w, 3);
    assert.ok(c);
    // ΔWALCL 30, −ΔTGA −70 (not 810 → 900 = −90 across the seam), −ΔRRP 60 → +20.
    assert.deepEqual([c.fromWalcl, c.fromTga, c.fromRrp, c.change, c.tgaBasis], [30, -70, 60, 20, 'week-average']);
    // Chain-linked levels end on the published level and step by one-basis changes.
    const linked = chainLinkedNetLiquidity(w);
    assert.equal(linked[3], 6630 - 900 - 40);
    assert.equal((linked[3] as number) - (linked[2] as number), 10 - 200 + 20); // Wednesday basis
    assert.equal((linked[2] as number) - (linked[1] as number), 10 - (720 - 760) + 20); // week-average basis
  });

  it('leaves a week without any TGA blank and flags a stale TGA', () => {
    const old = seriesFrom('WTREGEN', ['2026-06-03', '2026-07-29'], [800_000, 800_000], { frequency: 'weekly' });
    const r = liquidityModel({ walcl, tgaWeekAvg: old, rrp });
    assert.ok(Number.isNaN(r.weekly.netLiquidity[3] as number));
    assert.match(r.flags.join('\n'), /TGA is stale: last value 2026-07-29, 21 days before WALCL's 2026-08-19/);
    assert.equal(r.latest.date, '2026-07-29');
  });

  it('refuses to run without a TGA and names bad parameters', () => {
    assert.throws(() => liquidityModel({ walcl, rrp }), /needs a TGA series/);
    assert.throws(() => liquidityModel({ walcl, tga, rrp }, { corrWindowWeeks: -1 }), /corrWindowWeeks must be positive/);
  });
});

describe('net liquidity on real data', { skip: skipWithoutRealData }, () => {
  let r: ReturnType<typeof liquidityModel>;
  let spy: Series;
  before(async () => {
    const [walcl, tga, tgaWeekAvg, rrp, treasuries, reserves] = await Promise.all(['WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD', 'TREAST', 'WRESBAL'].map(loadRealSeries));
    r = liquidityModel({ walcl: walcl as Series, tga, tgaWeekAvg, rrp: rrp as Series, treasuries, reserves });
    spy = await loadRealSeries('SPY');
  });

  it('gives 5,808.976 bn on 2026-08-19 from the published inputs', () => {
    // WALCL 6,745,699 mn − WDTGAL 936,406 mn − RRP 0.317 bn (H.4.1 and NY Fed, 2026-08-19)
    assert.equal(r.latest.date, '2026-08-19');
    assert.ok(Math.abs(r.latest.netLiquidity - 5808.976) < 1e-9);
    assert.equal(r.latest.tgaBasis, 'wednesday');
  });

  it('finds the RRP peak of 2022-12-30 and its near-total depletion', () => {
    assert.equal(r.rrpDepletion.peakDate, '2022-12-30');
    assert.equal(r.rrpDepletion.peak, 2553.716);
    assert.ok(r.rrpDepletion.depletedPct > 99.9);
  });

  it('sees the 2023 debt-ceiling TGA drawdown and the rebuild after it', () => {
    const inside = (e: { start: string; end: string }, d: string) => e.start <= d && d <= e.end;
    assert.ok(r.tgaEpisodes.some((e) => e.kind === 'drawdown' && inside(e, '2023-04-26')), 'drawdown in spring 2023');
    assert.ok(r.tgaEpisodes.some((e) => e.kind === 'rebuild' && inside(e, '2023-07-05')), 'rebuild in summer 2023');
    // The same on the fixed window: ≥ 200 bn within 8 weeks
    assert.ok(r.tgaWindowEpisodes.some((e) => e.kind === 'drawdown' && inside(e, '2023-03-15')), 'window drawdown in spring 2023');
    const ends = r.tgaWindowEpisodes.map((e) => e.end);
    assert.ok(r.tgaWindowEpisodes.every((e, i) => i === 0 || e.start >= (ends[i - 1] as string) || e.kind !== r.tgaWindowEpisodes[i - 1]?.kind), 'same-kind episodes do not overlap');
    assert.ok(r.tgaWindowEpisodes.some((e) => e.kind === 'rebuild' && inside(e, '2023-07-05')), 'window rebuild in summer 2023');
  });

  it('takes the 52 weeks to 2024-04-17 on the week-average basis: +36.4 bn, not −97 bn across the WDTGAL seam (2024-01-31)', async () => {
    const [walcl, tga, tgaWeekAvg, rrp] = await Promise.all(['WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD'].map(async (id) => sliceSeries(await loadRealSeries(id), undefined, '2024-04-17')));
    const c = liquidityModel({ walcl: walcl as Series, tga, tgaWeekAvg, rrp: rrp as Series }).changes.find((x) => x.weeks === 52);
    assert.ok(c);
    assert.deepEqual([c.from, c.to, c.tgaBasis], ['2023-04-19', '2024-04-17', 'week-average']);
    // WTREGEN 166,555 → 796,535 mn: −ΔTGA = −629.98 bn; WALCL −1,187.757 bn; RRP +1,854.169 bn.
    assert.ok(Math.abs(c.fromTga - -629.98) < 1e-9, `${c.fromTga}`);
    assert.ok(Math.abs(c.change - 36.432) < 1e-6, `${c.change}`);
  });

  it('reports 4, 13 and 52-week changes that add up', () => {
    assert.deepEqual(r.changes.map((c) => c.weeks), [4, 13, 52]);
    for (const c of r.changes) assert.ok(Math.abs(c.fromWalcl + c.fromTga + c.fromRrp - c.change) < 1e-9);
  });

  it('computes a rolling correlation of SPY to ΔNL within [−1, 1]', () => {
    const s = assetSensitivity(r.weekly, spy, 52);
    const valid = Array.from(s.corr).filter((v) => !Number.isNaN(v));
    assert.ok(valid.length > 500);
    assert.ok(valid.every((v) => v >= -1 - 1e-12 && v <= 1 + 1e-12));
    assert.equal(toIso(s.dates[0] as number), '2002-12-18');
    assert.ok(toDay('2026-06-05') >= 0);
  });

  it('splits the last 13 weeks into QE/QT, other Fed and Treasury channels that add up', () => {
    const s = r.channelSplit13w;
    assert.ok(s);
    assert.equal(s.to, '2026-08-19');
    assert.ok(Math.abs(s.qeqt + s.otherFed + s.treasury - s.change) < 1e-9);
    assert.ok(Math.abs(s.qeqtSharePct + s.otherFedSharePct + s.treasurySharePct - 100) < 1e-9);
  });

  it('relates BTC weekly returns to ΔNL from 2015 on, and leaves earlier weeks blank', async () => {
    const btc = await loadRealSeries('BTCUSD');
    const s = assetSensitivity(r.weekly, btc, 52);
    const firstValid = Array.from(s.corr).findIndex((v) => !Number.isNaN(v));
    assert.ok(firstValid > 0);
    assert.ok(toIso(s.dates[firstValid] as number) > toIso(btc.dates[0] as number));
  });

  it('gives the same 5,808.976 bn on the daily basis on a Wednesday, with no fill', () => {
    const k = Array.from(r.daily.dates).indexOf(toDay('2026-08-19'));
    assert.ok(Math.abs((r.daily.netLiquidity[k] as number) - 5808.976) < 1e-9);
    assert.deepEqual([r.daily.walclAgeDays[k], r.daily.tgaAgeDays[k], r.daily.missing[k]], [0, 0, 0]);
  });
});

describe('tgaWindowEpisodes', () => {
  it('flags weeks where the TGA moved more than X over N weeks and merges them', async () => {
    const { tgaWindowEpisodes } = await import('./liquidity.ts');
    const d = ['2023-01-04', '2023-01-11', '2023-01-18', '2023-01-25', '2023-02-01', '2023-02-08', '2023-02-15', '2023-02-22'];
    const tga = seriesFrom('WDTGAL', d, [500, 400, 300, 350, 200, 50, 250, 450].map((x) => x * 1000), { frequency: 'weekly' });
    const walcl = seriesFrom('WALCL', d, d.map(() => 8_000_000), { frequency: 'weekly' });
    const rrp = seriesFrom('RRPONTSYD', d, d.map(() => 0));
    const w = weeklyNetLiquidity({ walcl, tga, rrp });
    // 2-week changes: t=2: 500→300 −200 ✓; t=3: 400→350 −50; t=4: 300→200 −100; t=5: 350→50 −300 ✓;
    // t=6: 200→250 +50; t=7: 50→450 +400 ✓
    assert.deepEqual(tgaWindowEpisodes(w, 200, 2), [
      { kind: 'drawdown', start: '2023-01-04', end: '2023-01-18', change: -200 },
      { kind: 'drawdown', start: '2023-01-25', end: '2023-02-08', change: -300 },
      { kind: 'rebuild', start: '2023-02-08', end: '2023-02-22', change: 400 },
    ]);
    // Over 4 weeks: t=4: 500→200 −300 ✓, t=5: 400→50 −350 ✓ (merged), t=6: 300→250, t=7: 350→450
    assert.deepEqual(tgaWindowEpisodes(w, 200, 4), [{ kind: 'drawdown', start: '2023-01-04', end: '2023-02-08', change: -450 }]);
    assert.throws(() => tgaWindowEpisodes(w, 200, 0), /whole number of weeks/);
  });
});

describe('tgaEpisodes', () => {
  it('cuts the TGA into peak-to-trough and trough-to-peak swings of at least the threshold', async () => {
    const { tgaEpisodes } = await import('./liquidity.ts');
    const d = ['2023-01-04', '2023-01-11', '2023-01-18', '2023-01-25', '2023-02-01', '2023-02-08', '2023-02-15', '2023-02-22'];
    // 500 → 300 → 350 (a bump smaller than the threshold) → 50 → 450
    const tga = seriesFrom('WDTGAL', d, [500, 400, 300, 350, 200, 50, 250, 450].map((x) => x * 1000), { frequency: 'weekly' });
    const walcl = seriesFrom('WALCL', d, d.map(() => 8_000_000), { frequency: 'weekly' });
    const rrp = seriesFrom('RRPONTSYD', d, d.map(() => 0));
    const eps = tgaEpisodes(weeklyNetLiquidity({ walcl, tga, rrp }), 200);
    assert.deepEqual(eps, [
      { kind: 'drawdown', start: '2023-01-04', end: '2023-02-08', change: -450 },
      { kind: 'rebuild', start: '2023-02-08', end: '2023-02-22', change: 400 },
    ]);
  });
});

describe('weekly net liquidity before the daily ON RRP exercise (2013-09-23)', () => {
  it('a Wednesday without an operation has RRP 0 before 2013-09-23, and a gap after', () => {
    // RRPONTSYD before the exercise: test operations on a few days only (2010-06-09: 0.9 bn is made up).
    const wed = ['2010-06-02', '2010-06-09', '2013-09-18', '2013-09-25', '2013-10-02'];
    const walcl = seriesFrom('WALCL', wed, [2_330_000, 2_340_000, 3_650_000, 3_700_000, 3_720_000], { frequency: 'weekly' });
    const tga = seriesFrom('WTREGEN', wed, [20_000, 30_000, 40_000, 50_000, 60_000], { frequency: 'weekly' });
    const rrp = seriesFrom('RRPONTSYD', ['2010-06-09', '2013-09-25'], [0.9, 6.244]);
    const w = weeklyNetLiquidity({ walcl, tgaWeekAvg: tga, rrp });
    // 2010-06-02: no operation → 2,330 − 20 − 0 = 2,310; 2010-06-09: 2,340 − 30 − 0.9 = 2,309.1
    assert.deepEqual(Array.from(w.rrp), [0, 0.9, 0, 6.244, Number.NaN]);
    assert.equal(w.netLiquidity[0], 2310);
    assert.ok(Math.abs((w.netLiquidity[1] as number) - 2309.1) < 1e-9);
    // 2013-10-02, in the daily exercise with no value within 4 days: a gap, never a fill.
    assert.ok(Number.isNaN(w.netLiquidity[4] as number));
    // The date is an assumption a user can move: from 2010-01-01 the 2010-06-02 row has no RRP.
    assert.ok(Number.isNaN(weeklyNetLiquidity({ walcl, tgaWeekAvg: tga, rrp }, { rrpDailyFrom: '2010-01-01' }).netLiquidity[0] as number));
  });
});

describe('daily net liquidity and channels, hand-computed', () => {
  const wed = ['2026-07-29', '2026-08-05', '2026-08-12'];
  const walcl = seriesFrom('WALCL', wed, [6_600_000, 6_580_000, 6_570_000], { frequency: 'weekly' });
  const tga = seriesFrom('WDTGAL', ['2026-07-29', '2026-08-05'], [800_000, 820_000], { frequency: 'weekly' });
  const rrpDates = ['2026-07-29', '2026-07-30', '2026-08-05', '2026-08-06', '2026-08-12', '2026-08-13', '2026-08-14'];
  const rrp = seriesFrom('RRPONTSYD', rrpDates, [100, 90, 80, Number.NaN, 60, 50, 40]);

  it('records the fill used per date and blanks a component past its max age', () => {
    const r = liquidityModel({ walcl, tga, rrp });
    const d = r.daily;
    assert.deepEqual(Array.from(d.dates, (x) => toIso(x)), rrpDates);
    // 2026-07-30: WALCL and TGA carried 1 day: 6,600 − 800 − 90 = 5,710
    assert.equal(d.netLiquidity[1], 5710);
    assert.deepEqual([d.filled[1], d.walclAgeDays[1], d.tgaAgeDays[1]], [1, 1, 1]);
    // 2026-08-06: RRP missing that day → blank, bit 4
    assert.ok(Number.isNaN(d.netLiquidity[3] as number));
    assert.equal(d.missing[3], 4);
    // 2026-08-13: TGA last 2026-08-05 (8 days) is past the 7-day limit → blank, bit 2; WALCL 1 day old
    assert.ok(Number.isNaN(d.netLiquidity[5] as number));
    assert.deepEqual([d.missing[5], d.tgaAgeDays[5], d.walclAgeDays[5]], [2, -1, 1]);
    assert.match(r.flags.join('\n'), /daily net liquidity on 2026-08-14 is blank: TGA missing or older than 7 days/);
  });

  it('splits a 13-week change into QE/QT, other Fed and Treasury channels', () => {
    const d14 = Array.from({ length: 14 }, (_, i) => toIso(toDay('2026-05-13') + 7 * i));
    const w = seriesFrom('WALCL', d14, d14.map((_, i) => 6_700_000 - i * 10_000), { frequency: 'weekly' }); // −130 bn
    const tr = seriesFrom('TREAST', d14, d14.map((_, i) => 4_200_000 - i * 8_000), { frequency: 'weekly' }); // −104 bn
    const t = seriesFrom('WDTGAL', d14, d14.map((_, i) => 750_000 - i * 5_000), { frequency: 'weekly' }); // −65 bn → +65
    const rr = seriesFrom('RRPONTSYD', d14, d14.map((_, i) => 200 - i)); // −13 bn → +13
    const r = liquidityModel({ walcl: w, tga: t, rrp: rr, treasuries: tr });
    const s = r.channelSplit13w;
    assert.ok(s);
    assert.deepEqual([s.from, s.to], [d14[0], d14[13]]);
    assert.ok(Math.abs(s.change - (-130 + 65 + 13)) < 1e-9);
    assert.ok(Math.abs(s.qeqt - -104) < 1e-9 && Math.abs(s.otherFed - -26) < 1e-9 && Math.abs(s.treasury - 78) < 1e-9);
    // Gross 104 + 26 + 78 = 208: 50%, 12.5%, 37.5%
    assert.ok(Math.abs(s.qeqtSharePct - 50) < 1e-9 && Math.abs(s.otherFedSharePct - 12.5) < 1e-9 && Math.abs(s.treasurySharePct - 37.5) < 1e-9);
  });
});
