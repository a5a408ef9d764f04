import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTradingDay } from '../series/calendars/nyse.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinEarningsWithWeights, parseIndexWeightsCsv, parseReportDatesCsv } from '../sources/formats/earningsDates.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { blackoutShare, buybackWindow, MIN_STATUS_RUN_DAYS, resolveBuybackParams, seasonalReports, statusChanges, statusOf, withSeasonalRemainder } from './buyback.ts';

describe('buyback window', () => {
  it('puts a single company in blackout from 35 days before to 2 days after its report', () => {
    const R = toDay('2026-10-28');
    const s = blackoutShare([{ day: R, weight: 1 }], R - 40, R + 5, 35, 2);
    const at = (d: number) => s[d - (R - 40)];
    assert.equal(at(R - 36), 0);
    assert.equal(at(R - 35), 1);
    assert.equal(at(R), 1);
    assert.equal(at(R + 2), 1);
    assert.equal(at(R + 3), 0);
  });

  it('keeps the seasonal share within [0, 1], peaking in the weeks before mid-season', () => {
    const from = toDay('2026-01-01');
    const to = toDay('2026-12-31');
    const w = [0, 0.05, 0.2, 0.3, 0.25, 0.12, 0.05, 0.03];
    const s = blackoutShare(seasonalReports(from, to, w), from, to, 35, 2);
    assert.ok(Array.from(s).every((x) => x >= 0 && x <= 1));
    const peak = Array.from(s.subarray(toDay('2026-09-15') - from, toDay('2026-11-15') - from));
    const maxAt = peak.indexOf(Math.max(...peak)) + toDay('2026-09-15');
    // The peak comes as the heaviest report weeks (weeks 4–5 after 30 Sep) enter their blackout.
    assert.ok(maxAt >= toDay('2026-09-28') && maxAt <= toDay('2026-10-28'), `peak on day ${maxAt}`);
    // Mid-quarter (late November) nearly everyone has reported: the window is open.
    assert.ok((s[toDay('2026-11-25') - from] as number) < 0.1);
  });

  it('labels the status with the direction of travel', () => {
    assert.equal(statusOf(0.6, true, 0.25, 0.5), 'closed');
    assert.equal(statusOf(0.3, true, 0.25, 0.5), 'closing');
    assert.equal(statusOf(0.3, false, 0.25, 0.5), 'reopening');
    assert.equal(statusOf(0.1, true, 0.25, 0.5), 'open');
  });

  it('spreads the annual total over trading days, more when the window is open', () => {
    const r = buybackWindow(toDay('2026-11-24'));
    assert.equal(r.method, 'seasonal model');
    assert.equal(r.assumptions.find((a) => a.name === 'annualBn')?.value, 1020, 'default: S&P DJI USD 1.020 tn in the 12 months to Sep 2025');
    const today = toDay('2026-11-24');
    let year = 0;
    for (let i = 0; i < r.dates.length; i++) {
      const d = r.dates[i] as number;
      if (d >= today - 182 && d <= today + 182) year += r.demandBn[i] as number;
      if (!isTradingDay(d)) assert.equal(r.demandBn[i], 0);
    }
    assert.ok(Math.abs(year - 1020) < 1e-6);
    assert.equal(r.today.status, 'open');
    assert.ok(r.changes.length > 0 && r.changes[0]?.status === 'closing');
  });

  it('does not list a status that holds for fewer than three days (one day above 50%, a flat day read as rising)', () => {
    // One-day blackouts (before = after = 0): 40% of the index in blackout on R … R + 2, 60% on
    // R + 3 only, 40% on R + 4 and R + 5, 10% on R + 6, none after.
    const R = toDay('2026-10-20');
    const from = R - 10;
    const at = (weights: number[]) => blackoutShare(weights.map((weight, k) => ({ day: R + k, weight })), from, R + 60, 0, 0);
    const label = (i: number) => `R+${i - (R - from)}`;
    const dayByDay = (share: Float64Array) => {
      const out: string[] = [];
      let prev = statusOf(share[5] as number, true, 0.25, 0.5);
      for (let i = 6; i < share.length; i++) {
        const st = statusOf(share[i] as number, (share[i] as number) >= (share[i - 1] as number), 0.25, 0.5);
        if (st !== prev) out.push(`${st} ${label(i)}`);
        prev = st;
      }
      return out;
    };
    const once = at([0.4, 0.4, 0.4, 0.6, 0.4, 0.4, 0.1]);
    // Day by day: closed for one day, then reopening, and closing again on a flat day.
    assert.deepEqual(dayByDay(once), ['closing R+0', 'closed R+3', 'reopening R+4', 'closing R+5', 'open R+6']);
    assert.equal(MIN_STATUS_RUN_DAYS, 3);
    // Listed (from R − 5, open): the band entered from open is "closing" all through; the one
    // closed day and the direction flip are not changes.
    assert.deepEqual(statusChanges(once, 5, 0.25, 0.5).map((c) => `${c.status} ${label(c.index)}`), ['closing R+0', 'open R+6']);
    // Closed for three days is a change; the band is then entered from closed: "reopening".
    const thrice = at([0.4, 0.4, 0.4, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4, 0.1]);
    assert.deepEqual(statusChanges(thrice, 5, 0.25, 0.5).map((c) => `${c.status} ${label(c.index)}`), ['closing R+0', 'closed R+3', 'reopening R+6', 'open R+9']);
  });

  it('takes the annual total S&P DJI had published by the as-of date; a user value wins', () => {
    const annual = (day: string, p = {}) => buybackWindow(toDay(day), p).assumptions.find((a) => a.name === 'annualBn');
    // 2019-06-28: the 2018 total (806.4 bn, March 2019); 2020-06-30: 2019's 728.7 bn.
    assert.deepEqual([annual('2019-06-28')?.value, annual('2019-06-28')?.knownFrom], [806.4, '2019-03-31']);
    assert.equal(annual('2020-06-30')?.value, 728.7);
    // The 2024 total came out on 2025-03-19; the day before, 2023's 795.2 bn is in force.
    assert.equal(annual('2025-03-18')?.value, 795.2);
    assert.equal(annual('2025-03-19')?.value, 942.5);
    assert.equal(annual('2020-06-30', { annualBn: 900 })?.value, 900);
    // Before the first total flowlens has, the earliest stands in, flagged.
    assert.deepEqual([annual('2016-01-04')?.value, annual('2016-01-04')?.laterThanAsOf], [519.4, true]);
    // Demand sums to the total in force: 728.7 bn over the year around 2020-06-30.
    const r = buybackWindow(toDay('2020-06-30'));
    let year = 0;
    for (let i = 0; i < r.dates.length; i++) if (Math.abs((r.dates[i] as number) - toDay('2020-06-30')) <= 182) year += r.demandBn[i] as number;
    assert.ok(Math.abs(year - 728.7) < 1e-6, `${year}`);
  });

  it('completes company report dates with the seasonal model for the rest of the index', () => {
    const seasonal = [
      { day: toDay('2026-10-20'), weight: 0.5 },
      { day: toDay('2026-11-03'), weight: 0.5 },
      { day: toDay('2027-01-20'), weight: 1 },
    ];
    // 40% of cap reports on the Q3 season on 2026-10-28: Q3's seasonal weights keep 60%; Q4's are untouched.
    const r = withSeasonalRemainder([{ day: toDay('2026-10-28'), weight: 0.4 }], seasonal);
    assert.deepEqual(
      r.map((x) => [toIso(x.day), Math.round(x.weight * 1e12) / 1e12]),
      [['2026-10-28', 0.4], ['2026-10-20', 0.3], ['2026-11-03', 0.3], ['2027-01-20', 1]],
    );
    // Weights that cover the whole season leave no seasonal part.
    assert.deepEqual(withSeasonalRemainder([{ day: toDay('2026-10-28'), weight: 1 }], seasonal.slice(0, 2)).length, 1);
  });

  it('uses company report dates when given, and checks its parameters', () => {
    const r = buybackWindow(toDay('2026-10-20'), {}, [{ date: '2026-10-28' as IsoDate, weight: 1 }]);
    assert.equal(r.method, 'company earnings dates, the rest of the index from the seasonal model');
    assert.equal(r.today.status, 'closed');
    assert.throws(() => buybackWindow(0, { annualBn: -1 }), /annualBn must not be negative/);
    assert.throws(() => buybackWindow(0, { seasonWeights: [0.5, 0.4] }), /sum to 1/);
    assert.throws(() => buybackWindow(0, { blackoutActivity: 2 }), /blackoutActivity must be in \[0, 1\]/);
    assert.throws(() => buybackWindow(0, {}, [{ date: '2026-13-01' as IsoDate, weight: 1 }]), /reports\[0\]\.date is not an ISO date/);
  });

  it('reproduces FactSet\'s pace of reporting within 6 points', () => {
    // Share of S&P 500 companies that had reported, by days after quarter end (FactSet Earnings
    // Insight: 12 Jan 2018 5%; 29 Jul 2016 63%; 2 Aug 2017 ~75%; 4 Aug 2017 84%; 10 Aug 2018 91%).
    const w = [0, 0.05, 0.2, 0.3, 0.25, 0.12, 0.05, 0.03];
    const q = toDay('2026-06-30');
    const reps = seasonalReports(q, q, w).filter((r) => r.day > q && r.day <= q + 92);
    const reported = (days: number) => reps.filter((r) => r.day <= q + days).reduce((a, r) => a + r.weight, 0);
    for (const [days, share] of [[12, 0.05], [29, 0.63], [33, 0.75], [35, 0.84], [41, 0.91]] as const) {
      assert.ok(Math.abs(reported(days) - share) < 0.06, `day ${days}: ${reported(days).toFixed(3)} vs ${share}`);
    }
  });

  it('with the six-week default matches Goldman\'s ~50% in blackout on 15 Sep 2023 (35 days gives 22%)', () => {
    assert.ok(Math.abs(buybackWindow(toDay('2023-09-15')).today.share - 0.5) < 0.05);
    assert.equal(resolveBuybackParams().before, 42);
    // 35 days: reports up to 20 Oct (day 20 of the season) are in blackout: 5% + 20%·6/7.
    assert.ok(Math.abs(buybackWindow(toDay('2023-09-15'), { blackoutBefore: 35 }).today.share - (0.05 + (0.2 * 6) / 7)) < 1e-12);
  });

  it('keeps buying at the given pace in blackout, and the annual total still adds up', () => {
    const today = toDay('2026-10-20');
    const r = buybackWindow(today, { annualBn: 1000, blackoutActivity: 0.65 });
    const at = (d: number) => d - (r.dates[0] as number);
    const pace = (b: number) => 1 - b + 0.65 * b;
    const closed = at(today);
    const open = at(toDay('2026-11-24'));
    assert.ok((r.share[closed] as number) > 0.5 && (r.share[open] as number) < 0.1);
    // Demand ∝ (1 − b) + 0.65·b on trading days.
    assert.ok(Math.abs((r.demandBn[closed] as number) / (r.demandBn[open] as number) - pace(r.share[closed] as number) / pace(r.share[open] as number)) < 1e-12);
    let year = 0;
    for (let k = 0; k < r.dates.length; k++) if (Math.abs((r.dates[k] as number) - today) <= 182) year += r.demandBn[k] as number;
    assert.ok(Math.abs(year - 1000) < 1e-6);
  });
});

