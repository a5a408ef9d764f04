import { ParameterError } from '../core/errors.ts';
import { isTradingDay } from '../series/calendars/nyse.ts';
import { previousQuarterEnd, quarterEnd } from '../series/calendars/quarters.ts';
import { isIsoDate, toDay, toIso, ymd } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import type { UsdBn } from '../series/units.ts';
import { assumption, type Assumption } from './assumptions.ts';
import { inForceOrEarliest, type Dated, type Picked } from './dated.ts';

/**
 * The corporate buyback window. Companies stop repurchasing shares in a blackout before their
 * earnings report (by policy, typically from about five weeks before quarter results until a day
 * or two after them). The share of S&P 500 market cap in blackout on a day is
 *   b_t = Σ_reports w_R · 1[R − before ≤ t ≤ R + after]
 * over report dates R with market-cap weights w_R (summing to 1 per quarter). Without company
 * earnings dates, a seasonal model spreads each quarter's reports over the weeks after quarter
 * end (most large companies report in weeks 3–6 of the season). Daily buyback demand spreads an
 * annual total over trading days in proportion to the share NOT in blackout.
 */

/** One company's report: its date and market-cap weight. */
export interface Report {
  readonly date: IsoDate;
  readonly weight: number;
}

export interface BuybackParams {
  /** Calendar days before a report that blackout starts. */
  readonly blackoutBefore?: number;
  /** Calendar days after a report that blackout ends. */
  readonly blackoutAfter?: number;
  /** Share of cap in blackout at or above which the window is "closed". */
  readonly closedAt?: number;
  /** Share at or above which a rising window is "closing" (and a falling one "reopening"). */
  readonly closingAt?: number;
  /** S&P 500 gross buybacks per year, USD bn. */
  readonly annualBn?: number;
  /** Share of the open-window buying pace that continues during blackout (0 … 1). */
  readonly blackoutActivity?: number;
  /**
   * Market-cap share reporting in each week after quarter end (week 1 = days 1–7), sums to 1.
   * Default: 0, 0.05, 0.2, 0.3, 0.25, 0.12, 0.05, 0.03 — the hump of a typical season, with the
   * off-cycle fiscal years (retailers, some tech) in the tail.
   */
  readonly seasonWeights?: readonly number[];
}

const SPECS = {
  blackoutBefore: { name: 'blackoutBefore', default: 42, unit: 'calendar days', description: 'blackout starts this long before a report (six weeks)', source: 'calibrated on the S&P 500 companies\' own earnings dates to Goldman Sachs\'s published shares of companies in blackout: ~33% on 19 Dec 2022 and ~50% on 15 Sep 2023 (model, equal weights: 27% and 48%; 35 days gives 10% and 16%); six weeks is the top of Goldman\'s "~4–6 weeks ahead" (ZeroHedge 2023-09-15, https://www.zerohedge.com/markets/buyback-blackout-period-begins; ZeroHedge Dec 2022, https://www.zerohedge.com/markets/unexpected-stock-buyback-halts-are-markets-latest-red-flag); docs/MODELS.md', knownFrom: '2023-09-15' as IsoDate },
  blackoutAfter: { name: 'blackoutAfter', default: 2, unit: 'calendar days', description: 'blackout ends this long after a report', source: 'Goldman Sachs: "a day or two after the earnings announcement" (https://www.youngresearch.com/researchandanalysis/stocks-researchandanalysis/is-this-the-reason-the-stock-market-is-falling/)' },
  closedAt: { name: 'closedAt', default: 0.5, unit: 'share of cap', description: 'window "closed" when at least this share of cap is in blackout', source: 'flowlens convention (Goldman dates the start of a blackout window when ~50% of companies are in it)' },
  closingAt: { name: 'closingAt', default: 0.25, unit: 'share of cap', description: 'window "closing" (rising) or "reopening" (falling) above this share', source: 'flowlens convention' },
  annualBn: { name: 'annualBn', default: 1020, unit: 'USD bn', description: 'S&P 500 gross buybacks per year (the latest S&P DJI total published by the as-of date; ANNUAL_BUYBACKS)', source: 'S&P Dow Jones Indices: a record USD 1.020 tn in the 12 months to Sep 2025 (release 2025-12-18), https://www.prnewswire.com/news-releases/sp-500-q3-2025-buybacks-post-modest-6-2-gain-to-249-0-billion-after-declining-20-1-amidst-uncertainty-in-q2-q4-2025-expenditures-expected-to-post-similar-growth-as-2025-anticipates-a-record-1-trillion-302645583.html' },
  blackoutActivity: { name: 'blackoutActivity', default: 0, unit: 'share of normal pace', description: 'buying that continues in blackout (10b5-1 plans), as a share of the open-window pace', source: 'flowlens default 0 (demand ∝ share not in blackout); Goldman\'s buyback desk sees volume ~30–35% lower in blackout, i.e. ~0.65 (ZeroHedge 2023-09-15)' },
  seasonWeights: { name: 'seasonWeights', default: '0,0.05,0.2,0.3,0.25,0.12,0.05,0.03', unit: 'share by week after quarter end', description: 'market-cap share reporting in each week of the season', source: 'flowlens fit to FactSet Earnings Insight counts of S&P 500 companies reported: 5% by day 12, 63% by day 29, ~75% by day 33, 84% by day 35, 91% by day 41 after quarter end' },
} as const;

