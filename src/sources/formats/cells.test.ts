import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochMsToIso, parseDateCell, parseValueCell } from './cells.ts';

describe('parseDateCell', () => {
  it('reads ISO dates and ISO date-times (the date part)', () => {
    assert.equal(parseDateCell('2024-02-29'), '2024-02-29');
    assert.equal(parseDateCell('2026-08-20 00:00:00'), '2026-08-20');
    assert.equal(parseDateCell('2026-08-20T21:31:00'), '2026-08-20');
  });
  it('reads Cboe M/D/YYYY and MM/DD/YYYY', () => {
    assert.equal(parseDateCell('11/1/2006'), '2006-11-01');
    assert.equal(parseDateCell('01/02/1990'), '1990-01-02');
    assert.equal(parseDateCell('1/29/1993'), '1993-01-29');
  });
  it('reads YYYY-MM as the first of the month and YYYY:Qn as the first day of the quarter', () => {
    assert.equal(parseDateCell('1997-01'), '1997-01-01');
    assert.equal(parseDateCell('1989:Q3'), '1989-07-01');
    assert.equal(parseDateCell('2023:Q1'), '2023-01-01');
    assert.equal(parseDateCell('2023:Q4'), '2023-10-01');
  });
  it('refuses unknown formats and impossible dates', () => {
    for (const bad of ['20240102', '02.01.2024', '2024-13-01', '2023-02-29', '13/01/2024', '2024:Q5', 'Jan 2 2024', '', '2024-01-02Z', '1/2/24']) {
      assert.equal(parseDateCell(bad), undefined, bad);
    }
  });
});

describe('epochMsToIso', () => {
  it('takes the UTC date of a local-midnight stamp (NDX_VIX_ohlc_precios.json)', () => {
    // 496987200000 = 1985-10-01T04:00:00Z, midnight in New York (EDT).
    assert.equal(epochMsToIso(496987200000), '1985-10-01');
    // 1787198400000 = 2026-08-20T04:00:00Z.
    assert.equal(epochMsToIso(1787198400000), '2026-08-20');
    assert.equal(epochMsToIso(Number.NaN), undefined);
  });
});

describe('parseValueCell', () => {
  it('reads numbers with float noise, signs and exponents', () => {
    assert.equal(parseValueCell('719542.0'), 719542);
    assert.equal(parseValueCell('3.6300000000'), 3.63);
    assert.equal(parseValueCell('-37.63'), -37.63);
    assert.equal(parseValueCell('1e3'), 1000);
    assert.equal(parseValueCell('.5'), 0.5);
  });
  it("treats an empty cell and FRED's '.' as missing", () => {
    assert.ok(Number.isNaN(parseValueCell('')));
    assert.ok(Number.isNaN(parseValueCell('.')));
  });
  it('refuses non-numeric text', () => {
    for (const bad of ['abc', '#N/A', 'NaN', 'Infinity', '0x10', '1,5', '12abc', 'null']) assert.equal(parseValueCell(bad), undefined, bad);
  });
});
