import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFormatError, ParameterError } from '../core/errors.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { ctaFlipDays, volControlSelling } from '../theses/flowClaims.ts';
import { eventStudy } from './eventStudy.ts';
import { averagePath, buybackEvents, ctaFlipEvents, declusterEvents, eventRows, fomcEvents, levelCrossings, parseEventDates, vixInversionEvents, volSellingDays } from './events.ts';
import type { InversionEpisode } from './vixterm.ts';
import { volControlModel } from './volcontrol.ts';

const D0 = toDay('2024-01-01');

function series(values: readonly number[], start = D0): Series {
  return { id: 'X', title: 'X', unit: 'USD', frequency: 'daily', source: 'yahoo', dates: Int32Array.from(values, (_, i) => start + i), values: Float64Array.from(values), retrievedAt: '' };
}

describe('event generators', () => {
  it('vix-inversion: the start day of each episode with its label', () => {
    // The label on the start day is used, not the one at the peak (look-ahead).
    const ep = (start: string, label: 'hedging flow' | 'stress') => ({ start, classification: { label: 'stress' }, classificationAtStart: { label } }) as unknown as InversionEpisode;
    assert.deepEqual(vixInversionEvents([ep('2020-02-24', 'stress'), ep('2024-08-02', 'hedging flow')]), [
      { day: toDay('2020-02-24'), label: 'stress' },
      { day: toDay('2024-08-02'), label: 'hedging flow' },
    ]);
  });

  it('vol-selling: days at or below the ⌊tail·(n−1)⌋ order statistic of the finite flows', () => {
    const flow = Float64Array.from([Number.NaN, 5, -1, -3, 2, -10, 0, -2, 4, 1, -4]);
    const dates = Int32Array.from(flow, (_, i) => 100 + i);
    // Sorted finite: −10, −4, −3, −2, −1, 0, 1, 2, 4, 5; ⌊0.2·9⌋ = 1 → −4.
    assert.deepEqual(volSellingDays(dates, flow, 0.2), { days: [105, 110], threshold: -4 });
    // ⌊0.05·9⌋ = 0 → −10: only the minimum.
    assert.deepEqual(volSellingDays(dates, flow, 0.05), { days: [105], threshold: -10 });
    assert.throws(() => volSellingDays(dates, flow, 0.6), (e: Error) => e instanceof ParameterError && /--tail/.test(e.message));
  });

  it('cta-flip: up and down days merged in day order', () => {
    assert.deepEqual(ctaFlipEvents({ up: [5, 1], down: [3] }), [
      { day: 1, label: 'up' },
      { day: 3, label: 'down' },
      { day: 5, label: 'up' },
    ]);
  });

  it('cta-flip on a rise then a fall: each lookback flips down where P_t first drops below P_{t−L}', () => {
    // P_i = 100 + i up to i = 299 (399), then P_i = 698 − i. Lookback L flips when 698 − i < P_{i−L}:
    // 21: 698 − i < 79 + i → i = 310; 63: < 37 + i → 331; 126: < i − 26 → 363 (equal at 362: flat,
    // no flip); 252: < i − 152 → 426 (equal at 425).
    const px = Array.from({ length: 450 }, (_, i) => (i <= 299 ? 100 + i : 698 - i));
    const s = series(px);
    const ev = ctaFlipEvents(ctaFlipDays(s));
    assert.deepEqual(
      ev.map((e) => [e.day - D0, e.label]),
      [
        [310, 'down'],
        [331, 'down'],
        [363, 'down'],
        [426, 'down'],
      ],
    );
  });

  it('fomc: the 2024 decision days, projections in Mar/Jun/Sep/Dec; 2020 without the cancelled meeting', () => {
    const y2024 = fomcEvents(toDay('2024-01-01'), toDay('2024-12-31'));
    assert.deepEqual(
      y2024.map((e) => `${toIso(e.day)} ${e.label}`),
      ['2024-01-31 no projections', '2024-03-20 projections', '2024-05-01 no projections', '2024-06-12 projections', '2024-07-31 no projections', '2024-09-18 projections', '2024-11-07 no projections', '2024-12-18 projections'],
    );
    const mar2020 = fomcEvents(toDay('2020-03-01'), toDay('2020-03-31')).map((e) => toIso(e.day));
    assert.deepEqual(mar2020, ['2020-03-03', '2020-03-15']);
  });

  it('levelCrossings: below needs ≥ level the day before, above needs < level the day before', () => {
    const days = [10, 11, 12, 13, 14, 15];
    const share = [0.3, 0.2, 0.2, 0.6, 0.5, 0.1];
    assert.deepEqual(levelCrossings(days, share, 0.25, 'below'), [11, 15]);
    assert.deepEqual(levelCrossings(days, share, 0.5, 'above'), [13]);
    // Touching the level exactly counts as at or above.
    assert.deepEqual(levelCrossings([1, 2], [0.4, 0.5], 0.5, 'above'), [2]);
  });

  it('buyback: closed 15 days before quarter end, open 37 days after it (hand-computed from the season weights)', () => {
    // Closed: the share at t is the weight of reports in [t − 2, t + 42] (blackout from 42 days before a
    // report); before the season it is the cumulative weight to day t + 42 = Q + 21 + m:
    // 0.25 + m·0.3/7 ≥ 0.5 first at m = 6 → t = Q − 15.
    // Open: after the season it is 1 − cum weight to t − 3 = Q + 28 + m: 1 − (0.55 + m·0.25/7) < 0.25
    // first at m = 6 → t = Q + 37.
    const from = toDay('2024-01-01');
    const to = toDay('2024-12-31');
    assert.deepEqual(buybackEvents(from, to, 'closed').map(toIso), ['2024-03-16', '2024-06-15', '2024-09-15', '2024-12-16']);
    assert.deepEqual(buybackEvents(from, to, 'open').map(toIso), ['2024-02-06', '2024-05-07', '2024-08-06', '2024-11-06']);
  });

  it('buyback events from company reports: all of the index reporting on 2024-08-01 closes the window on 2024-06-20 (42 days before) and opens it on 2024-08-04 (2 days after)', () => {
    const reports = [{ day: toDay('2024-08-01'), weight: 1 }];
    const from = toDay('2024-06-01');
    const to = toDay('2024-09-01');
    assert.deepEqual(buybackEvents(from, to, 'closed', reports).map(toIso), ['2024-06-20']);
    assert.deepEqual(buybackEvents(from, to, 'open', reports).map(toIso), ['2024-08-04']);
  });

});