/**
 * S&P 500 gross buybacks, USD bn a year, as S&P Dow Jones Indices published them: each calendar
 * year's total comes with the Q4 release in March of the next year (flowlens uses it from March 31
 * unless the release day is known); the latest, a trailing 12-month total. As of a date the
 * default annualBn is the latest published by then (inForce); a user's annualBn wins.
 */
export const ANNUAL_BUYBACKS: readonly Dated<number>[] = [
  { value: 519.4, knownFrom: '2018-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2017 buyback release (March 2018): USD 519.4 bn in 2017' },
  { value: 806.4, knownFrom: '2019-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2018 buyback release (March 2019): a record USD 806.4 bn in 2018' },
  { value: 728.7, knownFrom: '2020-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2019 buyback release (March 2020): USD 728.7 bn in 2019' },
  { value: 519.8, knownFrom: '2021-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2020 buyback release (March 2021): USD 519.8 bn in 2020' },
  { value: 881.7, knownFrom: '2022-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2021 buyback release (March 2022): a record USD 881.7 bn in 2021' },
  { value: 922.7, knownFrom: '2023-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2022 buyback release (March 2023): a record USD 922.7 bn in 2022' },
  { value: 795.2, knownFrom: '2024-03-31' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2023 buyback release (March 2024): USD 795.2 bn in 2023' },
  { value: 942.5, knownFrom: '2025-03-19' as IsoDate, source: 'S&P Dow Jones Indices, Q4 2024 buyback release (2025-03-19): a record USD 942.5 bn in 2024' },
  { value: SPECS.annualBn.default, knownFrom: '2025-12-18' as IsoDate, source: SPECS.annualBn.source },
];

/** The annualBn parameter as of `asOf` (ANNUAL_BUYBACKS; the earliest, flagged, before 2018-03-31). */
export function annualBuybacksAsOf(asOf: IsoDate | number | undefined): Picked<number> {
  return inForceOrEarliest(ANNUAL_BUYBACKS, asOf, 'S&P 500 annual buyback total');
}

export interface Resolved {
  readonly before: number;
  readonly after: number;
  readonly closedAt: number;
  readonly closingAt: number;
  readonly annualBn: number;
  readonly activity: number;
  readonly weeks: readonly number[];
}

/**
 * The buyback parameters with their defaults filled in (blackout days, thresholds, seasonal
 * weeks; annualBn as published by `asOf`, default the latest), checked.
 */
export function resolveBuybackParams(p: BuybackParams = {}, asOf?: IsoDate | number): Resolved {
  const weeks = p.seasonWeights ?? [0, 0.05, 0.2, 0.3, 0.25, 0.12, 0.05, 0.03];
  const sum = weeks.reduce((a, b) => a + b, 0);
  if (weeks.some((w) => !(w >= 0)) || Math.abs(sum - 1) > 1e-9) throw new ParameterError(`seasonWeights must be non-negative and sum to 1, got sum ${sum}`);
  const r = {
    before: p.blackoutBefore ?? SPECS.blackoutBefore.default,
    after: p.blackoutAfter ?? SPECS.blackoutAfter.default,
    closedAt: p.closedAt ?? SPECS.closedAt.default,
    closingAt: p.closingAt ?? SPECS.closingAt.default,
    annualBn: p.annualBn ?? annualBuybacksAsOf(asOf).value,
    activity: p.blackoutActivity ?? SPECS.blackoutActivity.default,
    weeks,
  };
  if (!Number.isInteger(r.before) || r.before < 0 || !Number.isInteger(r.after) || r.after < 0) throw new ParameterError('blackoutBefore and blackoutAfter must be whole numbers of days ≥ 0');
  if (!(r.annualBn >= 0)) throw new ParameterError(`annualBn must not be negative, got ${r.annualBn}`);
  if (!(r.activity >= 0 && r.activity <= 1)) throw new ParameterError(`blackoutActivity must be in [0, 1], got ${r.activity}`);
  if (!(r.closingAt > 0 && r.closingAt < r.closedAt && r.closedAt <= 1)) throw new ParameterError('need 0 < closingAt < closedAt ≤ 1');
  return r;
}

/**
 * Seasonal report dates around `day`: for each quarter end in the window, the season's weekly
 * shares spread evenly over the seven days of each week (weights sum to 1 per quarter).
 */
export function seasonalReports(fromDay: number, toDay: number, weeks: readonly number[]): { day: number; weight: number }[] {
  const out: { day: number; weight: number }[] = [];
  for (let q = quarterEnd(fromDay - 120); q <= toDay + 120; q = quarterEnd(q + 1)) {
    weeks.forEach((w, k) => {
      for (let d = 1; d <= 7; d++) if (w > 0) out.push({ day: q + 7 * k + d, weight: w / 7 });
    });
  }
  return out;
}

/**
 * Company report dates completed by the seasonal model: each report belongs to the season of the
 * last quarter end before it (previousQuarterEnd); a season whose companies cover W of the cap
 * keeps the seasonal reports scaled by max(0, 1 − W) for the rest of the index. With weights that
 * sum to 1 per season the seasonal part vanishes; with none, it is the seasonal model.
 */
export function withSeasonalRemainder(reports: readonly { day: number; weight: number }[], seasonal: readonly { day: number; weight: number }[]): { day: number; weight: number }[] {
  const covered = new Map<number, number>();
  for (const r of reports) covered.set(previousQuarterEnd(r.day), (covered.get(previousQuarterEnd(r.day)) ?? 0) + r.weight);
  const rest = seasonal.map((s) => ({ day: s.day, weight: s.weight * Math.max(0, 1 - (covered.get(previousQuarterEnd(s.day)) ?? 0)) }));
  return [...reports, ...rest.filter((r) => r.weight > 0)];
}

/** Share of cap in blackout on each day in [fromDay, toDay], from report days and weights (per quarter summing to 1). */
export function blackoutShare(reports: readonly { day: number; weight: number }[], fromDay: number, toDay: number, before: number, after: number): Float64Array {
  // Difference array over the range: each report adds its weight on [R − before, R + after].
  const n = toDay - fromDay + 1;
  const diff = new Float64Array(n + 1);
  for (const r of reports) {
    const a = Math.max(r.day - before, fromDay);
    const b = Math.min(r.day + after, toDay);
    if (a > b) continue;
    diff[a - fromDay] = (diff[a - fromDay] as number) + r.weight;
    diff[b - fromDay + 1] = (diff[b - fromDay + 1] as number) - r.weight;
  }
  const out = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += diff[i] as number;
    out[i] = Math.min(1, Math.max(0, acc));
  }
  return out;
}

