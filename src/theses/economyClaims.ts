import { NotEnoughDataError } from '../core/errors.ts';
import { affordabilityModel } from '../models/affordability.ts';
import { aiCapexModel, hyperscalerByYear, type HyperscalerRow, type HyperscalerYear } from '../models/aicapex.ts';
import { povertyLine } from '../models/budget.ts';
import { capexToPower, energyPrices, powerDemand, yearOverYear } from '../models/energy.ts';
import { sharesAtAge } from '../models/wealth.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { hasSeries } from '../series/catalog.ts';
import { dayOf, daysInMonth, toDay, toIso, ymd } from '../series/dates.ts';
import { dropMissing, lastValid, seriesFrom } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { fmtNumber } from '../views/format.ts';
import type { Metric, ThesisResult, Verdict } from './thesis.ts';

/**
 * Claims 2, 4 and 5 of the thesis (issue #6): AI capex as the pillar of growth, the wealth gap as
 * a constraint on policy, and energy as AI's bottleneck — each a verdict from a stated rule on
 * the economy models (aicapex, wealth, affordability, budget, energy). Formulas and sources of
 * the models: docs/MODELS.md.
 */

/** The five hyperscalers of the capex proxy (file from their filings; store ids CAPEX_<T>, REVENUE_<T>). */
export const HYPERSCALER_TICKERS = ['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT'] as const;

/** Store ids of the hyperscalers' annual capex and revenue (USD bn, dated at fiscal-year end). */
export const HYPERSCALER_IDS: readonly string[] = HYPERSCALER_TICKERS.flatMap((t) => [`CAPEX_${t}`, `REVENUE_${t}`]);

const BEA_COMPONENTS = {
  informationProcessing: { nominal: 'Y034RC1Q027SBEA', real: 'Y034RX1Q020SBEA' },
  software: { nominal: 'B985RC1Q027SBEA', real: 'B985RX1Q020SBEA' },
} as const;

const DFA_IDS = {
  topPt1: 'DFA_PCT_TOPPT1_NW_SHARE',
  remainingTop1: 'DFA_PCT_REMAININGTOP1_NW_SHARE',
  bottom50: 'DFA_PCT_BOTTOM50_NW_SHARE',
  BabyBoom: 'DFA_GEN_BABYBOOM_NW_SHARE',
  GenX: 'DFA_GEN_GENX_NW_SHARE',
  Millennial: 'DFA_GEN_MILLENNIAL_NW_SHARE',
} as const;

/**
 * Every catalog series the three claims read. The hyperscaler ids (HYPERSCALER_IDS) are included
 * only once the catalog knows them, since readForModel throws on an unknown id.
 */
export const ECONOMY_CLAIM_INPUTS: readonly string[] = [
  'GDP',
  'GDPC1',
  ...Object.values(BEA_COMPONENTS).flatMap((c) => [c.nominal, c.real]),
  'PCEPILFE',
  'CPIAUCSL',
  'IPG2211S',
  'CAPUTLG2211S',
  ...Object.values(DFA_IDS),
  'MSPUS',
  'MORTGAGE30US',
  'MEHOINUSA646N',
  'APU000072610',
  'RNGWHHD',
  'RNGWHHM',
  'XLU',
  'SMH',
  ...HYPERSCALER_IDS.filter((id) => hasSeries(id)),
];

/** Options of the economy claims. */
export interface EconomyClaimOptions {
  /** Hyperscaler company-years (e.g. parseHyperscalerCsv of the filings file); used instead of the CAPEX_/REVENUE_ store series when given. */
  readonly hyperscaler?: readonly HyperscalerRow[];
}

/** The statements of the three claims. */
const STATEMENT = {
  aiCapex: 'AI capex is the one pillar keeping the economy out of recession.',
  wealthGap: 'The wealth gap has become a macro constraint on policy (measured through wealth concentration, housing affordability and the cost of a basic family budget).',
  energy: "AI's bottleneck is energy, not GPUs.",
} as const;

const signed = (x: number, d = 0) => `${x >= 0 ? '+' : ''}${fmtNumber(x, d)}`;

/** The part of `s` dated on or before `asOfDay`, without missing values. */
function upTo(s: Series, asOfDay: number): Series {
  const n = lastAtOrBefore(s.dates, asOfDay) + 1;
  return dropMissing({ ...s, dates: s.dates.slice(0, n), values: s.values.slice(0, n) });
}

/** `id` cut at `asOfDay`, or undefined when absent or empty by then. */
function opt(data: ReadonlyMap<string, Series>, id: string, asOfDay: number): Series | undefined {
  const s = data.get(id);
  if (!s) return undefined;
  const c = upTo(s, asOfDay);
  return c.dates.length > 0 ? c : undefined;
}

/** `id` cut at `asOfDay`; throws NotEnoughDataError naming the id and what it is for. */
function need(data: ReadonlyMap<string, Series>, id: string, asOfDay: number, why: string): Series {
  const s = opt(data, id, asOfDay);
  if (!s) throw new NotEnoughDataError(`${id} is missing${data.has(id) ? ` (no value on or before ${toIso(asOfDay)})` : ''}: needed for ${why}`);
  return s;
}

/** Value of `s` at exactly `day`, NaN if none. */
function valueOn(s: Series, day: number): number {
  const i = lastAtOrBefore(s.dates, day);
  return i >= 0 && s.dates[i] === day ? (s.values[i] as number) : Number.NaN;
}

