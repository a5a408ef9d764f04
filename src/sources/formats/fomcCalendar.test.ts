import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FOMC_MEETINGS } from '../../series/calendars/fomc.ts';
import { MAX_MEETING_GAP_DAYS, parseFomcCalendarCsv } from './fomcCalendar.ts';

const CAL = 'date,announced\n2024-01-31,2022-08-05\n2024-03-20,\n2024-05-01,\n2024-06-12,\n2024-07-31,\n';

describe('a user FOMC calendar (fed --calendar FILE)', () => {
  it('reads date,announced: every meeting scheduled, the announcement where given', () => {
    const m = parseFomcCalendarCsv(CAL, 'cal.csv');
    assert.equal(m.length, 5);
    assert.deepEqual(m[0], { date: '2024-01-31', scheduled: true, sep: false, announced: '2022-08-05' });
    assert.deepEqual(m[1], { date: '2024-03-20', scheduled: true, sep: false });
    assert.deepEqual(parseFomcCalendarCsv('date\n2024-01-31\n2024-03-20\n', 'c.csv').length, 2);
  });

  it('accepts the Fed\'s own schedule 2000–2027: no gap between scheduled meetings reaches 10 weeks (the longest is 58 days)', () => {
    const scheduled = FOMC_MEETINGS.filter((x) => x.scheduled);
    const text = `date,announced\n${scheduled.map((x) => `${x.date},${x.announced ?? ''}`).join('\n')}\n`;
    const m = parseFomcCalendarCsv(text, 'fed.csv');
    assert.equal(m.length, scheduled.length);
    assert.equal(MAX_MEETING_GAP_DAYS, 70);
  });

  it('refuses a skipped month, unsorted or repeated dates, bad dates and late announcements, naming the file and line', () => {
    const bad = (text: string, re: RegExp) => assert.throws(() => parseFomcCalendarCsv(text, 'cal.csv'), (e: Error) => e.name === 'DataFormatError' && re.test(e.message) && !e.message.includes('\n'));
    // 2024-06-12 left out: 2024-05-01 → 2024-07-31 is 91 days.
    bad(CAL.replace('2024-06-12,\n', ''), /^cal\.csv:5: 2024-07-31 is 91 days after 2024-05-01 on line 4: scheduled meetings are at most 10 weeks apart, a month looks skipped$/);
    bad(CAL.replace('2024-05-01,\n2024-06-12,', '2024-06-12,\n2024-05-01,'), /^cal\.csv:5: 2024-05-01 comes before 2024-06-12 on line 4 \(sort the meetings by date\)$/);
    bad(CAL.replace('2024-05-01,\n', '2024-05-01,\n2024-05-01,\n'), /^cal\.csv:5: 2024-05-01 repeats line 4 \(one meeting per line\)$/);
    bad(CAL.replace('2024-05-01', '2024-02-30'), /^cal\.csv:4: field "date": expected a date YYYY-MM-DD, got "2024-02-30"$/);
    bad(CAL.replace('2024-03-20,', '2024-03-20,2024-04-01'), /^cal\.csv:3: field "announced": 2024-04-01 is after the meeting 2024-03-20$/);
    bad(CAL.replace('2024-03-20,', '2024-03-20,soon'), /^cal\.csv:3: field "announced": expected a date YYYY-MM-DD or nothing, got "soon"$/);
    bad('meeting,announced\n2024-01-31,\n', /^cal\.csv:1: expected the header date,announced; found meeting,announced$/);
    bad('date,announced\n', /^cal\.csv: (no meetings in the file|.*empty)/);
  });
});
