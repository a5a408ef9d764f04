import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../core/errors.ts';
import { bracketTax, eitc, ficaOf, povertyGuideline2025, povertyLine, taxesAt, validateBudgetInput } from './budget.ts';

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
  });
});
