import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTradingDay } from '../series/calendars/nyse.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinEarningsWithWeights, parseIndexWeightsCsv, parseReportDatesCsv } from '../sources/formats/earningsDates.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { blackoutShare, buybackWindow, resolveBuybackParams, seasonalReports, statusOf, withSeasonalRemainder } from './buyback.ts';

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
    assert.equal(r.assumptions.find((a) => a.name === 'annualBn')?.value, 1000, 'default: S&P DJI ~USD 1 tn a year');
    const today = toDay('2026-11-24');
    let year = 0;
    for (let i = 0; i < r.dates.length; i++) {
      const d = r.dates[i] as number;
      if (d >= today - 182 && d <= today + 182) year += r.demandBn[i] as number;
      if (!isTradingDay(d)) assert.equal(r.demandBn[i], 0);
    }
    assert.ok(Math.abs(year - 1000) < 1e-6);
    assert.equal(r.today.status, 'open');
    assert.ok(r.changes.length > 0 && r.changes[0]?.status === 'closing');
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
});