/** Mean and sample standard deviation of the values of `s` dated in [fromDay, toDay]. */
function meanSd(s: Series, fromDay: number, toDay_: number): { mean: number; sd: number; n: number } {
  const x: number[] = [];
  for (let i = 0; i < s.dates.length; i++) {
    const d = s.dates[i] as number;
    const v = s.values[i] as number;
    if (d >= fromDay && d <= toDay_ && !Number.isNaN(v)) x.push(v);
  }
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, sd, n };
}

/**
 * Hyperscaler company-years from the store series CAPEX_<T> / REVENUE_<T> (USD bn, dated at
 * fiscal-year end), observations dated on or before `asOfDay` only; amounts returned in USD as
 * HyperscalerRow expects. A capex year without revenue gets revenue NaN. Empty when no CAPEX_
 * series is present.
 */
export function hyperscalerRowsFromSeries(data: ReadonlyMap<string, Series>, asOfDay: number): HyperscalerRow[] {
  const rows: HyperscalerRow[] = [];
  for (const t of HYPERSCALER_TICKERS) {
    const capex = opt(data, `CAPEX_${t}`, asOfDay);
    if (!capex) continue;
    const revenue = opt(data, `REVENUE_${t}`, asOfDay);
    for (let i = 0; i < capex.dates.length; i++) {
      const d = capex.dates[i] as number;
      rows.push({ ticker: t, fyEnd: toIso(d), capex: (capex.values[i] as number) * 1e9, revenue: revenue ? valueOn(revenue, d) * 1e9 : Number.NaN });
    }
  }
  return rows;
}

/** Hyperscaler years from `opts.hyperscaler` (preferred) or the store, fiscal years ending after `asOfDay` dropped; throws naming the ids when there are none. */
function hyperscalerYears(data: ReadonlyMap<string, Series>, asOfDay: number, opts: EconomyClaimOptions): HyperscalerYear[] {
  const rows = opts.hyperscaler ? opts.hyperscaler.filter((r) => toDay(r.fyEnd) <= asOfDay) : hyperscalerRowsFromSeries(data, asOfDay);
  if (rows.length === 0) throw new NotEnoughDataError(`hyperscaler capex is missing (${HYPERSCALER_TICKERS.map((t) => `CAPEX_${t}`).join(', ')})`);
  return hyperscalerByYear(rows);
}

/** Mean of each calendar year's quarterly values, for years with all four quarters. */
function annualMeans(s: Series): Map<number, number> {
  const acc = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < s.dates.length; i++) {
    const v = s.values[i] as number;
    if (Number.isNaN(v)) continue;
    const y = ymd(s.dates[i] as number).year;
    const e = acc.get(y) ?? { sum: 0, n: 0 };
    e.sum += v;
    e.n += 1;
    acc.set(y, e);
  }
  const out = new Map<number, number>();
  for (const [y, e] of acc) if (e.n === 4) out.set(y, e.sum / 4);
  return out;
}

/** Mean of a monthly price index over each quarter [q, q + 3 months), on the quarter dates of `real`. */
function quarterMeans(index: Series, quarters: Int32Array): Float64Array {
  return Float64Array.from(quarters, (q0) => {
    const p = ymd(q0);
    const q1 = dayOf(p.year, p.month + 3, 1);
    let s = 0;
    let c = 0;
    for (let k = lastAtOrBefore(index.dates, q0 - 1) + 1; k < index.dates.length && (index.dates[k] as number) < q1; k++) {
      s += index.values[k] as number;
      c++;
    }
    return c === 3 ? s / c : Number.NaN;
  });
}

/**
 * Nominal GDP (USD bn SAAR, quarterly): GDP when present; otherwise the approximation
 * GDPC1 × price index / 100 with PCEPILFE (core PCE, 2017 = 100, the base year of chained 2017
 * dollars) or, without it, CPIAUCSL rebased to its 2017 mean = 100 — a consumer price index in
 * place of the GDP deflator (not published in the store). `how` says which.
 */
export function nominalGdp(data: ReadonlyMap<string, Series>, asOfDay: number): { series: Series; how: string } {
  const gdp = opt(data, 'GDP', asOfDay);
  if (gdp) return { series: gdp, how: 'FRED GDP as published (BEA)' };
  const real = need(data, 'GDPC1', asOfDay, 'nominal GDP (GDP is missing, approximated as GDPC1 × a price index)');
  const pce = opt(data, 'PCEPILFE', asOfDay);
  const cpi = opt(data, 'CPIAUCSL', asOfDay);
  if (!pce && !cpi) throw new NotEnoughDataError('GDP is missing and so are PCEPILFE and CPIAUCSL: needed to approximate nominal GDP from GDPC1');
  let idx = pce ?? (cpi as Series);
  let how = 'GDPC1 × PCEPILFE / 100 (core PCE price index, 2017 = 100, standing in for the GDP deflator)';
  if (!pce) {
    const base = meanSd(idx, toDay('2017-01-01'), toDay('2017-12-31')).mean;
    idx = { ...idx, values: idx.values.map((v) => (100 * v) / base) };
    how = 'GDPC1 × CPIAUCSL rebased to 2017 = 100 (CPI standing in for the GDP deflator)';
  }
  const p = quarterMeans(idx, real.dates);
  return { series: dropMissing({ ...real, id: 'GDP_APPROX', title: 'Nominal GDP (approximation)', unit: 'USD bn, SAAR', values: real.values.map((v, i) => (v * (p[i] as number)) / 100) }), how };
}

