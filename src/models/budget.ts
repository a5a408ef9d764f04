import { ParameterError } from '../core/errors.ts';
import type { Assumption } from './assumptions.ts';

/**
 * A household-budget "poverty line" in the manner of Michael W. Green ("Part 1: My Life Is a Lie —
 * How a Broken Benchmark Quietly Broke America", Yes, I Give a Fig, Nov 2025): the gross income a
 * family needs so that, after federal and state income tax, payroll tax and the EITC / Child Tax
 * Credit, it covers a budget of necessities. Every default and its source: docs/MODELS.md.
 */

export type FilingStatus = 'single' | 'married' | 'headOfHousehold';

/** Tax parameters of one year (2025: IRS Rev. Proc. 2024-40 as amended by the One Big Beautiful Bill Act). */
export interface TaxYear {
  readonly year: number;
  /** Bracket lower bounds of taxable income (USD) and their rates, by filing status. */
  readonly brackets: Readonly<Record<FilingStatus, readonly (readonly [number, number])[]>>;
  readonly standardDeduction: Readonly<Record<FilingStatus, number>>;
  readonly ctc: { readonly perChild: number; readonly refundablePerChild: number; readonly earnedFloor: number; readonly phaseInRate: number; readonly phaseOutStart: Readonly<Record<FilingStatus, number>>; readonly phaseOutPer1000: number };
  /** EITC by number of qualifying children (0, 1, 2, 3+). */
  readonly eitc: readonly { readonly phaseInRate: number; readonly earnedAmount: number; readonly maxCredit: number; readonly phaseOutRate: number; readonly phaseOutStart: number; readonly phaseOutStartMarried: number }[];
  readonly fica: { readonly socialSecurityRate: number; readonly wageBase: number; readonly medicareRate: number; readonly additionalMedicareRate: number; readonly additionalMedicareThreshold: Readonly<Record<FilingStatus, number>> };
}

/** 2025 federal parameters (IRS Rev. Proc. 2024-40; standard deduction and CTC per Pub. L. 119-21, the One Big Beautiful Bill Act). */
export const TAX_2025: TaxYear = {
  year: 2025,
  brackets: {
    single: [[0, 0.1], [11_925, 0.12], [48_475, 0.22], [103_350, 0.24], [197_300, 0.32], [250_525, 0.35], [626_350, 0.37]],
    married: [[0, 0.1], [23_850, 0.12], [96_950, 0.22], [206_700, 0.24], [394_600, 0.32], [501_050, 0.35], [751_600, 0.37]],
    headOfHousehold: [[0, 0.1], [17_000, 0.12], [64_850, 0.22], [103_350, 0.24], [197_300, 0.32], [250_500, 0.35], [626_350, 0.37]],
  },
  standardDeduction: { single: 15_750, married: 31_500, headOfHousehold: 23_625 },
  ctc: { perChild: 2_200, refundablePerChild: 1_700, earnedFloor: 2_500, phaseInRate: 0.15, phaseOutStart: { single: 200_000, married: 400_000, headOfHousehold: 200_000 }, phaseOutPer1000: 50 },
  eitc: [
    { phaseInRate: 0.0765, earnedAmount: 8_490, maxCredit: 649, phaseOutRate: 0.0765, phaseOutStart: 10_620, phaseOutStartMarried: 17_730 },
    { phaseInRate: 0.34, earnedAmount: 12_730, maxCredit: 4_328, phaseOutRate: 0.1598, phaseOutStart: 23_350, phaseOutStartMarried: 30_470 },
    { phaseInRate: 0.4, earnedAmount: 17_880, maxCredit: 7_152, phaseOutRate: 0.2106, phaseOutStart: 23_350, phaseOutStartMarried: 30_470 },
    { phaseInRate: 0.45, earnedAmount: 17_880, maxCredit: 8_046, phaseOutRate: 0.2106, phaseOutStart: 23_350, phaseOutStartMarried: 30_470 },
  ],
  fica: { socialSecurityRate: 0.062, wageBase: 176_100, medicareRate: 0.0145, additionalMedicareRate: 0.009, additionalMedicareThreshold: { single: 200_000, married: 250_000, headOfHousehold: 200_000 } },
};