export type WindowStatus = 'open' | 'closing' | 'closed' | 'reopening';

/** Status of the window from today's share and its direction. */
export function statusOf(share: number, rising: boolean, closingAt: number, closedAt: number): WindowStatus {
  if (share >= closedAt) return 'closed';
  if (share >= closingAt) return rising ? 'closing' : 'reopening';
  return 'open';
}

/**
 * Minimum run of the listed status changes, calendar days: a level of the window (open, the
 * closing/reopening band, closed) that holds for fewer days is not listed as a change.
 */
export const MIN_STATUS_RUN_DAYS = 3;

type Level = 'open' | 'band' | 'closed';

/**
 * The next status changes after index `ti` of `share` (within `horizon` days, at most `max`),
 * debounced by a minimum run length: the share is read as a level — open (b < closingAt), the
 * band (closingAt ≤ b < closedAt) or closed (b ≥ closedAt) — and a change is listed on the first
 * day of a new level that then holds for at least `minRun` days (MIN_STATUS_RUN_DAYS); shorter
 * runs are ignored and the window keeps its level. The band is named by the side it was entered
 * from: "closing" from open, "reopening" from closed (today's band status, when the window starts
 * there, by the day's direction as statusOf). So a 0.2-point dip of a rising share, or one day
 * above 50%, is not a change: company report dates make the share move in steps, and day-to-day
 * direction within the band flips with each step (docs/MODELS.md, "Buyback window").
 */
