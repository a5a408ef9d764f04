import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { toDay, toIso } from '../dates.ts';
import { addTradingDays, easter, holidayName, holidays, isEarlyClose, isTradingDay, nextTradingDay, previousTradingDay, tradingDays } from './nyse.ts';

const open = (iso: string) => isTradingDay(toDay(iso));

describe('NYSE calendar', () => {
  it('computes Easter', () => {
    assert.equal(toIso(easter(2024)), '2024-03-31');
    assert.equal(toIso(easter(2025)), '2025-04-20');
    assert.equal(toIso(easter(2026)), '2026-04-05');
  });

  it('closes on the published holidays and closures', () => {
    assert.equal(open('2024-03-29'), false); // Good Friday
    assert.equal(holidayName(toDay('2025-01-09')), 'National Day of Mourning (Jimmy Carter)');
    assert.equal(open('2022-06-20'), false); // Juneteenth observed on Monday
    assert.equal(open('2021-06-18'), true); // before Juneteenth was an exchange holiday
    assert.equal(open('2021-12-24'), false); // Christmas (Saturday) observed on Friday
    assert.equal(open('2022-12-26'), false); // Christmas (Sunday) observed on Monday
    assert.equal(open('2023-01-02'), false); // New Year's Day (Sunday) observed on Monday
    assert.equal(open('2021-12-31'), true); // New Year's Day 2022 on a Saturday: not observed on Friday
    assert.equal(open('2012-10-30'), false); // Hurricane Sandy
    assert.equal(open('2026-11-26'), false); // Thanksgiving 2026
    assert.equal(open('2026-07-03'), false); // Independence Day (Saturday) observed on Friday
  });

  it('reproduces the NYSE Group published holiday lists for 2027 and 2028', () => {
    const list = (y: number) => [...holidays(y).keys()].sort((a, b) => a - b).map(toIso);
    // NYSE Group announcement of 2025-12-23 (2026, 2027 and 2028 holiday calendar).
    assert.deepEqual(list(2027), ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24']);
    // 2028: New Year's Day on a Saturday is not observed.
    assert.deepEqual(list(2028), ['2028-01-17', '2028-02-21', '2028-04-14', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-11-23', '2028-12-25']);
    assert.equal(holidayName(toDay('2027-06-18')), 'Juneteenth National Independence Day');
    assert.equal(holidayName(toDay('2026-06-18')), undefined);
  });

  it('has no MLK Day before 1998 and trades the Friday before a Saturday New Year', () => {
    assert.equal(open('1997-01-20'), true);
    assert.equal(open('1998-01-19'), false);
    assert.equal(open('2010-12-31'), true);
    assert.equal(open('2004-12-31'), true);
  });

  it('counts 250 trading days in 2023 and 252 in 2024', () => {
    assert.equal(tradingDays(toDay('2023-01-01'), toDay('2023-12-31')).length, 250);
    assert.equal(tradingDays(toDay('2024-01-01'), toDay('2024-12-31')).length, 252);
  });

  it('marks the 1 p.m. early closes', () => {
    assert.equal(isEarlyClose(toDay('2025-11-28')), true); // day after Thanksgiving
    assert.equal(isEarlyClose(toDay('2024-12-24')), true);
    assert.equal(isEarlyClose(toDay('2024-07-03')), true);
    assert.equal(isEarlyClose(toDay('2024-07-02')), false);
    assert.equal(isEarlyClose(toDay('2024-11-28')), false); // Thanksgiving itself: closed
    assert.equal(isEarlyClose(toDay('2020-07-02')), false); // July 4 on Saturday, July 3 closed instead
    assert.equal(isEarlyClose(toDay('2027-07-02')), false); // July 4 on Sunday, July 5 closed instead
    assert.equal(isEarlyClose(toDay('2021-12-23')), false); // Christmas Eve was the observed holiday
    const early2027 = Array.from(tradingDays(toDay('2027-01-01'), toDay('2027-12-31'))).filter(isEarlyClose).map(toIso);
    assert.deepEqual(early2027, ['2027-11-26']); // NYSE's published 2027 early closes
  });

  it('steps over weekends and holidays', () => {
    assert.equal(toIso(nextTradingDay(toDay('2024-03-28'))), '2024-04-01'); // over Good Friday and the weekend
    assert.equal(toIso(addTradingDays(toDay('2024-04-01'), -2)), '2024-03-27');
    assert.equal(toIso(previousTradingDay(toDay('2001-09-17'))), '2001-09-10'); // over the 9/11 closure
    assert.equal(toIso(addTradingDays(toDay('2024-12-31'), 1)), '2025-01-02');
    assert.equal(toIso(addTradingDays(toDay('2024-06-15'), 0)), '2024-06-15');
    assert.equal(tradingDays(toDay('2024-02-01'), toDay('2024-01-01')).length, 0);
  });

  it('matches every trading day of SPY from 1994 to 2026-06-05', { skip: skipWithoutRealData }, () => {
    const fileDays = firstColumnDates(join(realDataDir() ?? '', 'market', 'SPY_daily_yahoo.csv'), '1994-01-01', '2026-06-05');
    assert.deepEqual(compare(fileDays, '1994-01-01', '2026-06-05'), { missingInFile: [], notTrading: [] });
  });

  it('matches every trading day of the S&P 500 index from 1985 to 1993', { skip: skipWithoutRealData }, () => {
    const fileDays = firstColumnDates(join(realDataDir() ?? '', 'market', 'GSPC_daily_1927-2020_yahoo.csv'), '1985-01-01', '1993-12-31');
    assert.ok(fileDays.size > 2200);
    assert.deepEqual(compare(fileDays, '1985-01-01', '1993-12-31'), { missingInFile: [], notTrading: [] });
  });
});

/** The ISO dates in the first column of a CSV with a header row, within [from, to]. */
function firstColumnDates(path: string, from: string, to: string): Set<string> {
  const lines = readFileSync(path, 'utf8').split('\n').slice(1);
  return new Set(lines.map((l) => l.slice(0, 10)).filter((d) => d >= from && d <= to));
}

/** Calendar trading days missing from the file, and file dates the calendar calls closed. */
function compare(fileDays: Set<string>, from: string, to: string): { missingInFile: string[]; notTrading: string[] } {
  const calendar = Array.from(tradingDays(toDay(from), toDay(to)), toIso);
  return { missingInFile: calendar.filter((d) => !fileDays.has(d)), notTrading: [...fileDays].filter((d) => !isTradingDay(toDay(d))) };
}
