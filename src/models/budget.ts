import { ParameterError } from '../core/errors.ts';
import type { IsoDate } from '../series/types.ts';
import type { Assumption } from './assumptions.ts';
import { inForceOrEarliest, laterParameterNote, type Dated } from './dated.ts';
import { toIso } from '../series/dates.ts';

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

type Schedule = readonly (readonly [number, number])[];
const RATES = [0.1, 0.12, 0.22, 0.24, 0.32, 0.35, 0.37] as const;
/** Bracket schedule from the six upper thresholds of the 10%…35% brackets (TCJA rates, 2018–). */
const sched = (t: readonly number[]): Schedule => RATES.map((r, k) => [k === 0 ? 0 : (t[k - 1] as number), r] as const);
/** EITC by number of children from [earned amount, max credit] pairs and the phase-out starts (childless; with children), single and married. */
function eitcTable(pairs: readonly (readonly [number, number])[], start0: readonly [number, number], start1: readonly [number, number]): TaxYear['eitc'] {
  const rates = [[0.0765, 0.0765], [0.34, 0.1598], [0.4, 0.2106], [0.45, 0.2106]] as const;
  return pairs.map(([earnedAmount, maxCredit], k) => {
    const [phaseInRate, phaseOutRate] = rates[k] as readonly [number, number];
    const [phaseOutStart, phaseOutStartMarried] = k === 0 ? start0 : start1;
    return { phaseInRate, earnedAmount, maxCredit, phaseOutRate, phaseOutStart, phaseOutStartMarried };
  });
}
/** One tax year under the TCJA's structure (CTC 2,000 + 50/1,000 phase-out from 200k/400k; additional Medicare 0.9% above 200k/250k). */
function tcjaYear(year: number, b: { single: number[]; married: number[]; hoh: number[] }, std: readonly [number, number, number], ctc: { perChild: number; refundable: number }, eitcPairs: readonly (readonly [number, number])[], start0: readonly [number, number], start1: readonly [number, number], wageBase: number): TaxYear {
  return {
    year,
    brackets: { single: sched(b.single), married: sched(b.married), headOfHousehold: sched(b.hoh) },
    standardDeduction: { single: std[0], married: std[1], headOfHousehold: std[2] },
    ctc: { perChild: ctc.perChild, refundablePerChild: ctc.refundable, earnedFloor: 2_500, phaseInRate: 0.15, phaseOutStart: { single: 200_000, married: 400_000, headOfHousehold: 200_000 }, phaseOutPer1000: 50 },
    eitc: eitcTable(eitcPairs, start0, start1),
    fica: { socialSecurityRate: 0.062, wageBase, medicareRate: 0.0145, additionalMedicareRate: 0.009, additionalMedicareThreshold: { single: 200_000, married: 250_000, headOfHousehold: 200_000 } },
  };
}

const B2025 = { single: [11_925, 48_475, 103_350, 197_300, 250_525, 626_350], married: [23_850, 96_950, 206_700, 394_600, 501_050, 751_600], hoh: [17_000, 64_850, 103_350, 197_300, 250_500, 626_350] };
const EITC2025 = [[8_490, 649], [12_730, 4_328], [17_880, 7_152], [17_880, 8_046]] as const;

/** 2025 federal parameters (IRS Rev. Proc. 2024-40; standard deduction and CTC per Pub. L. 119-21, the One Big Beautiful Bill Act). */
export const TAX_2025: TaxYear = tcjaYear(2025, B2025, [15_750, 31_500, 23_625], { perChild: 2_200, refundable: 1_700 }, EITC2025, [10_620, 17_730], [23_350, 30_470], 176_100);

/**
 * Federal parameters by the date they became known: each tax year's IRS inflation adjustments
 * (Revenue Procedure, published in the autumn before) from 1 January of that year, and the One Big
 * Beautiful Bill Act's 2025 changes from its enactment on 2025-07-04. FICA wage base: SSA. As of
 * a date, the law in force (inForce); before 2019 the 2019 law stands in, flagged. Not modelled:
 * the American Rescue Plan Act's one-year 2021 expansion of the CTC and the childless EITC
 * (enacted 2021-03-11): the 2021 entry is Rev. Proc. 2020-45 as published.
 */
