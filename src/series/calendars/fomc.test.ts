import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { toDay, toIso } from '../dates.ts';
import { isTradingDay } from './nyse.ts';
import { FOMC_CALENDAR_END, FOMC_MEETING_DAYS, FOMC_MEETINGS, meetingsBetween, nextMeeting, previousMeeting } from './fomc.ts';

describe('FOMC calendar', () => {
  it('has eight scheduled meetings a year (2020 counting the cancelled 18 March)', () => {
    for (let y = 2000; y <= 2027; y++) {
      const n = FOMC_MEETINGS.filter((m) => m.scheduled && m.date.startsWith(`${y}-`)).length;
      assert.equal(n, 8, String(y));
    }
    assert.equal(FOMC_MEETINGS.find((m) => m.date === '2020-03-18')?.cancelledOn, '2020-03-15');
    assert.equal(FOMC_CALENDAR_END, '2027-12-08');
  });

  it('is sorted, without duplicates, with day numbers matching the dates', () => {
    for (let i = 1; i < FOMC_MEETINGS.length; i++) assert.ok((FOMC_MEETINGS[i - 1]?.date ?? '') < (FOMC_MEETINGS[i]?.date ?? ''), FOMC_MEETINGS[i]?.date);
    assert.deepEqual(Array.from(FOMC_MEETING_DAYS, toIso), FOMC_MEETINGS.map((m) => m.date));
  });

  it('lists the Fed\'s published 2026 and tentative 2027 schedules (second days)', () => {
    assert.deepEqual(meetingsBetween('2026-01-01', '2026-12-31').map((m) => m.date.slice(5)), ['01-28', '03-18', '04-29', '06-17', '07-29', '09-16', '10-28', '12-09']);
    // FOMC press release of 2025-09-05.
    assert.deepEqual(meetingsBetween(toDay('2027-01-01'), toDay('2027-12-31')).map((m) => m.date.slice(5)), ['01-27', '03-17', '04-28', '06-09', '07-28', '09-15', '10-27', '12-08']);
  });

  it('flags the unscheduled moves of 2001, 2008 and 2020', () => {
    assert.deepEqual(FOMC_MEETINGS.filter((m) => !m.scheduled).map((m) => m.date), ['2001-01-03', '2001-04-18', '2001-09-17', '2008-01-22', '2008-10-08', '2020-03-03', '2020-03-15']);
  });

  it('holds every decision on a weekday the market is open, or a Sunday call', () => {
    for (const m of FOMC_MEETINGS) assert.ok(isTradingDay(toDay(m.date)) || m.date === '2020-03-15', m.date);
  });

  it('finds the next and previous meetings', () => {
    // The 2026 calendar counts as announced on 2025-10-01 (calendarAnnounced: 1 October of the year before when the date is unknown).
    assert.deepEqual(nextMeeting(toDay('2026-11-24')), { date: '2026-12-09', scheduled: true, sep: true, announced: '2025-10-01' });
    assert.equal(previousMeeting(toDay('2026-11-24'))?.date, '2026-10-28');
    assert.equal(previousMeeting(toDay('2026-10-28'))?.date, '2026-10-28'); // at or before
    assert.equal(nextMeeting(toDay('2026-10-28'))?.date, '2026-12-09'); // strictly after
    assert.equal(nextMeeting(toDay('2027-12-08')), undefined);
    assert.equal(previousMeeting(toDay('2000-01-01')), undefined);
    assert.equal(previousMeeting(toDay('2020-03-20'))?.date, '2020-03-15'); // the cancelled 03-18 is skipped
    assert.equal(nextMeeting(toDay('2020-03-04'))?.date, '2020-03-15');
    assert.equal(nextMeeting(toDay('2020-03-04'), { scheduledOnly: true })?.date, '2020-04-29');
    assert.deepEqual(meetingsBetween('2025-01-01', '2025-12-31').map((m) => m.date.slice(5)), ['01-29', '03-19', '05-07', '06-18', '07-30', '09-17', '10-29', '12-10']);
  });

  it('marks projection (dot plot) meetings', () => {
    assert.deepEqual(meetingsBetween('2024-01-01', '2024-12-31').filter((m) => m.sep).map((m) => m.date), ['2024-03-20', '2024-06-12', '2024-09-18', '2024-12-18']);
    // The first SEP came with the October 2007 meeting; none before, none at the cancelled March 2020 one.
    assert.deepEqual(meetingsBetween('2007-01-01', '2008-01-31').filter((m) => m.sep).map((m) => m.date), ['2007-10-31', '2007-12-11', '2008-01-30']);
    assert.equal(FOMC_MEETINGS.find((m) => m.date === '2020-03-18')?.sep, false);
    assert.equal(FOMC_MEETINGS.find((m) => m.date === '2020-06-10')?.sep, true);
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
