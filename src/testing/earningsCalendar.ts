import type { EarningsCalendar } from '../series/earningsCalendar.ts';
import type { IsoDate } from '../series/types.ts';

/** A small stored calendar for tests: two companies (60% and 40% of the index) reporting each season of 2024. */
export function smallEarningsCalendar(): EarningsCalendar {
  const dates = ['2024-01-25', '2024-04-25', '2024-07-25', '2024-10-24'];
  return {
    importedAt: '2026-12-01T10:00:00.000Z',
    sources: { dates: { file: 'sp500_earnings_dates_x.csv', bytes: 1, sha256: 'a' }, weights: { file: 'sp500_weights_x.csv', bytes: 1, sha256: 'b' } },
    reports: dates.flatMap((d) => [
      { ticker: 'AAA', date: d as IsoDate, weight: 0.6 },
      { ticker: 'BBB', date: d as IsoDate, weight: 0.4 },
    ]),
    weights: { AAA: 0.6, BBB: 0.4 },
    withoutWeight: [],
    withoutDates: [],
    duplicatesDropped: 0,
  };
}