export function statusChanges(share: Float64Array, ti: number, closingAt: number, closedAt: number, minRun = MIN_STATUS_RUN_DAYS, horizon = 120, max = 4): { readonly index: number; readonly status: WindowStatus }[] {
  const level = (i: number): Level => ((share[i] as number) >= closedAt ? 'closed' : (share[i] as number) >= closingAt ? 'band' : 'open');
  const today = statusOf(share[ti] as number, (share[ti] as number) >= (share[ti - 1] as number), closingAt, closedAt);
  // The side the band was entered from: today's direction when the window starts in it.
  let cur = level(ti);
  let side: 'open' | 'closed' = today === 'closed' || today === 'reopening' ? 'closed' : 'open';
  const out: { index: number; status: WindowStatus }[] = [];
  for (let i = ti + 1; i <= ti + horizon && i < share.length && out.length < max; i++) {
    const l = level(i);
    if (l === cur) continue;
    let holds = true;
    for (let k = i + 1; k < i + minRun; k++) if (k >= share.length || level(k) !== l) holds = false;
    if (!holds) continue;
    if (l === 'band') out.push({ index: i, status: side === 'open' ? 'closing' : 'reopening' });
    else {
      out.push({ index: i, status: l });
      side = l;
    }
    cur = l;
  }
  return out;
}

export interface BuybackResult {
  readonly dates: Int32Array;
  readonly share: Float64Array;
  /** Estimated buyback demand per calendar day (0 on non-trading days), USD bn. */
  readonly demandBn: Float64Array;
  readonly today: { readonly date: IsoDate; readonly share: number; readonly status: WindowStatus; readonly demandBn: UsdBn };
  /** The next days the status changes (within 120 days, at most 4), with the new status; changes lasting fewer than MIN_STATUS_RUN_DAYS are not listed (statusChanges). */
  readonly changes: readonly { readonly date: IsoDate; readonly status: WindowStatus }[];
  readonly method: 'seasonal model' | 'company earnings dates, the rest of the index from the seasonal model';
  readonly assumptions: readonly Assumption[];
  /** The model reads no series: the calendar date it was judged on. */
  readonly inputsAsOf: Readonly<Record<string, IsoDate>>;
}

