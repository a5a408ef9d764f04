import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blackoutShare, seasonalReports } from '../models/buyback.ts';
import { detectSwings } from '../models/fedOdds.ts';
import type { FedPathResult } from '../models/fedpath.ts';
import { liquidityModel } from '../models/liquidity.ts';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { IsoDate } from '../series/types.ts';
import { buybackDemand, coveredDays, fedSwings, liquidityPricing, liquidityWave } from './claims.ts';
import { notYetMeasured, verdictSymbol } from './thesis.ts';

describe('liquidity-wave verdict', () => {
  // 60 Wednesdays; WALCL flat, the TGA falls 10 bn a week with a ±20 bn wobble (so weekly changes vary).
  const weeks = Array.from({ length: 60 }, (_, i) => toIso(toDay('2025-01-01') + 7 * i));
  const tga = weeks.map((_, i) => 900_000 - 10_000 * i + (i % 2 ? 20_000 : 0));
  const r = liquidityModel({
    walcl: seriesFrom('WALCL', weeks, weeks.map(() => 6_700_000), { frequency: 'weekly' }),
    tga: seriesFrom('WDTGAL', weeks, tga, { frequency: 'weekly' }),
    rrp: seriesFrom('RRPONTSYD', weeks, weeks.map(() => 1)),
  });
  const nl = weeks.map((_, i) => (6_700_000 - (tga[i] as number)) / 1000 - 1);
  /** An index whose weekly % move is 0.5 × net liquidity's, less `lagPp` a week over the last 13 weeks. */
  const index = (lagPp: number) => {
    const px = [100];
    for (let i = 1; i < weeks.length; i++) {
      const x = 100 * Math.log((nl[i] as number) / (nl[i - 1] as number));
      px.push((px[i - 1] as number) * Math.exp((0.5 * x - (i >= weeks.length - 13 ? lagPp : 0)) / 100));
    }
    return seriesFrom('SPX', weeks, px);
  };
  const easing = (bp: number) => ({ effr: 4.33, tradeDate: weeks[59], path: [{ date: toIso(toDay(weeks[59] as string) + 300), rate: 4.33 - bp / 100 }] }) as unknown as FedPathResult;

  it('prices the index against liquidity: a perfect β = 0.5 fit leaves no gap', () => {
    const p = liquidityPricing(r.weekly, index(0));
    assert.ok(Math.abs(p.beta - 0.5) < 1e-12 && Math.abs(p.intercept) < 1e-12, `${p.beta} ${p.intercept}`);
    assert.ok(Math.abs(p.gapPct) < 1e-9);
    assert.equal(p.n, 59);
    assert.equal(p.to, weeks[59]);
    // Net liquidity's 13-week log change, by hand from its level 13 weeks back.
    assert.ok(Math.abs(p.nlPct - 100 * Math.log((nl[59] as number) / (nl[46] as number))) < 1e-12);
  });

  it('is supported with the wave (A), priced easing (B) and stocks behind liquidity (C)', () => {
    const t = liquidityWave(r, { spx: index(1), fedPath: easing(50) });
    assert.equal(t.verdict, 'supported');
    // TGA: −130 bn over 13 weeks, +20 bn of wobble at week 59 (odd) vs 46 (even): net liquidity +110 bn.
    assert.match(t.reason, /^3 of 3 conditions hold — net liquidity \+110 bn over 13 weeks to 2026-02-18, 100% from the Treasury side/);
    assert.match(t.reason, /\+50 bp of easing priced/);
  });

  it('is mixed when a condition is missing, not supported when net liquidity falls by 100 bn or more', () => {
    assert.equal(liquidityWave(r).verdict, 'mixed'); // no rate path, no index: A only
    assert.equal(liquidityWave(r, { spx: index(1), fedPath: easing(10) }).verdict, 'mixed'); // B fails
    assert.equal(liquidityWave(r, { spx: index(-1), fedPath: easing(50) }).verdict, 'mixed'); // stocks ahead: C fails
    const falling = liquidityModel({
      walcl: seriesFrom('WALCL', weeks, weeks.map(() => 6_700_000), { frequency: 'weekly' }),
      tga: seriesFrom('WDTGAL', weeks, weeks.map((_, i) => 300_000 + 10_000 * i), { frequency: 'weekly' }),
      rrp: seriesFrom('RRPONTSYD', weeks, weeks.map(() => 1)),
    });
    assert.equal(liquidityWave(falling, { spx: index(1), fedPath: easing(50) }).verdict, 'not supported');
  });
});

