import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importRealData, skipWithoutRealData } from '../../testing/realData.ts';
import { assertFormatError } from './assertFormatError.ts';
import { isCompanyYearsCsv, parseCompanyYearsCsv } from './companyYears.ts';

const TEXT = 'ticker,fy_end,revenue,capex\nMSFT,2024-06-30,245122000000,44477000000\nAAPL,2024-09-28,391035000000,9447000000\nMSFT,2025-06-30,281724000000,64551000000\nAAPL,2025-09-27,416161000000,\n';

describe('company fiscal-year CSV (ticker,fy_end,…)', () => {
  it('is recognised from its header only', () => {
    assert.equal(isCompanyYearsCsv(TEXT), true);
    assert.equal(isCompanyYearsCsv('\uFEFFTicker, FY_END ,capex\r\n'), true);
    assert.equal(isCompanyYearsCsv('date,value\n2024-01-02,1\n'), false);
    assert.equal(isCompanyYearsCsv('ticker,fy_end\n'), false);
  });

  it('gives one column per company and amount, in USD bn at the fiscal-year end', () => {
    const file = parseCompanyYearsCsv(TEXT, 'h.csv');
    assert.equal(file.format, 'company-years-usd');
    assert.deepEqual(file.columns, ['MSFT:revenue', 'MSFT:capex', 'AAPL:revenue', 'AAPL:capex']);
    assert.deepEqual(file.points('MSFT:capex'), [
      { date: '2024-06-30', value: 44.477 },
      { date: '2025-06-30', value: 64.551 },
    ]);
    assert.deepEqual(file.points('aapl:revenue'), [
      { date: '2024-09-28', value: 391.035 },
      { date: '2025-09-27', value: 416.161 },
    ]);
    // An empty cell is a missing value.
    assert.ok(Number.isNaN(file.points('AAPL:capex')[1]?.value));
  });

  it('reports the line of a bad row and refuses to guess a column', () => {
    assertFormatError(() => parseCompanyYearsCsv('ticker,fy_end,capex\nMSFT,2024-13-30,1\n', 'h.csv'), 'h.csv', 2, /column "fy_end": not a YYYY-MM-DD date: "2024-13-30"/);
    assertFormatError(() => parseCompanyYearsCsv('ticker,fy_end,capex\nMSFT,2024-06-30,1\nMSFT,2024-06-30,2\n', 'h.csv'), 'h.csv', 3, /MSFT 2024-06-30 listed twice: line 2 and line 3/);
    assertFormatError(() => parseCompanyYearsCsv('ticker,fy_end,capex\nMSFT,2024-06-30,n/a\n', 'h.csv').points('MSFT:capex'), 'h.csv', 2, /column "capex": not a number: "n\/a"/);
    assertFormatError(() => parseCompanyYearsCsv('ticker,fy_end,capex\n1X,2024-06-30,1\n', 'h.csv'), 'h.csv', 2, /bad ticker "1X"/);
    assertFormatError(() => parseCompanyYearsCsv(TEXT, 'h.csv').points(), 'h.csv', undefined, /choose one of MSFT:revenue/);
    assertFormatError(() => parseCompanyYearsCsv(TEXT, 'h.csv').points('NVDA:capex'), 'h.csv', undefined, /no column "NVDA:capex"/);
    assertFormatError(() => parseCompanyYearsCsv('date,value\n2024-01-02,1\n', 'h.csv'), 'h.csv', 1, /header must start with ticker,fy_end/);
  });
});

describe('hyperscaler_capex_revenue_annual.csv through sync --from (real data)', () => {
  const series = async (id: string) => (await importRealData()).series.find((s) => s.seriesId === id);

  it('imports capex and revenue of the five companies in USD bn', { skip: skipWithoutRealData }, async () => {
    const msft = await series('CAPEX_MSFT');
    assert.ok(msft, 'CAPEX_MSFT imported');
    assert.ok(msft.files[0]?.endsWith('hyperscaler_capex_revenue_annual.csv'));
    assert.deepEqual(msft.points.find((p) => p.date === '2025-06-30'), { date: '2025-06-30', value: 64.551 });
    assert.deepEqual((await series('REVENUE_MSFT'))?.points.at(-1), { date: '2026-06-30', value: 331.839 });
    assert.deepEqual((await series('CAPEX_AAPL'))?.points[0], { date: '2007-09-29', value: 0.735 });
    assert.equal((await series('CAPEX_AMZN'))?.points.length, 19);
  });

  it('sums the five companies’ fiscal years ending in 2025 to 370.223 bn of capex', { skip: skipWithoutRealData }, async () => {
    let sum = 0;
    const ends: string[] = [];
    for (const t of ['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT']) {
      const p = (await series(`CAPEX_${t}`))?.points.find((x) => x.date.startsWith('2025-'));
      assert.ok(p, `CAPEX_${t} has a fiscal year ending in 2025`);
      sum += p.value;
      ends.push(p.date);
    }
    // 12.715 (AAPL, FY to 2025-09-27) + 131.819 (AMZN) + 91.447 (GOOGL) + 69.691 (META) + 64.551 (MSFT, FY to 2025-06-30)
    assert.deepEqual(ends, ['2025-09-27', '2025-12-31', '2025-12-31', '2025-12-31', '2025-06-30']);
    assert.equal(Math.round(sum * 1000) / 1000, 370.223);
  });
});
