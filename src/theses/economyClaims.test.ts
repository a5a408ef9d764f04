import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hyperscalerByYear, parseHyperscalerCsv, type HyperscalerRow } from '../models/aicapex.ts';
import { povertyLine } from '../models/budget.ts';
import { catalogEntry } from '../series/catalog.ts';
import { dayOf, toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { loadRealSeries, realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import {
  aiCapexPillar,
  capexVsGdp,
  ECONOMY_CLAIM_INPUTS,
  economyTheses,
  energyBottleneck,
  HYPERSCALER_IDS,
  hyperscalerRowsFromSeries,
  nominalGdp,
  wealthGap,
} from './economyClaims.ts';

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b} (tolerance ${tol})`);
const mapOf = (...s: Series[]) => new Map(s.map((x) => [x.id, x]));
const metric = (t: { metrics: readonly { label: string; value: string }[] }, label: string) => t.metrics.find((m) => m.label === label)?.value ?? `no metric "${label}"`;
/** First day of each quarter from `fromYear` Q1, `n` quarters. */
const quarters = (fromYear: number, n: number) => Array.from({ length: n }, (_, i) => toIso(dayOf(fromYear + Math.floor(i / 4), 1 + 3 * (i % 4), 1)));
/** First day of each month from `fromYear` January, `n` months. */
const months = (fromYear: number, n: number) => Array.from({ length: n }, (_, i) => toIso(dayOf(fromYear + Math.floor(i / 12), 1 + (i % 12), 1)));
const q = { frequency: 'quarterly' as const };

describe('economy claim inputs', () => {
  it('lists only catalog ids, keeps the hyperscaler ids apart until the catalog has them', () => {
    for (const id of ECONOMY_CLAIM_INPUTS) assert.equal(catalogEntry(id).id, id);
    assert.ok(ECONOMY_CLAIM_INPUTS.includes('GDPC1') && ECONOMY_CLAIM_INPUTS.includes('DFA_PCT_TOPPT1_NW_SHARE') && ECONOMY_CLAIM_INPUTS.includes('XLU'));
    assert.deepEqual(HYPERSCALER_IDS.slice(0, 2), ['CAPEX_AAPL', 'REVENUE_AAPL']);
    assert.equal(HYPERSCALER_IDS.length, 10);
  });
});

describe('ai-capex-pillar with the BEA contributions', () => {
  // Real GDP grows 1% a quarter; every price is 1 (nominal = real), so a component that adds
  // s · ΔQ each quarter contributes exactly s × GDP growth (annualised): share = 100 s,
  // growth ex-AI = (1 − s) · 100 · (1.01⁴ − 1) = (1 − s) · 4.0604%.
  const dates = quarters(2024, 5);
  const Q = dates.map((_, i) => 1000 * 1.01 ** i);
  const make = (s: number, gdp = Q) => {
    const comp = gdp.map((x) => 100 + s * (x - (gdp[0] as number)));
    return mapOf(
      seriesFrom('GDP', dates, gdp, q),
      seriesFrom('GDPC1', dates, gdp, q),
      seriesFrom('Y034RC1Q027SBEA', dates, comp, q),
      seriesFrom('Y034RX1Q020SBEA', dates, comp, q),
    );
  };
  const asOf = toDay('2025-06-30');
  it('is supported when AI explains ≥ 50% and growth ex-AI stays below 1% (s = 0.8: 80%, ex-AI 0.81%)', () => {
    const t = aiCapexPillar(make(0.8), asOf);
    assert.equal(t.verdict, 'supported');
    assert.equal(metric(t, 'AI share of growth, 4 quarters'), '80%');
    assert.equal(metric(t, 'growth without AI, 4-quarter mean'), '+0.81% a.r.'); // 0.2 × 4.0604
    assert.equal(metric(t, 'real GDP growth, latest quarter'), '+4.06% a.r.');
    assert.equal(t.chart?.series.length, 2);
    assert.equal(t.table?.rows.length, 4);
  });
  it('is mixed at 60% with ex-AI growth of 1.62% and at 30%; not supported at 10%', () => {
    const m = aiCapexPillar(make(0.6), asOf);
    assert.equal(m.verdict, 'mixed');
    assert.equal(metric(m, 'growth without AI, 4-quarter mean'), '+1.62% a.r.');
    assert.equal(aiCapexPillar(make(0.3), asOf).verdict, 'mixed');
    const n = aiCapexPillar(make(0.1), asOf);
    assert.equal(n.verdict, 'not supported');
    assert.equal(metric(n, 'AI share of growth, 2 quarters'), '10%');
  });
  it('is not supported when GDP shrank over the 4 quarters, whatever AI did', () => {
    const falling = dates.map((_, i) => 1000 * 0.99 ** i);
    const data = make(0.5, falling);
    // AI investment rising while GDP falls
    const up = dates.map((_, i) => 100 + 5 * i);
    const t = aiCapexPillar(new Map([...data, ['Y034RC1Q027SBEA', seriesFrom('Y034RC1Q027SBEA', dates, up, q)], ['Y034RX1Q020SBEA', seriesFrom('Y034RX1Q020SBEA', dates, up, q)]]), asOf);
    assert.equal(t.verdict, 'not supported');
    assert.match(t.reason, /^real GDP growth averaged -3\.9% over the last 4 quarters/);
  });
  it('ignores quarters after the as-of date', () => {
    const d6 = quarters(2024, 6);
    const Q6 = [...Q, 1000]; // a collapse in 2025 Q2, after the as-of date below
    const comp = Q6.map((x, i) => (i < 5 ? 100 + 0.8 * (x - 1000) : 900));
    const data = mapOf(seriesFrom('GDP', d6, Q6, q), seriesFrom('GDPC1', d6, Q6, q), seriesFrom('Y034RC1Q027SBEA', d6, comp, q), seriesFrom('Y034RX1Q020SBEA', d6, comp, q));
    assert.equal(aiCapexPillar(data, toDay('2025-03-31')).verdict, 'supported');
    assert.equal(aiCapexPillar(data, toDay('2025-04-01')).verdict, 'not supported');
  });
});

describe('ai-capex-pillar on the hyperscaler proxy', () => {
  // GDP 1000 a quarter in 2023, 1100 in 2024: ΔGDP = 100 bn; GDPC1 900 → 918: real +2%.
  const d = quarters(2023, 8);
  const gdp = seriesFrom('GDP', d, d.map((_, i) => (i < 4 ? 1000 : 1100)), q);
  const real = seriesFrom('GDPC1', d, d.map((_, i) => (i < 4 ? 900 : 918)), q);
  const rows = (c23: number, c24: number): HyperscalerRow[] => [
    { ticker: 'MSFT', fyEnd: '2023-06-30' as IsoDate, revenue: 200e9, capex: c23 * 1e9 },
    { ticker: 'MSFT', fyEnd: '2024-06-30' as IsoDate, revenue: 240e9, capex: c24 * 1e9 },
  ];
  const asOf = toDay('2025-03-31');
  it('is mixed when the capex rise is ≥ 25% of the nominal GDP rise (30 of 100 bn), and never supported', () => {
    const t = aiCapexPillar(mapOf(gdp, real), asOf, { hyperscaler: rows(10, 40) });
    assert.equal(t.verdict, 'mixed');
    assert.equal(metric(t, 'capex increase / GDP increase'), '30.0%');
    assert.equal(metric(t, 'real GDP growth 2024 (annual means)'), '+2.00%');
    assert.equal(metric(t, 'real growth less the capex rise (pp of GDP)'), '-1.00%'); // 2% − 100 · 30 / 1000
    assert.match(t.reason, /missing Y034RC1Q027SBEA, Y034RX1Q020SBEA, B985RC1Q027SBEA, B985RX1Q020SBEA\)/);
    assert.match(t.reason, /nominal GDP = FRED GDP as published \(BEA\)$/);
  });
  it('is not supported below 25% (10 of 100 bn) or when nominal GDP fell', () => {
    assert.equal(aiCapexPillar(mapOf(gdp, real), asOf, { hyperscaler: rows(10, 20) }).verdict, 'not supported');
    const fall = seriesFrom('GDP', d, d.map((_, i) => (i < 4 ? 1000 : 990)), q);
    const t = aiCapexPillar(mapOf(fall, real), asOf, { hyperscaler: rows(10, 90) });
    assert.equal(t.verdict, 'not supported');
    assert.match(t.reason, /while nominal GDP fell by USD 10bn/);
  });
  it('approximates nominal GDP by GDPC1 × PCEPILFE / 100 without GDP', () => {
    const pce = seriesFrom('PCEPILFE', months(2023, 24), months(2023, 24).map((_, i) => (i < 12 ? 100 : 110)), { frequency: 'monthly' });
    const n = nominalGdp(mapOf(real, pce), asOf);
    assert.match(n.how, /^GDPC1 × PCEPILFE/);
    // 2023: 900 × 1.00 = 900; 2024: 918 × 1.10 = 1009.8 → ΔGDP 109.8, share 30 / 109.8 = 27.32%
    const r = capexVsGdp(hyperscalerByYear(rows(10, 40)), n.series, real);
    close(r.dGdp, 109.8, 1e-9);
    close(r.share, (100 * 30) / 109.8, 1e-9);
    close(r.nominalGrowth, 12.2, 1e-9);
    assert.equal(aiCapexPillar(mapOf(real, pce), asOf, { hyperscaler: rows(10, 40) }).verdict, 'mixed');
    // A quarter with only two months of the price index is left out, and 2024 is then incomplete.
    const partial = nominalGdp(mapOf(real, pce), toDay('2024-11-30'));
    assert.equal(partial.series.dates.length, 7);
    assert.throws(() => aiCapexPillar(mapOf(real, pce), toDay('2024-11-30'), { hyperscaler: rows(10, 40) }), /no complete year of hyperscaler capex .* four quarters of GDPC1 and GDP_APPROX/);
  });
  it('falls back to CPIAUCSL rebased to its 2017 mean = 100', () => {
    const m = months(2017, 12 * 8);
    const cpi = seriesFrom('CPIAUCSL', m, m.map((x) => (x < '2018-01-01' ? 250 : x < '2024-01-01' ? 300 : 325)), { frequency: 'monthly' });
    const n = nominalGdp(mapOf(real, cpi), asOf);
    assert.match(n.how, /CPIAUCSL rebased to 2017 = 100/);
    const v = (iso: string) => n.series.values[n.series.dates.indexOf(toDay(iso))] as number;
    close(v('2023-01-01'), 900 * 1.2, 1e-9);
    close(v('2024-10-01'), 918 * 1.3, 1e-9);
  });
  it('builds the rows from CAPEX_/REVENUE_ store series (USD bn) dated on or before the as-of date', () => {
    const data = mapOf(
      gdp,
      real,
      seriesFrom('CAPEX_MSFT', ['2023-06-30', '2024-06-30', '2025-06-30'], [10, 40, 99], { frequency: 'annual' }),
      seriesFrom('REVENUE_MSFT', ['2023-06-30', '2024-06-30'], [200, 240], { frequency: 'annual' }),
    );
    const r = hyperscalerRowsFromSeries(data, asOf);
    assert.deepEqual(r, [
      { ticker: 'MSFT', fyEnd: '2023-06-30', capex: 10e9, revenue: 200e9 },
      { ticker: 'MSFT', fyEnd: '2024-06-30', capex: 40e9, revenue: 240e9 },
    ]);
    assert.equal(aiCapexPillar(data, asOf).verdict, 'mixed');
  });
  it('uses the proxy when the BEA components are too short for 4 quarters of contributions', () => {
    const c3 = d.slice(5).map(() => 50);
    const bea = ['Y034RC1Q027SBEA', 'Y034RX1Q020SBEA', 'B985RC1Q027SBEA', 'B985RX1Q020SBEA'].map((id) => seriesFrom(id, d.slice(5), c3, q));
    const t = aiCapexPillar(mapOf(gdp, real, ...bea), asOf, { hyperscaler: rows(10, 40) });
    assert.match(t.reason, /^BEA AI-investment contributions cover fewer than 5 common quarters, so a proxy/);
    assert.equal(t.verdict, 'mixed');
  });
  it('says which series are missing', () => {
    assert.throws(() => aiCapexPillar(mapOf(gdp, real), asOf), /hyperscaler capex is missing \(CAPEX_AAPL, CAPEX_AMZN, CAPEX_GOOGL, CAPEX_META, CAPEX_MSFT\)/);
    assert.throws(() => aiCapexPillar(mapOf(gdp), asOf, { hyperscaler: rows(1, 2) }), /GDPC1 is missing/);
  });
});

describe('wealth-gap verdict', () => {
  // 1990 Q1 – 2019 Q4 (120 quarters) then 2020 Q1. Price alternates 190k / 210k in the base period
  // at a constant 6% rate and income, so the cost share alternates ±d around its mean and the
  // sample sd is d · √(120/119); a 300k price in 2020 Q1 is then 100k / 10k = 10 half-swings away:
  // z = 10 · √(119/120) = 9.9582. A 200k price gives z = 0.
  const d = quarters(1990, 121);
  const dfa = (top: number) =>
    mapOf(
      seriesFrom('DFA_PCT_TOPPT1_NW_SHARE', d, d.map((_, i) => (i === 120 ? top / 2 : 10)), q),
      seriesFrom('DFA_PCT_REMAININGTOP1_NW_SHARE', d, d.map((_, i) => (i === 120 ? top / 2 : 13)), q),
      seriesFrom('DFA_PCT_BOTTOM50_NW_SHARE', d, d.map((_, i) => (i === 120 ? 2.5 : 3.5)), q),
    );
  const home = (latestPrice: number, income: number) => {
    const years = Array.from({ length: 31 }, (_, i) => `${1990 + i}-01-01`);
    return [
      seriesFrom('MSPUS', d, d.map((_, i) => (i === 120 ? latestPrice : i % 2 ? 210_000 : 190_000)), q),
      seriesFrom('MORTGAGE30US', d, d.map(() => 6), { frequency: 'weekly' }),
      seriesFrom('MEHOINUSA646N', years, years.map(() => income), { frequency: 'annual' }),
    ];
  };
  const asOf = toDay('2020-06-30');
  // The 2020 tax law (in force on the as-of date), 2024–2025 prices (flagged): 106,982, not 2025 law's 105,045.
  const required = povertyLine({ adults: 2, children: [{ age: 2 }, { age: 4 }] }, asOf).requiredGross;
  it('is supported when the top 1% gained, housing is > 1 sd dearer and the family budget needs more than the median income', () => {
    assert.ok(required > 80_000 && required < 200_000, `${required}`);
    const t = wealthGap(new Map([...dfa(30), ...mapOf(...home(300_000, 80_000))]), asOf);
    assert.equal(t.verdict, 'supported');
    assert.match(t.reason, /^through proxies, not policy itself: 3 of 3 conditions hold — top 1% share 30\.0% vs 23\.0% in 1990 Q1 \(A: yes\)/);
    assert.match(t.reason, /z = 9\.96 vs 1990–2019 \(B: yes\)/);
    assert.equal(required, 106_982);
    assert.match(t.reason, /needs USD 106,982 \(2020 tax law — parameters from a later date: budget prices housing: rent, 2 bedrooms \(2024-10-01\), .* are the earliest flowlens has\)/);
    assert.deepEqual(t.assumptions?.filter((x) => x.name === 'taxYear' || x.name === 'povertyGuideline').map((x) => [x.value, x.knownFrom]), [[2020, '2020-01-01'], [26_200, '2020-01-17']]);
    // Each figure with its year: the need under the 2020 tax law, the median income of 2020.
    assert.equal(metric(t, 'income a family of four needs'), `USD ${required.toLocaleString('en-US')} (2020 tax law) = ${(required / 80_000).toFixed(2)} × median USD 80,000 (2020)`);
    assert.equal(t.chart?.series.length, 2);
    assert.deepEqual(Array.from(t.chart?.series[0]?.values.slice(-2) ?? []), [23, 30]);
  });
  it('is mixed with one or two conditions, not supported with none', () => {
    assert.equal(wealthGap(new Map([...dfa(30), ...mapOf(...home(200_000, 80_000))]), asOf).verdict, 'mixed');
    const one = wealthGap(new Map([...dfa(20), ...mapOf(...home(200_000, 80_000))]), asOf);
    assert.equal(one.verdict, 'mixed');
    assert.match(one.reason, /1 of 3 conditions hold .*z = -?0\.00 .*\(C: yes\)/);
    const none = wealthGap(new Map([...dfa(20), ...mapOf(...home(200_000, 250_000))]), asOf);
    assert.equal(none.verdict, 'not supported');
    assert.match(none.reason, /\(A: no\).*\(B: no\).*\(C: no\)/);
  });
  it('names the missing DFA series', () => {
    assert.throws(() => wealthGap(mapOf(...home(300_000, 80_000)), asOf), /DFA_PCT_TOPPT1_NW_SHARE is missing/);
    assert.throws(() => wealthGap(dfa(30), asOf), /MSPUS is missing/);
  });
});

describe('energy-bottleneck verdict', () => {
  // Electricity 0.15 → 0.16 USD/kWh (+6.67% y/y) vs CPI 300 → 309 (+3%); 400 bn of capex:
  // 400e9 · 0.6 / 50,000 = 4.8 M accelerators · 1,275 W · 1.3 = 7.956 GW = 12.67% of the 62.8 GW
  // EIA said (2024-02-15) were planned for 2024: its 63 GW for 2025 came out on 2025-02-24.
  const m = months(2024, 13);
  const prices = (elec1: number) => [
    seriesFrom('APU000072610', m, m.map((_, i) => (i === 12 ? elec1 : 0.15)), { frequency: 'monthly' }),
    seriesFrom('CPIAUCSL', m, m.map((_, i) => (i === 12 ? 309 : 300)), { frequency: 'monthly' }),
  ];
  const days = ['2024-01-02', '2024-06-03', '2025-01-02'];
  const markets = (xlu1: number, smh1: number) => [seriesFrom('XLU', days, [100, 105, xlu1]), seriesFrom('SMH', days, [100, 105, smh1])];
  const capex = (bn: number): HyperscalerRow[] => [{ ticker: 'MSFT', fyEnd: '2024-06-30' as IsoDate, revenue: 1e12, capex: bn * 1e9 }];
  const asOf = toDay('2025-01-15');
  it('is supported when power outpaces prices, the implied load is material and utilities beat semis', () => {
    const t = energyBottleneck(mapOf(...prices(0.16), ...markets(120, 110)), asOf, { hyperscaler: capex(400) });
    assert.equal(t.verdict, 'supported');
    assert.match(t.reason, /^3 of 3 conditions hold — electricity \+6\.7% y\/y vs CPI \+3\.0% in 2025-01 \(A: yes\); 2024 hyperscaler capex of USD 400bn implies ≈ 8\.0 GW/);
    assert.match(t.reason, /12\.7% of the 62\.8 GW planned for 2024 \(EIA, 2024-02-15\) \(B: yes\)/);
    assert.match(t.reason, /XLU \+20\.0% vs SMH \+10\.0% over the year to 2025-01-02 \(C: yes\)$/);
    assert.equal(t.table?.rows[1]?.[1], '4.80');
  });
  it('dates each 1-year return by its own last close when XLU and SMH end on different days', () => {
    const smhLater = [seriesFrom('XLU', days, [100, 105, 120]), seriesFrom('SMH', ['2024-01-03', '2024-06-03', '2025-01-03'], [100, 105, 110])];
    const t = energyBottleneck(mapOf(...prices(0.16), ...smhLater), asOf, { hyperscaler: capex(400) });
    assert.match(t.reason, /XLU \+20\.0% vs SMH \+10\.0% over the year to 2025-01-02 and 2025-01-03 respectively \(C: yes\)$/);
    assert.deepEqual([t.metrics.find((x) => x.label === 'XLU 1-year return')?.asOf, t.metrics.find((x) => x.label === 'SMH 1-year return')?.asOf], ['2025-01-02', '2025-01-03']);
  });
  it('shows power demand (G.17 output and capacity utilisation) beside the rule when the store has it', () => {
    const g17 = [
      seriesFrom('IPG2211S', m, m.map((_, i) => (i === 12 ? 104 : 100)), { frequency: 'monthly' }),
      seriesFrom('CAPUTLG2211S', m, m.map((_, i) => 70 + (i % 2)), { frequency: 'monthly' }),
    ];
    const t = energyBottleneck(mapOf(...prices(0.16), ...markets(120, 110), ...g17), asOf, { hyperscaler: capex(400) });
    const byLabel = new Map(t.metrics.map((x) => [x.label, x]));
    // 100 → 104 over the 12 months; no month 5 years back in this history.
    assert.match(byLabel.get('power industry output y/y (IPG2211S)')?.value ?? '', /^\+4\.0% \(/);
    assert.equal(byLabel.get('power industry output y/y (IPG2211S)')?.asOf, '2025-01-01');
    // 13 months alternating 70, 71 (7 × 70, 6 × 71): mean 70.4615…, the last 70 → z < 0.
    assert.match(byLabel.get('power capacity utilisation (CAPUTLG2211S)')?.value ?? '', /^70\.0%, z = -0\.8\d vs since 2024$/);
    assert.equal(t.verdict, 'supported', 'the rule does not use them');
  });
  it('is mixed with one condition, not supported with none', () => {
    assert.equal(energyBottleneck(mapOf(...prices(0.15), ...markets(120, 110)), asOf, { hyperscaler: capex(200) }).verdict, 'mixed');
    const none = energyBottleneck(mapOf(...prices(0.15), ...markets(105, 110)), asOf, { hyperscaler: capex(200) });
    assert.equal(none.verdict, 'not supported');
    assert.match(none.reason, /6\.3% of the 62\.8 GW/); // 3.978 / 62.8
  });
  it('uses only observations up to the as-of date', () => {
    // As of 2024-12-31 the latest month with both y/y changes is gone (Jan 2025), so no y/y at all.
    assert.throws(() => energyBottleneck(mapOf(...prices(0.16), ...markets(120, 110)), toDay('2024-12-31'), { hyperscaler: capex(400) }), /no month with both year-on-year changes/);
    // A fiscal year ending after the as-of date is not used.
    assert.throws(() => energyBottleneck(mapOf(...prices(0.16), ...markets(120, 110)), asOf, { hyperscaler: [{ ticker: 'MSFT', fyEnd: '2025-06-30' as IsoDate, revenue: 1, capex: 1e12 }] }), /hyperscaler capex is missing/);
  });
});

describe('economyTheses', () => {
  it('turns every failure into "not enough data" naming the missing series', () => {
    const r = economyTheses(new Map(), toDay('2026-01-01'));
    assert.deepEqual(r.map((t) => t.id), ['ai-capex-pillar', 'wealth-gap', 'energy-bottleneck']);
    assert.ok(r.every((t) => t.verdict === 'not enough data'));
    assert.match(r[0]?.reason ?? '', /CAPEX_AAPL/);
    assert.match(r[1]?.reason ?? '', /DFA_PCT_TOPPT1_NW_SHARE is missing/);
    assert.match(r[2]?.reason ?? '', /APU000072610 is missing/);
  });
});

describe('economy claims on the shared data', { skip: skipWithoutRealData }, () => {
  const load = async () => {
    const data = new Map<string, Series>();
    for (const id of ECONOMY_CLAIM_INPUTS) {
      try {
        data.set(id, await loadRealSeries(id));
      } catch {
        // not in the shared data (the BEA AI-capex components): the claims say so
      }
    }
    const dir = realDataDir() ?? '';
    const path = [join(dir, 'macro', 'hyperscaler_capex_revenue_annual.csv'), join(dir, 'hyperscaler_capex_revenue_annual.csv')].find((p) => existsSync(p));
    assert.ok(path, 'hyperscaler_capex_revenue_annual.csv not found');
    return { data, rows: parseHyperscalerCsv(readFileSync(path, 'utf8'), path) };
  };
  const asOf = toDay('2026-08-20');

  it('ai-capex-pillar: proxy, 2025 capex +143.5 bn = 9.7% of the 1,480.3 bn rise in nominal GDP (GDP itself) → not supported', async () => {
    const { data, rows } = await load();
    assert.ok(data.has('GDP') && !data.has('Y034RC1Q027SBEA'));
    const t = aiCapexPillar(data, asOf, { hyperscaler: rows });
    assert.equal(t.verdict, 'not supported');
    // 2025: 12.715 + 64.551 + 91.447 + 131.819 + 69.691 = 370.223; 2024: 226.714.
    // Nominal GDP is GDP (USD bn SAAR): annual means 2024 29,380.991, 2025 30,861.292 (macro/GDP.csv).
    const nominal = nominalGdp(data, asOf);
    assert.equal(nominal.how, 'FRED GDP as published (BEA)');
    const r = capexVsGdp(hyperscalerByYear(rows), nominal.series, data.get('GDPC1') as Series);
    assert.equal(r.year, 2025);
    close(r.dCapex, 143.509, 1e-6);
    close(r.dGdp, 1480.3015, 1e-6);
    close(r.share, (100 * 143.509) / 1480.3015, 1e-6);
    close(r.nominalGrowth, 100 * (30861.29225 / 29380.99075 - 1), 1e-6);
    close(r.realGrowth, 2.10634, 1e-5);
    close(r.capexPp, (100 * 143.509) / 29380.99075, 1e-6);
    assert.equal(metric(t, 'capex increase / GDP increase'), '9.7%');
    // Store series CAPEX_/REVENUE_ (USD bn at fiscal-year end) give the same answer.
    const store = new Map(data);
    for (const tk of ['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT']) {
      const mine = rows.filter((x) => x.ticker === tk);
      store.set(`CAPEX_${tk}`, seriesFrom(`CAPEX_${tk}`, mine.map((x) => x.fyEnd), mine.map((x) => x.capex / 1e9), { frequency: 'annual' }));
      store.set(`REVENUE_${tk}`, seriesFrom(`REVENUE_${tk}`, mine.map((x) => x.fyEnd), mine.map((x) => x.revenue / 1e9), { frequency: 'annual' }));
    }
    assert.equal(aiCapexPillar(store, asOf).reason, t.reason);
  });

  it('wealth-gap: top 1% 31.3% vs 22.7% in 1990, housing z = 0.19, family needs 1.25× median → mixed', async () => {
    const { data } = await load();
    const t = wealthGap(data, asOf);
    assert.equal(t.verdict, 'mixed');
    assert.match(t.reason, /2 of 3 conditions hold — top 1% share 31\.3% vs 22\.7% in 1990 Q1 \(A: yes\), the median home costs 38\.9% of median income, z = 0\.19 vs 1990–2019 \(B: no\), a family of four needs USD 105,045 \(2025 tax law\), 1\.25× the median income \(C: yes\)/);
    assert.match(t.reason, /Boomers 21\.5%, Gen X 10\.5%, Millennials 5\.6%$/);
    assert.equal(metric(t, 'median home cost, % of median income'), '38.9% (1990–2019 mean 38.1%, sd 4.4; z = 0.19)');
    assert.equal(t.metrics[0]?.asOf, '2023-01-01');
  });

  it('energy-bottleneck: electricity +4.2% vs CPI +3.3%, 7.4 GW = 11.7% of planned additions, XLU +12.1% vs SMH +127.4% → mixed', async () => {
    const { data, rows } = await load();
    const t = energyBottleneck(data, asOf, { hyperscaler: rows });
    assert.equal(t.verdict, 'mixed');
    // 0.197 / 0.189 − 1 = 4.23%; 332.813 / 322.169 − 1 = 3.30% (July 2026).
    // 370.223 bn → 4.443 M accelerators → 7.364 GW → 45.2 TWh/yr, 11.69% of 63 GW.
    // XLU 44.35 / 39.5715 (2025-06-05) − 1 = 12.08%; SMH 569.69 / 250.5205 − 1 = 127.40%.
    assert.equal(
      t.reason,
      '2 of 3 conditions hold — electricity +4.2% y/y vs CPI +3.3% in 2026-07 (A: yes); 2025 hyperscaler capex of USD 370bn implies ≈ 7.4 GW (45 TWh/yr), 11.7% of the 63 GW planned for 2025 (EIA, 2025-02-24) (B: yes); XLU +12.1% vs SMH +127.4% over the year to 2026-06-05 (C: no)',
    );
    assert.equal(metric(t, 'Henry Hub daily'), 'USD 2.82/MMBtu (-5% y/y)');
  });

  it('energy-bottleneck as of 2019-12-31 compares with EIA\'s 23.7 GW for 2019 and LBNL\'s 2014 use, never a later figure', async () => {
    const { data, rows } = await load();
    const t = energyBottleneck(data, toDay('2019-12-31'), { hyperscaler: rows });
    assert.match(t.reason, /% of the 23\.7 GW planned for 2019 \(EIA, 2019-01-10\) \(B: /);
    assert.match(metric(t, 'share of planned 2019 capacity additions') ?? '', /of 23\.7 GW planned for 2019/);
    const text = JSON.stringify({ ...t, chart: undefined });
    assert.doesNotMatch(text, /63 GW|2025|176 TWh/);
    const planned = t.assumptions?.find((a) => a.name === 'plannedAdditionsGw');
    assert.deepEqual([planned?.value, planned?.knownFrom], [23.7, '2019-01-10']);
  });

  // Their cost is measured inside the report by `npm run bench:report`, not timed here.
  it('runs all three together', async () => {
    const { data, rows } = await load();
    const r = economyTheses(data, asOf, { hyperscaler: rows });
    assert.deepEqual(r.map((x) => x.verdict), ['not supported', 'mixed', 'mixed']);
  });
});
