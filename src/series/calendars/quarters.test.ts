import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../../core/errors.ts';
import { toDay, toIso } from '../dates.ts';
import { addTradingDays } from './nyse.ts';
import {
  businessDaysBetween,
  earningsSeason,
  endOfQuarter,
  lastTradingDayOfQuarter,
  previousQuarterEnd,
  quarterEnd,
  quarterEndsBetween,
  quarterLabel,
  quarterOf,
  quarterStart,
  startOfQuarter,
} from './quarters.ts';

const d = toDay;

describe('quarters', () => {
  it('places a date in its calendar quarter', () => {
    assert.deepEqual(quarterOf(d('2026-11-24')), { year: 2026, quarter: 4 });
    assert.deepEqual(quarterOf(d('2026-03-31')), { year: 2026, quarter: 1 });
    assert.deepEqual(quarterOf(d('2026-04-01')), { year: 2026, quarter: 2 });
    assert.equal(toIso(quarterStart(d('2026-08-19'))), '2026-07-01');
    assert.equal(toIso(quarterEnd(d('2026-08-19'))), '2026-09-30');
    assert.equal(toIso(quarterEnd(d('2024-02-29'))), '2024-03-31');
    assert.equal(toIso(quarterEnd(d('2025-12-31'))), '2025-12-31');
    assert.equal(quarterLabel(d('2026-08-19')), '2026Q3');
  });

  it('gives quarter bounds by number, across the year end', () => {
    assert.deepEqual([1, 2, 3, 4].map((q) => `${toIso(startOfQuarter(2026, q))}..${toIso(endOfQuarter(2026, q))}`), [
      '2026-01-01..2026-03-31',
      '2026-04-01..2026-06-30',
      '2026-07-01..2026-09-30',
      '2026-10-01..2026-12-31',
    ]);
    assert.throws(() => endOfQuarter(2026, 5), ParameterError);
  });

  it('finds the quarter being reported: the last quarter end strictly before', () => {
    assert.equal(toIso(previousQuarterEnd(d('2026-04-01'))), '2026-03-31');
    assert.equal(toIso(previousQuarterEnd(d('2026-06-30'))), '2026-03-31');
    assert.equal(toIso(previousQuarterEnd(d('2026-01-15'))), '2025-12-31');
  });

  it('lists quarter ends in a range', () => {
    assert.deepEqual(quarterEndsBetween(d('2025-12-31'), d('2026-09-30')).map(toIso), ['2025-12-31', '2026-03-31', '2026-06-30', '2026-09-30']);
    assert.deepEqual(quarterEndsBetween(d('2026-01-01'), d('2026-03-30')), []);
  });
});

describe('business days', () => {
  it('counts NYSE trading days after from, up to and including to', () => {
    assert.equal(businessDaysBetween(d('2024-03-28'), d('2024-04-01')), 1); // Good Friday + weekend skipped
    assert.equal(businessDaysBetween(d('2024-04-01'), d('2024-03-28')), -1);
    assert.equal(businessDaysBetween(d('2024-06-14'), d('2024-06-14')), 0);
    // 2023 had 250 trading days: from the last day of 2022 to the last day of 2023.
    assert.equal(businessDaysBetween(d('2022-12-31'), d('2023-12-31')), 250);
    assert.equal(businessDaysBetween(d('2001-09-10'), d('2001-09-17')), 1); // 9/11 closure
  });

  it('inverts addTradingDays', () => {
    for (const [start, n] of [['2024-12-20', 7], ['2025-01-10', -5], ['2026-11-25', 3]] as const) {
      assert.equal(businessDaysBetween(d(start), addTradingDays(d(start), n)), n, `${start} ${n}`);
    }
  });

  it('finds the last trading day of a quarter', () => {
    assert.equal(toIso(lastTradingDayOfQuarter(d('2024-02-10'))), '2024-03-28'); // Mar 29 2024 Good Friday, 30–31 weekend
    assert.equal(toIso(lastTradingDayOfQuarter(d('2026-05-01'))), '2026-06-30');
    assert.equal(toIso(lastTradingDayOfQuarter(d('2022-11-01'))), '2022-12-30');
  });

  it('places the earnings season after a quarter end', () => {
    const s = earningsSeason(d('2026-03-31'));
    assert.deepEqual([toIso(s.from), toIso(s.to)], ['2026-04-08', '2026-05-26']);
    const t = earningsSeason(d('2026-06-30'), { fromDay: 10, toDay: 45 });
    assert.deepEqual([toIso(t.from), toIso(t.to)], ['2026-07-10', '2026-08-14']);
    assert.throws(() => earningsSeason(d('2026-03-30')), /not a quarter end/);
    assert.throws(() => earningsSeason(d('2026-03-31'), { fromDay: 20, toDay: 10 }), ParameterError);
  });
});
