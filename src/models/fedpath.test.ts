import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { FomcMeeting } from '../series/calendars/fomc.ts';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import type { FuturesQuote, IsoDate } from '../series/types.ts';
import { contractMonth, parseFedFundsFuturesCsv } from '../sources/fedFutures.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { billBondEquivalent, curvePath, effrAfter, fedWatch, oddsHistory, oddsSwings, splitMove } from './fedpath.ts';

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

  it('prices a 100% and a 50% cut from synthetic futures', () => {
    // June 2026 (30 days), meeting on the 15th; a meeting-free July anchors nothing further.
    const q = (avg: number): FuturesQuote[] => [{ month: '2026-06', price: 100 - avg }];
    const full = fedWatch({ tradeDate: '2026-06-01' as IsoDate, quotes: q(5.205), range: [5.25, 5.5], effr: 5.33, meetings: [meeting('2026-06-15')] });
    assert.ok(close(full.meetings[0]?.cut ?? 0, 100));
    assert.deepEqual(Object.keys(full.meetings[0]?.ranges ?? {}), ['5.00']);
    const half = fedWatch({ tradeDate: '2026-06-01' as IsoDate, quotes: q(5.2675), range: [5.25, 5.5], effr: 5.33, meetings: [meeting('2026-06-15')] });
    assert.ok(close(half.meetings[0]?.cut ?? 0, 50, 1e-6));
    assert.ok(close(half.meetings[0]?.hold ?? 0, 50, 1e-6));
  });

  it('ignores unscheduled meetings the market could not know of', () => {
    const r = fedWatch({
      tradeDate: '2020-03-13' as IsoDate,
      quotes: [{ month: '2020-03', price: 99.4 }],
      range: [1, 1.25],
      effr: 1.1,
      meetings: [meeting('2020-03-15', false), meeting('2020-03-18')],
    });
    assert.equal(r.meetings[0]?.meeting, '2020-03-18');
  });

  it('floors the tree at the 0–0.25% range and says so', () => {
    // Range 0–0.25, EFFR 0.10, September (30 days) meeting on the 16th, average 0.0679:
    // post = (30·0.0679 − 16·0.10)/14 = 0.0312 → −0.275 steps: 27.5% of a "cut" below zero.
    const r = fedWatch({ tradeDate: '2026-09-01' as IsoDate, quotes: [{ month: '2026-09', price: 100 - 0.0679 }], range: [0, 0.25], effr: 0.1, meetings: [meeting('2026-09-16')] });
    assert.deepEqual(Object.keys(r.meetings[0]?.ranges ?? {}), ['0.00']);
    assert.ok(close(r.meetings[0]?.hold ?? 0, 100));
    assert.equal(r.meetings[0]?.cut, 0);
    assert.match(r.notes.join('\n'), /zero lower bound/);
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

describe('fed funds futures files', () => {
  it('reads CME symbols', () => {
    assert.equal(contractMonth('ZQF00'), '2000-01');
    assert.equal(contractMonth('ZQZ98'), '1998-12');
    assert.equal(contractMonth('ESZ24'), undefined);
  });
  it('reads both layouts and names a bad line', () => {
    const h = parseFedFundsFuturesCsv('symbol,date,open,high,low,close,volume,open_interest\nZQH22,2022-03-15,99.7,99.7,99.7,99.7,1,1\n', 'a.csv');
    assert.deepEqual(h.get('2022-03-15' as IsoDate), [{ month: '2022-03', price: 99.7 }]);
    const one = parseFedFundsFuturesCsv('contract,price\n2026-12,96.4\n', 'b.csv', '2026-11-24' as IsoDate);
    assert.equal(one.get('2026-11-24' as IsoDate)?.[0]?.price, 96.4);
    assert.throws(() => parseFedFundsFuturesCsv('contract,price\n2026-12,abc\n', 'b.csv', '2026-11-24' as IsoDate), /b\.csv:2: price is not a number/);
    assert.throws(() => parseFedFundsFuturesCsv('contract,price\n2026-12,96\n', 'b.csv'), /give it with --date/);
    assert.throws(() => parseFedFundsFuturesCsv('a,b\n1,2\n', 'c.csv'), /c\.csv:1: expected columns/);
  });
});

describe('FedWatch on CME settlements', { skip: skipWithoutRealData }, () => {
  let futures: ReturnType<typeof parseFedFundsFuturesCsv>;
  before(() => {
    const path = join(realDataDir() ?? '', 'rates', 'fed_funds_futures_daily.csv');
    futures = parseFedFundsFuturesCsv(readFileSync(path, 'utf8'), path);
  });
  const odds = (date: string, range: [number, number], effr: number) =>
    fedWatch({ tradeDate: date as IsoDate, quotes: futures.get(date as IsoDate) ?? [], range, effr, meetings: FOMC_MEETINGS }).meetings[0];

  it('priced the first hike of 2022 as certain the day before (2022-03-15)', () => {
    const m = odds('2022-03-15', [0, 0.25], 0.08);
    assert.equal(m?.meeting, '2022-03-16');
    assert.ok(close(m?.hike ?? 0, 100));
    // By hand: ZQH22 settled 99.785 → March average 0.215; decision on the 16th of 31 days:
    // post = (31·0.215 − 16·0.08)/15 = 0.359; +27.9 bp = 1.116 steps → 88.4% +25 bp, 11.6% +50 bp.
    assert.ok(close(m?.effrPost ?? 0, 0.359, 1e-9));
    assert.ok(close(m?.ranges['0.25'] ?? 0, 88.4, 1e-6) && close(m?.ranges['0.50'] ?? 0, 11.6, 1e-6));
  });

  it('priced the July 2019 cut as certain, mostly 25 bp (2019-07-30)', () => {
    const m = odds('2019-07-30', [2.25, 2.5], 2.4);
    assert.ok(close(m?.cut ?? 0, 100));
    // By hand: the decision on 31 July leaves no July day at the new rate, so the meeting-free
    // August contract (ZQQ19 97.8925 → 2.1075) is the post-rate: −29.25 bp = −1.17 steps.
    assert.ok(close(m?.effrPost ?? 0, 2.1075, 1e-9));
    assert.ok(close(m?.ranges['2.00'] ?? 0, 83, 1e-6) && close(m?.ranges['1.75'] ?? 0, 17, 1e-6));
  });

  it('priced a big cut for the 18 March 2020 meeting on Friday 13 March 2020', () => {
    const m = odds('2020-03-13', [1, 1.25], 1.1);
    assert.equal(m?.meeting, '2020-03-18');
    // By hand: ZQH20 99.28 → 0.72; post = (31·0.72 − 18·1.10)/13 = 0.19385 → −90.6 bp = −3.62 steps:
    // 62.5% of 100 bp (to 0–0.25%), 37.5% of 75 bp.
    assert.ok(close(m?.effrPost ?? 0, (31 * 0.72 - 18 * 1.1) / 13, 1e-9));
    assert.ok(close(m?.ranges['0.00'] ?? 0, 62.4615, 1e-3) && close(m?.ranges['0.25'] ?? 0, 37.5385, 1e-3));
  });

  it('agrees with the short-rate curve approximation within 10 bp on clear-cut dates', () => {
    // [date, range, EFFR, DTB3, DGS2] as published (FRED) for each trade date.
    const cases: [string, [number, number], number, number, number][] = [
      ['2019-07-30', [2.25, 2.5], 2.39, 2.04, 1.85],
      ['2022-03-15', [0, 0.25], 0.08, 0.46, 1.85],
      ['2023-07-25', [5, 5.25], 5.08, 5.28, 4.85],
    ];
    for (const [date, range, effr, bill3m, yield2y] of cases) {
      const f = odds(date, range, effr);
      const c = curvePath({ tradeDate: date as IsoDate, range, effr, bill3m, yield2y, meetings: FOMC_MEETINGS }).meetings[0];
      assert.equal(c?.meeting, f?.meeting, date);
      assert.ok(Math.abs((c?.expectedMoveBp ?? 0) - (f?.expectedMoveBp ?? 0)) < 10, `${date}: curve ${c?.expectedMoveBp} vs futures ${f?.expectedMoveBp}`);
      assert.equal(Math.sign(c?.expectedMoveBp ?? 0), Math.sign(f?.expectedMoveBp ?? 0), date);
    }
  });

  it('shows the odds of the September 2019 cut swinging', () => {
    const h = oddsHistory(futures, '2019-09-18' as IsoDate, FOMC_MEETINGS, () => [2, 2.25], () => 2.13, '2019-08-01' as IsoDate);
    assert.ok(h.length > 25);
    assert.ok(h.every((p) => p.cut >= 0 && p.cut <= 100 + 1e-9));
  });
});
