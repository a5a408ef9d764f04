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
    assert.ok((m?.ranges['0.25'] ?? 0) > 80);
  });

  it('priced the July 2019 cut as certain, mostly 25 bp (2019-07-30)', () => {
    const m = odds('2019-07-30', [2.25, 2.5], 2.4);
    assert.ok(close(m?.cut ?? 0, 100));
    assert.ok((m?.ranges['2.00'] ?? 0) > 70 && (m?.ranges['1.75'] ?? 0) > 5);
  });

  it('priced a big cut for the 18 March 2020 meeting on Friday 13 March 2020', () => {
    const m = odds('2020-03-13', [1, 1.25], 1.1);
    assert.equal(m?.meeting, '2020-03-18');
    assert.ok((m?.expectedMoveBp ?? 0) < -50);
  });

  it('shows the odds of the September 2019 cut swinging', () => {
    const h = oddsHistory(futures, '2019-09-18' as IsoDate, FOMC_MEETINGS, () => [2, 2.25], () => 2.13, '2019-08-01' as IsoDate);
    assert.ok(h.length > 25);
    assert.ok(h.every((p) => p.cut >= 0 && p.cut <= 100 + 1e-9));
  });
});