/** The hyperscaler capex proxy of claim 2 for one calendar year (USD bn; growth in %). */
export interface CapexVsGdp {
  readonly year: number;
  /** Capex of the five in `year`, and its increase over the year before. */
  readonly capex: number;
  readonly dCapex: number;
  /** Increase of nominal GDP (annual mean of the quarterly SAAR levels) over the year before. */
  readonly dGdp: number;
  /** 100 · dCapex / dGdp; NaN when nominal GDP did not rise. */
  readonly share: number;
  readonly nominalGrowth: number;
  /** Growth of the annual mean of GDPC1. */
  readonly realGrowth: number;
  /** dCapex as pp of the previous year's nominal GDP. */
  readonly capexPp: number;
}

/**
 * The latest calendar year Y with complete hyperscaler capex (hyperscalerByYear) for Y and Y − 1
 * and all four quarters of nominal and real GDP in both: Δcapex = capex_Y − capex_Y−1,
 * ΔGDP = mean(N_Y quarters) − mean(N_Y−1 quarters), share = 100 · Δcapex / ΔGDP (NaN if ΔGDP ≤ 0),
 * capex pp = 100 · Δcapex / N_Y−1, real growth = 100 · (mean Q_Y / mean Q_Y−1 − 1). Throws
 * NotEnoughDataError naming CAPEX_/GDPC1 when no year qualifies.
 */
export function capexVsGdp(years: readonly HyperscalerYear[], nominal: Series, real: Series): CapexVsGdp {
  const nAnnual = annualMeans(nominal);
  const rAnnual = annualMeans(real);
  const byYear = new Map(years.map((y) => [y.year, y]));
  const usable = years.filter((y) => y.complete && byYear.has(y.year - 1) && nAnnual.has(y.year) && nAnnual.has(y.year - 1) && rAnnual.has(y.year) && rAnnual.has(y.year - 1));
  const cur = usable[usable.length - 1];
  if (!cur) throw new NotEnoughDataError(`no complete year of hyperscaler capex (CAPEX_*; latest ${years[years.length - 1]?.year ?? '—'}) with the year before and four quarters of ${real.id} and ${nominal.id} in both`);
  const prev = byYear.get(cur.year - 1) as HyperscalerYear;
  const Y = cur.year;
  const n1 = nAnnual.get(Y) as number;
  const n0 = nAnnual.get(Y - 1) as number;
  const dCapex = cur.capex - prev.capex;
  const dGdp = n1 - n0;
  return {
    year: Y,
    capex: cur.capex,
    dCapex,
    dGdp,
    share: dGdp > 0 ? (100 * dCapex) / dGdp : Number.NaN,
    nominalGrowth: 100 * (n1 / n0 - 1),
    realGrowth: 100 * ((rAnnual.get(Y) as number) / (rAnnual.get(Y - 1) as number) - 1),
    capexPp: (100 * dCapex) / n0,
  };
}

/**
 * Claim 2, primary evidence (BEA): share of real GDP growth explained by AI investment
 * (aiCapexModel on GDP, GDPC1 and the information-processing and software components). Rule:
 * supported if AI explains ≥ 50% of growth summed over the last 4 quarters and growth without
 * AI averaged < 1% annualised over them; mixed if ≥ 25% (or ≥ 50% with ex-AI growth ≥ 1%);
 * not supported below 25%, or when growth over the 4 quarters summed to ≤ 0 (AI did not keep
 * GDP up). Returns undefined when the BEA inputs are incomplete (the proxy is used then).
 */