describe('fed-swings verdict', () => {
  const path = { meetings: [{ meeting: '2026-09-16', cut: 40, expectedMoveBp: -10 }], tradeDate: '2026-08-19', method: 'short-rate curve (approximation)' } as unknown as FedPathResult;
  const hist = (xs: number[]) => xs.map((cut, i) => ({ tradeDate: toIso(toDay('2026-06-01') + i) as IsoDate, cut, hike: 0, rate: 4, reference: [3.5, 3.75] as const }));
  const rule = { minPts: 30, within: 20, reversedWithin: 20 };
  const claim = (xs: number[]) => {
    const history = hist(xs);
    return fedSwings({ result: path, history, historyMeeting: '2026-09-16' as IsoDate, swings: detectSwings(history, rule), swingRule: rule });
  };
  it('needs a move of 30 pp that is reversed: 80 → 30 → 80 → 30 is two swings, a one-way repricing none', () => {
    assert.equal(claim([80, 80, 60, 30, 30, 50, 80, 80, 55, 30]).verdict, 'supported');
    assert.equal(claim([80, 80, 60, 30, 30, 50, 80, 80, 80, 80]).verdict, 'mixed');
    assert.equal(claim([80, 80, 60, 30, 30, 30, 35, 30, 30, 30]).verdict, 'not supported');
    assert.equal(claim([50, 52, 48, 50, 51, 49, 50, 50, 50, 50]).verdict, 'not supported');
    assert.equal(claim([50, 52]).verdict, 'not enough data');
  });
  it('states the odds its rule reads: P(hike) in a hiking regime, P(cut) otherwise', () => {
    const hiking = { ...path, meetings: [{ meeting: '2026-09-16', cut: 0, hike: 62, expectedMoveBp: 15 }] } as unknown as FedPathResult;
    const history = hist([80, 80, 60, 30, 30, 50, 80, 80, 55, 30]);
    const t = fedSwings({ result: hiking, history, historyMeeting: '2026-09-16' as IsoDate, oddsOf: 'hike', swings: [], swingRule: rule });
    assert.deepEqual(t.metrics[0], { label: 'P(hike) at 2026-09-16', value: '62%', asOf: '2026-08-19' });
    assert.match(t.reason, /P\(above 3\.50–3\.75% after 2026-09-16\)/);
    assert.equal(claim([80, 80, 60, 30, 30, 50, 80, 80, 55, 30]).metrics[0]?.value, '40%');
  });
});

describe('buyback-window verdict', () => {
  it('is supported when open-window days clearly beat closed-window days', () => {
    const from = toDay('2010-01-04');
    const to = toDay('2016-12-30');
    const share = blackoutShare(seasonalReports(from, to, [0, 0.05, 0.2, 0.3, 0.25, 0.12, 0.05, 0.03]), from, to, 42, 2); // the model's default window (six weeks)
    const dates: string[] = [];
    const values: number[] = [];
    let p = 100;
    for (let d = from; d <= to; d++) {
      const b = share[d - from] as number;
      // +0.2% on open days, −0.1% on closed days, ±1% noise alternating
      p *= 1 + (b < 0.25 ? 0.002 : b >= 0.5 ? -0.001 : 0) + (d % 2 ? 0.01 : -0.01);
      dates.push(toIso(d));
      values.push(p);
    }
    const t = buybackDemand(seriesFrom('SPY', dates, values), from);
    assert.equal(t.verdict, 'supported');
    assert.match(t.reason, /Welch t = /);
    // The chart: the blackout share in %, the last 2 years day by day, from the same seasonal model.
    const bo = t.chart?.series[0];
    assert.ok(bo);
    assert.equal(bo.dates.length, 731);
    assert.equal(bo.dates[bo.dates.length - 1], to);
    assert.equal(bo.values[bo.values.length - 1], 100 * (share[to - from] as number));
    assert.ok(Math.max(...bo.values) > 50 && Math.min(...bo.values) < 25, 'the window both closes and opens within 2 years');
  });
});