describe('parseEventDates', () => {
  it('reads the date column (any position), labels, quotes, comments and blank lines, sorted', () => {
    const text = '\uFEFFname,Date,label\r\n# my events\nb,"2024-08-05",crash\n\na,2020-03-16,\n';
    assert.deepEqual(parseEventDates(text, 'ev.csv'), [
      { day: toDay('2020-03-16'), label: 'event' },
      { day: toDay('2024-08-05'), label: 'crash' },
    ]);
  });

  it('a bad date names file:line', () => {
    assert.throws(
      () => parseEventDates('date\n2024-01-02\n\n2024-02-30\n', 'my.csv'),
      (e: Error) => e instanceof DataFormatError && e.message === 'my.csv:4: "2024-02-30" is not an ISO date (YYYY-MM-DD)',
    );
    assert.throws(() => parseEventDates('when\n2024-01-02\n', 'my.csv'), /^DataFormatError: my\.csv:1: the header has no "date" column/);
    assert.throws(() => parseEventDates('date\n', 'my.csv'), /my\.csv: no dates under the header/);
    assert.throws(() => parseEventDates('', 'my.csv'), /my\.csv: empty file/);
  });
});

describe('averagePath and eventRows', () => {
  // Valid prices 100, 110, 99, 121, (gap), 133.1 on days 0…5 of 2024.
  const s = series([100, 110, 99, 121, Number.NaN, 133.1]);

  it('averages 100·(P_{t+k}/P_t − 1) over events with a price k days on, and over all days', () => {
    // Events on day 1 (day 0 = index 1) and on the gap (day 0 = the next price, the last one).
    const p = averagePath(s, [D0 + 1, D0 + 4], 2);
    assert.deepEqual(p.k, [0, 1, 2]);
    assert.deepEqual(p.n, [2, 1, 1]);
    assert.equal(p.mean[0], 0);
    assert.ok(Math.abs((p.mean[1] as number) - -10) < 1e-9);
    assert.ok(Math.abs((p.mean[2] as number) - 10) < 1e-9);
    // k = 1: (10 − 10 + 22.2222 + 10)/4; k = 2: (−1 + 10 + 34.4444)/3.
    assert.ok(Math.abs((p.unconditional[1] as number) - (10 - 10 + 100 * (121 / 99 - 1) + 10) / 4) < 1e-9);
    assert.ok(Math.abs((p.unconditional[1] as number) - 8.05556) < 1e-5);
    assert.ok(Math.abs((p.unconditional[2] as number) - 14.48148) < 1e-5);
    assert.throws(() => averagePath(s, [D0], 0), ParameterError);
  });

  it('agrees with eventStudy at each horizon', () => {
    const px = Array.from({ length: 300 }, (_, i) => 100 * Math.exp(0.01 * Math.sin(i / 3) + 0.0005 * i));
    const ps = series(px);
    const days = [D0 + 10, D0 + 50, D0 + 120, D0 + 250, D0 + 290];
    const p = averagePath(ps, days, 21);
    const es = eventStudy(ps, days, [5, 21]);
    for (const h of es.horizons) assert.ok(Math.abs((p.mean[h.horizon] as number) - h.meanReturn) < 1e-9, `h = ${h.horizon}`);
  });

  it('eventRows: day 0 and forward returns, null past the data', () => {
    const rows = eventRows(s, [{ day: D0 + 1, label: 'a' }, { day: D0 + 9, label: 'b' }], [1, 3, 4]);
    assert.equal(rows[0]?.day0, '2024-01-02');
    assert.ok(Math.abs((rows[0]?.forward[1] as number) - -10) < 1e-9);
    // Three valid prices on (the gap skipped): 133.1/110 − 1 = 21%; four on runs past the data.
    assert.ok(Math.abs((rows[0]?.forward[3] as number) - 21) < 1e-9);
    assert.equal(rows[0]?.forward[4], null);
    assert.deepEqual(rows[1], { date: '2024-01-10', day0: null, label: 'b', forward: { 1: null, 3: null, 4: null } });
  });
});

