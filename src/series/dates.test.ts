import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOf, isIsoDate, toDay, toIso, weekday, ymd } from './dates.ts';

describe('dates', () => {
  it('numbers days from 1970-01-01', () => {
    assert.equal(toDay('1970-01-01'), 0);
    assert.equal(toDay('2000-03-01'), 11017);
    assert.equal(toIso(11017), '2000-03-01');
    assert.equal(toDay('1969-12-31'), -1);
    assert.equal(dayOf(2026, 8, 19), toDay('2026-08-19'));
  });
  it('round-trips every day of a leap year', () => {
    for (let d = toDay('2024-01-01'); d <= toDay('2024-12-31'); d++) assert.equal(toDay(toIso(d)), d);
  });
  it('rejects impossible and malformed dates', () => {
    assert.equal(isIsoDate('2025-02-29'), false);
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2024-2-9'), false);
    assert.throws(() => toDay('08/19/2026'), /not an ISO date/);
  });
  it('knows the weekday: 2026-11-24 is a Tuesday', () => {
    assert.equal(weekday(toDay('2026-11-24')), 2);
    assert.equal(weekday(toDay('1970-01-01')), 4);
    assert.deepEqual(ymd(toDay('2026-11-24')), { year: 2026, month: 11, day: 24 });
  });
});
