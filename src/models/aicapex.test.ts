import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { aiCapexModel, annualiseContribution, hyperscalerByYear, parseHyperscalerCsv, quarterlyContribution } from './aicapex.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

describe('contribution to real GDP growth, hand-computed', () => {
  it('is share × growth when relative prices do not move', () => {
    // GDP 1000 → 1010 with no inflation; component 50 → 52: (50/1000)·(2/50) = 0.2 pp
    close(quarterlyContribution({ n0: 50, n1: 52, r0: 50, r1: 52 }, { n0: 1000, n1: 1010, r0: 1000, r1: 1010 }), 0.2);
  });
  it('averages the relative price of the two quarters when it moves (BEA Fisher form)', () => {
    // p0 = 1, p1 = 55/54, GDP price change = (1030/1010)/1; Δq = 4; denominator 2·1000
    const expected = (100 * ((55 / 54) / (1030 / 1010) + 1) * 4) / 2000;
    close(quarterlyContribution({ n0: 50, n1: 55, r0: 50, r1: 54 }, { n0: 1000, n1: 1030, r0: 1000, r1: 1010 }), expected);
    close(expected, 0.39974825, 1e-6);
  });
  it('scales to an annual rate so contributions add to annualised GDP growth', () => {
    close(annualiseContribution(0.2, 0.01), 0.2 * ((1.01 ** 4 - 1) / 0.01));
    close(annualiseContribution(0.2, 0), 0.8);
  });
});

describe('AI capex model, synthetic quarters', () => {
  const q = ['2024-01-01', '2024-04-01', '2024-07-01'];
  const gdpN = seriesFrom('GDP', q, [1000, 1010, 1020.1], { frequency: 'quarterly' });
  const gdpR = seriesFrom('GDPC1', q, [1000, 1010, 1020.1], { frequency: 'quarterly' });
  const ipN = seriesFrom('Y034RC1Q027SBEA', q, [50, 52, 52], { frequency: 'quarterly' });
  const ipR = seriesFrom('Y034RX1Q020SBEA', q, [50, 52, 52], { frequency: 'quarterly' });
  it('gives growth, the AI contribution, growth without it and the share explained', () => {
    const r = aiCapexModel({ gdpNominal: gdpN, gdpReal: gdpR, components: { informationProcessing: { nominal: ipN, real: ipR }, software: { nominal: ipN } } });
    const g = 100 * (1.01 ** 4 - 1);
    close(r.gdpGrowth[0] as number, g);
    close(r.aiContribution[0] as number, 0.2 * (g / 1));
    close(r.aiContribution[1] as number, 0);
    close(r.growthExAi[1] as number, g, 1e-6);
    // last 2 quarters: AI 0.812 + 0 over growth 4.06 + 4.06 → 10%
    close(r.shareLast2, 10, 1e-6);
    assert.ok(Number.isNaN(r.shareLast4));
    assert.deepEqual(r.missing, ['software.real']);
    assert.equal(r.latest.date, '2024-07-01');
  });
  it('says which GDP input is missing', () => {
    assert.throws(() => aiCapexModel({ gdpReal: gdpR, components: {} }), /missing GDP/);
  });
});

describe('hyperscaler capex file', () => {
  const csv = 'ticker,fy_end,revenue,capex\nMSFT,2024-06-30,245122000000,44477000000\nAAPL,2024-09-28,391035000000,9447000000\nMSFT,2025-06-30,281724000000,64551000000\n';
  it('parses rows and assigns each fiscal year to the calendar year it ends in', () => {
    const years = hyperscalerByYear(parseHyperscalerCsv(csv, 'x.csv'));
    assert.equal(years.length, 2);
    close(years[0]?.capex ?? 0, 44.477 + 9.447, 1e-9);
    close(years[0]?.capexToRevenue ?? 0, (100 * (44.477 + 9.447)) / (245.122 + 391.035), 1e-9);
    assert.equal(years[1]?.complete, false);
  });
  it('names the file and line of a bad row', () => {
    assert.throws(() => parseHyperscalerCsv('ticker,fy_end,revenue,capex\nMSFT,2024-13-30,1,1\n', 'h.csv'), /h\.csv:2: fy_end is not a date/);
    assert.throws(() => parseHyperscalerCsv('ticker,fy_end,revenue,capex\nMSFT,2024-06-30,-1,1\n', 'h.csv'), /h\.csv:2: revenue must be a non-negative number/);
    assert.throws(() => parseHyperscalerCsv('a,b\n', 'h.csv'), /h\.csv:1: header/);
  });
});

describe('hyperscaler capex on real data', { skip: skipWithoutRealData }, () => {
  it('shows 2025 capex of the five at about USD 370bn, above 3.5× 2020, with 2026 incomplete', () => {
    const dir = realDataDir() ?? '';
    const path = [join(dir, 'macro', 'hyperscaler_capex_revenue_annual.csv'), join(dir, 'hyperscaler_capex_revenue_annual.csv')].find((p) => existsSync(p));
    assert.ok(path, 'hyperscaler_capex_revenue_annual.csv not found');
    const years = hyperscalerByYear(parseHyperscalerCsv(readFileSync(path, 'utf8'), path));
    const y = (n: number) => years.find((x) => x.year === n);
    close(y(2025)?.capex ?? 0, 370.223, 0.01);
    assert.ok((y(2025)?.capex ?? 0) > 3.5 * (y(2020)?.capex ?? Infinity));
    assert.equal(y(2025)?.complete, true);
    assert.equal(y(2026)?.complete, false);
  });
});
