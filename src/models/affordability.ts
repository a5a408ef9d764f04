import { ParameterError } from '../core/errors.ts';
import { alignTo } from '../series/align.ts';
import { dayOf, toIso, ymd } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';

/**
 * Monthly payment of a fixed-rate mortgage (standard annuity formula):
 *   M = P · r / (1 − (1 + r)^−n),  r = annual rate / 12, n = 12 · years.
 * A zero rate gives P / n.
 */
export function mortgagePayment(principal: number, annualRatePct: number, years = 30): number {
  if (!(principal >= 0)) throw new ParameterError(`principal must not be negative, got ${principal}`);
  if (!(years > 0)) throw new ParameterError(`years must be positive, got ${years}`);
  const n = Math.round(12 * years);
  const r = annualRatePct / 100 / 12;
  return r === 0 ? principal / n : (principal * r) / (1 - (1 + r) ** -n);
}

export interface AffordabilityParams {
  /** Down payment, share of the price. */
  readonly downPayment?: number;
  /** Property tax per year, share of the price. */
  readonly propertyTax?: number;
  /** Home insurance per year, USD. */
  readonly insuranceUsd?: number;
  readonly years?: number;
}

const SPECS = {
  downPayment: { name: 'downPayment', default: 0.1, unit: 'share of price', description: 'down payment', source: 'NAR Profile of Home Buyers and Sellers: median first-time buyer down payment 6–9% in 2022–24; 10% used', knownFrom: '2024-11-04' as IsoDate },
  propertyTax: { name: 'propertyTax', default: 0.009, unit: 'share of price per year', description: 'property tax', source: 'Tax Foundation: US average effective property tax rate ≈ 0.9%' },
  insuranceUsd: { name: 'insuranceUsd', default: 2000, unit: 'USD per year', description: 'home insurance', source: 'order of magnitude of NAIC/Bankrate average homeowners premiums (~USD 1,500–2,400)' },
  years: { name: 'years', default: 30, unit: 'years', description: 'mortgage term', source: '30-year fixed (Freddie Mac PMMS, MORTGAGE30US)' },
} as const;

export interface AffordabilityResult extends ModelProvenance {
  /** Quarter start dates (MSPUS's dates). */
  readonly dates: Int32Array;
  readonly price: Float64Array;
  /** Mortgage rate used: the average of the weekly MORTGAGE30US over the quarter, %. */
  readonly rate: Float64Array;
  /** Monthly cost: mortgage + tax + insurance, USD. */
  readonly monthlyCost: Float64Array;
  /** Annual cost as a share of median household income, %. */
  readonly shareOfIncome: Float64Array;
  /** Quarters whose income is carried forward from the last published year. */
  readonly incomeCarried: Uint8Array;
  readonly latest: { readonly date: IsoDate; readonly price: number; readonly rate: number; readonly monthlyCost: number; readonly shareOfIncome: number; readonly incomeYear: number };
}

/**
 * The cost of buying the median home as a share of median household income, per quarter:
 * price = MSPUS; rate = mean of MORTGAGE30US over the quarter; monthly cost = mortgage payment on
 * price·(1 − down payment) + price·tax/12 + insurance/12; income = MEHOINUSA646N of the same
 * year, or the last published year carried forward (flagged).
 */
export function affordabilityModel(inputs: { price: Series; rate: Series; income: Series }, params: AffordabilityParams = {}): AffordabilityResult {
  const dp = params.downPayment ?? SPECS.downPayment.default;
  const tax = params.propertyTax ?? SPECS.propertyTax.default;
  const ins = params.insuranceUsd ?? SPECS.insuranceUsd.default;
  const years = params.years ?? SPECS.years.default;
  if (!(dp >= 0 && dp < 1)) throw new ParameterError(`downPayment must be in [0, 1), got ${dp}`);
  if (!(tax >= 0) || !(ins >= 0)) throw new ParameterError('propertyTax and insuranceUsd must not be negative');
  const keep: number[] = [];
  for (let i = 0; i < inputs.price.values.length; i++) if (!Number.isNaN(inputs.price.values[i] as number)) keep.push(i);
  const dates = Int32Array.from(keep, (i) => inputs.price.dates[i] as number);
  const price = Float64Array.from(keep, (i) => inputs.price.values[i] as number);
  const n = dates.length;
  const rate = new Float64Array(n).fill(Number.NaN);
  // Mean weekly rate within each quarter [q, q + 3 months).
  let j = 0;
  for (let i = 0; i < n; i++) {
    const q0 = dates[i] as number;
    const { year, month } = ymd(q0);
    const q1 = dayOf(year, month + 3, 1);
    while (j < inputs.rate.dates.length && (inputs.rate.dates[j] as number) < q0) j++;
    let s = 0;
    let c = 0;
    for (let k = j; k < inputs.rate.dates.length && (inputs.rate.dates[k] as number) < q1; k++) {
      const v = inputs.rate.values[k] as number;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    if (c > 0) rate[i] = s / c;
  }
  const lastIncome = lastValid(inputs.income);
  const lastIncomeYear = Number(lastIncome.date.slice(0, 4));
  // Income of each quarter's calendar year (annual series dated 1 January).
  const incomeOfYear = new Map<number, number>();
  for (let i = 0; i < inputs.income.dates.length; i++) {
    const v = inputs.income.values[i] as number;
    if (!Number.isNaN(v)) incomeOfYear.set(ymd(inputs.income.dates[i] as number).year, v);
  }
  const incomeByYear = Float64Array.from(dates, (d) => incomeOfYear.get(ymd(d).year) ?? Number.NaN);
  const monthly = new Float64Array(n);
  const share = new Float64Array(n);
  const carried = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = price[i] as number;
    monthly[i] = mortgagePayment(p * (1 - dp), rate[i] as number, years) + (p * tax) / 12 + ins / 12;
    let inc = incomeByYear[i] as number;
    if (Number.isNaN(inc) && ymd(dates[i] as number).year > lastIncomeYear) {
      inc = lastIncome.value;
      carried[i] = 1;
    }
    share[i] = (100 * 12 * (monthly[i] as number)) / inc;
  }
  let last = n - 1;
  while (last > 0 && Number.isNaN(share[last] as number)) last--;
  // Dated defaults (the down payment) are flagged when the data end before they were published.
  const asOf = inputs.price.dates[inputs.price.dates.length - 1];
  const assumptions: Assumption[] = (Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => assumption(SPECS[k], params[k], asOf));
  return {
    dates,
    price,
    rate,
    monthlyCost: monthly,
    shareOfIncome: share,
    incomeCarried: carried,
    latest: {
      date: toIso(dates[last] as number),
      price: price[last] as number,
      rate: rate[last] as number,
      monthlyCost: monthly[last] as number,
      shareOfIncome: share[last] as number,
      incomeYear: carried[last] ? lastIncomeYear : ymd(dates[last] as number).year,
    },
    assumptions,
    inputsAsOf: { [inputs.price.id]: lastValid(inputs.price).date, [inputs.rate.id]: lastValid(inputs.rate).date, [inputs.income.id]: lastIncome.date },
  };
}

