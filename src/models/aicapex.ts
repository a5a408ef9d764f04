import { DataFormatError, NotEnoughDataError } from '../core/errors.ts';
import { innerJoin } from '../series/align.ts';
import { isIsoDate, toIso } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { ModelProvenance } from './assumptions.ts';

/**
 * AI capex as the pillar of growth: the contribution of AI-related investment (information
 * processing equipment, software, data-centre structures) to real GDP growth, quarter by quarter,
 * and hyperscaler capex against revenue. Formulas and sources: docs/MODELS.md.
 */

/**
 * Contribution of one component to the quarterly change of real GDP, percentage points (not
 * annualised), by BEA's formula for Fisher chain-type aggregates (NIPA Handbook ch. 4, eq. 4.8):
 *   C_i = 100 · (p_i,t / P^F + p_i,t−1) · (q_i,t − q_i,t−1) / Σ_j (p_j,t / P^F + p_j,t−1) · q_j,t−1
 * with p = implicit deflator (nominal / real), q = chained-dollar quantity and P^F the Fisher price
 * change of GDP. Only GDP itself is known for the sum over all components, so Σ_j p_j,t q_j,t−1 is
 * taken as P_t · Q_t−1 (the GDP deflator applied to last quarter's real GDP), which makes the
 * denominator 2 · N_t−1 exactly. With unchanged relative prices it reduces to the textbook
 * "nominal share of the previous quarter × real growth of the component".
 */
export function quarterlyContribution(
  component: { n0: number; n1: number; r0: number; r1: number },
  gdp: { n0: number; n1: number; r0: number; r1: number },
): number {
  const p0 = component.n0 / component.r0;
  const p1 = component.n1 / component.r1;
  const priceChange = gdp.n1 / gdp.r1 / (gdp.n0 / gdp.r0);
  return (100 * (p1 / priceChange + p0) * (component.r1 - component.r0)) / (2 * gdp.n0);
}

/**
 * BEA's conversion of a quarterly contribution to an annual rate: contributions are scaled so that
 * they add up to the annualised growth of GDP, C^ann = C^q · ((1 + g)^4 − 1) / g, g the quarterly
 * growth of real GDP (×4 when g = 0).
 */
export function annualiseContribution(cq: number, gdpQuarterlyGrowth: number): number {
  const g = gdpQuarterlyGrowth;
  return g === 0 ? 4 * cq : (cq * ((1 + g) ** 4 - 1)) / g;
}

/** One AI-capex component as BEA publishes it: nominal (USD bn SAAR) and real (chained USD bn SAAR). */
export interface CapexComponent {
  readonly nominal?: Series;
  readonly real?: Series;
}

export interface AiCapexInputs {
  /** GDP, nominal USD bn SAAR. */
  readonly gdpNominal?: Series;
  /** GDPC1, real GDP, chained USD bn SAAR. */
  readonly gdpReal?: Series;
  /** By label, e.g. `informationProcessing` (Y034RC1Q027SBEA / Y034RX1Q020SBEA), `software` (B985…), `dataCentres`. */
  readonly components: Readonly<Record<string, CapexComponent>>;
}

export interface AiCapexResult extends ModelProvenance {
  /** Quarter start dates with every present input. */
  readonly dates: Int32Array;
  /** Real GDP growth, % at an annual rate. */
  readonly gdpGrowth: Float64Array;
  /** Contribution of each present component, pp at an annual rate. */
  readonly contributions: Readonly<Record<string, Float64Array>>;
  /** Sum of the component contributions, pp at an annual rate. */
  readonly aiContribution: Float64Array;
  /** GDP growth without the AI components: gdpGrowth − aiContribution. */
  readonly growthExAi: Float64Array;
  /** Share of growth explained by AI capex over the last 2 and 4 quarters, % (NaN when growth ≤ 0). */
  readonly shareLast2: number;
  readonly shareLast4: number;
  readonly latest: { readonly date: IsoDate; readonly gdpGrowth: number; readonly aiContribution: number; readonly growthExAi: number };
  /** Inputs not available (catalog-style names); components missing a leg are left out. */
  readonly missing: readonly string[];
}

