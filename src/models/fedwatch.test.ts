import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { FOMC_MEETINGS, type FomcMeeting } from '../series/calendars/fomc.ts';
import type { FuturesQuote, IsoDate } from '../series/types.ts';
import type { FuturesHistory } from '../series/zqContracts.ts';
import { parseFedFundsFuturesCsv } from '../sources/fedFutures.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { againstReference, detectSwings, fedWatchOn, fedWatchView, meetingCompare, meetingOddsHistories, meetingOddsHistory, type FedOddsContext } from './fedOdds.ts';
import { fedWatch, meetingsKnownOn } from './fedwatch.ts';

const meeting = (date: string, extra: Partial<FomcMeeting> = {}): FomcMeeting => ({ date: date as IsoDate, scheduled: true, sep: false, ...extra });
const close = (a: number | undefined, b: number, eps = 1e-9) => a !== undefined && Math.abs(a - b) <= eps;
const q = (month: string, rate: number, extra: Partial<FuturesQuote> = {}): FuturesQuote => ({ month, price: 100 - rate, ...extra });
const D = (s: string) => s as IsoDate;

describe('FedWatch month arithmetic (hand-computed, CME rules)', () => {
  // Range 5.00–5.25; June 2026 has 30 days, July 31.
  const base = { tradeDate: D('2026-05-10'), range: [5, 5.25] as const, calendarEnd: D('2026-12-31') };

  it('takes start and end from the meeting-free months around the meeting', () => {
    const r = fedWatch({ ...base, quotes: [q('2026-05', 5.0), q('2026-06', 5.1), q('2026-07', 5.25)], meetings: [meeting('2026-06-15')] });
    const m = r.meetings[0];
    assert.equal(m?.startFrom, 'meeting-free month before');
    assert.equal(m?.endFrom, 'meeting-free month after');
    assert.ok(close(m?.effrPre, 5) && close(m?.effrPost, 5.25));
    assert.ok(close(m?.hike, 100));
    assert.deepEqual(r.table.rows[0]?.p, [100]);
    assert.deepEqual(r.table.ranges, [[5.25, 5.5]]);
  });

  it('counts the old rate for d days and the new one for N − d (effective the day after the decision)', () => {
    // No July contract: end = (30·5.125 − 15·5.00)/15 = 5.25 → a full hike. With d − 1 days at the
    // old rate it would be (30·5.125 − 14·5)/16 = 5.234 → 93.75%.
    const r = fedWatch({ ...base, quotes: [q('2026-05', 5.0), q('2026-06', 5.125)], meetings: [meeting('2026-06-15')] });
    assert.equal(r.meetings[0]?.endFrom, 'own month (forward)');
    assert.ok(close(r.meetings[0]?.effrPost, 5.25));
    assert.ok(close(r.meetings[0]?.hike, 100));
  });

  it('chains back through consecutive meeting months from the next meeting-free month', () => {
    // Aug 5.50 is July's end; July's start = (31·avgJul − 2·5.50)/29 = 5.25 with avgJul = (29·5.25 + 2·5.5)/31;
    // June's end is July's start: +25 bp in June, +25 bp in July.
    const avgJul = (29 * 5.25 + 2 * 5.5) / 31;
    const r = fedWatch({ ...base, quotes: [q('2026-05', 5.0), q('2026-06', 5.2), q('2026-07', avgJul), q('2026-08', 5.5)], meetings: [meeting('2026-06-15'), meeting('2026-07-29')] });
    assert.deepEqual(r.meetings.map((m) => [m.startFrom, m.endFrom]), [
      ['meeting-free month before', 'next meeting (chained back)'],
      ['previous meeting', 'meeting-free month after'],
    ]);
    assert.ok(close(r.meetings[0]?.effrPost, 5.25) && close(r.meetings[1]?.effrPost, 5.5));
    assert.deepEqual(r.table.ranges, [[5.25, 5.5], [5.5, 5.75]]);
    assert.deepEqual(r.table.rows.map((x) => x.p.map((p) => Math.round(p))), [[100, 0], [0, 100]]);
  });

  it('backs the first start rate out of the contracts, not the spot EFFR', () => {
    // Trade date in the meeting month, May is a meeting month: start = (30·avgJun − 15·endJun)/15.
    const r = fedWatch({ ...base, tradeDate: D('2026-06-02'), effr: 4.9, quotes: [q('2026-06', 5.0625), q('2026-07', 5.0)], meetings: [meeting('2026-05-13'), meeting('2026-06-15')] });
    assert.equal(r.meetings[0]?.startFrom, 'own month (backed out)');
    assert.ok(close(r.meetings[0]?.effrPre, 5.125));
    assert.ok(close(r.meetings[0]?.cut, 50));
  });

  it('leaves out a contract that did not trade and falls back on the meeting month', () => {
    const stale = q('2026-07', 5.25, { volume: 0, prevPrice: 100 - 5.25 });
    const r = fedWatch({ ...base, quotes: [q('2026-05', 5.0), q('2026-06', 5.0625, { volume: 10, prevPrice: 94.9 }), stale], meetings: [meeting('2026-06-15')] });
    assert.deepEqual(r.excluded.map((e) => e.month), ['2026-07']);
    assert.equal(r.meetings[0]?.endFrom, 'own month (forward)');
    assert.ok(close(r.meetings[0]?.hike, 50));
    assert.match(r.notes.join('\n'), /not used \(did not trade\): 2026-07/);
    // Volume 0 but a new settlement: it is used.
    const moved = fedWatch({ ...base, quotes: [q('2026-05', 5.0), q('2026-06', 5.0625), q('2026-07', 5.25, { volume: 0, prevPrice: 94.8 })], meetings: [meeting('2026-06-15')] });
    assert.equal(moved.excluded.length, 0);
    assert.equal(moved.meetings[0]?.endFrom, 'meeting-free month after');
  });

  it('does not anchor on a month past the calendar published that day', () => {
    const r = fedWatch({ ...base, calendarEnd: D('2026-06-30'), quotes: [q('2026-05', 5.0), q('2026-06', 5.125), q('2026-07', 5.5)], meetings: [meeting('2026-06-15')] });
    assert.equal(r.meetings[0]?.endFrom, 'own month (forward)');
    assert.ok(close(r.meetings[0]?.effrPost, 5.25));
  });

  it('stops where no contract prices a decision on the last day of a month', () => {
    const r = fedWatch({ ...base, quotes: [q('2026-05', 5.0), q('2026-06', 5.0), q('2026-07', 5.0)], meetings: [meeting('2026-06-15'), meeting('2026-07-31')] });
    assert.equal(r.meetings.length, 1);
    assert.match(r.notes.join('\n'), /last day of 2026-07/);
  });

  it('sees only the meetings announced by the trade date', () => {
    const ms = [meeting('2026-06-15', { announced: D('2025-10-01') }), meeting('2027-01-27', { announced: D('2026-10-01') }), meeting('2026-07-01', { scheduled: false })];
    assert.deepEqual(meetingsKnownOn(ms, D('2026-05-10')).map((m) => m.date), ['2026-06-15']);
    assert.deepEqual(meetingsKnownOn(ms, D('2026-10-02')).map((m) => m.date), ['2027-01-27']);
  });
});