/** Rent and childcare prices against wages, each rebased to 100 at the base month. */
export interface CostsVsWagesResult {
  readonly base: IsoDate;
  /** The denominator used: CES0500000003 (average hourly earnings) when given, else CPIAUCSL. */
  readonly deflator: string | null;
  readonly dates: Int32Array;
  /** Rebased indices (100 at base); NaN where the input is missing. */
  readonly rent: Float64Array;
  readonly childcare: Float64Array;
  readonly deflatorIndex: Float64Array;
  /** 100 · index / deflator index: above 100 = the cost outgrew wages (or prices) since the base. */
  readonly rentVsDeflator: Float64Array;
  readonly childcareVsDeflator: Float64Array;
  readonly latest: { readonly date: IsoDate; readonly rentVsDeflator: number; readonly childcareVsDeflator: number };
  readonly missing: readonly string[];
  readonly inputsAsOf: Readonly<Record<string, IsoDate>>;
}

/**
 * Rent (CUUR0000SEHA) and childcare (CUUR0000SEEB) price indices against average hourly earnings
 * (CES0500000003) — or against the CPI (CPIAUCSL) when earnings are not given — on the monthly
 * dates of the deflator from the base month on: I_t = 100 · x_t / x_base; relative = 100 · I^cost / I^deflator.
 */
export function costsVsWages(inputs: { rent?: Series; childcare?: Series; wages?: Series; cpi?: Series }, base = '2000-01-01'): CostsVsWagesResult {
  const missing: string[] = [];
  if (!inputs.rent) missing.push('CUUR0000SEHA');
  if (!inputs.childcare) missing.push('CUUR0000SEEB');
  if (!inputs.wages) missing.push('CES0500000003');
  const den = inputs.wages ?? inputs.cpi;
  if (!inputs.wages && !inputs.cpi) missing.push('CPIAUCSL');
  if (!den) throw new ParameterError(`rent and childcare against wages need CES0500000003 or CPIAUCSL (missing ${missing.join(', ')})`);
  const b = toDayIso(base);
  const idx: number[] = [];
  for (let i = 0; i < den.dates.length; i++) if ((den.dates[i] as number) >= b && !Number.isNaN(den.values[i] as number)) idx.push(i);
  const dates = Int32Array.from(idx, (i) => den.dates[i] as number);
  if (dates.length === 0) throw new ParameterError(`${den.id} has no value on or after the base ${base}`);
  const rebase = (s: Series | undefined) => {
    if (!s) return new Float64Array(dates.length).fill(Number.NaN);
    const v = alignTo(dates, s, { kind: 'exact' });
    const v0 = v[0] as number;
    return v.map((x) => (100 * x) / v0);
  };
  const d = rebase(den);
  const rent = rebase(inputs.rent);
  const childcare = rebase(inputs.childcare);
  const rel = (x: Float64Array) => x.map((v, i) => (100 * v) / (d[i] as number));
  const rentRel = rel(rent);
  const ccRel = rel(childcare);
  // Latest month with both costs, else with either.
  const ok = (i: number, both: boolean) => (both ? !Number.isNaN(rentRel[i] as number) && !Number.isNaN(ccRel[i] as number) : !Number.isNaN(rentRel[i] as number) || !Number.isNaN(ccRel[i] as number));
  let L = dates.length - 1;
  while (L > 0 && !ok(L, true)) L--;
  if (!ok(L, true)) {
    L = dates.length - 1;
    while (L > 0 && !ok(L, false)) L--;
  }
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const s of [inputs.rent, inputs.childcare, den]) if (s) inputsAsOf[s.id] = lastValid(s).date;
  return {
    base: toIso(dates[0] as number),
    deflator: den.id,
    dates,
    rent,
    childcare,
    deflatorIndex: d,
    rentVsDeflator: rentRel,
    childcareVsDeflator: ccRel,
    latest: { date: toIso(dates[L] as number), rentVsDeflator: rentRel[L] as number, childcareVsDeflator: ccRel[L] as number },
    missing: inputs.wages ? missing : missing.filter((m) => m !== 'CPIAUCSL'),
    inputsAsOf,
  };
}

function toDayIso(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