/** Federal income tax on taxable income by the bracket schedule: Σ rate_k · (portion of income in bracket k). */
export function bracketTax(taxable: number, status: FilingStatus, tax: TaxYear = TAX_2025): number {
  if (!(taxable > 0)) return 0;
  const b = tax.brackets[status];
  let t = 0;
  for (let k = 0; k < b.length; k++) {
    const [lo, rate] = b[k] as readonly [number, number];
    const hi = k + 1 < b.length ? (b[k + 1] as readonly [number, number])[0] : Number.POSITIVE_INFINITY;
    if (taxable > lo) t += (Math.min(taxable, hi) - lo) * rate;
  }
  return t;
}

/**
 * Earned income tax credit by formula (the IRS tables round to USD 50 bands):
 * min(rate_in · earned, max) − rate_out · max(0, max(earned, AGI) − phase-out start), floored at 0.
 */
export function eitc(earned: number, agi: number, children: number, status: FilingStatus, tax: TaxYear = TAX_2025): number {
  const p = tax.eitc[Math.min(3, Math.max(0, children))];
  if (!p || earned <= 0) return 0;
  const start = status === 'married' ? p.phaseOutStartMarried : p.phaseOutStart;
  const credit = Math.min(p.phaseInRate * earned, p.maxCredit) - p.phaseOutRate * Math.max(0, Math.max(earned, agi) - start);
  return Math.max(0, credit);
}

/** Payroll tax of one earner's wages: 6.2% up to the wage base + 1.45% (employee share, 7.65% in all below the base). */
export function ficaOf(wages: number, tax: TaxYear = TAX_2025): number {
  return tax.fica.socialSecurityRate * Math.min(wages, tax.fica.wageBase) + tax.fica.medicareRate * wages;
}

/** The taxes and credits of a household at one gross (wage) income. */
export interface TaxBreakdown {
  readonly gross: number;
  readonly taxable: number;
  /** Before credits. */
  readonly federalIncomeTax: number;
  /** Child Tax Credit used against income tax (non-refundable part). */
  readonly ctcNonRefundable: number;
  /** Additional Child Tax Credit (refundable part). */
  readonly ctcRefundable: number;
  readonly eitc: number;
  readonly fica: number;
  readonly stateTax: number;
  /** gross − (income tax − CTC used) − FICA − state tax + ACTC + EITC. */
  readonly net: number;
}

/**
 * Taxes and credits at `gross` wage income (no other income): standard deduction, 2025 brackets,
 * CTC for children under 17 (partly refundable as the ACTC = min(unused CTC, 1,700 per child,
 * 15% of earnings above 2,500)), EITC, FICA per earner (earnings split by `earnerShares`),
 * additional Medicare tax, and a flat state tax on gross income.
 */
export function taxesAt(
  gross: number,
  h: { status: FilingStatus; childrenUnder17: number; eitcChildren: number; earnerShares: readonly number[]; stateTaxRate: number },
  tax: TaxYear = TAX_2025,
): TaxBreakdown {
  const taxable = Math.max(0, gross - tax.standardDeduction[h.status]);
  const fed = bracketTax(taxable, h.status, tax);
  const c = tax.ctc;
  const ctcMax = Math.max(0, h.childrenUnder17 * c.perChild - c.phaseOutPer1000 * Math.ceil(Math.max(0, gross - c.phaseOutStart[h.status]) / 1000));
  const ctcNonRefundable = Math.min(ctcMax, fed);
  const ctcRefundable = Math.min(ctcMax - ctcNonRefundable, h.childrenUnder17 * c.refundablePerChild, c.phaseInRate * Math.max(0, gross - c.earnedFloor));
  const e = eitc(gross, gross, h.eitcChildren, h.status, tax);
  let fica = 0;
  for (const s of h.earnerShares) fica += ficaOf(gross * s, tax);
  fica += tax.fica.additionalMedicareRate * Math.max(0, gross - tax.fica.additionalMedicareThreshold[h.status]);
  const stateTax = h.stateTaxRate * gross;
  const net = gross - (fed - ctcNonRefundable) - fica - stateTax + ctcRefundable + e;
  return { gross, taxable, federalIncomeTax: fed, ctcNonRefundable, ctcRefundable, eitc: e, fica, stateTax, net };
}

/** HHS poverty guideline 2025, 48 contiguous states and DC: 15,650 + 5,500 per person after the first. */
export function povertyGuideline2025(persons: number): number {
  return 15_650 + 5_500 * (persons - 1);
}