export const TAX_YEARS: readonly Dated<TaxYear>[] = [
  {
    value: tcjaYear(2019, { single: [9_700, 39_475, 84_200, 160_725, 204_100, 510_300], married: [19_400, 78_950, 168_400, 321_450, 408_200, 612_350], hoh: [13_850, 52_850, 84_200, 160_700, 204_100, 510_300] }, [12_200, 24_400, 18_350], { perChild: 2_000, refundable: 1_400 }, [[6_920, 529], [10_370, 3_526], [14_570, 5_828], [14_570, 6_557]], [8_650, 14_450], [19_030, 24_820], 132_900),
    knownFrom: '2019-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2018-57 (published 2018-11-15), tax year 2019; SSA wage base 132,900',
  },
  {
    value: tcjaYear(2020, { single: [9_875, 40_125, 85_525, 163_300, 207_350, 518_400], married: [19_750, 80_250, 171_050, 326_600, 414_700, 622_050], hoh: [14_100, 53_700, 85_500, 163_300, 207_350, 518_400] }, [12_400, 24_800, 18_650], { perChild: 2_000, refundable: 1_400 }, [[7_030, 538], [10_540, 3_584], [14_800, 5_920], [14_800, 6_660]], [8_790, 14_680], [19_330, 25_220], 137_700),
    knownFrom: '2020-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2019-44 (published 2019-11-06), tax year 2020; SSA wage base 137,700',
  },
  {
    value: tcjaYear(2021, { single: [9_950, 40_525, 86_375, 164_925, 209_425, 523_600], married: [19_900, 81_050, 172_750, 329_850, 418_850, 628_300], hoh: [14_200, 54_200, 86_350, 164_900, 209_400, 523_600] }, [12_550, 25_100, 18_800], { perChild: 2_000, refundable: 1_400 }, [[7_100, 543], [10_640, 3_618], [14_950, 5_980], [14_950, 6_728]], [8_880, 14_820], [19_520, 25_470], 142_800),
    knownFrom: '2021-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2020-45 (published 2020-10-26), tax year 2021, without the American Rescue Plan Act\'s one-year CTC/EITC expansion; SSA wage base 142,800',
  },
  {
    value: tcjaYear(2022, { single: [10_275, 41_775, 89_075, 170_050, 215_950, 539_900], married: [20_550, 83_550, 178_150, 340_100, 431_900, 647_850], hoh: [14_650, 55_900, 89_050, 170_050, 215_950, 539_900] }, [12_950, 25_900, 19_400], { perChild: 2_000, refundable: 1_500 }, [[7_320, 560], [10_980, 3_733], [15_410, 6_164], [15_410, 6_935]], [9_160, 15_290], [20_130, 26_260], 147_000),
    knownFrom: '2022-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2021-45 (published 2021-11-10), tax year 2022; SSA wage base 147,000',
  },
  {
    value: tcjaYear(2023, { single: [11_000, 44_725, 95_375, 182_100, 231_250, 578_125], married: [22_000, 89_450, 190_750, 364_200, 462_500, 693_750], hoh: [15_700, 59_850, 95_350, 182_100, 231_250, 578_100] }, [13_850, 27_700, 20_800], { perChild: 2_000, refundable: 1_600 }, [[7_840, 600], [11_750, 3_995], [16_510, 6_604], [16_510, 7_430]], [9_800, 16_370], [21_560, 28_120], 160_200),
    knownFrom: '2023-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2022-38 (published 2022-10-18), tax year 2023; SSA wage base 160,200',
  },
  {
    value: tcjaYear(2024, { single: [11_600, 47_150, 100_525, 191_950, 243_725, 609_350], married: [23_200, 94_300, 201_050, 383_900, 487_450, 731_200], hoh: [16_550, 63_100, 100_500, 191_950, 243_700, 609_350] }, [14_600, 29_200, 21_900], { perChild: 2_000, refundable: 1_700 }, [[8_260, 632], [12_390, 4_213], [17_400, 6_960], [17_400, 7_830]], [10_330, 17_250], [22_720, 29_640], 168_600),
    knownFrom: '2024-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2023-34 (published 2023-11-09), tax year 2024; SSA wage base 168,600',
  },
  {
    value: tcjaYear(2025, B2025, [15_000, 30_000, 22_500], { perChild: 2_000, refundable: 1_700 }, EITC2025, [10_620, 17_730], [23_350, 30_470], 176_100),
    knownFrom: '2025-01-01' as IsoDate,
    source: 'IRS Rev. Proc. 2024-40 (published 2024-10-22), tax year 2025 before the One Big Beautiful Bill Act; SSA wage base 176,100',
  },
  {
    value: TAX_2025,
    knownFrom: '2025-07-04' as IsoDate,
    source: 'IRS Rev. Proc. 2024-40, tax year 2025, with the standard deduction (15,750 / 31,500 / 23,625) and CTC (2,200) of Pub. L. 119-21, the One Big Beautiful Bill Act (enacted 2025-07-04); SSA wage base 176,100',
  },
];

