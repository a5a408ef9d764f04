import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinEarningsWithWeights, parseEarningsDatesCsv, parseIndexWeightsCsv, parseReportDatesCsv } from './earningsDates.ts';

describe('earnings dates file', () => {
  it('reads ticker,date,weight rows', () => {
    const r = parseEarningsDatesCsv('ticker,date,weight\nAAPL,2026-10-29,0.068\nmsft,2026-10-28,0.064\n', 'e.csv');
    assert.deepEqual(r, [
      { ticker: 'AAPL', date: '2026-10-29', weight: 0.068 },
      { ticker: 'MSFT', date: '2026-10-28', weight: 0.064 },
    ]);
  });
  it('names the file and line of a bad row', () => {
    assert.throws(() => parseEarningsDatesCsv('ticker,date,weight\nAAPL,2026-10-29,0.07\nNVDA,11/19/2026,0.08\n', 'e.csv'), /e\.csv:3: column "date": not a date YYYY-MM-DD: "11\/19\/2026"/);
    assert.throws(() => parseEarningsDatesCsv('ticker,date,weight\nAAPL,2026-10-29,7\n', 'e.csv'), /e\.csv:2: column "weight": a share of index cap from 0 to 1, got "7"/);
    assert.throws(() => parseEarningsDatesCsv('ticker,date,weight\nAAPL,2026-10-29,0.07\nAAPL,2026-10-29,0.07\n', 'e.csv'), /e\.csv:3: AAPL on 2026-10-29 is listed twice/);
    assert.throws(() => parseEarningsDatesCsv('symbol,when,w\nAAPL,2026-10-29,0.07\n', 'e.csv'), /e\.csv:1: header must be ticker,date,weight/);
    // Both report on the quarter to 2026-09-30: 0.6 + 0.5 of the index is impossible.
    assert.throws(() => parseEarningsDatesCsv('ticker,date,weight\nAAPL,2026-10-29,0.6\nMSFT,2026-11-02,0.5\n', 'e.csv'), /e\.csv:3: the reports on results to 2026-09-30 add up to 1\.100 of index cap, more than 1/);
  });
});

describe('earnings calendar and index weights files', () => {
  it('reads ticker,date calendars (and EDGAR\'s ticker,report_date,…) and German-headed weights in %', () => {
    assert.deepEqual(parseReportDatesCsv('ticker,date\nAAPL,2026-10-29\nbrk.b,2026-11-01\n', 'd.csv'), [
      { ticker: 'AAPL', date: '2026-10-29', line: 2 },
      { ticker: 'BRK-B', date: '2026-11-01', line: 3 },
    ]);
    assert.deepEqual(parseReportDatesCsv('ticker,report_date,filing_date,accept_et,timing\nAAPL,2018-02-01,2018-02-01,2018-02-01 16:30 ET,amc\n', 'n.csv').map((r) => r.date), ['2018-02-01']);
    const w = parseIndexWeightsCsv('Unternehmen,Ticker,Gewichtung_pct\nNvidia Corp.,NVDA,7.375684\n"Berkshire Hathaway, Inc.",BRK.B,1.5\n', 'w.csv');
    assert.deepEqual([...w.keys()], ['NVDA', 'BRK-B']);
    assert.ok(Math.abs((w.get('NVDA') ?? 0) - 0.07375684) < 1e-15 && w.get('BRK-B') === 0.015);
  });

  it('names the file, line and column of a bad row', () => {
    assert.throws(() => parseReportDatesCsv('ticker,date\nAAPL,2026-10-29\nNVDA,11/19/2026\n', 'd.csv'), /d\.csv:3: column "date": not a date YYYY-MM-DD: "11\/19\/2026"/);
    assert.throws(() => parseReportDatesCsv('company,when\nA,2026-01-01\n', 'd.csv'), /d\.csv:1: header needs a ticker column/);
    assert.throws(() => parseIndexWeightsCsv('Unternehmen,Ticker,Gewichtung_pct\nApple,AAPL,sechs\n', 'w.csv'), /w\.csv:2: column "Gewichtung_pct": a weight in % from 0 to 100, got "sechs"/);
    assert.throws(() => parseIndexWeightsCsv('Unternehmen,Ticker,Gewichtung_pct\nApple,AAPL,60\nNvidia,NVDA,50\n', 'w.csv'), /w\.csv:3: weights add up to 110\.00%, more than 100%/);
    assert.throws(() => parseIndexWeightsCsv('Unternehmen,Ticker,Gewichtung_pct\nApple,AAPL,6\nApple,AAPL,6\n', 'w.csv'), /w\.csv:3: AAPL is listed twice/);
  });

  it('joins dates with weights: one report per company and season, equal weights on request', () => {
    const dates = parseReportDatesCsv('ticker,date\nAAPL,2026-10-29\nAAPL,2026-11-05\nMSFT,2026-10-28\nXYZ,2026-10-01\n', 'd.csv');
    const w = new Map([['AAPL', 0.06], ['MSFT', 0.05], ['NVDA', 0.07]]);
    const j = joinEarningsWithWeights(dates, w);
    assert.deepEqual(j.reports, [
      { ticker: 'MSFT', date: '2026-10-28', weight: 0.05 },
      { ticker: 'AAPL', date: '2026-10-29', weight: 0.06 },
    ]);
    assert.deepEqual(j.withoutWeight, ['XYZ']);
    assert.deepEqual(j.withoutDates, ['NVDA']);
    assert.equal(j.duplicatesDropped, 1);
    assert.deepEqual(joinEarningsWithWeights(dates, w, true).reports.map((r) => r.weight), [1 / 3, 1 / 3]);
  });
});
