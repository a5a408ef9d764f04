import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../core/errors.ts';
import type { IsoDate } from '../series/types.ts';
import { bracketTax, eitc, ficaOf, povertyGuideline2025, povertyLine, TAX_YEARS, taxesAt, validateBudgetInput } from './budget.ts';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

describe('federal income tax, 2025 brackets by hand', () => {
  it('married, taxable 100,000: 2,385 + 8,772 + 671 = 11,828', () => close(bracketTax(100_000, 'married'), 11_828));
  it('single, taxable 50,000: 1,192.50 + 4,386 + 335.50 = 5,914', () => close(bracketTax(50_000, 'single'), 5_914));
  it('head of household, taxable 20,000: 1,700 + 360 = 2,060', () => close(bracketTax(20_000, 'headOfHousehold'), 2_060));
  it('is zero on no taxable income', () => assert.equal(bracketTax(0, 'single'), 0));
});

describe('EITC 2025 by formula', () => {
  it('phases in at 34% for one child: 10,000 earned → 3,400', () => close(eitc(10_000, 10_000, 1, 'single'), 3_400));
  it('phases out at 21.06% for two children, married, 40,000 → 7,152 − 0.2106·9,530', () => close(eitc(40_000, 40_000, 2, 'married'), 7_152 - 0.2106 * 9_530));
  it('ends near the IRS limit (61,555, single, three children)', () => {
    assert.ok(eitc(61_555, 61_555, 3, 'single') < 1);
    assert.equal(eitc(62_000, 62_000, 3, 'single'), 0);
  });
  it('gives the published maximum of 8,046 on the plateau', () => close(eitc(20_000, 20_000, 3, 'single'), 8_046));
});

describe('taxes and credits at one income', () => {
  it('matches a hand computation for a married couple with two children at 60,000', () => {
    const t = taxesAt(60_000, { status: 'married', childrenUnder17: 2, eitcChildren: 2, earnerShares: [0.5, 0.5], stateTaxRate: 0 });
    close(t.federalIncomeTax, 2_943); // taxable 28,500: 2,385 + 4,650·12%
    close(t.ctcNonRefundable, 2_943);
    close(t.ctcRefundable, 4_400 - 2_943);
    close(t.eitc, 7_152 - 0.2106 * (60_000 - 30_470));
    close(t.fica, 0.0765 * 60_000);
    close(t.net, 60_000 - 4_590 + 1_457 + (7_152 - 0.2106 * 29_530));
  });
  it('caps Social Security tax at the wage base per earner', () => close(ficaOf(200_000), 0.062 * 176_100 + 0.0145 * 200_000));
  it('uses the HHS 2025 guideline: 32,150 for four', () => assert.equal(povertyGuideline2025(4), 32_150));
});

describe('poverty-line calculator with known inputs', () => {
  const input = {
    adults: 2,
    children: [{ age: 3 }, { age: 7 }],
    rentByBedrooms: [1_000, 1_000, 1_200],
    bedrooms: 2,
    childcare: { underFive: 10_000, schoolAge: 5_000 },
    healthPremium: 6_000,
    healthOutOfPocket: 2_000,
    transport: 10_000,
    otherShare: 0,
    stateTaxRate: 0,
  };
  const r = povertyLine(input);
  it('adds the budget line by line', () => {
    // rent 14,400 + childcare 15,000 + health 8,000 + transport 10,000 + food 12·(2·280.55 + 168.6 + 204.6)
    const food = 12 * (2 * 280.55 + 168.6 + 204.6);
    close(r.lines.find((l) => l.item.startsWith('food'))?.annual ?? 0, food);
    close(r.budget, 14_400 + 15_000 + 8_000 + 10_000 + food);
  });
  it('finds the smallest gross income whose income after taxes and credits covers it', () => {
    const h = { status: 'married' as const, childrenUnder17: 2, eitcChildren: 2, earnerShares: [0.5, 0.5], stateTaxRate: 0 };
    assert.ok(taxesAt(r.requiredGross, h).net >= r.budget);
    assert.ok(taxesAt(r.requiredGross - 1, h).net < r.budget);
    assert.ok(r.requiredGross > 60_000 && r.requiredGross < 70_000, `${r.requiredGross}`);
    close(r.multipleOfPovertyLine, r.requiredGross / 32_150);
  });
  it('with the documented defaults puts a family of four far above the official line', () => {
    const d = povertyLine({ adults: 2, children: [{ age: 1 }, { age: 4 }] });
    assert.ok(d.requiredGross > 2 * d.povertyGuideline, `${d.requiredGross}`);
    assert.equal(d.filingStatus, 'married');
  });
  it('reports the surplus or shortfall at a given income', () => {
    const s = povertyLine({ ...input, income: 40_000 });
    assert.ok((s.atIncome?.surplus ?? 0) < 0);
  });
});