describe('swing detector', () => {
  const hist = (xs: number[]) => xs.map((cut, i) => ({ tradeDate: D(`2026-01-${String(i + 1).padStart(2, '0')}`), cut }));
  it('finds 80 → 30 → 80 and the events near it', () => {
    const s = detectSwings(hist([80, 78, 50, 30, 40, 70, 80, 81]), { minPts: 30, within: 5, reversedWithin: 5 }, [
      { date: D('2026-01-02'), label: 'Powell speech' },
      { date: D('2026-01-20'), label: 'minutes' },
    ]);
    assert.deepEqual(s.map((w) => [w.from, w.turn, w.back, w.fromPct, w.turnPct, w.backPct]), [['2026-01-01', '2026-01-04', '2026-01-08', 80, 30, 81]]);
    assert.deepEqual(s[0]?.near.map((e) => e.label), ['Powell speech']);
  });
  it('does not count a one-way repricing, nor a reversal that comes too late', () => {
    assert.deepEqual(detectSwings(hist([80, 60, 40, 30, 30, 30, 30]), { minPts: 30 }), []);
    assert.deepEqual(detectSwings(hist([80, 30, 30, 30, 30, 80]), { minPts: 30, within: 3, reversedWithin: 2 }), []);
  });
});

describe('meetingCompare: FedWatch now vs 1 day / 1 week / 1 month ago (hand-built settlements)', () => {
  // Meetings 15 June (day 15 of 30) and 16 September 2026; range 5.00–5.25 throughout. May, July,
  // August and October are meeting-free: June moves from A_May to A_Jul, September from A_Aug to A_Oct.
  const rates = (r: Record<string, number>): FuturesQuote[] => Object.entries(r).map(([m, x]) => q(m, x));
  const futures: FuturesHistory = new Map([
    // 1 month before (last trade date on or before 04-11): June −12.5 bp (x = −0.5), September −2.5 bp (x = −0.1).
    [D('2026-04-10'), rates({ '2026-05': 5.125, '2026-07': 5.0, '2026-08': 5.0, '2026-10': 4.975 })],
    // 1 week before (on or before 05-04): June flat; no August or October contract, so September is not priced.
    [D('2026-05-04'), rates({ '2026-05': 5.125, '2026-07': 5.125 })],
    // 1 day before: June +5 bp (x = 0.2), September flat.
    [D('2026-05-08'), rates({ '2026-05': 5.125, '2026-07': 5.175, '2026-08': 5.175, '2026-10': 5.175 })],
    // The trade date: June +10 bp (x = 0.4: 40% hike, 60% hold), September flat.
    [D('2026-05-11'), rates({ '2026-05': 5.125, '2026-07': 5.225, '2026-08': 5.225, '2026-10': 5.225 })],
  ]);
  const ctx: FedOddsContext = { meetings: [meeting('2026-06-15'), meeting('2026-09-16')], rangeAt: () => [5, 5.25] };
  const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1e6) / 1e6);
  const lines = (m: number) => {
    const c = meetingCompare(fedWatchView(futures, D('2026-05-11'), ctx))[m];
    return { range: c?.mostLikely, lines: c?.lines.map((l) => [l.label, round(l.now), ...l.earlier.map((e) => [e.label, e.tradeDate, round(e.then), round(e.change)])]) };
  };

  it('June: each move with its change in pp, the most likely range, the rate with its change in bp', () => {
    const j = lines(0);
    assert.deepEqual(j.range, [5, 5.25]);
    assert.deepEqual(j.lines, [
      // P(cut): 0 now, 1 day and 1 week before, 50% a month before (x = −0.5) — shown because of that month.
      ['P(cut)', 0, ['1 day', '2026-05-08', 0, 0], ['1 week', '2026-05-04', 0, 0], ['1 month', '2026-04-10', 50, -50]],
      ['P(hold)', 60, ['1 day', '2026-05-08', 80, -20], ['1 week', '2026-05-04', 100, -40], ['1 month', '2026-04-10', 50, 10]],
      ['P(hike)', 40, ['1 day', '2026-05-08', 20, 20], ['1 week', '2026-05-04', 0, 40], ['1 month', '2026-04-10', 0, 40]],
      // Today's most likely range 5.00–5.25 (60%): a month before 50% (the other half 4.75–5.00).
      ['P(5.00–5.25%), most likely', 60, ['1 day', '2026-05-08', 80, -20], ['1 week', '2026-05-04', 100, -40], ['1 month', '2026-04-10', 50, 10]],
      // The expected rate is A_Jul: 5.225 now; +5, +10 and +22.5 bp since.
      ['expected rate', 5.225, ['1 day', '2026-05-08', 5.175, 5], ['1 week', '2026-05-04', 5.125, 10], ['1 month', '2026-04-10', 5, 22.5]],
    ]);
  });

  it('September: P(hike) at 0 on every date is left out; the week it was not priced is null, not 0', () => {
    const s = lines(1);
    assert.deepEqual(s.range, [5, 5.25]);
    assert.deepEqual(s.lines, [
      // A month before: 10% cut on each branch of June's 50/50 tree.
      ['P(cut)', 0, ['1 day', '2026-05-08', 0, 0], ['1 week', '2026-05-04', null, null], ['1 month', '2026-04-10', 10, -10]],
      ['P(hold)', 100, ['1 day', '2026-05-08', 100, 0], ['1 week', '2026-05-04', null, null], ['1 month', '2026-04-10', 90, 10]],
      // 5.00–5.25 after September: June's 60% now, 80% the day before; a month before 0.5·0.9 = 45%.
      ['P(5.00–5.25%), most likely', 60, ['1 day', '2026-05-08', 80, -20], ['1 week', '2026-05-04', null, null], ['1 month', '2026-04-10', 45, 15]],
      ['expected rate', 5.225, ['1 day', '2026-05-08', 5.175, 5], ['1 week', '2026-05-04', null, null], ['1 month', '2026-04-10', 4.975, 25]],
    ]);
  });
});