function aiCapexFromBea(data: ReadonlyMap<string, Series>, asOfDay: number, statement: string): ThesisResult | undefined {
  const gdpNominal = opt(data, 'GDP', asOfDay);
  const gdpReal = opt(data, 'GDPC1', asOfDay);
  const components: Record<string, { nominal?: Series; real?: Series }> = {};
  for (const [label, ids] of Object.entries(BEA_COMPONENTS)) {
    const nominal = opt(data, ids.nominal, asOfDay);
    const real = opt(data, ids.real, asOfDay);
    if (nominal && real) components[label] = { nominal, real };
  }
  if (!gdpNominal || !gdpReal || Object.keys(components).length === 0) return undefined;
  const r = aiCapexModel({ gdpNominal, gdpReal, components });
  if (r.dates.length < 4) return undefined;
  const rule = 'BEA contributions to real GDP growth (information processing equipment + software, annual rates): supported if AI explains ≥ 50% of growth summed over the last 4 quarters and growth without AI averages < 1%; mixed if AI explains ≥ 25% (or ≥ 50% with ex-AI growth ≥ 1%); not supported below 25% or when growth over the 4 quarters summed to ≤ 0';
  const L = r.dates.length;
  let exAi4 = 0;
  let growth4 = 0;
  for (let i = L - 4; i < L; i++) {
    exAi4 += (r.growthExAi[i] as number) / 4;
    growth4 += (r.gdpGrowth[i] as number) / 4;
  }
  const s4 = r.shareLast4;
  const verdict: Verdict = Number.isNaN(s4) ? 'not supported' : s4 >= 50 && exAi4 < 1 ? 'supported' : s4 >= 25 ? 'mixed' : 'not supported';
  const negQuarters = Array.from(r.growthExAi.slice(L - 4)).filter((g) => g <= 0).length;
  const from = r.dates.findIndex((d) => d >= toDay('2019-01-01'));
  const dates = Array.from(r.dates.slice(Math.max(0, from)), (d) => toIso(d));
  const cut = (a: Float64Array) => Array.from(a.slice(Math.max(0, from)));
  return {
    id: 'ai-capex-pillar',
    statement,
    verdict,
    reason: Number.isNaN(s4)
      ? `real GDP growth averaged ${signed(growth4, 1)}% over the last 4 quarters to ${r.latest.date}: AI investment did not keep the economy growing`
      : `AI investment explains ${fmtNumber(s4, 0)}% of real GDP growth over the last 4 quarters (${fmtNumber(r.shareLast2, 0)}% over 2) to ${r.latest.date}; without it growth would have averaged ${signed(exAi4, 2)}% instead of ${signed(growth4, 2)}% (ex-AI ≤ 0 in ${negQuarters} of 4 quarters)`,
    rule,
    metrics: [
      { label: 'AI share of growth, 4 quarters', value: `${fmtNumber(s4, 0)}%`, asOf: r.latest.date },
      { label: 'AI share of growth, 2 quarters', value: `${fmtNumber(r.shareLast2, 0)}%`, asOf: r.latest.date },
      { label: 'real GDP growth, latest quarter', value: `${signed(r.latest.gdpGrowth, 2)}% a.r.`, asOf: r.latest.date },
      { label: 'growth without AI, latest quarter', value: `${signed(r.latest.growthExAi, 2)}% a.r.`, asOf: r.latest.date },
      { label: 'growth without AI, 4-quarter mean', value: `${signed(exAi4, 2)}% a.r.`, asOf: r.latest.date },
    ],
    chart: {
      title: 'Real GDP growth with and without AI investment (% at an annual rate)',
      series: [seriesFrom('GDP_GROWTH', dates, cut(r.gdpGrowth), { title: 'real GDP growth', frequency: 'quarterly' }), seriesFrom('GDP_GROWTH_EX_AI', dates, cut(r.growthExAi), { title: 'without AI investment', frequency: 'quarterly' })],
      rules: [0],
    },
    table: {
      caption: 'Last 4 quarters (% and pp at annual rates)',
      head: ['quarter', 'GDP growth', 'AI contribution', 'growth ex-AI'],
      rows: Array.from({ length: 4 }, (_, k) => L - 4 + k).map((i) => [toIso(r.dates[i] as number), fmtNumber(r.gdpGrowth[i] as number, 2), fmtNumber(r.aiContribution[i] as number, 2), fmtNumber(r.growthExAi[i] as number, 2)]),
    },
  };
}

/**
 * Claim 2: "AI capex is the one pillar keeping the economy out of recession."
 *
 * With the BEA inputs (GDP, GDPC1, Y034RC1Q027SBEA/Y034RX1Q020SBEA, B985RC1Q027SBEA/B985RX1Q020SBEA):
 * aiCapexModel's share of real GDP growth explained by AI investment — supported if ≥ 50% over
 * the last 4 quarters with growth ex-AI averaging < 1% a year; mixed if ≥ 25%; not supported
 * otherwise (BEA NIPA Handbook ch. 4 contributions; docs/MODELS.md).
 *
 * Without them, the proxy: the increase in the five hyperscalers' capex (AAPL, AMZN, GOOGL, META,
 * MSFT; company filings, fiscal years assigned to the calendar year they end) in the latest
 * complete year against the increase in nominal GDP (annual mean of quarterly SAAR levels; GDP, or
 * GDPC1 × a price index, see nominalGdp) in the same year: share = 100 · Δcapex / ΔGDP. At most
 * mixed (capex is not all AI, not all domestic, and imported equipment is not US output):
 * mixed if the share is ≥ 25%, not supported below or when nominal GDP did not rise.
 */