/** Values of `s` on `dates` (exact dates), NaN elsewhere. */
function onDates(dates: Int32Array, s: Series): Float64Array {
  const out = new Float64Array(dates.length).fill(Number.NaN);
  let j = 0;
  for (let i = 0; i < dates.length; i++) {
    while (j < s.dates.length && (s.dates[j] as number) < (dates[i] as number)) j++;
    if (j < s.dates.length && s.dates[j] === dates[i]) out[i] = s.values[j] as number;
  }
  return out;
}

/** Σ AI contribution / Σ GDP growth over the last k quarters, %; NaN when the growth sum is not positive. */
function shareOfGrowth(ai: Float64Array, gdp: Float64Array, k: number): number {
  if (gdp.length < k) return Number.NaN;
  let a = 0;
  let g = 0;
  for (let i = gdp.length - k; i < gdp.length; i++) {
    a += ai[i] as number;
    g += gdp[i] as number;
  }
  return g > 0 ? (100 * a) / g : Number.NaN;
}

/**
 * Contribution of AI capex to real GDP growth per quarter (annual rates), GDP growth without it
 * and the share of growth it explains over the last 2 and 4 quarters. Needs GDP nominal and real;
 * each component needs both legs and is listed in `missing` otherwise.
 */
export function aiCapexModel(inputs: AiCapexInputs): AiCapexResult {
  const missing: string[] = [];
  if (!inputs.gdpNominal) missing.push('GDP');
  if (!inputs.gdpReal) missing.push('GDPC1');
  if (!inputs.gdpNominal || !inputs.gdpReal) throw new NotEnoughDataError(`AI capex contribution needs nominal and real GDP; missing ${missing.join(', ')}`);
  const comps: [string, Series, Series][] = [];
  for (const [label, c] of Object.entries(inputs.components)) {
    if (c.nominal && c.real) comps.push([label, c.nominal, c.real]);
    else missing.push(`${label}.${c.nominal ? 'real' : 'nominal'}`);
  }
  if (comps.length === 0) throw new NotEnoughDataError(`no AI capex component has both nominal and real levels (missing ${missing.join(', ')})`);
  // Common quarters: GDP both legs, then every component both legs.
  let dates = innerJoin(inputs.gdpNominal, inputs.gdpReal).dates;
  for (const [, n, r] of comps) {
    const j = innerJoin(n, r).dates;
    const keep = new Set(j);
    dates = dates.filter((d) => keep.has(d));
  }
  if (dates.length < 2) throw new NotEnoughDataError('fewer than two common quarters of GDP and the AI capex components');
  const gn = onDates(dates, inputs.gdpNominal);
  const gr = onDates(dates, inputs.gdpReal);
  const m = dates.length - 1;
  const out = dates.slice(1);
  const gdpGrowth = new Float64Array(m);
  const ai = new Float64Array(m);
  const contributions: Record<string, Float64Array> = {};
  const gq = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    gq[i] = (gr[i + 1] as number) / (gr[i] as number) - 1;
    gdpGrowth[i] = 100 * ((1 + (gq[i] as number)) ** 4 - 1);
  }
  for (const [label, n, r] of comps) {
    const cn = onDates(dates, n);
    const cr = onDates(dates, r);
    const c = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const cq = quarterlyContribution(
        { n0: cn[i] as number, n1: cn[i + 1] as number, r0: cr[i] as number, r1: cr[i + 1] as number },
        { n0: gn[i] as number, n1: gn[i + 1] as number, r0: gr[i] as number, r1: gr[i + 1] as number },
      );
      c[i] = annualiseContribution(cq, gq[i] as number);
      ai[i] = (ai[i] as number) + (c[i] as number);
    }
    contributions[label] = c;
  }
  const exAi = gdpGrowth.map((g, i) => g - (ai[i] as number));
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const s of [inputs.gdpNominal, inputs.gdpReal, ...comps.flatMap(([, n, r]) => [n, r])]) inputsAsOf[s.id] = lastValid(s).date;
  const L = m - 1;
  return {
    dates: out,
    gdpGrowth,
    contributions,
    aiContribution: ai,
    growthExAi: exAi,
    shareLast2: shareOfGrowth(ai, gdpGrowth, 2),
    shareLast4: shareOfGrowth(ai, gdpGrowth, 4),
    latest: { date: toIso(out[L] as number), gdpGrowth: gdpGrowth[L] as number, aiContribution: ai[L] as number, growthExAi: exAi[L] as number },
    missing,
    assumptions: [
      {
        name: 'contributionFormula',
        value: 'BEA Fisher contribution, denominator 2·N(t−1)',
        default: 'BEA Fisher contribution, denominator 2·N(t−1)',
        description: 'contribution to real GDP growth from nominal and real levels, scaled to an annual rate',
        source: 'BEA NIPA Handbook, ch. 4 (chain-type contributions); https://www.bea.gov/scb/account_articles/national/0596look/box3.htm',
      },
    ],
    inputsAsOf,
  };
}