/** HHS poverty guideline, 48 contiguous states and DC: the first person and each additional one. */
export interface PovertyGuideline {
  readonly year: number;
  readonly first: number;
  readonly perAdditional: number;
}

/** HHS/ASPE poverty guidelines, each known from its Federal Register publication. */
export const POVERTY_GUIDELINES: readonly Dated<PovertyGuideline>[] = [
  { value: { year: 2018, first: 12_140, perAdditional: 4_320 }, knownFrom: '2018-01-18' as IsoDate, source: 'HHS poverty guidelines 2018 (Federal Register 2018-01-18): 12,140 + 4,320 per additional person (25,100 for four)' },
  { value: { year: 2019, first: 12_490, perAdditional: 4_420 }, knownFrom: '2019-02-01' as IsoDate, source: 'HHS poverty guidelines 2019 (Federal Register 2019-02-01): 12,490 + 4,420 per additional person (25,750 for four)' },
  { value: { year: 2020, first: 12_760, perAdditional: 4_480 }, knownFrom: '2020-01-17' as IsoDate, source: 'HHS poverty guidelines 2020 (Federal Register 2020-01-17): 12,760 + 4,480 per additional person (26,200 for four)' },
  { value: { year: 2021, first: 12_880, perAdditional: 4_540 }, knownFrom: '2021-02-01' as IsoDate, source: 'HHS poverty guidelines 2021 (Federal Register 2021-02-01): 12,880 + 4,540 per additional person (26,500 for four)' },
  { value: { year: 2022, first: 13_590, perAdditional: 4_720 }, knownFrom: '2022-01-21' as IsoDate, source: 'HHS poverty guidelines 2022 (Federal Register 2022-01-21): 13,590 + 4,720 per additional person (27,750 for four)' },
  { value: { year: 2023, first: 14_580, perAdditional: 5_140 }, knownFrom: '2023-01-19' as IsoDate, source: 'HHS poverty guidelines 2023 (Federal Register 2023-01-19): 14,580 + 5,140 per additional person (30,000 for four)' },
  { value: { year: 2024, first: 15_060, perAdditional: 5_380 }, knownFrom: '2024-01-17' as IsoDate, source: 'HHS poverty guidelines 2024 (Federal Register 2024-01-17): 15,060 + 5,380 per additional person (31,200 for four)' },
  { value: { year: 2025, first: 15_650, perAdditional: 5_500 }, knownFrom: '2025-01-17' as IsoDate, source: 'HHS poverty guidelines 2025 (Federal Register 2025-01-17): 15,650 + 5,500 per additional person (32,150 for four)' },
];

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

/** HHS poverty guideline for `persons`: first + perAdditional · (persons − 1) (default: 2025, 15,650 + 5,500). */
export function povertyGuideline(persons: number, g: PovertyGuideline = (POVERTY_GUIDELINES[POVERTY_GUIDELINES.length - 1] as Dated<PovertyGuideline>).value): number {
  return g.first + g.perAdditional * (persons - 1);
}