export function aiCapexPillar(data: ReadonlyMap<string, Series>, asOfDay: number, opts: EconomyClaimOptions = {}): ThesisResult {
  const statement = STATEMENT.aiCapex;
  const bea = aiCapexFromBea(data, asOfDay, statement);
  if (bea) return bea;
  const missingBea = ['GDP', ...Object.values(BEA_COMPONENTS).flatMap((c) => [c.nominal, c.real])].filter((id) => !opt(data, id, asOfDay));
  const rule = 'proxy (BEA AI-investment contributions missing): share = increase in the five hyperscalers\' capex ÷ increase in nominal GDP over the latest complete calendar year; mixed if ≥ 25%, not supported if < 25% or if nominal GDP did not rise; never "supported" on the proxy alone';
  const years = hyperscalerYears(data, asOfDay, opts);
  const { series: nominal, how } = nominalGdp(data, asOfDay);
  const real = need(data, 'GDPC1', asOfDay, 'real GDP growth');
  const { year: Y, capex, dCapex, dGdp, share, nominalGrowth, realGrowth, capexPp } = capexVsGdp(years, nominal, real);
  const verdict: Verdict = dGdp > 0 && share >= 25 ? 'mixed' : 'not supported';
  const yEnd = `${Y}-12-31` as IsoDate;
  const chartYears = years.filter((y) => y.year >= 2013 && y.complete);
  return {
    id: 'ai-capex-pillar',
    statement,
    verdict,
    reason:
      `${missingBea.length ? `BEA AI-investment contributions are not in the store (missing ${missingBea.join(', ')})` : 'BEA AI-investment contributions cover fewer than 5 common quarters'}, so a proxy: in ${Y} the five hyperscalers raised capex by USD ${fmtNumber(dCapex, 0)}bn (to ${fmtNumber(capex, 0)}bn), ` +
      (dGdp > 0 ? `${fmtNumber(share, 0)}% of the USD ${fmtNumber(dGdp, 0)}bn rise in nominal GDP` : `while nominal GDP fell by USD ${fmtNumber(-dGdp, 0)}bn`) +
      ` (${signed(capexPp, 2)} pp of ${signed(nominalGrowth, 1)}% nominal growth; real GDP ${signed(realGrowth, 1)}%, ≈ ${signed(realGrowth - capexPp, 1)}% without the capex rise); nominal GDP = ${how}`,
    rule,
    metrics: [
      { label: `hyperscaler capex increase ${Y}`, value: `USD ${fmtNumber(dCapex, 1)}bn (to ${fmtNumber(capex, 1)}bn)`, asOf: yEnd },
      { label: `nominal GDP increase ${Y}`, value: `USD ${fmtNumber(dGdp, 1)}bn (${signed(nominalGrowth, 2)}%)`, asOf: yEnd },
      { label: 'capex increase / GDP increase', value: `${fmtNumber(share, 1)}%`, asOf: yEnd },
      { label: `real GDP growth ${Y} (annual means)`, value: `${signed(realGrowth, 2)}%`, asOf: yEnd },
      { label: 'real growth less the capex rise (pp of GDP)', value: `${signed(realGrowth - capexPp, 2)}%`, asOf: yEnd },
    ],
    chart: {
      title: 'Capex of AAPL, AMZN, GOOGL, META, MSFT by calendar year (USD bn)',
      series: [seriesFrom('HYPERSCALER_CAPEX', chartYears.map((y) => `${y.year}-12-31`), chartYears.map((y) => y.capex), { title: 'capex of the five, USD bn', frequency: 'annual', unit: 'USD bn' })],
    },
    table: {
      caption: 'Hyperscaler capex (calendar year in which the fiscal year ends)',
      head: ['year', 'capex USD bn', 'revenue USD bn', 'capex / revenue %', 'companies'],
      rows: years.filter((y) => y.year >= Y - 5).map((y) => [y.year, fmtNumber(y.capex, 1), fmtNumber(y.revenue, 0), fmtNumber(y.capexToRevenue, 1), `${y.tickers.join(' ')}${y.complete ? '' : ' (incomplete)'}`]),
    },
  };
}

/**
 * Claim 4: "The wealth gap has become a macro constraint on policy", measured through proxies:
 * (A) the top 1% share of household net worth (DFA, top 0.1% + 99th–99.9th) above its level in
 * the first quarter of 1990 (Fed Distributional Financial Accounts); (B) the median home's cost
 * (affordabilityModel: MSPUS, MORTGAGE30US, MEHOINUSA646N) more than 1 sd above its 1990–2019
 * mean as a share of median income; (C) the gross income a family of two adults and two children
 * aged 2 and 4 needs (povertyLine: the tax law in force on `asOfDay`, BUDGET_DEFAULTS prices — flagged in
 * the reason when published after that date) above the median
 * household income (MEHOINUSA646N, latest). Supported if A, B and C all hold; not supported if
 * none; mixed otherwise. Generations' shares at a median age of 35 (sharesAtAge) are shown.
 */