describe('budget input validation', () => {
  it('rejects a negative income, naming the field', () => {
    assert.throws(() => validateBudgetInput({ adults: 1, income: -5 }), (e: unknown) => e instanceof ParameterError && /^income must be a non-negative number/.test(e.message));
  });
  it('rejects a family of zero people', () => {
    assert.throws(() => validateBudgetInput({ adults: 0, children: [] }), /zero people/);
  });
  it('rejects a child age outside 0–17 with its index', () => {
    assert.throws(() => validateBudgetInput({ adults: 2, children: [{ age: 4 }, { age: 18 }] }), /children\[1\]\.age must be an integer from 0 to 17, got 18/);
  });
  it('rejects unknown fields and bad shares', () => {
    assert.throws(() => validateBudgetInput({ adults: 1, rent: 5 }), /unknown field "rent"/);
    assert.throws(() => validateBudgetInput({ adults: 1, stateTaxRate: 4 }), /stateTaxRate must be a share in \[0, 1\)/);
    assert.throws(() => validateBudgetInput({ adults: 1, earnerShares: [0.5, 0.5] }), /earnerShares must be 1–1/);
    // Amounts a household's budget cannot hold (1e308 printed as "—", Infinity, before).
    assert.throws(() => validateBudgetInput({ adults: 1, income: 1e308 }), { message: 'income must be at most 1,000,000,000 USD (a household\'s budget line), got 1e+308' });
    assert.throws(() => validateBudgetInput({ adults: 1, rentByBedrooms: [1300, 2e9] }), { message: 'rentByBedrooms must be at most 1,000,000,000 USD (a household\'s budget line), got 2000000000' });
    assert.throws(() => validateBudgetInput({ adults: 1, childcare: { underFive: 1e12 } }), { message: /^childcare\.underFive must be at most 1,000,000,000 USD/ });
    assert.throws(() => validateBudgetInput({ adults: 1, foodPlanMultiplier: 1e6 }), { message: 'foodPlanMultiplier must be a positive number up to 100, got 1000000' });
    assert.equal(validateBudgetInput({ adults: 1, income: 1e9 }).income, 1e9);
  });
});

describe('point in time: the tax law and guideline in force on the as-of date', () => {
  const four = { adults: 2, children: [{ age: 2 }, { age: 4 }] };
  it('as of 2020-06-30 uses 2020 law (Rev. Proc. 2019-44) and the 2020 HHS guideline', () => {
    const r = povertyLine(four, '2020-06-30' as IsoDate);
    assert.equal(r.taxYear, 2020);
    assert.equal(r.povertyGuideline, 26_200); // 12,760 + 3 · 4,480
    assert.equal(r.povertyGuidelineYear, 2020);
    // Standard deduction 24,800 MFJ: taxable = gross − 24,800; 10% to 19,750, 12% to 80,250, 22% above.
    const g = r.requiredGross;
    const taxable = g - 24_800;
    close(r.taxesAtRequired.taxable, taxable);
    close(r.taxesAtRequired.federalIncomeTax, 1_975 + 0.12 * 60_500 + 0.22 * (taxable - 80_250));
    // FICA: 7.65% per earner, both below the 137,700 wage base.
    close(r.taxesAtRequired.fica, 0.0765 * g);
    assert.equal(g, 106_982);
    assert.deepEqual(r.assumptions.find((a) => a.name === 'taxYear')?.knownFrom, '2020-01-01');
  });
  it('says which default prices are from after the date, and flags none the user gave', () => {
    const r = povertyLine({ ...four, transport: 9_000, medianHouseholdIncome: 68_703 }, '2020-06-30' as IsoDate);
    assert.ok(r.notes.some((n) => /^parameter from a later date: the rent is from 2024-10-01, after the as-of date 2020-06-30/.test(n)));
    assert.ok(!r.notes.some((n) => /transport|median/.test(n)));
    assert.equal(r.lines.find((l) => l.item === 'transport')?.laterThanAsOf, undefined);
    assert.equal(r.lines.find((l) => l.item.startsWith('housing'))?.laterThanAsOf, true);
    assert.deepEqual(povertyLine(four).notes, [], 'latest: nothing from a later date');
  });
  it('2025 before the One Big Beautiful Bill Act (Rev. Proc. 2024-40) and after its enactment on 2025-07-04', () => {
    const before = povertyLine({ ...four, income: 100_000 }, '2025-07-03' as IsoDate);
    const after = povertyLine({ ...four, income: 100_000 }, '2025-07-04' as IsoDate);
    assert.equal(before.atIncome?.taxes.taxable, 70_000); // 100,000 − 30,000
    assert.equal(after.atIncome?.taxes.taxable, 68_500); // 100,000 − 31,500
    assert.equal(before.atIncome?.taxes.ctcNonRefundable, 4_000);
    assert.equal(after.atIncome?.taxes.ctcNonRefundable, 4_400);
  });
  it('before 2019 the 2019 law stands in, flagged; the 2018 HHS guideline (25,100 for four) is used', () => {
    const r = povertyLine(four, '2018-06-29' as IsoDate);
    assert.equal(r.taxYear, 2019);
    assert.equal(r.povertyGuideline, 25_100);
    assert.equal(r.assumptions.find((a) => a.name === 'taxYear')?.laterThanAsOf, true);
    assert.ok(r.notes.some((n) => n.startsWith('parameter from a later date: the federal tax law (tax year 2019) is from 2019-01-01')));
  });
  it('each tax year has the published standard deduction (MFJ) and EITC maximum for three children', () => {
    const rows = TAX_YEARS.map((d) => [d.knownFrom, d.value.standardDeduction.married, d.value.eitc[3]?.maxCredit, d.value.fica.wageBase]);
    assert.deepEqual(rows, [
      ['2019-01-01', 24_400, 6_557, 132_900],
      ['2020-01-01', 24_800, 6_660, 137_700],
      ['2021-01-01', 25_100, 6_728, 142_800],
      ['2022-01-01', 25_900, 6_935, 147_000],
      ['2023-01-01', 27_700, 7_430, 160_200],
      ['2024-01-01', 29_200, 7_830, 168_600],
      ['2025-01-01', 30_000, 8_046, 176_100],
      ['2025-07-04', 31_500, 8_046, 176_100],
    ]);
    // Maximum credit = phase-in rate × earned amount (rounded by the IRS): 2020, two children 40% × 14,800.
    close(eitc(14_800, 14_800, 2, 'married', TAX_YEARS[1]?.value), 5_920);
  });
});