/** One company-year of the hyperscaler file: revenue and capex in USD (fiscal year ending fyEnd). */
export interface HyperscalerRow {
  readonly ticker: string;
  readonly fyEnd: IsoDate;
  readonly revenue: number;
  readonly capex: number;
}

/**
 * Parses `ticker,fy_end,revenue,capex` (USD, one fiscal year per row). Throws DataFormatError
 * naming `origin` and the line on a wrong header, a bad date, a non-numeric or negative amount,
 * or a duplicated (ticker, fy_end).
 */
export function parseHyperscalerCsv(text: string, origin: string): HyperscalerRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [ti, fi, ri, ci] = [col('ticker'), col('fy_end'), col('revenue'), col('capex')];
  if (ti < 0 || fi < 0 || ri < 0 || ci < 0) throw new DataFormatError(origin, `header must have ticker,fy_end,revenue,capex; got "${lines[0] ?? ''}"`, 1);
  const rows: HyperscalerRow[] = [];
  const seen = new Set<string>();
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    const ticker = cells[ti] ?? '';
    const fyEnd = cells[fi] ?? '';
    if (!/^[A-Z.]+$/i.test(ticker)) throw new DataFormatError(origin, `bad ticker "${ticker}"`, k + 1);
    if (!isIsoDate(fyEnd)) throw new DataFormatError(origin, `fy_end is not a date (YYYY-MM-DD): "${fyEnd}"`, k + 1);
    const num = (name: string, i: number) => {
      const raw = cells[i] ?? '';
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v) || v < 0) throw new DataFormatError(origin, `${name} must be a non-negative number, got "${raw}"`, k + 1);
      return v;
    };
    const key = `${ticker.toUpperCase()}|${fyEnd}`;
    if (seen.has(key)) throw new DataFormatError(origin, `duplicated row for ${ticker} ${fyEnd}`, k + 1);
    seen.add(key);
    rows.push({ ticker: ticker.toUpperCase(), fyEnd, revenue: num('revenue', ri), capex: num('capex', ci) });
  }
  return rows;
}

/** Capex and revenue of the hyperscalers in one calendar year. */
export interface HyperscalerYear {
  readonly year: number;
  /** USD bn. */
  readonly capex: number;
  readonly revenue: number;
  /** capex / revenue, %. */
  readonly capexToRevenue: number;
  readonly tickers: readonly string[];
  /** False when a company that reported the year before has no fiscal year ending in this one. */
  readonly complete: boolean;
}

/**
 * Sums capex and revenue per calendar year, each fiscal year assigned to the calendar year in
 * which it ends (Microsoft's FY ending 2025-06-30 counts in 2025, Apple's ending 2025-09-27 too).
 * A year is incomplete when a company present the year before is missing (e.g. the latest year
 * while others have not reported).
 */
export function hyperscalerByYear(rows: readonly HyperscalerRow[]): HyperscalerYear[] {
  const by = new Map<number, { capex: number; revenue: number; tickers: Set<string> }>();
  for (const r of rows) {
    const y = Number(r.fyEnd.slice(0, 4));
    const e = by.get(y) ?? { capex: 0, revenue: 0, tickers: new Set<string>() };
    e.capex += r.capex / 1e9;
    e.revenue += r.revenue / 1e9;
    e.tickers.add(r.ticker);
    by.set(y, e);
  }
  const years = [...by.keys()].sort((a, b) => a - b);
  return years.map((year) => {
    const e = by.get(year) as { capex: number; revenue: number; tickers: Set<string> };
    const prev = by.get(year - 1);
    const complete = prev ? [...prev.tickers].every((t) => e.tickers.has(t)) : true;
    return { year, capex: e.capex, revenue: e.revenue, capexToRevenue: (100 * e.capex) / e.revenue, tickers: [...e.tickers].sort(), complete };
  });
}