export function wealthGap(data: ReadonlyMap<string, Series>, asOfDay: number): ThesisResult {
  const statement = STATEMENT.wealthGap;
  const rule = 'A: top 1% net-worth share (DFA) above its 1990 Q1 level; B: median home cost share of median income > 1 sd above its 1990–2019 mean; C: income a family of four (2 children aged 2 and 4) needs > median household income — supported if A, B and C; not supported if none; mixed otherwise ("constraint on policy" is not measured directly)';
  const why = 'the wealth-gap claim';
  const t01 = need(data, DFA_IDS.topPt1, asOfDay, why);
  const t1 = need(data, DFA_IDS.remainingTop1, asOfDay, why);
  const b50 = need(data, DFA_IDS.bottom50, asOfDay, why);
  // Top 1% = top 0.1% + 99th–99.9th percentile, on the quarters both have (and the bottom 50%).
  const qd: string[] = [];
  const top: number[] = [];
  const bottom: number[] = [];
  for (let i = 0; i < t01.dates.length; i++) {
    const d = t01.dates[i] as number;
    const a = valueOn(t1, d);
    const b = valueOn(b50, d);
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    qd.push(toIso(d));
    top.push((t01.values[i] as number) + a);
    bottom.push(b);
  }
  const topS = seriesFrom('DFA_TOP1_NW_SHARE', qd, top, { title: 'top 1%', frequency: 'quarterly', unit: '% of total', source: 'dfa' });
  const botS = seriesFrom(DFA_IDS.bottom50, qd, bottom, { title: 'bottom 50%', frequency: 'quarterly', unit: '% of total', source: 'dfa' });
  const i90 = qd.findIndex((d) => d >= '1990-01-01');
  if (i90 < 0 || (qd[i90] as string) > '1990-12-31') throw new NotEnoughDataError(`${DFA_IDS.topPt1}/${DFA_IDS.remainingTop1}: no quarter in 1990 to compare with`);
  const L = qd.length - 1;
  const topNow = top[L] as number;
  const top90 = top[i90] as number;
  const a = topNow > top90;

  const aff = affordabilityModel({ price: need(data, 'MSPUS', asOfDay, 'housing affordability'), rate: need(data, 'MORTGAGE30US', asOfDay, 'housing affordability'), income: need(data, 'MEHOINUSA646N', asOfDay, 'housing affordability') });
  const affS: Series = { id: 'AFFORDABILITY', title: 'home cost, % of income', unit: '%', frequency: 'quarterly', source: 'fred', dates: aff.dates, values: aff.shareOfIncome, retrievedAt: '' };
  const base = meanSd(affS, toDay('1990-01-01'), toDay('2019-12-31'));
  if (base.n < 8) throw new NotEnoughDataError(`MSPUS/MORTGAGE30US/MEHOINUSA646N: only ${base.n} quarters in 1990–2019 for the affordability baseline`);
  const z = (aff.latest.shareOfIncome - base.mean) / base.sd;
  const b = z > 1;

  const income = lastValid(need(data, 'MEHOINUSA646N', asOfDay, 'the median income'));
  // Tax law and HHS guideline in force on the date; default prices flowlens has only from later years are flagged.
  const pov = povertyLine({ adults: 2, children: [{ age: 2 }, { age: 4 }], medianHouseholdIncome: income.value }, asOfDay);
  const laterPrices = pov.lines.filter((l) => l.laterThanAsOf).map((l) => `${l.item} (${l.knownFrom ?? ''})`);
  const laterText = laterPrices.length > 0 ? ` — parameters from a later date: budget prices ${laterPrices.join(', ')} are the earliest flowlens has` : '';
  const c = pov.requiredGross > income.value;

  const held = [a, b, c].filter(Boolean).length;
  const verdict: Verdict = held === 3 ? 'supported' : held === 0 ? 'not supported' : 'mixed';
  const gens = { BabyBoom: opt(data, DFA_IDS.BabyBoom, asOfDay), GenX: opt(data, DFA_IDS.GenX, asOfDay), Millennial: opt(data, DFA_IDS.Millennial, asOfDay) };
  const present = Object.fromEntries(Object.entries(gens).filter(([, s]) => s !== undefined)) as Record<string, Series>;
  const atAge = sharesAtAge(present, 35);
  const genName = { Silent: 'Silent', BabyBoom: 'Boomers', GenX: 'Gen X', Millennial: 'Millennials' } as const;
  const atAgeText = atAge.filter((x) => !Number.isNaN(x.share)).map((x) => `${genName[x.generation]} ${fmtNumber(x.share, 1)}%`).join(', ');
  const mark = (x: boolean) => (x ? 'yes' : 'no');
  const metrics: Metric[] = [
    { label: 'top 1% share of net worth', value: `${fmtNumber(topNow, 1)}% (1990 Q1: ${fmtNumber(top90, 1)}%)`, asOf: qd[L] as IsoDate },
    { label: 'bottom 50% share of net worth', value: `${fmtNumber(bottom[L] as number, 1)}% (1990 Q1: ${fmtNumber(bottom[i90] as number, 1)}%)`, asOf: qd[L] as IsoDate },
    { label: 'median home cost, % of median income', value: `${fmtNumber(aff.latest.shareOfIncome, 1)}% (1990–2019 mean ${fmtNumber(base.mean, 1)}%, sd ${fmtNumber(base.sd, 1)}; z = ${fmtNumber(z, 2)})`, asOf: aff.latest.date },
    // Each figure with its own year: the need under that year's tax law, the median income of its year.
    { label: 'income a family of four needs', value: `USD ${fmtNumber(pov.requiredGross, 0)} (${pov.taxYear} tax law) = ${fmtNumber(pov.requiredGross / income.value, 2)} × median USD ${fmtNumber(income.value, 0)} (${income.date.slice(0, 4)})`, asOf: income.date },
    ...atAge.map((x) => ({ label: `share of ${genName[x.generation]} at median age 35`, value: Number.isNaN(x.share) ? 'not reached yet' : `${fmtNumber(x.share, 1)}%`, ...(x.date && !Number.isNaN(x.share) ? { asOf: x.date } : {}) })),
  ];
  return {
    id: 'wealth-gap',
    statement,
    verdict,
    assumptions: [...aff.assumptions, ...pov.assumptions],
    reason:
      `through proxies, not policy itself: ${held} of 3 conditions hold — top 1% share ${fmtNumber(topNow, 1)}% vs ${fmtNumber(top90, 1)}% in 1990 Q1 (A: ${mark(a)}), the median home costs ${fmtNumber(aff.latest.shareOfIncome, 1)}% of median income, z = ${fmtNumber(z, 2)} vs 1990–2019 (B: ${mark(b)}), ` +
      `a family of four needs USD ${fmtNumber(pov.requiredGross, 0)} (${pov.taxYear} tax law${laterText}), ${fmtNumber(pov.requiredGross / income.value, 2)}× the median income (C: ${mark(c)})${atAgeText ? `; share of net worth at median age 35: ${atAgeText}` : ''}`,
    rule,
    metrics,
    chart: { title: 'Share of US household net worth: top 1% vs bottom 50% (%, Fed DFA)', series: [topS, botS] },
    table: {
      caption: 'Conditions',
      head: ['condition', 'measured', 'threshold', 'holds'],
      rows: [
        ['A: top 1% share', `${fmtNumber(topNow, 1)}% (${qd[L]})`, `> ${fmtNumber(top90, 1)}% (${qd[i90]})`, mark(a)],
        ['B: home cost vs income', `z = ${fmtNumber(z, 2)} (${aff.latest.date})`, '> 1 sd above 1990–2019 mean', mark(b)],
        ['C: required income', `USD ${fmtNumber(pov.requiredGross, 0)}`, `> median USD ${fmtNumber(income.value, 0)} (${income.date.slice(0, 4)})`, mark(c)],
      ],
    },
  };
}