/**
 * The buyback window from `fromDay` to `toDay` (day numbers), judged on `today`: the share of cap
 * in blackout per day, status and the next status changes (within 120 days, debounced:
 * statusChanges), and daily demand
 * = annualBn · π(b_t) / Σ_{trading days s within ±182 days} π(b_s), π(b) = (1 − b) + a·b with a
 * = blackoutActivity (default 0: demand ∝ share of cap not in blackout); 0 on non-trading days.
 * Report dates, when given, are company earnings dates with their shares of index cap; the part
 * of each season they do not cover comes from the seasonal model (withSeasonalRemainder).
 * Without them the seasonal model is used. Blackout days are calendar days.
 */
export function buybackWindow(today: number, params: BuybackParams = {}, reports?: readonly Report[]): BuybackResult {
  const p = resolveBuybackParams(params, today);
  const from = today - 200;
  const to = today + 200;
  const seasonal = seasonalReports(from, to, p.weeks);
  const rep = reports
    ? withSeasonalRemainder(
        reports.map((r, i) => {
          if (!isIsoDate(r.date)) throw new ParameterError(`reports[${i}].date is not an ISO date: ${JSON.stringify(r.date)}`);
          if (!(r.weight >= 0)) throw new ParameterError(`reports[${i}].weight must be ≥ 0, got ${r.weight}`);
          return { day: toDay(r.date), weight: r.weight };
        }),
        seasonal,
      )
    : seasonal;
  const share = blackoutShare(rep, from, to, p.before, p.after);
  const dates = Int32Array.from({ length: to - from + 1 }, (_, i) => from + i);
  // Demand normalised over the year centred on today.
  const pace = (b: number) => 1 - b + p.activity * b;
  let norm = 0;
  for (let d = today - 182; d <= today + 182; d++) if (isTradingDay(d)) norm += pace(share[d - from] as number);
  const demand = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) if (isTradingDay(dates[i] as number)) demand[i] = norm > 0 ? (p.annualBn * pace(share[i] as number)) / norm : 0;
  const st = (i: number) => statusOf(share[i] as number, (share[i] as number) >= (share[i - 1] as number), p.closingAt, p.closedAt);
  const ti = today - from;
  const changes = statusChanges(share, ti, p.closingAt, p.closedAt).map((c) => ({ date: toIso(dates[c.index] as number), status: c.status }));
  return {
    dates,
    share,
    demandBn: demand,
    today: { date: toIso(today), share: share[ti] as number, status: st(ti), demandBn: (demand[ti] as number) as UsdBn },
    changes,
    method: reports ? 'company earnings dates, the rest of the index from the seasonal model' : 'seasonal model',
    inputsAsOf: { calendar: toIso(today) },
    assumptions: [
      assumption(SPECS.blackoutBefore, params.blackoutBefore, today),
      assumption(SPECS.blackoutAfter, params.blackoutAfter),
      assumption(SPECS.closedAt, params.closedAt),
      assumption(SPECS.closingAt, params.closingAt),
      annualAssumption(params.annualBn, today),
      assumption(SPECS.blackoutActivity, params.blackoutActivity),
      assumption(SPECS.seasonWeights, params.seasonWeights?.join(',')),
    ],
  };
}

/** The annualBn assumption: the user's value, else the total published by `asOf`, with its date and source. */
function annualAssumption(user: number | undefined, asOf: number): Assumption {
  const a = annualBuybacksAsOf(asOf);
  return { ...SPECS.annualBn, default: a.value, value: user ?? a.value, source: a.source, knownFrom: a.knownFrom, ...(a.laterThanAsOf ? { laterThanAsOf: true } : {}) };
}

/** Calendar quarter label of a day, e.g. "2026Q3" (for views). */
export function quarterLabel(day: number): string {
  const { year, month } = ymd(day);
  return `${year}Q${Math.floor((month - 1) / 3) + 1}`;
}