describe('buyback-window verdict with company report dates', () => {
  // SPY from 2010 to 2016: +0.2% on the seasonal model's open days, −0.1% on its closed days,
  // ±1% noise alternating; company dates: the whole index reports on day 20 after each quarter
  // end of the seasons 2014-03-31 … 2015-12-31 (closed from day −22 to day 22).
  const from = toDay('2010-01-04');
  const to = toDay('2016-12-30');
  const seasonal = blackoutShare(seasonalReports(from, to, [0, 0.05, 0.2, 0.3, 0.25, 0.12, 0.05, 0.03]), from, to, 42, 2);
  const reports: { day: number; weight: number }[] = [];
  for (const q of ['2014-03-31', '2014-06-30', '2014-09-30', '2014-12-31', '2015-03-31', '2015-06-30', '2015-09-30', '2015-12-31']) reports.push({ day: toDay(q) + 20, weight: 1 });
  const real = blackoutShare(reports, from, to, 42, 2);
  const dates = { reports, seasons: { first: '2014-03-31' as IsoDate, last: '2015-12-31' as IsoDate }, source: 'test dates' };
  /** The price path; on the days company dates decide, returns by `onDates` of their share instead. */
  const spy = (onDates?: (b: number) => number, end = to) => {
    const ds: string[] = [];
    const vs: number[] = [];
    let p = 100;
    for (let d = from; d <= end; d++) {
      const b = seasonal[d - from] as number;
      const inSpan = d >= toDay('2014-04-03') && d <= toDay('2016-02-18');
      const drift = onDates && inSpan ? onDates(real[d - from] as number) : b < 0.25 ? 0.002 : b >= 0.5 ? -0.001 : 0;
      p *= 1 + drift + (d % 2 ? 0.01 : -0.01);
      ds.push(toIso(d));
      vs.push(p);
    }
    return seriesFrom('SPY', ds, vs);
  };

  it('checks the days the dates decide: seasons 2014-03-31 … 2015-12-31 with a six-week blackout are 2014-04-03 … 2016-02-18', () => {
    const c = coveredDays(dates.seasons, 42, 2);
    assert.deepEqual([toIso(c.from), toIso(c.to)], ['2014-04-03', '2016-02-18']);
  });

  it('keeps "supported" when the check on company dates agrees, and says both', () => {
    const t = buybackDemand(spy((b) => (b < 0.25 ? 0.002 : b >= 0.5 ? -0.001 : 0)), from, dates);
    assert.equal(t.verdict, 'supported');
    // Closed days' mean: −10 bp and the ±1% noise, which leaves +1% once in 335 days: +0.3 bp.
    assert.equal(t.reason, 'mean daily return 19.7 bp with the window open (n = 961) vs -8.6 bp closed (n = 1255); Welch t = 6.58; on company earnings dates (2014-04-03 … 2016-02-18): 20.0 bp open (n = 352) vs -9.7 bp closed (n = 335); Welch t = 3.89, supported on its own');
    const m = Object.fromEntries(t.metrics.map((x) => [x.label, x.value]));
    // Closed on company dates: days −22 … +22 around each quarter end, 45 days a season (the series
    // has a close every day); of the first season's, 2014-04-03 … 04-22 (20 days) are in the span:
    // 20 + 7 · 45 = 335 closed of the 687 days 2014-04-03 … 2016-02-18, 352 open.
    assert.equal(m['company dates: days open / closed'], '352 / 335');
    assert.equal(m['company dates: sample'], 'SPY 2014-04-03 … 2016-02-18');
    assert.equal(t.chart?.series.length, 2);
    assert.equal(t.assumptions?.[0]?.source, 'test dates');
    assert.match(t.rule, /when the check reaches the opposite verdict \(supported against not supported\) the claim is mixed/);
  });

  it('is mixed when the company dates reach the opposite verdict (open days worse on real dates)', () => {
    const t = buybackDemand(spy((b) => (b < 0.25 ? -0.002 : 0.003)), from, dates);
    assert.match(t.reason, /^mean daily return [\d.]+ bp with the window open .*Welch t = [\d.]+; on company earnings dates .*not supported on its own — the opposite verdict: mixed$/);
    assert.equal(t.verdict, 'mixed');
  });

  it('is the seasonal test alone, unchanged, as of a date before the first day the dates decide', () => {
    const early = spy(undefined, toDay('2014-04-02'));
    assert.deepEqual(buybackDemand(early, from, dates), buybackDemand(early, from));
    assert.equal(buybackDemand(early, from).metrics.length, 4);
  });
});