/** Total return over the year to the last close on or before `asOfDay`: the start is the last close on or before one year earlier, within 7 days. */
function oneYearReturn(s: Series, asOfDay: number): { from: IsoDate; to: IsoDate; pct: number } {
  const j = lastAtOrBefore(s.dates, asOfDay);
  if (j < 0) throw new NotEnoughDataError(`${s.id}: no price on or before ${toIso(asOfDay)}`);
  const end = s.dates[j] as number;
  const p = ymd(end);
  const target = dayOf(p.year - 1, p.month, Math.min(p.day, daysInMonth(p.year - 1, p.month)));
  const i = lastAtOrBefore(s.dates, target);
  if (i < 0 || target - (s.dates[i] as number) > 7) throw new NotEnoughDataError(`${s.id}: no price within 7 days before ${toIso(target)} for the 1-year return`);
  return { from: toIso(s.dates[i] as number), to: toIso(end), pct: 100 * ((s.values[j] as number) / (s.values[i] as number) - 1) };
}

/**
 * Claim 5: "AI's bottleneck is energy, not GPUs." Conditions: (A) electricity prices
 * (APU000072610, BLS average price) rose faster than the CPI (CPIAUCSL) year on year in the latest
 * month both have; (B) the load implied by the latest complete year of hyperscaler capex
 * (capexToPower, default parameters: facility GW) exceeds 10% of the capacity EIA had most recently
 * said was planned for a year, as of `asOfDay` (PLANNED_ADDITIONS, e.g. 63 GW for 2025 from
 * 2025-02-24; nameplate, not like-for-like with a 24-hour load); (C) utilities
 * (XLU) beat semiconductors (SMH) over the last year (adjusted closes). Supported if A, B and C
 * hold; not supported if none; mixed otherwise. Henry Hub gas (RNGWHHD/RNGWHHM) is shown.
 */
export function energyBottleneck(data: ReadonlyMap<string, Series>, asOfDay: number, opts: EconomyClaimOptions = {}): ThesisResult {
  const statement = STATEMENT.energy;
  const materialPct = 10;
  const rule = `A: electricity price y/y (APU000072610) > CPI y/y (CPIAUCSL); B: power implied by the latest hyperscaler capex (capexToPower, defaults) > ${materialPct}% of the capacity additions EIA last said were planned (as of the date); C: utilities (XLU) beat semiconductors (SMH) over 1 year — supported if A, B and C; not supported if none; mixed otherwise`;
  const elec = need(data, 'APU000072610', asOfDay, 'electricity inflation');
  const cpi = need(data, 'CPIAUCSL', asOfDay, 'CPI inflation');
  const ey = dropMissing(yearOverYear(elec));
  const cy = dropMissing(yearOverYear(cpi));
  let k = ey.dates.length - 1;
  while (k >= 0 && Number.isNaN(valueOn(cy, ey.dates[k] as number))) k--;
  if (k < 0) throw new NotEnoughDataError('APU000072610 and CPIAUCSL have no month with both year-on-year changes');
  const month = ey.dates[k] as number;
  const eYoy = ey.values[k] as number;
  const cYoy = valueOn(cy, month);
  const a = eYoy > cYoy;

  const years = hyperscalerYears(data, asOfDay, opts).filter((y) => y.complete);
  const yr = years[years.length - 1];
  if (!yr) throw new NotEnoughDataError(`no complete year of hyperscaler capex (${HYPERSCALER_TICKERS.map((t) => `CAPEX_${t}`).join(', ')})`);
  const power = capexToPower({ capexUsdBn: yr.capex }, asOfDay);
  const planned = power.plannedAdditions;
  const plannedText = `${planned.value.gw} GW planned for ${planned.value.year} (EIA, ${planned.knownFrom}${planned.laterThanAsOf ? ', published after the as-of date: the earliest flowlens has' : ''})`;
  const b = power.pctOfPlannedAdditions > materialPct;

  const xlu = oneYearReturn(need(data, 'XLU', asOfDay, 'utilities performance'), asOfDay);
  const smh = oneYearReturn(need(data, 'SMH', asOfDay, 'semiconductor performance'), asOfDay);
  const c = xlu.pct > smh.pct;

  const held = [a, b, c].filter(Boolean).length;
  const verdict: Verdict = held === 3 ? 'supported' : held === 0 ? 'not supported' : 'mixed';
  // Henry Hub: only the last ~13 months are needed for the latest level and its y/y change.
  const recent = (id: string) => {
    const s = opt(data, id, asOfDay);
    if (!s) return undefined;
    const i = lastAtOrBefore(s.dates, (s.dates[s.dates.length - 1] as number) - 400) + 1;
    return { ...s, dates: s.dates.slice(i), values: s.values.slice(i) };
  };
  const gasDaily = recent('RNGWHHD');
  const gasMonthly = recent('RNGWHHM');
  const gas = energyPrices({ ...(gasDaily ? { gasDaily } : {}), ...(gasMonthly ? { gasMonthly } : {}) }).readings;
  const mark = (x: boolean) => (x ? 'yes' : 'no');
  const from = toDay(`${ymd(month).year - 6}-01-01`);
  const chartCut = (s: Series, title: string) => {
    const i = s.dates.findIndex((d) => d >= from);
    return { ...s, title, dates: s.dates.slice(Math.max(0, i)), values: s.values.slice(Math.max(0, i)) };
  };
  const mIso = toIso(month);
  return {
    id: 'energy-bottleneck',
    statement,
    verdict,
    assumptions: power.assumptions,
    reason:
      `${held} of 3 conditions hold — electricity ${signed(eYoy, 1)}% y/y vs CPI ${signed(cYoy, 1)}% in ${mIso.slice(0, 7)} (A: ${mark(a)}); ${yr.year} hyperscaler capex of USD ${fmtNumber(yr.capex, 0)}bn implies ≈ ${fmtNumber(power.facilityMw / 1000, 1)} GW (${fmtNumber(power.twhPerYear, 0)} TWh/yr), ${fmtNumber(power.pctOfPlannedAdditions, 1)}% of the ${plannedText} (B: ${mark(b)}); ` +
      // One date when both end together, else each return with its own.
      `XLU ${signed(xlu.pct, 1)}% vs SMH ${signed(smh.pct, 1)}% over the year to ${xlu.to === smh.to ? xlu.to : `${xlu.to} and ${smh.to} respectively`} (C: ${mark(c)})`,
    rule,
    metrics: [
      { label: 'electricity price y/y', value: `${signed(eYoy, 1)}%`, asOf: mIso },
      { label: 'CPI y/y', value: `${signed(cYoy, 1)}%`, asOf: mIso },
      ...gas.map((g) => ({ label: `Henry Hub ${g.id === 'RNGWHHD' ? 'daily' : 'monthly'}`, value: `USD ${fmtNumber(g.value, 2)}/MMBtu (${signed(g.yoy, 0)}% y/y)`, asOf: g.date })),
      { label: `power implied by ${yr.year} hyperscaler capex`, value: `${fmtNumber(power.facilityMw / 1000, 1)} GW, ${fmtNumber(power.twhPerYear, 0)} TWh/yr (${fmtNumber(power.pctOfUsDataCentres, 0)}% of US data centres' ${power.dataCentreUse.value.year} use)`, asOf: `${yr.year}-12-31` as IsoDate },
      { label: `share of planned ${planned.value.year} capacity additions`, value: `${fmtNumber(power.pctOfPlannedAdditions, 1)}% of ${plannedText}` },
      ...powerDemandMetrics(data, asOfDay),
      { label: 'XLU 1-year return', value: `${signed(xlu.pct, 1)}%`, asOf: xlu.to },
      { label: 'SMH 1-year return', value: `${signed(smh.pct, 1)}%`, asOf: smh.to },
    ],
    chart: { title: 'Electricity price vs CPI, % year on year', series: [chartCut(ey, 'electricity price (APU000072610)'), chartCut(cy, 'CPI (CPIAUCSL)')], rules: [0] },
    table: {
      caption: `From ${yr.year} hyperscaler capex to power (capexToPower defaults)`,
      head: ['step', 'value'],
      rows: [
        ['capex, USD bn', fmtNumber(yr.capex, 1)],
        ['accelerators, million', fmtNumber(power.accelerators / 1e6, 2)],
        ['IT load, GW', fmtNumber(power.itMw / 1000, 2)],
        ['facility load (× PUE), GW', fmtNumber(power.facilityMw / 1000, 2)],
        ['energy, TWh/yr', fmtNumber(power.twhPerYear, 1)],
        ['% of US electricity', fmtNumber(power.pctOfUsElectricity, 2)],
        [`% of ${planned.value.gw} GW planned for ${planned.value.year}`, fmtNumber(power.pctOfPlannedAdditions, 1)],
      ],
    },
  };
}