describe('buyback window by company: S&P 500 earnings dates and index weights', { skip: skipWithoutRealData }, () => {
  const read = (f: string) => {
    const path = join(realDataDir() ?? '', 'market', f);
    return { text: readFileSync(path, 'utf8'), path };
  };
  const load = (equal: boolean) => {
    const d = read('sp500_earnings_dates_2020-2026.csv');
    const w = read('sp500_weights_snapshot_2026.csv');
    return joinEarningsWithWeights(parseReportDatesCsv(d.text, d.path), parseIndexWeightsCsv(w.text, w.path), equal);
  };

  it('joins the two files: 496 of 503 companies have both a weight and dates', () => {
    const j = load(false);
    assert.deepEqual(j.withoutWeight, ['BE', 'FERG', 'HONA', 'ILMN', 'P', 'RDDT', 'VMRK']);
    assert.deepEqual(j.withoutDates, ['AVB', 'BLDR', 'CAG', 'EA', 'EQR', 'TAP', 'TTD']);
    assert.equal(j.duplicatesDropped, 49);
    assert.ok(j.reports.some((r) => r.ticker === 'BRK-B'));
    const nvda = j.reports.find((r) => r.ticker === 'NVDA');
    assert.ok(nvda && Math.abs(nvda.weight - 0.07375684) < 1e-12);
  });

  it('calibrates the blackout start: six weeks gives Goldman\'s shares of companies in blackout (≈33% on 19 Dec 2022, ≈50% on 15 Sep 2023); five weeks gives far less', () => {
    const eq = load(true).reports;
    const at = (d: string, before?: number) => buybackWindow(toDay(d), before === undefined ? {} : { blackoutBefore: before }, eq).today.share;
    assert.ok(Math.abs(at('2023-09-15') - 0.476) < 0.005, `${at('2023-09-15')}`);
    assert.ok(Math.abs(at('2022-12-19') - 0.273) < 0.005, `${at('2022-12-19')}`);
    assert.ok(at('2023-09-15', 35) < 0.2 && at('2022-12-19', 35) < 0.15);
  });

  it('lists the window\'s changes after 31 Jan 2025 without flicker: reopening 8 Feb, open 21 Feb (day by day it flipped on 12 and 13 Feb)', () => {
    const reports = load(false).reports;
    const r = buybackWindow(toDay('2025-01-31'), {}, reports);
    // Day by day (statusOf on each day, no debounce): the share dips 0.01 points on 11 Feb and
    // rises 0.16 on 12 Feb (33.5% → 33.7%), so the band flips reopening → closing → reopening.
    const from = r.dates[0] as number;
    const p = resolveBuybackParams();
    const dayByDay: string[] = [];
    let prev = r.today.status as string;
    for (let d = toDay('2025-02-01'); d <= toDay('2025-03-31'); d++) {
      const i = d - from;
      const st = statusOf(r.share[i] as number, (r.share[i] as number) >= (r.share[i - 1] as number), p.closingAt, p.closedAt);
      if (st !== prev) dayByDay.push(`${st} ${toIso(d)}`);
      prev = st;
    }
    console.log(`before (day by day): ${dayByDay.slice(0, 4).join(', ')}`);
    console.log(`after (listed): ${r.changes.map((c) => `${c.status} ${c.date}`).join(', ')}`);
    assert.deepEqual(dayByDay.slice(0, 4), ['reopening 2025-02-08', 'closing 2025-02-12', 'reopening 2025-02-13', 'open 2025-02-21']);
    assert.equal(r.today.status, 'closed');
    assert.deepEqual(r.changes, [
      { date: '2025-02-08', status: 'reopening' },
      { date: '2025-02-21', status: 'open' },
      { date: '2025-03-13', status: 'closing' },
      { date: '2025-03-20', status: 'closed' },
    ]);
  });
});