describe('thesis helpers', () => {
  it('lists a claim without a model as not enough data, with what is missing', () => {
    const t = notYetMeasured('x', 'A claim.', 'the model');
    assert.equal(t.verdict, 'not enough data');
    assert.equal(t.reason, 'not measured yet: the model');
    assert.equal(verdictSymbol('supported'), '✔');
  });
});

describe('k-shape verdict', () => {
  it('is supported while the AI/tech spread is positive and widening, mixed when it narrows', async () => {
    const { kShapeModel } = await import('../models/kshape.ts');
    const { kShapeWidening } = await import('./claims.ts');
    const dates = Array.from({ length: 100 }, (_, i) => toIso(toDay('2024-01-01') + i));
    const up = seriesFrom('XLK', dates, dates.map((_, i) => 100 * (1 + 0.01 * i)));
    const flat = seriesFrom('RSP', dates, dates.map(() => 100));
    assert.equal(kShapeWidening(kShapeModel([up], [flat], '2024-01-01')).verdict, 'supported');
    const peaked = seriesFrom('XLK', dates, dates.map((_, i) => 100 * (1 + 0.01 * Math.min(i, 20))));
    assert.equal(kShapeWidening(kShapeModel([peaked], [flat], '2024-01-01')).verdict, 'mixed');
    const down = seriesFrom('XLK', dates, dates.map((_, i) => 100 * (1 - 0.001 * i)));
    assert.equal(kShapeWidening(kShapeModel([down], [flat], '2024-01-01')).verdict, 'not supported');
  });
});

describe('crypto-upside verdict', () => {
  it('is supported only when bitcoin has the highest 5-year return', async () => {
    const { cryptoModel } = await import('../models/crypto.ts');
    const { cryptoUpside } = await import('./claims.ts');
    const d = ['2020-01-01', '2025-01-02'];
    const btc = seriesFrom('BTCUSD', d, [10, 40]);
    assert.equal(cryptoUpside(cryptoModel(btc, [seriesFrom('SPY', d, [100, 200])])).verdict, 'supported');
    assert.equal(cryptoUpside(cryptoModel(btc, [seriesFrom('GLD', d, [100, 500])])).verdict, 'not supported');
    // With the price series, a chart of growth of 100 over the window: BTC 10 → 40 is 100 → 400.
    const spy = seriesFrom('SPY', d, [100, 200]);
    const chart = cryptoUpside(cryptoModel(btc, [spy]), [btc, spy]).chart;
    assert.deepEqual(chart?.series.map((x) => Array.from(x.values)), [[100, 400], [100, 200]]);
  });
  it('dates the distance from the peak by bitcoin’s own last price when it is newer than the return window', async () => {
    const { cryptoModel } = await import('../models/crypto.ts');
    const { cryptoUpside } = await import('./claims.ts');
    // The window ends on SPY's last date (2025-01-02, BTC 40: +300%); BTC goes on to 30 on 2025-03-03, 25% below its peak of 40.
    const btc = seriesFrom('BTCUSD', ['2020-01-01', '2025-01-02', '2025-03-03'], [10, 40, 30]);
    const r = cryptoUpside(cryptoModel(btc, [seriesFrom('SPY', ['2020-01-01', '2025-01-02'], [100, 200])]));
    assert.match(r.reason, /^over 2020-01-0\d → 2025-01-02 bitcoin returned \+300% .*; it is 25% below its peak on 2025-03-03 and has not fallen 50% or more from a peak$/);
    // Same last date: no second date.
    const same = cryptoUpside(cryptoModel(seriesFrom('BTCUSD', ['2020-01-01', '2025-01-02'], [10, 40]), [seriesFrom('SPY', ['2020-01-01', '2025-01-02'], [100, 200])]));
    assert.match(same.reason, /; it is 0% below its peak and has not fallen 50% or more from a peak$/);
    // A fall of 60% (50 → 20) is named with its depth, without a sign.
    const deep = cryptoUpside(cryptoModel(seriesFrom('BTCUSD', ['2020-01-01', '2022-01-03', '2025-01-02'], [10, 50, 20]), [seriesFrom('SPY', ['2020-01-01', '2025-01-02'], [100, 200])]));
    assert.match(deep.reason, /; it is 60% below its peak and has fallen as much as 60%$/);
  });
});
