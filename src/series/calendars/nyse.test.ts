import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { toDay, toIso } from '../dates.ts';
import { addTradingDays, easter, holidayName, isEarlyClose, isTradingDay, nextTradingDay, tradingDays } from './nyse.ts';

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

  it('counts 250 trading days in 2023 and 252 in 2024', () => {
    assert.equal(tradingDays(toDay('2023-01-01'), toDay('2023-12-31')).length, 250);
    assert.equal(tradingDays(toDay('2024-01-01'), toDay('2024-12-31')).length, 252);
  });

  it('marks the 1 p.m. early closes', () => {
    assert.equal(isEarlyClose(toDay('2025-11-28')), true); // day after Thanksgiving
    assert.equal(isEarlyClose(toDay('2024-12-24')), true);
    assert.equal(isEarlyClose(toDay('2024-07-03')), true);
    assert.equal(isEarlyClose(toDay('2024-07-02')), false);
  });

  it('steps over weekends and holidays', () => {
    assert.equal(toIso(nextTradingDay(toDay('2024-03-28'))), '2024-04-01'); // over Good Friday and the weekend
    assert.equal(toIso(addTradingDays(toDay('2024-04-01'), -2)), '2024-03-27');
  });

  it('matches every trading day of SPY from 1994 to 2026-06-05', { skip: skipWithoutRealData }, () => {
    const dir = realDataDir() ?? '';
    const fileDays = new Set(
      readFileSync(join(dir, 'market', 'SPY_daily_yahoo.csv'), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.slice(0, 10))
        .filter((d) => d >= '1994-01-01'),
    );
    const calendar = Array.from(tradingDays(toDay('1994-01-01'), toDay('2026-06-05')), toIso);
    const missingInFile = calendar.filter((d) => !fileDays.has(d));
    const notTrading = [...fileDays].filter((d) => !isTradingDay(toDay(d)));
    assert.deepEqual({ missingInFile, notTrading }, { missingInFile: [], notTrading: [] });
  });
});
