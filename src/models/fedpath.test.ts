import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FomcMeeting } from '../series/calendars/fomc.ts';
import type { IsoDate } from '../series/types.ts';
import { billBondEquivalent, curvePath, effrAfter, oddsSwings, splitMove } from './fedpath.ts';

const meeting = (date: string, scheduled = true): FomcMeeting => ({ date: date as IsoDate, scheduled, sep: false });
const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps;

describe('FedWatch arithmetic', () => {
  it('backs the post-meeting rate out of the month average', () => {
    // Pre 5.33, decision on the 15th of a 30-day month, average 5.205 → post 5.08: a full 25 bp cut.
    assert.ok(close(effrAfter(5.205, 5.33, 15, 30), 5.08));
  });

  it('splits a fractional move between the two nearest quarter points', () => {
    assert.deepEqual(splitMove(-0.6).map((x) => Number(x.toFixed(10))), [-1, 0.6, 0.4]);
    assert.deepEqual(splitMove(1), [1, 1, 0]);
  });

  it('converts a bill discount to a bond-equivalent yield', () => {
    // 5.25% discount, 91 days: 365·0.0525/(360 − 91·0.0525) = 5.3946%
    assert.ok(close(billBondEquivalent(5.25), (100 * 365 * 0.0525) / (360 - 91 * 0.0525)));
  });

  it('fits the curve path to the 3-month bill and the 2-year yield', () => {
    const ms = [meeting('2026-09-16'), meeting('2026-10-28'), meeting('2026-12-09'), meeting('2027-01-27'), meeting('2027-03-17')];
    const r = curvePath({ tradeDate: '2026-08-20' as IsoDate, range: [3.5, 3.75], effr: 3.63, bill3m: 3.4, yield2y: 3.3, meetings: ms });
    assert.equal(r.method, 'short-rate curve (approximation)');
    assert.ok((r.meetings[0]?.cut ?? 0) > 0, 'a bill below EFFR prices a cut');
    assert.equal(r.meetings.length, 5);
    const wide = curvePath({ tradeDate: '2026-08-20' as IsoDate, range: [3.5, 3.75], effr: 3.63, bill3m: 3.4, yield2y: 3.3, meetings: ms, billSpreadBp: -10 });
    assert.equal(wide.assumptions.find((a) => a.name === 'billSpreadBp')?.value, -10);
    // A bill 10 bp below expected EFFR: the same bill now implies 10 bp less easing over 91 days.
    assert.ok((wide.meetings[0]?.expectedMoveBp ?? 0) > (r.meetings[0]?.expectedMoveBp ?? 0));
  });

  it('solves the curve step by hand: one meeting 28 days out, bill implying a full cut', () => {
    // Decision 2026-09-16, new rate from 09-17: in force 91 − 28 = 63 of the bill's 91 days.
    // A bill averaging 3.63 − 0.25·63/91 (bond-equivalent) means one 25 bp cut: s = −0.25.
    const y = (3.63 - (0.25 * 63) / 91) / 100;
    const discount = (100 * 360 * y) / (365 + 91 * y); // inverse of BEY = 365·d/(360 − 91·d)
    const r = curvePath({ tradeDate: '2026-08-20' as IsoDate, range: [3.5, 3.75], effr: 3.63, bill3m: discount, yield2y: 3.0, meetings: [meeting('2026-09-16')] });
    assert.ok(close(r.meetings[0]?.effrPost ?? 0, 3.38, 1e-9));
    assert.ok(close(r.meetings[0]?.cut ?? 0, 100, 1e-6));
    assert.deepEqual(Object.keys(r.meetings[0]?.ranges ?? {}), ['3.25']);
  });

  it('keeps a scheduled meeting on the curve until the day it was cancelled', () => {
    const ms = [meeting('2020-03-15', false), { ...meeting('2020-03-18'), cancelledOn: '2020-03-15' as IsoDate }, meeting('2020-04-29')];
    const before = curvePath({ tradeDate: '2020-03-13' as IsoDate, range: [1, 1.25], effr: 1.1, bill3m: 0.27, yield2y: 0.49, meetings: ms });
    assert.equal(before.meetings[0]?.meeting, '2020-03-18');
    const after = curvePath({ tradeDate: '2020-03-16' as IsoDate, range: [0, 0.25], effr: 0.25, bill3m: 0.24, yield2y: 0.36, meetings: ms });
    assert.equal(after.meetings[0]?.meeting, '2020-04-29');
  });
});

describe('oddsSwings', () => {
  it('counts the 80 → 30 → 80 swings of the thesis', () => {
    const h = [80, 75, 50, 30, 45, 80, 82].map((cut, i) => ({ tradeDate: `2026-01-0${i + 1}` as IsoDate, cut, hike: 0 }));
    assert.deepEqual(oddsSwings(h, 30).map((s) => [s.fromPct, s.toPct, s.sizePct]), [
      [80, 30, 50],
      [30, 82, 52],
    ]);
    assert.deepEqual(oddsSwings(h, 60), []);
  });
});

