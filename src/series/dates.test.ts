import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOf, daysInMonth, isIsoDate, toDay, toIso, weekday, ymd } from './dates.ts';

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
  it('converts like Date for every day from 1600 to 2400, and at the ends of four-digit years', () => {
    const MS = 86_400_000;
    const check = (d: number) => {
      const date = new Date(d * MS);
      const iso = date.toISOString().slice(0, 10);
      assert.equal(toIso(d), iso);
      assert.deepEqual(ymd(d), { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
      assert.equal(toDay(iso), d);
    };
    for (let d = toDay('1600-01-01'); d <= toDay('2400-12-31'); d++) check(d);
    for (const d of [toDay('0000-01-01'), toDay('0000-01-01') + 59, toDay('0100-03-01') - 1, toDay('9999-12-31')]) check(d);
    // Outside four-digit years and for fractions, Date's own answer.
    assert.equal(toIso(toDay('9999-12-31') + 1), '+010000-01-01'.slice(0, 10));
    assert.equal(toIso(0.5), '1970-01-01');
    for (let y = 1896; y <= 2404; y++) for (let m = 1; m <= 12; m++) assert.equal(daysInMonth(y, m), new Date(Date.UTC(y, m, 0)).getUTCDate(), `${y}-${m}`);
  });
});