/** Childcare price per year by the child's age band. */
export interface ChildcareCosts {
  /** Ages 0–4 (infant, toddler, preschool). */
  readonly underFive: number;
  /** Ages 5–12: before/after school and summer care. */
  readonly schoolAge: number;
}

/** A family and the prices it faces; everything but `adults` and `children` has a documented default. */
export interface BudgetInput {
  readonly adults: number;
  readonly children: readonly { readonly age: number }[];
  readonly filingStatus?: FilingStatus;
  /** Monthly gross rent (incl. utilities) by bedrooms; the family rents max(1, ⌈children/2⌉ + 1) bedrooms unless `bedrooms` is set. */
  readonly rentByBedrooms?: readonly number[];
  readonly bedrooms?: number;
  readonly childcare?: Partial<ChildcareCosts>;
  /** Employee share of the employer health premium, per year. */
  readonly healthPremium?: number;
  /** Out-of-pocket health spending, per year. */
  readonly healthOutOfPocket?: number;
  readonly transport?: number;
  /** Multiplier on the USDA Thrifty Food Plan (1 = thrifty). */
  readonly foodPlanMultiplier?: number;
  /** Other necessities (clothing, phone, personal care, household supplies) as a share of the subtotal. */
  readonly otherShare?: number;
  readonly stateTaxRate?: number;
  /** Earners' shares of gross income (default: split evenly among the adults). */
  readonly earnerShares?: readonly number[];
  /** Median household income to compare with (USD). */
  readonly medianHouseholdIncome?: number;
  /** An income to evaluate: the result then says what is left after taxes and the budget. */
  readonly income?: number;
}

/** Defaults and their sources. */
export const BUDGET_DEFAULTS = {
  rentByBedrooms: { value: [1_300, 1_400, 1_650, 2_150, 2_450], source: 'flowlens assumption, order of magnitude of HUD FY2025 Fair Market Rents (40th-percentile gross rent) in a mid-priced metro; replace with your area’s FMR: https://www.huduser.gov/portal/datasets/fmr.html' },
  childcareUnderFive: { value: 13_128, source: 'Child Care Aware of America, Child Care in America: 2024 Price & Supply — national average price USD 13,128 (https://www.childcareaware.org/?p=78895)' },
  childcareSchoolAge: { value: 6_564, source: 'flowlens assumption: half the national average price (before/after school and summer care)' },
  healthPremium: { value: 6_850, single: 1_440, source: 'KFF 2025 Employer Health Benefits Survey: average worker contribution USD 6,850 family, 1,440 single' },
  healthOutOfPocket: { value: 1_886, source: 'KFF 2025 EHBS: average single-coverage deductible USD 1,886, used per adult as out-of-pocket spending (flowlens assumption)' },
  transport: { value: 13_138, source: 'BLS Consumer Expenditures 2023: transportation 17.0% of USD 77,280 average annual expenditures (https://www.bls.gov/news.release/cesan.nr0.htm)' },
  foodPlanMultiplier: { value: 1, source: 'USDA Thrifty Food Plan, September 2025 monthly costs by age and sex (https://www.fns.usda.gov/research/cnpp/usda-food-plans/cost-food-monthly-reports)' },
  otherShare: { value: 0.1, source: 'flowlens assumption: clothing, phone, personal care and household supplies at 10% of the other lines' },
  stateTaxRate: { value: 0.04, source: 'flowlens assumption: flat state and local income tax of 4% of gross income' },
  medianHouseholdIncome: { value: 83_730, source: 'US Census Bureau, Income in the United States: 2024 — median household income USD 83,730' },
} as const;

/** USDA Thrifty Food Plan, September 2025, monthly cost per person by age (adults: mean of male and female 20–50). */
const THRIFTY_MONTHLY: readonly (readonly [number, number])[] = [
  [0, 111.8], // under 1: the 1-year cost (the plan starts at 1 year)
  [2, 168.6],
  [4, 184.0],
  [6, 204.6],
  [9, 236.5],
  [12, 235.7],
  [14, 286.55],
  [20, 280.55],
];

/** Monthly thrifty cost for one person of `age`. */
function thriftyFor(age: number): number {
  let v = (THRIFTY_MONTHLY[0] as readonly [number, number])[1];
  for (const [a, c] of THRIFTY_MONTHLY) if (age >= a) v = c;
  return v;
}

