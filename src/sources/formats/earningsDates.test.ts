import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEarningsDatesCsv } from './earningsDates.ts';

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