/** HHS poverty guideline 2025, 48 contiguous states and DC: 15,650 + 5,500 per person after the first. */
export function povertyGuideline2025(persons: number): number {
  return povertyGuideline(persons, { year: 2025, first: 15_650, perAdditional: 5_500 });
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

/**
 * Defaults and their sources. Prices carry `knownFrom`: the day their publication was out (the end
 * of its month when the day is not known). flowlens has one vintage of each; as of an earlier
 * date it is still used, and the result says so (notes, `laterThanAsOf`).
 */
export const BUDGET_DEFAULTS = {
  rentByBedrooms: { value: [1_300, 1_400, 1_650, 2_150, 2_450], knownFrom: '2024-10-01', source: 'flowlens assumption, order of magnitude of HUD FY2025 Fair Market Rents (40th-percentile gross rent, in effect from 2024-10-01) in a mid-priced metro; replace with your area’s FMR: https://www.huduser.gov/portal/datasets/fmr.html' },
  childcareUnderFive: { value: 13_128, knownFrom: '2025-06-30', source: 'Child Care Aware of America, Child Care in America: 2024 Price & Supply (2025) — national average price USD 13,128 (https://www.childcareaware.org/?p=78895)' },
  childcareSchoolAge: { value: 6_564, knownFrom: '2025-06-30', source: 'flowlens assumption: half the national average price (before/after school and summer care)' },
  healthPremium: { value: 6_850, single: 1_440, knownFrom: '2025-10-31', source: 'KFF 2025 Employer Health Benefits Survey (October 2025): average worker contribution USD 6,850 family, 1,440 single' },
  healthOutOfPocket: { value: 1_886, knownFrom: '2025-10-31', source: 'KFF 2025 EHBS (October 2025): average single-coverage deductible USD 1,886, used per adult as out-of-pocket spending (flowlens assumption)' },
  transport: { value: 13_138, knownFrom: '2024-09-30', source: 'BLS Consumer Expenditures 2023 (September 2024): transportation 17.0% of USD 77,280 average annual expenditures (https://www.bls.gov/news.release/cesan.nr0.htm)' },
  foodPlanMultiplier: { value: 1, knownFrom: '2025-11-30', source: 'USDA Thrifty Food Plan, September 2025 monthly costs by age and sex (https://www.fns.usda.gov/research/cnpp/usda-food-plans/cost-food-monthly-reports)' },
  otherShare: { value: 0.1, source: 'flowlens assumption: clothing, phone, personal care and household supplies at 10% of the other lines' },
  stateTaxRate: { value: 0.04, source: 'flowlens assumption: flat state and local income tax of 4% of gross income' },
  medianHouseholdIncome: { value: 83_730, knownFrom: '2025-09-09', source: 'US Census Bureau, Income in the United States: 2024 (2025-09-09) — median household income USD 83,730' },
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
  /** When the default price was published (absent for inputs and flowlens conventions). */
  readonly knownFrom?: IsoDate;
  /** True when that is after the as-of date: the only vintage flowlens has, said in the notes. */
  readonly laterThanAsOf?: boolean;
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
  /** The year of the HHS guideline used (the latest published by asOf). */
  readonly povertyGuidelineYear: number;
  readonly multipleOfPovertyLine: number;
  readonly medianHouseholdIncome: number;
  readonly multipleOfMedian: number;
  /** When `income` was given: its taxes and what is left after the budget (negative = shortfall). */
  readonly atIncome?: { readonly taxes: TaxBreakdown; readonly surplus: number };
  /** The date the parameters were picked for (undefined: the latest). */
  readonly asOf?: IsoDate;
  /** The tax year whose law was applied (the law in force on asOf). */
  readonly taxYear: number;
  readonly assumptions: readonly Assumption[];
  /** What the reader must know: parameters from after the as-of date, scope. */
  readonly notes: readonly string[];
}

/** Error naming the offending field. */
function bad(field: string, why: string, got: unknown): ParameterError {
  return new ParameterError(`${field} ${why}, got ${JSON.stringify(got)}`);
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The largest amount a budget field takes, USD (a year, or a month for rents): a household's
 * line, not an economy's. Without it 1e308 passed and the result printed as "—" (Infinity).
 */
export const MAX_BUDGET_USD = 1e9;
/** The largest multiplier on the USDA Thrifty Food Plan (100×: far beyond the Liberal plan's ~1.3×). */
const MAX_FOOD_MULTIPLIER = 100;
const tooLarge = (field: string, got: number): ParameterError => bad(field, `must be at most ${MAX_BUDGET_USD.toLocaleString('en-US')} USD (a household's budget line)`, got);

/**
 * Validates a plain object (from CLI flags or a JSON file) into a BudgetInput. Throws
 * ParameterError naming the field: `adults` 1–2… (at least one person in total), `children[i].age`
 * an integer 0–17, money fields non-negative numbers up to MAX_BUDGET_USD, shares in [0, 1).
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
    if (v > MAX_BUDGET_USD) throw tooLarge(k, v);
    out[k] = v;
  }
  for (const k of ['otherShare', 'stateTaxRate'] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (!isNum(v) || v < 0 || v >= 1) throw bad(k, 'must be a share in [0, 1)', v);
    out[k] = v;
  }
  if (o.foodPlanMultiplier !== undefined) {
    if (!isNum(o.foodPlanMultiplier) || o.foodPlanMultiplier <= 0 || o.foodPlanMultiplier > MAX_FOOD_MULTIPLIER) throw bad('foodPlanMultiplier', `must be a positive number up to ${MAX_FOOD_MULTIPLIER}`, o.foodPlanMultiplier);
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
    const high = (r as number[]).find((x) => x > MAX_BUDGET_USD);
    if (high !== undefined) throw tooLarge('rentByBedrooms', high);
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
      if (v > MAX_BUDGET_USD) throw tooLarge(`childcare.${k}`, v);
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
 * Point in time: the federal tax law (TAX_YEARS) and HHS guideline (POVERTY_GUIDELINES) in force on
 * `asOf` (default: the latest); default prices published after `asOf` are used but flagged
 * (lines' `laterThanAsOf`, the assumptions and `notes`). Values the user gives are never flagged.
 */
export function povertyLine(raw: unknown, asOf?: IsoDate | number): BudgetResult {
  const input = validateBudgetInput(raw);
  const D = BUDGET_DEFAULTS;
  const asOfIso = asOf === undefined ? undefined : typeof asOf === 'number' ? toIso(asOf) : asOf;
  const law = inForceOrEarliest(TAX_YEARS, asOfIso, 'federal tax law');
  const tax = law.value;
  const hhs = inForceOrEarliest(POVERTY_GUIDELINES, asOfIso, 'HHS poverty guideline');
  const notes: string[] = [];
  if (law.laterThanAsOf) notes.push(laterParameterNote(`the federal tax law (tax year ${tax.year})`, law, asOfIso));
  if (hhs.laterThanAsOf) notes.push(laterParameterNote(`the HHS poverty guideline (${hhs.value.year})`, hhs, asOfIso));
  /** A default price's date, flagged when after the as-of date (and said once in the notes). */
  const dated = (what: string, d: { knownFrom: string; source: string }): { knownFrom: IsoDate; laterThanAsOf?: true } => {
    const later = asOfIso !== undefined && d.knownFrom > asOfIso;
    if (later) notes.push(`parameter from a later date: ${what} is from ${d.knownFrom}, after the as-of date ${asOfIso} (the only vintage flowlens has)`);
    return { knownFrom: d.knownFrom as IsoDate, ...(later ? { laterThanAsOf: true as const } : {}) };
  };
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
    { item: `housing: rent, ${bedrooms} bedroom${bedrooms === 1 ? '' : 's'}`, annual: 12 * rentMonthly, source: input.rentByBedrooms ? 'input' : D.rentByBedrooms.source, ...(input.rentByBedrooms ? {} : dated('the rent', D.rentByBedrooms)) },
    { item: `childcare (${kids.filter((c) => c.age <= 12).length} child${kids.filter((c) => c.age <= 12).length === 1 ? '' : 'ren'} aged 0–12)`, annual: childcare, source: input.childcare ? 'input' : `${D.childcareUnderFive.source}; school age: ${D.childcareSchoolAge.source}`, ...(input.childcare || childcare === 0 ? {} : dated('the childcare price', D.childcareUnderFive)) },
    { item: 'healthcare: premium (employee share)', annual: premium, source: input.healthPremium !== undefined ? 'input' : D.healthPremium.source, ...(input.healthPremium !== undefined ? {} : dated('the health premium', D.healthPremium)) },
    { item: 'healthcare: out of pocket', annual: oop, source: input.healthOutOfPocket !== undefined ? 'input' : D.healthOutOfPocket.source, ...(input.healthOutOfPocket !== undefined ? {} : dated('the out-of-pocket health spending', D.healthOutOfPocket)) },
    { item: 'transport', annual: transport, source: input.transport !== undefined ? 'input' : D.transport.source, ...(input.transport !== undefined ? {} : dated('the transport cost', D.transport)) },
    { item: `food (USDA thrifty plan × ${foodMult})`, annual: 12 * foodMonthly, source: D.foodPlanMultiplier.source, ...dated('the USDA food plan', D.foodPlanMultiplier) },
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
  const netAt = (g: number) => taxesAt(g, household, tax).net;
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
  const guideline = povertyGuideline(persons, hhs.value);
  const median = input.medianHouseholdIncome ?? D.medianHouseholdIncome.value;
  const medianDated = input.medianHouseholdIncome === undefined ? dated('the median household income', D.medianHouseholdIncome) : undefined;
  const atIncome = input.income === undefined ? undefined : (() => {
    const t = taxesAt(input.income, household, tax);
    return { taxes: t, surplus: t.net - budget };
  })();
  const a = (name: string, value: number | string, def: number | string, description: string, source: string, unit?: string): Assumption => ({ name, value, default: def, description, source, ...(unit ? { unit } : {}) });
  return {
    lines,
    budget,
    requiredGross,
    taxesAtRequired: taxesAt(requiredGross, household, tax),
    persons,
    filingStatus: status,
    povertyGuideline: guideline,
    povertyGuidelineYear: hhs.value.year,
    multipleOfPovertyLine: requiredGross / guideline,
    medianHouseholdIncome: median,
    multipleOfMedian: requiredGross / median,
    ...(atIncome ? { atIncome } : {}),
    ...(asOfIso ? { asOf: asOfIso } : {}),
    taxYear: tax.year,
    notes,
    assumptions: [
      { ...a('taxYear', tax.year, tax.year, `federal income tax, CTC and EITC parameters in force${asOfIso ? ` on ${asOfIso}` : ''}`, law.source), knownFrom: law.knownFrom, ...(law.laterThanAsOf ? { laterThanAsOf: true } : {}) },
      a('stateTaxRate', household.stateTaxRate, D.stateTaxRate.value, 'flat state income tax, share of gross income', D.stateTaxRate.source),
      a('otherShare', otherShare, D.otherShare.value, 'other necessities, share of the other lines', D.otherShare.source),
      { ...a('povertyGuideline', guideline, guideline, `HHS ${hhs.value.year} poverty guideline for this family size (48 states and DC)`, hhs.source, 'USD'), knownFrom: hhs.knownFrom, ...(hhs.laterThanAsOf ? { laterThanAsOf: true } : {}) },
      ...(medianDated ? [{ ...a('medianHouseholdIncome', median, D.medianHouseholdIncome.value, 'median household income compared with', D.medianHouseholdIncome.source, 'USD'), ...medianDated }] : []),
      a('benefits', 'EITC and CTC only', 'EITC and CTC only', 'Medicaid/CHIP, SNAP, ACA premium credits and the child-care credit are not modelled (no benefit cliffs)', 'flowlens scope'),
    ],
  };
}
