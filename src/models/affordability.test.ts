import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { affordabilityModel, mortgagePayment, type AffordabilityResult } from './affordability.ts';

describe('mortgage payment', () => {
  it('is $2,528.27 a month for $400,000 at 6.5% over 30 years', () => {
    assert.equal(Math.round(mortgagePayment(400_000, 6.5, 30) * 100) / 100, 2528.27);
  });
  it('is principal / months at a zero rate, and rejects a negative principal', () => {
    assert.equal(mortgagePayment(360_000, 0, 30), 1000);
    assert.throws(() => mortgagePayment(-1, 5), /principal must not be negative/);
  });
});

describe('affordability model, hand-computed', () => {
  it('prices the median home against median income', () => {
    const r = affordabilityModel({
      price: seriesFrom('MSPUS', ['2024-01-01'], [400_000], { frequency: 'quarterly' }),
      rate: seriesFrom('MORTGAGE30US', ['2024-01-04', '2024-02-01', '2024-03-28', '2024-04-04'], [6.0, 7.0, 6.5, 9.9], { frequency: 'weekly' }),
      income: seriesFrom('MEHOINUSA646N', ['2024-01-01'], [80_000], { frequency: 'annual' }),
    });
    // Q1 rate = mean(6.0, 7.0, 6.5) = 6.5%; loan 360,000; tax 0.9% → 300/month; insurance 2,000/yr → 166.67/month
    const expected = mortgagePayment(360_000, 6.5) + 300 + 2000 / 12;
    assert.ok(Math.abs((r.monthlyCost[0] as number) - expected) < 1e-9);
    assert.ok(Math.abs((r.shareOfIncome[0] as number) - (100 * 12 * expected) / 80_000) < 1e-9);
  });
  it('carries the last income forward and flags it', () => {
    const r = affordabilityModel({
      price: seriesFrom('MSPUS', ['2025-04-01'], [400_000], { frequency: 'quarterly' }),
      rate: seriesFrom('MORTGAGE30US', ['2025-05-01'], [6.5], { frequency: 'weekly' }),
      income: seriesFrom('MEHOINUSA646N', ['2024-01-01'], [83_730], { frequency: 'annual' }),
    });
    assert.equal(r.incomeCarried[0], 1);
    assert.equal(r.latest.incomeYear, 2024);
  });
});

describe('affordability on real data', { skip: skipWithoutRealData }, () => {
  let r: AffordabilityResult;
  before(async () => {
    const [price, rate, income] = (await Promise.all(['MSPUS', 'MORTGAGE30US', 'MEHOINUSA646N'].map(loadRealSeries))) as Series[];
    r = affordabilityModel({ price: price as Series, rate: rate as Series, income: income as Series });
  });
  const at = (iso: string) => r.shareOfIncome[Array.from(r.dates).indexOf(toDay(iso))] as number;
  it('takes a larger share of income in 2023–24 than in 2019', () => {
    const y2019 = ['2019-01-01', '2019-04-01', '2019-07-01', '2019-10-01'].map(at);
    const y2324 = ['2023-01-01', '2023-04-01', '2023-07-01', '2023-10-01', '2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01'].map(at);
    assert.ok(Math.min(...y2324) > Math.max(...y2019), `${Math.min(...y2324)} vs ${Math.max(...y2019)}`);
  });
});

describe('rent and childcare against wages', async () => {
  const { costsVsWages } = await import('./affordability.ts');
  const m = ['2020-01-01', '2020-02-01', '2020-03-01'];
  it('rebases to 100 at the base month and divides by the deflator index', () => {
    const r = costsVsWages({
      rent: seriesFrom('CUUR0000SEHA', m, [200, 210, 220], { frequency: 'monthly' }),
      wages: seriesFrom('CES0500000003', m, [20, 20, 22], { frequency: 'monthly' }),
    }, '2020-01-01');
    assert.equal(r.deflator, 'CES0500000003');
    assert.deepEqual(Array.from(r.rent), [100, 105, 110]);
    assert.deepEqual(Array.from(r.rentVsDeflator), [100, 105, 100]);
    assert.deepEqual(r.missing, ['CUUR0000SEEB']);
  });
  it('falls back to the CPI and says so, and fails clearly without either', () => {
    const r = costsVsWages({ childcare: seriesFrom('CUUR0000SEEB', m, [1, 1, 1]), cpi: seriesFrom('CPIAUCSL', m, [1, 1, 1]) }, '2020-01-01');
    assert.equal(r.deflator, 'CPIAUCSL');
    assert.ok(r.missing.includes('CES0500000003'));
    assert.throws(() => costsVsWages({ rent: seriesFrom('CUUR0000SEHA', m, [1, 1, 1]) }), /need CES0500000003 or CPIAUCSL/);
  });
  it('shows rent and childcare outgrowing consumer prices since 2000', { skip: skipWithoutRealData }, async () => {
    const [rent, childcare, cpi] = await Promise.all(['CUUR0000SEHA', 'CUUR0000SEEB', 'CPIAUCSL'].map(loadRealSeries));
    const r = costsVsWages({ rent, childcare, cpi }, '2000-01-01');
    assert.ok(r.latest.rentVsDeflator > 110, `${r.latest.rentVsDeflator}`);
    assert.ok(r.latest.childcareVsDeflator > 110, `${r.latest.childcareVsDeflator}`);
  });
});