describe('odds history against one reference range (hand-computed)', () => {
  it('a date before a decision since counts the ranges below / above the last date’s range, not its own', () => {
    const h = againstReference([
      // Before a September hike: range 3.50–3.75, October's ranges 20% 3.50, 80% 3.75 (80% "above today").
      { tradeDate: D('2026-09-10'), range: [3.5, 3.75], m: { ranges: { '3.50': 20, '3.75': 80 }, belowToday: 0, aboveToday: 80, effrPost: 3.78 } },
      // After it: range 3.75–4.00, 51% hold, 49% another hike.
      { tradeDate: D('2026-09-17'), range: [3.75, 4], m: { ranges: { '3.75': 51, '4.00': 49 }, belowToday: 0, aboveToday: 49, effrPost: 3.99 } },
    ]);
    // Against 3.75–4.00: on 09-10 20% below (no hike), 0% above; on 09-17 its own odds.
    assert.deepEqual(h.map((p) => [p.tradeDate, p.cut, p.hike, p.rate, p.reference]), [
      ['2026-09-10', 20, 0, 3.78, [3.75, 4]],
      ['2026-09-17', 0, 49, 3.99, [3.75, 4]],
    ]);
    assert.deepEqual(againstReference([]), []);
  });
});

describe('FedWatch on CME settlements', { skip: skipWithoutRealData }, () => {
  let futures: FuturesHistory;
  const ranges: Record<string, [number, number]> = {
    '2019-07': [2.25, 2.5],
    '2019-08': [2, 2.25],
    '2019-09': [2, 2.25],
    '2022-03': [0, 0.25],
    '2023-02': [4.5, 4.75],
    '2023-03': [4.5, 4.75],
  };
  const ctx: FedOddsContext = { meetings: FOMC_MEETINGS, rangeAt: (d) => ranges[d.slice(0, 7)] };
  before(() => {
    const path = join(realDataDir() ?? '', 'rates', 'fed_funds_futures_daily.csv');
    futures = parseFedFundsFuturesCsv(readFileSync(path, 'utf8'), path);
  });

  it('2019-07-30, the eve of the July 2019 cut: 81% 25 bp, 19% 50 bp', () => {
    // By hand: the decision on 31 July leaves July's average (ZQN19 97.595 → 2.405) as the start
    // rate; the meeting-free August contract (ZQQ19 97.8925 → 2.1075) is the end: −29.75 bp.
    const m = fedWatchOn(futures, D('2019-07-30'), ctx).meetings[0];
    assert.equal(m?.meeting, '2019-07-31');
    assert.ok(close(m?.effrPre, 2.405, 1e-9) && close(m?.effrPost, 2.1075, 1e-9));
    assert.ok(close(m?.ranges['2.00'], 81, 1e-6) && close(m?.ranges['1.75'], 19, 1e-6));
  });

  it('2023-03-10, the SVB Friday: March 22 hike 66% 25 bp, 34% 50 bp', () => {
    // Start backed out of March (ZQH23 95.3375 → 4.6625) and April (ZQJ23 95.10 → 4.90):
    // (31·4.6625 − 9·4.90)/22 = 4.56534; end 4.90: +33.47 bp = 1.3386 steps.
    const r = fedWatchOn(futures, D('2023-03-10'), ctx);
    const m = r.meetings[0];
    assert.equal(m?.startFrom, 'own month (backed out)');
    assert.ok(close(m?.effrPre, (31 * 4.6625 - 9 * 4.9) / 22, 1e-9));
    assert.ok(close(m?.ranges['5.00'], 100 * ((4.9 - (31 * 4.6625 - 9 * 4.9) / 22) / 0.25 - 1), 1e-6));
    // May 3 starts from April, ends at June's start chained back from July and August.
    assert.equal(r.meetings[1]?.startFrom, 'meeting-free month before');
    assert.equal(r.meetings[1]?.endFrom, 'next meeting (chained back)');
  });

  it('2022-06-21, after the 15 June hike: July starts from the contracts, not June’s average (half of it before the hike)', () => {
    // June held the 75 bp hike of the 15th, so its average (ZQM22 98.7925 → 1.2075) mixes 0.83%
    // and 1.58%. Backed out of July (ZQN22 98.315 → 1.685) and August (ZQQ22 97.695 → 2.305):
    // start (31·1.685 − 4·2.305)/27 = 1.5931, +71.2 bp = 2.847 steps: 84.7% +75 bp (2.25–2.50), 15.3% +50 bp.
    // From June's average it read +109.8 bp: 61% +100 bp, 39% +125 bp.
    const m = fedWatchOn(futures, D('2022-06-21'), { ...ctx, rangeAt: () => [1.5, 1.75] }).meetings[0];
    assert.equal(m?.meeting, '2022-07-27');
    assert.equal(m?.startFrom, 'own month (backed out)');
    const start = (31 * 1.685 - 4 * 2.305) / 27;
    assert.ok(close(m?.effrPre, start, 1e-9) && close(m?.effrPost, 2.305, 1e-9));
    assert.ok(close(m?.ranges['2.25'], 100 * ((2.305 - start) / 0.25 - 2), 1e-6), `${m?.ranges['2.25']}`);
    assert.ok(close(m?.ranges['2.25'], 84.740741, 1e-6));
  });

  it('2022-03-15, the day before lift-off: a hike certain, 88% 25 bp', () => {
    const m = fedWatchOn(futures, D('2022-03-15'), ctx).meetings[0];
    assert.ok(close(m?.hike, 100));
    // Start (31·0.215 − 15·0.36)/16 = 0.0791 (ZQH22 99.785, ZQJ22 99.64); +28.1 bp.
    assert.ok(close(m?.effrPre, (31 * 0.215 - 15 * 0.36) / 16, 1e-9));
    assert.ok(close(m?.ranges['0.25'], 87.625, 1e-6));
  });

  it('compares with 1 day, 1 week and 1 month before, on trade dates', () => {
    const v = fedWatchView(futures, D('2023-03-10'), ctx);
    assert.deepEqual(v.earlier.map((e) => [e.label, e.tradeDate]), [
      ['1 day', '2023-03-09'],
      ['1 week', '2023-03-03'],
      ['1 month', '2023-02-08'],
    ]);
    // The day before (Powell's testimony) 50 bp was the favourite; the SVB Friday reversed it.
    const day = v.earlier[0]?.rows[0]?.p ?? [];
    const col = v.today.table.ranges.findIndex(([lo]) => lo === 5);
    assert.ok((day[col] ?? 0) > 50 && (v.today.table.rows[0]?.p[col] ?? 100) < 40);
  });

  it('compares each meeting like FedWatch: the 2023-03-22 hike, now vs 1 day, 1 week, 1 month (hand-computed from the CME settlements)', () => {
    // Range 4.50–4.75; 22 March of 31 days, so start = (31·A_Mar − 9·A_Apr)/22 backed out of the
    // contracts (February held the 1 February decision) and end = A_Apr (April is meeting-free).
    // P(4.75–5.00) = P(+25 bp) = 2 − x with x = (end − start)/0.25 between one and two steps.
    const plus25 = (aMar: number, aApr: number) => 100 * (2 - (aApr - (31 * aMar - 9 * aApr) / 22) / 0.25);
    const c = meetingCompare(fedWatchView(futures, D('2023-03-10'), ctx))[0];
    assert.equal(c?.meeting, '2023-03-22');
    assert.deepEqual(c?.mostLikely, [4.75, 5]);
    // P(cut) and P(hold) are 0 on all four dates (a hike is certain): left out, they would show nothing.
    assert.deepEqual(c?.lines.map((l) => [l.key, l.label, l.changeUnit]), [
      ['hike', 'P(hike)', 'pp'],
      ['range', 'P(4.75–5.00%), most likely', 'pp'],
      ['rate', 'expected rate', 'bp'],
    ]);
    const [hike, range, rate] = c?.lines ?? [];
    assert.ok(close(hike?.now, 100) && (hike?.earlier ?? []).every((e) => close(e.then ?? 0, 100, 1e-9) && close(e.change ?? 1, 0, 1e-9)));
    // Now (ZQH23 95.3375, ZQJ23 95.10): 66.14%. The day before (95.305, 95.02): 39.36%. A week
    // before, 2023-03-03 (95.3325, 95.115): 77.41%.
    assert.ok(close(range?.now, plus25(4.6625, 4.9), 1e-9), `${range?.now}`);
    assert.ok(close(range?.now, 66.136364, 1e-6));
    const at = (l: typeof range, label: string) => l?.earlier.find((e) => e.label === label);
    assert.deepEqual([at(range, '1 day')?.tradeDate, at(range, '1 week')?.tradeDate, at(range, '1 month')?.tradeDate], ['2023-03-09', '2023-03-03', '2023-02-08']);
    assert.ok(close(at(range, '1 day')?.then ?? 0, plus25(4.695, 4.98), 1e-9) && close(at(range, '1 day')?.then ?? 0, 39.363636, 1e-6));
    assert.ok(close(at(range, '1 day')?.change ?? 0, 66.136364 - 39.363636, 1e-6));
    assert.ok(close(at(range, '1 week')?.then ?? 0, plus25(4.6675, 4.885), 1e-9) && close(at(range, '1 week')?.then ?? 0, 77.409091, 1e-6));
    // A month before, 2023-02-08 (ZQH23 95.345 → 4.655, ZQJ23 95.16 → 4.84): February held the
    // 1 February decision, so it anchors nothing even once the meeting has passed — the start is
    // backed out of March and April again, (31·4.655 − 9·4.84)/22 = 4.5793: 95.73%. (From
    // February's average, 4.57, which counts 1 February at the old rate, it was 92.0%.)
    assert.ok(close(at(range, '1 month')?.then ?? 0, plus25(4.655, 4.84), 1e-9) && close(at(range, '1 month')?.then ?? 0, 95.727273, 1e-6), `${at(range, '1 month')?.then}`);
    // The expected rate is April's average on each date: 4.90 now, 4.98, 4.885, 4.84; changes in bp.
    assert.ok(close(rate?.now, 4.9, 1e-9));
    assert.deepEqual(rate?.earlier.map((e) => [e.then === null ? null : Math.round(e.then * 1e6) / 1e6, e.change === null ? null : Math.round(e.change * 1e6) / 1e6]), [
      [4.98, -8],
      [4.885, 1.5],
      [4.84, 6],
    ]);
  });

  it('charts the odds of the September 2019 cut on every trade date', () => {
    const h = meetingOddsHistory(futures, D('2019-09-18'), ctx, D('2019-08-01'));
    assert.ok(h.length > 25);
    assert.ok(h.every((p) => p.cut >= 0 && p.cut <= 100 + 1e-9));
    assert.equal(h[h.length - 1]?.tradeDate, '2019-09-17');
  });

  it('the September 2019 odds across the 31 July cut are against the range of 2019-09-17 (2.00–2.25%) on every date', () => {
    const h = meetingOddsHistory(futures, D('2019-09-18'), ctx, D('2019-07-01'));
    assert.ok(h.every((p) => p.reference[0] === 2 && p.reference[1] === 2.25));
    // On 2019-07-30 the range was 2.25–2.50: P(below 2.00–2.25 after September) = the ranges under 2.00 that day, two cuts or more.
    const eve = fedWatchOn(futures, D('2019-07-30'), ctx).meetings.find((m) => m.meeting === '2019-09-18');
    const twoCuts = Object.entries(eve?.ranges ?? {}).reduce((a, [lo, p]) => a + (Number(lo) < 2 - 1e-9 ? p : 0), 0);
    const point = h.find((p) => p.tradeDate === '2019-07-30');
    assert.ok(eve && point && close(point.cut, twoCuts, 1e-9), `${point?.cut} vs ${twoCuts}`);
    // 73.9% two cuts or more by September, where that day's own "below today" (any cut from
    // 2.25–2.50) read 100%: the 26 pp the July cut would have taken off a history against each date's range.
    assert.ok(close(twoCuts, 73.918, 1e-3) && close(eve?.belowToday, 100, 1e-6), `${eve?.belowToday} vs ${twoCuts}`);
  });

  it('prices every meeting in one pass over the trade dates, point for point as one meeting at a time', () => {
    const meetings = [D('2019-07-31'), D('2019-09-18'), D('2019-10-30'), D('2019-12-11'), D('2020-01-29')];
    const all = meetingOddsHistories(futures, meetings, ctx, D('2019-06-01'), D('2019-09-30'));
    for (const m of meetings) assert.deepEqual(all.get(m), meetingOddsHistory(futures, m, ctx, D('2019-06-01'), D('2019-09-30')), m);
    // Each meeting only before its day: July's ends on 2019-07-30, December's runs to the window's end.
    assert.equal(all.get(D('2019-07-31'))?.at(-1)?.tradeDate, '2019-07-30');
    assert.equal(all.get(D('2019-12-11'))?.at(-1)?.tradeDate, '2019-09-30');
    assert.ok((all.get(D('2019-09-18'))?.length ?? 0) > 60);
    assert.deepEqual(meetingOddsHistories(futures, [], ctx).size, 0);
  });
});
