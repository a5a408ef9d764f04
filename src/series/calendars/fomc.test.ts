import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { toDay } from '../dates.ts';
import { isTradingDay } from './nyse.ts';
import { FOMC_CALENDAR_END, FOMC_MEETINGS, meetingsBetween, nextMeeting, previousMeeting } from './fomc.ts';

describe('FOMC calendar', () => {
  it('has eight scheduled meetings a year (2020 counting the cancelled 18 March)', () => {
    for (let y = 2000; y <= 2027; y++) {
      const n = FOMC_MEETINGS.filter((m) => m.scheduled && m.date.startsWith(`${y}-`)).length;
      assert.equal(n, 8, String(y));
    }
    assert.equal(FOMC_MEETINGS.find((m) => m.date === '2020-03-18')?.cancelledOn, '2020-03-15');
    assert.equal(FOMC_CALENDAR_END, '2027-12-08');
  });

  it('holds every decision on a weekday the market is open, or a Sunday call', () => {
    for (const m of FOMC_MEETINGS) assert.ok(isTradingDay(toDay(m.date)) || m.date === '2020-03-15', m.date);
  });

  it('finds the next and previous meetings', () => {
    assert.deepEqual(nextMeeting(toDay('2026-11-24')), { date: '2026-12-09', scheduled: true, sep: true });
    assert.equal(previousMeeting(toDay('2026-11-24'))?.date, '2026-10-28');
    assert.equal(nextMeeting(toDay('2020-03-04'))?.date, '2020-03-15');
    assert.equal(nextMeeting(toDay('2020-03-04'), { scheduledOnly: true })?.date, '2020-04-29');
    assert.deepEqual(meetingsBetween('2025-01-01', '2025-12-31').map((m) => m.date.slice(5)), ['01-29', '03-19', '05-07', '06-18', '07-30', '09-17', '10-29', '12-10']);
  });

  it('marks projection (dot plot) meetings', () => {
    assert.deepEqual(meetingsBetween('2024-01-01', '2024-12-31').filter((m) => m.sep).map((m) => m.date), ['2024-03-20', '2024-06-12', '2024-09-18', '2024-12-18']);
  });

  it('agrees with the pyfedwatch FOMC file since 2000 except its three wrong 2024 rows', { skip: skipWithoutRealData }, () => {
    const file = readFileSync(join(realDataDir() ?? '', 'rates', 'fomc_dates.csv'), 'utf8');
    const dates = file.split('\n').slice(1).map((l) => l.split(',')[0] ?? '').filter((d) => d >= '2000-01-01');
    const ours = new Set(FOMC_MEETINGS.map((m) => m.date));
    // The file's three 2024 rows below are off from the Fed's calendar (the decisions were on
    // 2024-06-12, 2024-09-18 — the 50 bp cut — and 2024-11-07); everything else matches.
    assert.deepEqual(dates.filter((d) => !ours.has(d as never)).sort(), ['2024-06-19', '2024-09-25', '2024-11-06']);
    assert.ok(dates.length > 150);
  });
});
