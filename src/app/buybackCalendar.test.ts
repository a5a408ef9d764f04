import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { smallEarningsCalendar } from '../testing/earningsCalendar.ts';
import type { IsoDate } from '../series/types.ts';
import { calendarCovers, reportDatesAssumption, resolveBuybackInput } from './buybackCalendar.ts';

const calendar = smallEarningsCalendar;

describe('the buyback window\'s report dates: flags > stored calendar > seasonal model', () => {
  it('covers a date whose blackout range (2 days before to 42 after) reaches the seasons of 2023-12-31 … 2024-09-30 results', () => {
    const cal = calendar();
    // 2023-11-20 + 42 days = 2024-01-01: the season of the 2023-12-31 results, covered.
    assert.equal(calendarCovers(cal, toDay('2023-11-20')), true);
    // 2023-11-19 + 42 = 2023-12-31, still the season of the 2023-09-30 results: not covered.
    assert.equal(calendarCovers(cal, toDay('2023-11-19')), false);
    // 2025-01-02 − 2 = 2024-12-31, still the season of the 2024-09-30 results (covered); 2025-01-01 starts the next.
    assert.equal(calendarCovers(cal, toDay('2025-01-02')), true);
    assert.equal(calendarCovers(cal, toDay('2025-01-03')), false);
    assert.equal(calendarCovers(cal, toDay('2015-06-01')), false);
  });

  it('uses the stored calendar inside its span: all of the index in blackout six weeks before both companies report', () => {
    const input = resolveBuybackInput(toDay('2024-07-01'), { calendar: calendar() });
    assert.equal(input.from, 'stored calendar');
    assert.equal(input.reports?.length, 8);
    assert.equal(
      input.note,
      'buyback window from 8 company earnings dates imported 2026-12-01 from sp500_earnings_dates_x.csv with weights from sp500_weights_x.csv (2 companies; one weight snapshot for every date); the rest of the index, and seasons outside the calendar\'s (results to 2023-12-31 … 2024-09-30), from the seasonal model; report dates after 2024-07-01 as scheduled in the calendar (companies announce them weeks ahead)',
    );
    assert.equal(reportDatesAssumption(input).value, 'stored calendar');
    assert.equal(reportDatesAssumption(input).source, input.note);
  });

  it('falls back to the seasonal model outside the span, and without a calendar, saying why', () => {
    const old = resolveBuybackInput(toDay('2015-06-01'), { calendar: calendar() });
    assert.equal(old.from, 'seasonal model');
    assert.equal(old.reports, undefined);
    assert.equal(old.note, 'buyback window from the seasonal model: the stored S&P 500 earnings calendar (results to 2023-12-31 … 2024-09-30) does not cover 2015-06-01');
    const none = resolveBuybackInput(toDay('2024-07-01'));
    assert.equal(none.from, 'seasonal model');
    assert.match(none.note, /no S&P 500 earnings calendar in the store: `flowlens sync --from DIR` imports it/);
  });

  it('flags win over the stored calendar', () => {
    const input = resolveBuybackInput(toDay('2024-07-01'), { calendar: calendar(), flags: { reports: [{ ticker: 'AAPL', date: '2024-08-01' as IsoDate, weight: 1 }], source: 'mine.csv', notes: ['x'] } });
    assert.equal(input.from, 'flags');
    assert.deepEqual(input.reports, [{ date: '2024-08-01', weight: 1 }]);
    assert.equal(input.note, 'buyback window from 1 company earnings dates in mine.csv (1 companies); the rest of the index from the seasonal model');
    assert.deepEqual(input.notes, ['x']);
  });
});