/** Runs a claim, turning a failure (missing input, too little data) into "not enough data" with the reason. */
function attempt(id: string, statement: string, run: () => ThesisResult): ThesisResult {
  try {
    return run();
  } catch (err) {
    return { id, statement, verdict: 'not enough data', reason: (err as Error).message, rule: '—', metrics: [] };
  }
}

/**
 * The three economy claims (ai-capex-pillar, wealth-gap, energy-bottleneck) on `data`, using only
 * observations dated on or before `asOfDay`; a claim that cannot be evaluated comes back as
 * "not enough data" with the reason (naming the missing series).
 */
export function economyTheses(data: ReadonlyMap<string, Series>, asOfDay: number, opts: EconomyClaimOptions = {}): ThesisResult[] {
  return [
    attempt('ai-capex-pillar', STATEMENT.aiCapex, () => aiCapexPillar(data, asOfDay, opts)),
    attempt('wealth-gap', STATEMENT.wealthGap, () => wealthGap(data, asOfDay)),
    attempt('energy-bottleneck', STATEMENT.energy, () => energyBottleneck(data, asOfDay, opts)),
  ];
}

/** Power demand shown beside the energy claim (not in its rule): G.17 output y/y and capacity utilisation (powerDemand). */
function powerDemandMetrics(data: ReadonlyMap<string, Series>, asOfDay: number): Metric[] {
  const output = opt(data, 'IPG2211S', asOfDay);
  const utilisation = opt(data, 'CAPUTLG2211S', asOfDay);
  if (!output && !utilisation) return [];
  const d = powerDemand({ ...(output ? { output } : {}), ...(utilisation ? { utilisation } : {}) });
  return [
    ...(d.output ? [{ label: 'power industry output y/y (IPG2211S)', value: `${signed(d.output.yoy, 1)}% (${signed(d.output.fiveYearPct, 1)}% over 5 years)`, asOf: d.output.date }] : []),
    ...(d.utilisation ? [{ label: 'power capacity utilisation (CAPUTLG2211S)', value: `${fmtNumber(d.utilisation.value, 1)}%, z = ${signed(d.utilisation.z, 2)} vs since ${d.utilisation.since.slice(0, 4)}`, asOf: d.utilisation.date }] : []),
  ];
}
