import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../../series/dates.ts';
import { epochMsToIso, parseDateCell, parseDayCell, parseValueCell } from './cells.ts';

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

describe('parseDayCell', () => {
  it('gives the day number of each format: 1970-01-01 is 0, 2000-03-01 is 11017, 1969-12-31 is -1', () => {
    assert.equal(parseDayCell('1970-01-01'), 0);
    assert.equal(parseDayCell('1969-12-31'), -1);
    // 30 years of 365 days and 7 leap days (1972 … 1996), then Jan and Feb 2000 (31 + 29).
    assert.equal(parseDayCell('2000-03-01'), 30 * 365 + 7 + 31 + 29);
    assert.equal(parseDayCell('3/1/2000'), 11017);
    assert.equal(parseDayCell('2000-03'), 11017);
    assert.equal(parseDayCell('2000-03-01T16:00:00-05:00'), 11017);
    assert.equal(parseDayCell('2000:Q2'), 11017 + 31);
  });
  it('agrees with parseDateCell on every cell, NaN where that gives undefined', () => {
    const cells = ['2024-02-29', '2026-08-20 00:00:00', '11/1/2006', '1/29/1993', '1997-01', '1989:Q3', '0001-01-01', '9999-12-31', '1800-01-01',
      '20240102', '2024-13-01', '2023-02-29', '13/01/2024', '2024:Q5', '', '2024-01-02Z', '1/2/24', '2024-01-05T25:99', 'abcd-ef-gh'];
    for (const c of cells) {
      const iso = parseDateCell(c);
      if (iso === undefined) assert.ok(Number.isNaN(parseDayCell(c)), c);
      else assert.equal(parseDayCell(c), toDay(iso), c);
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