/** USDA household-size adjustment of the food plans: 1 person +20%, 2 +10%, 3 +5%, 4 none, 5–6 −5%, 7+ −10%. */
function foodSizeFactor(n: number): number {
  return n === 1 ? 1.2 : n === 2 ? 1.1 : n === 3 ? 1.05 : n === 4 ? 1 : n <= 6 ? 0.95 : 0.9;
}

/** One line of the budget. */
export interface BudgetLine {
  readonly item: string;
  readonly annual: number;
  readonly source: string;
}

export interface BudgetResult {
  readonly lines: readonly BudgetLine[];
  /** Sum of the lines, USD per year. */
  readonly budget: number;
  /** Gross income at which income after taxes and credits covers the budget. */
  readonly requiredGross: number;
  readonly taxesAtRequired: TaxBreakdown;
  readonly persons: number;
  readonly filingStatus: FilingStatus;
  readonly povertyGuideline: number;
  readonly multipleOfPovertyLine: number;
  readonly medianHouseholdIncome: number;
  readonly multipleOfMedian: number;
  /** When `income` was given: its taxes and what is left after the budget (negative = shortfall). */
  readonly atIncome?: { readonly taxes: TaxBreakdown; readonly surplus: number };
  readonly assumptions: readonly Assumption[];
}

/** Error naming the offending field. */
function bad(field: string, why: string, got: unknown): ParameterError {
  return new ParameterError(`${field} ${why}, got ${JSON.stringify(got)}`);
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Validates a plain object (from CLI flags or a JSON file) into a BudgetInput. Throws
 * ParameterError naming the field: `adults` 1–2… (at least one person in total), `children[i].age`
 * an integer 0–17, money fields non-negative numbers, shares in [0, 1).
 */
export function validateBudgetInput(raw: unknown): BudgetInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ParameterError(`budget input must be an object, got ${JSON.stringify(raw)}`);
  const o = raw as Record<string, unknown>;
  const known = new Set(['adults', 'children', 'filingStatus', 'rentByBedrooms', 'bedrooms', 'childcare', 'healthPremium', 'healthOutOfPocket', 'transport', 'foodPlanMultiplier', 'otherShare', 'stateTaxRate', 'earnerShares', 'medianHouseholdIncome', 'income']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new ParameterError(`unknown field "${k}" (known: ${[...known].join(', ')})`);
  const adults = o.adults ?? 0;
  if (!isNum(adults) || !Number.isInteger(adults) || adults < 0 || adults > 2) throw bad('adults', 'must be 0, 1 or 2', adults);
  const rawChildren = o.children ?? [];
  if (!Array.isArray(rawChildren)) throw bad('children', 'must be a list of {age}', rawChildren);
  const children = rawChildren.map((c: unknown, i) => {
    const age = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).age : c;
    if (!isNum(age) || !Number.isInteger(age) || age < 0 || age > 17) throw bad(`children[${i}].age`, 'must be an integer from 0 to 17', age);
    return { age };
  });
  if (adults + children.length === 0) throw new ParameterError('the family has zero people: set adults (1–2) and/or children');
  if (adults === 0) throw bad('adults', 'must be at least 1 (a household of children only is not modelled)', adults);
  const out: Record<string, unknown> = { adults, children };
  const money = ['healthPremium', 'healthOutOfPocket', 'transport', 'medianHouseholdIncome', 'income'] as const;
  for (const k of money) {
    const v = o[k];
    if (v === undefined) continue;
    if (!isNum(v) || v < 0) throw bad(k, 'must be a non-negative number (USD per year)', v);
    out[k] = v;
  }
  for (const k of ['otherShare', 'stateTaxRate'] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (!isNum(v) || v < 0 || v >= 1) throw bad(k, 'must be a share in [0, 1)', v);
    out[k] = v;
  }
  if (o.foodPlanMultiplier !== undefined) {
    if (!isNum(o.foodPlanMultiplier) || o.foodPlanMultiplier <= 0) throw bad('foodPlanMultiplier', 'must be a positive number', o.foodPlanMultiplier);
    out.foodPlanMultiplier = o.foodPlanMultiplier;
  }
  if (o.filingStatus !== undefined) {
    if (o.filingStatus !== 'single' && o.filingStatus !== 'married' && o.filingStatus !== 'headOfHousehold') throw bad('filingStatus', 'must be single, married or headOfHousehold', o.filingStatus);
    if (o.filingStatus === 'married' && adults < 2) throw bad('filingStatus', 'married needs adults = 2', o.filingStatus);
    if (o.filingStatus === 'headOfHousehold' && children.length === 0) throw bad('filingStatus', 'headOfHousehold needs a child', o.filingStatus);
    out.filingStatus = o.filingStatus;
  }
  if (o.rentByBedrooms !== undefined) {
    const r = o.rentByBedrooms;
    if (!Array.isArray(r) || r.length === 0 || !r.every((x) => isNum(x) && x >= 0)) throw bad('rentByBedrooms', 'must be a non-empty list of monthly rents (USD) for 0, 1, 2… bedrooms', r);
    out.rentByBedrooms = r;
  }
  if (o.bedrooms !== undefined) {
    if (!isNum(o.bedrooms) || !Number.isInteger(o.bedrooms) || o.bedrooms < 0) throw bad('bedrooms', 'must be a non-negative integer', o.bedrooms);
    out.bedrooms = o.bedrooms;
  }
  if (o.childcare !== undefined) {
    const c = o.childcare;
    if (typeof c !== 'object' || c === null) throw bad('childcare', 'must be {underFive?, schoolAge?}', c);
    const cc: Record<string, number> = {};
    for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
      if (k !== 'underFive' && k !== 'schoolAge') throw bad(`childcare.${k}`, 'is not a childcare band (underFive, schoolAge)', v);
      if (!isNum(v) || v < 0) throw bad(`childcare.${k}`, 'must be a non-negative number (USD per year)', v);
      cc[k] = v;
    }
    out.childcare = cc;
  }
  if (o.earnerShares !== undefined) {
    const s = o.earnerShares;
    if (!Array.isArray(s) || s.length === 0 || s.length > adults || !s.every((x) => isNum(x) && x >= 0)) throw bad('earnerShares', `must be 1–${adults} non-negative shares`, s);
    const sum = (s as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) throw bad('earnerShares', 'must add up to 1', s);
    out.earnerShares = s;
  }
  return out as unknown as BudgetInput;
}