describe('event generators on real data', { skip: skipWithoutRealData }, () => {
  it('vol-selling on SPY: the rule of volControlSelling (same days), heavy selling in March 2020', async () => {
    const spy = await loadRealSeries('SPY');
    const vc = volControlModel(spy, {}, []);
    const { days, threshold } = volSellingDays(vc.dates, vc.flowBn, 0.05);
    const iso = new Set<string>(days.map(toIso));
    for (const d of ['2020-03-09', '2020-03-12', '2020-03-13']) assert.ok(iso.has(d), d);
    assert.ok(threshold < 0);
    // The thesis counts the same days (its 1-day study drops an event only if it is the last day).
    const thesis = volControlSelling({ spx: spy }, Number.POSITIVE_INFINITY, 0.05);
    const n1 = eventStudy(spy, days, [1]).horizons[0]?.n;
    assert.equal(String(thesis.table?.rows[0]?.[1]), String(n1));
  });
});

describe('declusterEvents', () => {
  // Trading days 0 … 19 (consecutive day numbers from D0).
  const days = Int32Array.from({ length: 20 }, (_, i) => D0 + i);
  const ev = (k: number, label = 'event') => ({ day: D0 + k, label });
  it('keeps the first of each run, per label, at least gap trading days apart', () => {
    const r = declusterEvents([ev(0), ev(1), ev(2), ev(5), ev(9), ev(3, 'other'), ev(4, 'other')], days, 5);
    // 0 kept; 1, 2 within 5 rows; 5 kept (5 − 0 = 5); 9 within 4 of 5 dropped; other: 3 kept, 4 dropped.
    assert.deepEqual(r.map((e) => [e.day - D0, e.label]), [[0, 'event'], [3, 'other'], [5, 'event']]);
  });
  it('counts trading days, not calendar days, and gap 0 keeps everything', () => {
    const weekdays = Int32Array.from([0, 1, 2, 3, 4, 7, 8].map((k) => D0 + k)); // a weekend between 4 and 7
    // Event on day 6 (a Saturday) has day 0 = row of day 7 = 5; 5 − 0 ≥ 5 so it is kept.
    assert.deepEqual(declusterEvents([ev(0), ev(6)], weekdays, 5).length, 2);
    assert.deepEqual(declusterEvents([ev(0), ev(6)], weekdays, 6).length, 1);
    assert.equal(declusterEvents([ev(0), ev(1)], days, 0).length, 2);
    assert.throws(() => declusterEvents([], days, -1), /--gap must be a whole number of trading days ≥ 0, got -1/);
  });
});