/**
 * The poverty-line calculator. Budget lines: rent (by bedrooms), childcare (per child by age band),
 * health (premium + out-of-pocket), transport, food (USDA Thrifty Food Plan by age, household-size
 * adjusted, × multiplier), other necessities (share of the rest). Required gross income: the
 * smallest G with net(G) ≥ budget, found by bisection to USD 1 (net rises with G: the combined
 * marginal rate of taxes and credit phase-outs stays below 100% in this model, which has no
 * benefit cliffs). Validates the input first.
 */
export function povertyLine(raw: unknown): BudgetResult {
  const input = validateBudgetInput(raw);
  const D = BUDGET_DEFAULTS;
  const kids = input.children;
  const persons = input.adults + kids.length;
  const status: FilingStatus = input.filingStatus ?? (input.adults === 2 ? 'married' : kids.length > 0 ? 'headOfHousehold' : 'single');
  const rents = input.rentByBedrooms ?? D.rentByBedrooms.value;
  const bedrooms = input.bedrooms ?? Math.max(1, Math.ceil(kids.length / 2) + (kids.length > 0 ? 1 : 0));
  const rentMonthly = rents[Math.min(bedrooms, rents.length - 1)] as number;
  const under5 = input.childcare?.underFive ?? D.childcareUnderFive.value;
  const school = input.childcare?.schoolAge ?? D.childcareSchoolAge.value;
  const childcare = kids.reduce((s, c) => s + (c.age <= 4 ? under5 : c.age <= 12 ? school : 0), 0);
  const premium = input.healthPremium ?? (persons === 1 ? D.healthPremium.single : D.healthPremium.value);
  const oop = input.healthOutOfPocket ?? D.healthOutOfPocket.value * input.adults;
  const transport = input.transport ?? D.transport.value;
  const foodMult = input.foodPlanMultiplier ?? D.foodPlanMultiplier.value;
  const foodMonthly = (input.adults * thriftyFor(30) + kids.reduce((s, c) => s + thriftyFor(c.age), 0)) * foodSizeFactor(persons) * foodMult;
  const base: BudgetLine[] = [
    { item: `housing: rent, ${bedrooms} bedroom${bedrooms === 1 ? '' : 's'}`, annual: 12 * rentMonthly, source: input.rentByBedrooms ? 'input' : D.rentByBedrooms.source },
    { item: `childcare (${kids.filter((c) => c.age <= 12).length} child${kids.filter((c) => c.age <= 12).length === 1 ? '' : 'ren'} aged 0–12)`, annual: childcare, source: input.childcare ? 'input' : `${D.childcareUnderFive.source}; school age: ${D.childcareSchoolAge.source}` },
    { item: 'healthcare: premium (employee share)', annual: premium, source: input.healthPremium !== undefined ? 'input' : D.healthPremium.source },
    { item: 'healthcare: out of pocket', annual: oop, source: input.healthOutOfPocket !== undefined ? 'input' : D.healthOutOfPocket.source },
    { item: 'transport', annual: transport, source: input.transport !== undefined ? 'input' : D.transport.source },
    { item: `food (USDA thrifty plan × ${foodMult})`, annual: 12 * foodMonthly, source: D.foodPlanMultiplier.source },
  ];
  const subtotal = base.reduce((s, l) => s + l.annual, 0);
  const otherShare = input.otherShare ?? D.otherShare.value;
  const lines = [...base, { item: 'other necessities', annual: otherShare * subtotal, source: input.otherShare !== undefined ? 'input' : D.otherShare.source }];
  const budget = lines.reduce((s, l) => s + l.annual, 0);
  const household = {
    status,
    childrenUnder17: kids.filter((c) => c.age < 17).length,
    eitcChildren: kids.length, // qualifying children for the EITC: under 19
    earnerShares: input.earnerShares ?? Array.from({ length: input.adults }, () => 1 / input.adults),
    stateTaxRate: input.stateTaxRate ?? D.stateTaxRate.value,
  };
  const netAt = (g: number) => taxesAt(g, household).net;
  let hi = Math.max(1_000, budget);
  while (netAt(hi) < budget) hi *= 2;
  let lo = 0;
  while (hi - lo > 0.5) {
    const mid = (lo + hi) / 2;
    if (netAt(mid) >= budget) hi = mid;
    else lo = mid;
  }
  let requiredGross = Math.ceil(hi);
  // Bisection stops within USD 0.5: step down to the smallest whole dollar that still covers the budget.
  while (requiredGross > 0 && netAt(requiredGross - 1) >= budget) requiredGross--;
  const guideline = povertyGuideline2025(persons);
  const median = input.medianHouseholdIncome ?? D.medianHouseholdIncome.value;
  const atIncome = input.income === undefined ? undefined : (() => {
    const t = taxesAt(input.income, household);
    return { taxes: t, surplus: t.net - budget };
  })();
  const a = (name: string, value: number | string, def: number | string, description: string, source: string, unit?: string): Assumption => ({ name, value, default: def, description, source, ...(unit ? { unit } : {}) });
  return {
    lines,
    budget,
    requiredGross,
    taxesAtRequired: taxesAt(requiredGross, household),
    persons,
    filingStatus: status,
    povertyGuideline: guideline,
    multipleOfPovertyLine: requiredGross / guideline,
    medianHouseholdIncome: median,
    multipleOfMedian: requiredGross / median,
    ...(atIncome ? { atIncome } : {}),
    assumptions: [
      a('taxYear', 2025, 2025, 'federal income tax, CTC and EITC parameters', 'IRS Rev. Proc. 2024-40; standard deduction and CTC per the One Big Beautiful Bill Act (Pub. L. 119-21)'),
      a('stateTaxRate', household.stateTaxRate, D.stateTaxRate.value, 'flat state income tax, share of gross income', D.stateTaxRate.source),
      a('otherShare', otherShare, D.otherShare.value, 'other necessities, share of the other lines', D.otherShare.source),
      a('povertyGuideline', guideline, guideline, 'HHS 2025 poverty guideline for this family size (48 states and DC)', 'HHS/ASPE 2025 poverty guidelines: USD 15,650 + 5,500 per additional person (USD 32,150 for four)', 'USD'),
      a('benefits', 'EITC and CTC only', 'EITC and CTC only', 'Medicaid/CHIP, SNAP, ACA premium credits and the child-care credit are not modelled (no benefit cliffs)', 'flowlens scope'),
    ],
  };
}
