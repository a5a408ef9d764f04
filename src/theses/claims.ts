import { NotEnoughDataError } from '../core/errors.ts';
import { blackoutShare, resolveBuybackParams, seasonalReports, withSeasonalRemainder } from '../models/buyback.ts';
import { quarterEnd } from '../series/calendars/quarters.ts';
import type { MeetingOddsPoint, OddsSwing } from '../models/fedOdds.ts';
import type { FedPathResult } from '../models/fedpath.ts';
import type { FedWatchTable } from '../models/fedwatch.ts';
import { chainLinkedNetLiquidity, type LiquidityResult } from '../models/liquidity.ts';
import type { VixTermResult } from '../models/vixterm.ts';
import type { KShapeResult } from '../models/kshape.ts';
import type { CryptoResult } from '../models/crypto.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { fmtNumber, fmtRange } from '../views/format.ts';
import type { ThesisResult, Verdict } from './thesis.ts';

const signed = (x: number, d = 0) => `${x >= 0 ? '+' : ''}${fmtNumber(x, d)}`;

/** How the S&P 500 has moved against net liquidity, and where it stands against what liquidity implied. */
export interface LiquidityPricing {
  /** Weekly regression y = a + β·x, y and x 100·ln changes of the S&P 500 and net liquidity. */
  readonly beta: number;
  readonly intercept: number;
  readonly tBeta: number;
  /** Weeks in the regression. */
  readonly n: number;
  /** Over the last `weeks` weeks: net liquidity and S&P 500 log changes (%), the implied move a·weeks + β·ΔNL, and actual − implied. */
  readonly nlPct: number;
  readonly actualPct: number;
  readonly impliedPct: number;
  readonly gapPct: number;
  readonly to: IsoDate;
}

/**
 * The S&P 500 against net liquidity on the weekly (Wednesday) grid: y_t = 100·ln(P_t/P_{t−1}) on
 * x_t = 100·ln(NL_t/NL_{t−1}) by OLS over the last `window` weeks (P the last close on or before
 * the Wednesday), then over the last `weeks` weeks implied = a·weeks + β·100·ln(NL_t/NL_{t−weeks})
 * against the actual 100·ln(P_t/P_{t−weeks}); gap = actual − implied (< 0: prices lag
 * liquidity). t of β = β / (s / √Σ(x − x̄)²). A weekly relation is noisy: β and t are shown.
 */
export function liquidityPricing(weekly: { readonly dates: Int32Array; readonly netLiquidity: Float64Array }, spx: Series, weeks = 13, window = 156): LiquidityPricing {
  const px: number[] = [];
  const nl: number[] = [];
  const days: number[] = [];
  for (let i = 0; i < weekly.dates.length; i++) {
    const d = weekly.dates[i] as number;
    const j = lastAtOrBefore(spx.dates, d);
    const n = weekly.netLiquidity[i] as number;
    // The close on the Wednesday, or up to 3 days before (a holiday), never an older one.
    if (j < 0 || !(n > 0) || d - (spx.dates[j] as number) > 3 || !((spx.values[j] as number) > 0)) continue;
    px.push(spx.values[j] as number);
    nl.push(n);
    days.push(d);
  }
  const last = px.length - 1;
  if (last < weeks + 26) throw new NotEnoughDataError(`${spx.id} and net liquidity share ${px.length} weeks; need at least ${weeks + 27}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = Math.max(1, last - window + 1); i <= last; i++) {
    xs.push(100 * Math.log((nl[i] as number) / (nl[i - 1] as number)));
    ys.push(100 * Math.log((px[i] as number) / (px[i - 1] as number)));
  }
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < n; k++) {
    sxx += ((xs[k] as number) - mx) ** 2;
    sxy += ((xs[k] as number) - mx) * ((ys[k] as number) - my);
  }
  const beta = sxy / sxx;
  const intercept = my - beta * mx;
  let ssr = 0;
  for (let k = 0; k < n; k++) ssr += ((ys[k] as number) - intercept - beta * (xs[k] as number)) ** 2;
  const tBeta = beta / (Math.sqrt(ssr / (n - 2)) / Math.sqrt(sxx));
  const nlPct = 100 * Math.log((nl[last] as number) / (nl[last - weeks] as number));
  const actualPct = 100 * Math.log((px[last] as number) / (px[last - weeks] as number));
  const impliedPct = intercept * weeks + beta * nlPct;
  return { beta, intercept, tBeta, n, nlPct, actualPct, impliedPct, gapPct: actualPct - impliedPct, to: toIso(days[last] as number) };
}

/**
 * Claim 3: a liquidity wave is coming that prices do not yet reflect. Three conditions:
 * (A) the wave — net liquidity rose by at least `minRiseBn` over 13 weeks with at least half of
 * the gross move from the Treasury side (TGA + RRP); (B) the rate path — the market prices at
 * least 25 bp of easing over the next 12 months (implied EFFR after the last FOMC meeting within
 * a year below today's EFFR); (C) prices lag — the S&P 500's 13-week move is below what its
 * weekly relation to net liquidity implies (liquidityPricing) with β > 0. Supported if A, B and
 * C hold; not supported if net liquidity fell by `minRiseBn` or more over 13 weeks; mixed
 * otherwise. B and C need the fed path and the S&P 500; without them they count as not holding.
 */
export function liquidityWave(r: LiquidityResult, context: { readonly spx?: Series; readonly fedPath?: FedPathResult } = {}, minRiseBn = 100): ThesisResult {
  const c13 = r.changes.find((c) => c.weeks === 13);
  const statement = 'A liquidity wave is coming that prices do not yet reflect (Treasury-led net liquidity rising, the Fed path easing, stocks behind what liquidity implies).';
  const rule = `A: 13-week ΔNL ≥ +${minRiseBn} bn with a Treasury share ≥ 50%; B: ≥ 25 bp of cuts priced over 12 months; C: the S&P 500's 13-week move below what its weekly β to net liquidity implies (β > 0) — supported if A, B and C; not supported if ΔNL ≤ −${minRiseBn} bn; mixed otherwise`;
  if (!c13) return { id: 'liquidity-wave', statement, verdict: 'not enough data', reason: 'fewer than 13 weeks of net liquidity', rule, metrics: [] };
  const a = c13.change >= minRiseBn && c13.treasuryShare >= 50;
  const fp = context.fedPath;
  const yearOut = fp ? [...fp.path].filter((x) => toDay(x.date) <= toDay(fp.tradeDate) + 365).at(-1) : undefined;
  const easingBp = fp && yearOut ? 100 * (fp.effr - yearOut.rate) : Number.NaN;
  const b = easingBp >= 25;
  let pricing: LiquidityPricing | undefined;
  try {
    // Week-on-week changes on one TGA basis each (chain-linked), not across the WDTGAL/WTREGEN seam.
    pricing = context.spx ? liquidityPricing({ dates: r.weekly.dates, netLiquidity: chainLinkedNetLiquidity(r.weekly) }, context.spx) : undefined;
  } catch {
    pricing = undefined;
  }
  const c = pricing !== undefined && pricing.beta > 0 && pricing.gapPct < 0;
  const verdict: Verdict = a && b && c ? 'supported' : c13.change <= -minRiseBn ? 'not supported' : 'mixed';
  const weekly: Series = { id: 'NETLIQ', title: 'Net liquidity, USD bn', unit: 'USD bn', frequency: 'weekly', source: 'fred', dates: r.weekly.dates, values: r.weekly.netLiquidity, retrievedAt: '' };
  const from = toDay('2019-01-01');
  const i0 = r.weekly.dates.findIndex((d) => d >= from);
  const mark = (x: boolean) => (x ? 'yes' : 'no');
  const held = [a, b, c].filter(Boolean).length;
  const bText = fp && yearOut ? `${signed(easingBp, 0)} bp of easing priced to ${yearOut.date} (B: ${mark(b)})` : 'no rate path (B: no)';
  const cText = pricing
    ? `${context.spx?.id} ${signed(pricing.actualPct, 1)}% over the 13 weeks to ${pricing.to} vs ${signed(pricing.impliedPct, 1)}% implied by β = ${fmtNumber(pricing.beta, 2)} (t = ${fmtNumber(pricing.tBeta, 1)}) to net liquidity (C: ${mark(c)})`
    : 'no S&P 500 to compare (C: no)';
  return {
    id: 'liquidity-wave',
    statement,
    verdict,
    reason: `${held} of 3 conditions hold — net liquidity ${signed(c13.change)} bn over 13 weeks to ${c13.to}, ${fmtNumber(c13.treasuryShare, 0)}% from the Treasury side, driven by the ${c13.driver} (A: ${mark(a)}); ${bText}; ${cText}`,
    rule,
    metrics: [
      { label: 'net liquidity', value: `${fmtNumber(r.latest.netLiquidity, 0)} bn`, asOf: r.latest.date },
      { label: '13-week change', value: `${signed(c13.change)} bn`, asOf: c13.to },
      { label: 'Treasury share of the move', value: `${fmtNumber(c13.treasuryShare, 0)}%` },
      { label: 'reverse repo left', value: `${fmtNumber(r.rrpDepletion.latest, 1)} bn (${fmtNumber(r.rrpDepletion.depletedPct, 1)}% drained)` },
      ...(fp && yearOut ? [{ label: 'easing priced over 12 months', value: `${signed(easingBp, 0)} bp (EFFR ${fmtNumber(fp.effr, 2)}% → ${fmtNumber(yearOut.rate, 2)}%)`, asOf: fp.tradeDate }] : []),
      ...(pricing ? [{ label: 'S&P 500 13 weeks: actual vs liquidity-implied', value: `${signed(pricing.actualPct, 1)}% vs ${signed(pricing.impliedPct, 1)}% (gap ${signed(pricing.gapPct, 1)} pp)`, asOf: pricing.to }] : []),
    ],
    chart: { title: 'Net liquidity = Fed assets − TGA − RRP (USD bn)', series: [{ ...weekly, dates: weekly.dates.slice(i0), values: weekly.values.slice(i0) }] },
  };
}

/**
 * Micro-claim: VIX curve inversions now reflect hedging flows, not panic. Rule over the episodes
 * that started in the last `years` years: supported if ≥ 60% are labelled hedging flow, not
 * supported if ≤ 40%, mixed between.
 */
export function vixHedging(r: VixTermResult, asOf: IsoDate, years = 3): ThesisResult {
  const since = toIso(toDay(asOf) - Math.round(365.25 * years));
  const recent = r.episodes.filter((e) => e.start >= since);
  const hedging = recent.filter((e) => e.classification.label === 'hedging flow').length;
  const statement = 'An inverted VIX curve today reflects short-dated hedging flows, not panic.';
  const rule = `over inversion episodes since ${since}: supported if ≥ 60% are labelled "hedging flow" by the classifier, not supported if ≤ 40%`;
  const ratio: Series = { id: 'VIX_VIX3M', title: 'VIX / VIX3M', unit: 'ratio', frequency: 'daily', source: 'cboe', dates: r.dates, values: r.ratio, retrievedAt: '' };
  const i0 = r.dates.findIndex((d) => d >= toDay(since));
  const chart = {
    title: 'VIX / VIX3M (≥ 1 = inverted); shaded: inversion episodes',
    series: [{ ...ratio, dates: ratio.dates.slice(Math.max(0, i0)), values: ratio.values.slice(Math.max(0, i0)) }],
    rules: [1],
    bands: recent.map((e) => ({ from: e.start, to: toIso(toDay(e.end) + 1), label: e.classification.label })),
  };
  if (recent.length === 0) return { id: 'vix-hedging', statement, verdict: 'not enough data', reason: `no inversion since ${since}`, rule, metrics: [], chart };
  const share = (100 * hedging) / recent.length;
  const verdict: Verdict = share >= 60 ? 'supported' : share <= 40 ? 'not supported' : 'mixed';
  const h21 = r.eventStudy['hedging flow'].horizons.find((h) => h.horizon === 21);
  const s21 = r.eventStudy.stress.horizons.find((h) => h.horizon === 21);
  return {
    id: 'vix-hedging',
    statement,
    verdict,
    reason: `${hedging} of ${recent.length} inversions since ${since} read as hedging flow (${fmtNumber(share, 0)}%); today the curve is in ${r.today.state} (VIX/VIX3M ${fmtNumber(r.today.ratio, 3)})`,
    rule,
    metrics: [
      { label: 'VIX / VIX3M', value: fmtNumber(r.today.ratio, 3), asOf: r.today.date },
      { label: 'episodes read as hedging', value: `${hedging} of ${recent.length}` },
      { label: 'S&P 21d after hedging episodes', value: h21 ? `${signed(h21.meanReturn, 2)}% (n = ${h21.n})` : '—' },
      { label: 'S&P 21d after stress episodes', value: s21 ? `${signed(s21.meanReturn, 2)}% (n = ${s21.n})` : '—' },
    ],
    chart,
    table: {
      caption: 'Recent episodes',
      head: ['start', 'end', 'peak', 'label', 'stress votes'],
      rows: recent.map((e) => [e.start, e.end, fmtNumber(e.peakRatio, 3), e.classification.label, e.classification.indicators.filter((x) => x.stress).map((x) => x.name).join(', ') || 'none']),
    },
  };
}

/**
 * Micro-claim: Fed communication swings rate-cut odds (80% → 30% → 80%). Rule over the odds
 * history of the next meeting (FedWatch on fed funds futures wherever they exist, else the curve
 * approximation, named in the rule): supported with ≥ 2 swings (a move of ≥ minPts within N trade
 * dates, reversed by ≥ minPts within M), mixed with 1, not supported with none. The FedWatch
 * table is the claim's table; the chart holds the odds history of each meeting given.
 */
export function fedSwings(o: {
  readonly result: FedPathResult;
  readonly history: readonly MeetingOddsPoint[];
  readonly historyMeeting: IsoDate | undefined;
  readonly oddsOf?: 'cut' | 'hike';
  readonly swings: readonly OddsSwing[];
  readonly swingRule: { readonly minPts: number; readonly within: number; readonly reversedWithin: number };
  readonly table?: FedWatchTable;
  readonly histories?: readonly { readonly meeting: IsoDate; readonly history: readonly MeetingOddsPoint[] }[];
}): ThesisResult {
  const { result: path, history, swings, swingRule: r } = o;
  const meeting = o.historyMeeting ?? '—';
  const statement = 'Fed communication alone swings the odds of a rate cut (80% → 30% → 80%).';
  const key = o.oddsOf ?? 'cut';
  // The odds are of a range below (above) one fixed range, the one in force on the last trade date (fedOdds.ts againstReference).
  const ref = history[history.length - 1]?.reference;
  const odds = ref ? `P(${key === 'cut' ? 'below' : 'above'} ${fmtRange(ref)} after ${meeting})` : `P(${key} by ${meeting})`;
  const rule = `over ${odds}, the odds of a ${key} by the ${meeting} meeting: supported with ≥ 2 swings (≥ ${r.minPts} pp within ${r.within} trade dates, reversed by ≥ ${r.minPts} pp within ${r.reversedWithin}), mixed with 1, not supported with none (${path.method})`;
  if (history.length < 10) return { id: 'fed-swings', statement, verdict: 'not enough data', reason: `only ${history.length} trade dates of odds`, rule, metrics: [] };
  const verdict: Verdict = swings.length >= 2 ? 'supported' : swings.length === 1 ? 'mixed' : 'not supported';
  const next = path.meetings[0];
  const histories = o.histories ?? [{ meeting: meeting as IsoDate, history }];
  return {
    id: 'fed-swings',
    statement,
    verdict,
    reason: `${swings.length} swing${swings.length === 1 ? '' : 's'} in ${odds} over ${history.length} trade dates${swings.length ? `: ${swings.map((w) => `${fmtNumber(w.fromPct, 0)}% → ${fmtNumber(w.turnPct, 0)}% → ${fmtNumber(w.backPct, 0)}% (${w.from} → ${w.back})`).join(', ')}` : ''}`,
    rule,
    metrics: [
      // The odds the rule reads (a hike in a hiking regime), so the number and the reason agree.
      { label: `P(${key}) at ${next?.meeting ?? '—'}`, value: next ? `${fmtNumber(next[key], 0)}%` : '—', asOf: path.tradeDate },
      { label: 'expected move', value: next ? `${signed(next.expectedMoveBp, 1)} bp` : '—' },
      { label: 'method', value: path.method },
    ],
    chart: {
      title: ref ? `P(range after each meeting ${key === 'cut' ? 'below' : 'above'} ${fmtRange(ref)}) by trade date, %` : `P(${key} by each meeting) by trade date, %`,
      series: histories.map((h) => seriesFrom(`P_${h.meeting}`, h.history.map((p) => p.tradeDate), h.history.map((p) => p[key]), { title: `meeting of ${h.meeting}` })),
    },
    ...(o.table
      ? {
          table: {
            caption: `FedWatch on ${path.tradeDate}: probability of each target range (bp) after each meeting, %`,
            head: ['meeting', ...o.table.ranges.map(([lo, hi]) => `${Math.round(lo * 100)}-${Math.round(hi * 100)}`)],
            rows: o.table.rows.map((row) => [row.meeting, ...row.p.map((p) => (p < 0.05 ? '' : fmtNumber(p, 1)))]),
          },
        }
      : {}),
  };
}

/**
 * Company report dates for the buyback-window claim's check on real dates: reports as day numbers
 * with their shares of index cap, the first and last season (quarter ends) they cover
 * (series/earningsCalendar.ts coveredSeasons) and where they come from. The app layer builds them
 * from the stored S&P 500 earnings calendar (app/buybackCalendar.ts claimReportDates).
 */
export interface ClaimReportDates {
  readonly reports: readonly { readonly day: number; readonly weight: number }[];
  readonly seasons: { readonly first: IsoDate; readonly last: IsoDate };
  /** One line: the files and how many reports. */
  readonly source: string;
}

interface Sample {
  readonly m: number;
  readonly v: number;
  readonly n: number;
}

/** Daily S&P 500 returns (%) on days in [from, to] split by the blackout share (open < closingAt, closed ≥ closedAt); `share[d − shareFrom]`. */
function splitReturns(spx: Series, share: Float64Array, shareFrom: number, from: number, to: number, closingAt: number, closedAt: number): { open: number[]; closed: number[] } {
  const open: number[] = [];
  const closed: number[] = [];
  let prev = Number.NaN;
  for (let i = 0; i < spx.dates.length; i++) {
    const d = spx.dates[i] as number;
    const v = spx.values[i] as number;
    if (Number.isNaN(v)) continue;
    if (d >= from && d <= to && !Number.isNaN(prev)) {
      const r = 100 * (v / prev - 1);
      const b = share[d - shareFrom] as number;
      if (b < closingAt) open.push(r);
      else if (b >= closedAt) closed.push(r);
    }
    prev = v;
  }
  return { open, closed };
}

const sample = (x: number[]): Sample => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
  return { m, v, n: x.length };
};

/** Open vs closed: means, counts, Welch t and the verdict of the claim's thresholds; undefined with fewer than 30 days of either. */
function openVsClosed(split: { open: number[]; closed: number[] }): { o: Sample; c: Sample; t: number; verdict: Verdict } | undefined {
  if (split.open.length < 30 || split.closed.length < 30) return undefined;
  const o = sample(split.open);
  const c = sample(split.closed);
  const t = (o.m - c.m) / Math.sqrt(o.v / o.n + c.v / c.n);
  return { o, c, t, verdict: o.m > c.m && t >= 2 ? 'supported' : t <= 0 ? 'not supported' : 'mixed' };
}

/**
 * The days whose blackout company dates of seasons `first` … `last` (quarter ends) decide on
 * their own: day t holds the reports of [t − after, t + before], whose seasons (the last quarter
 * end before each) must lie in the span — t ≥ first + 1 + after and t + before ≤ the quarter end
 * after `last`.
 */
export function coveredDays(seasons: { readonly first: IsoDate; readonly last: IsoDate }, before: number, after: number): { readonly from: number; readonly to: number } {
  return { from: toDay(seasons.first) + 1 + after, to: quarterEnd(toDay(seasons.last) + 1) - before };
}

/**
 * Micro-claim: the buyback window is the largest source of demand — stocks do better while it is
 * open. Daily S&P 500 returns on days the seasonal model has the window open (< 25% of cap in
 * blackout) vs closed (≥ 50%), with a Welch t, since `fromDay` (2000). Supported when open beats
 * closed with t ≥ 2; not supported when open does no better (t ≤ 0); mixed otherwise.
 *
 * With company report dates (`dates`, the stored S&P 500 calendar) the same test also runs on
 * the days whose blackout those dates decide (coveredDays, up to the last S&P 500 close: from
 * 2020-10-03 on the shared calendar), the share from the dates (the seasonal model only for the
 * few companies without one, withSeasonalRemainder). The test since 2000 keeps the verdict — it
 * has four times the days and several market regimes; the check on real dates can only move it
 * to "mixed", when it reaches the opposite verdict (supported against not supported). A check
 * with fewer than 30 open or closed days is shown and not used. Without dates, or as of a date
 * before the first covered day, the claim is the seasonal test alone, unchanged.
 */
export function buybackDemand(spx: Series, fromDay = toDay('2000-01-01'), dates?: ClaimReportDates): ThesisResult {
  const statement = 'The buyback window is the market\'s largest source of demand: stocks do better while it is open.';
  const baseRule = 'daily S&P 500 returns, window open (< 25% of cap in blackout) vs closed (≥ 50%), since 2000: supported if open − closed > 0 with Welch t ≥ 2; not supported if t ≤ 0';
  const to = spx.dates[spx.dates.length - 1] as number;
  // The model's documented defaults (blackout window and seasonal weeks), so the claim follows them.
  const bp = resolveBuybackParams();
  const share = blackoutShare(seasonalReports(fromDay, to, bp.weeks), fromDay, to, bp.before, bp.after);
  const long = openVsClosed(splitReturns(spx, share, fromDay, fromDay, to, bp.closingAt, bp.closedAt));
  // The days company dates decide, up to the last close (none as of a date before them).
  const span = dates ? coveredDays(dates.seasons, bp.before, bp.after) : undefined;
  const cFrom = span ? Math.max(span.from, fromDay) : 0;
  const cTo = span ? Math.min(span.to, to) : -1;
  const rule = span && cFrom <= cTo && dates
    ? `${baseRule}; checked on company earnings dates (${dates.source}) over the days whose blackout they decide, ${toIso(cFrom)} … ${toIso(cTo)}, with the same thresholds: when the check reaches the opposite verdict (supported against not supported) the claim is mixed, otherwise the verdict since 2000 stands; a check with fewer than 30 open or closed days is not used`
    : baseRule;
  if (!long) return { id: 'buyback-window', statement, verdict: 'not enough data', reason: 'too few open or closed days', rule, metrics: [] };
  const { o, c, t } = long;
  const base = {
    reason: `mean daily return ${fmtNumber(o.m * 100, 1)} bp with the window open (n = ${o.n}) vs ${fmtNumber(c.m * 100, 1)} bp closed (n = ${c.n}); Welch t = ${fmtNumber(t, 2)}`,
    metrics: [
      { label: 'open-window days: mean return', value: `${fmtNumber(o.m * 100, 1)} bp` },
      { label: 'closed-window days: mean return', value: `${fmtNumber(c.m * 100, 1)} bp` },
      { label: 'Welch t', value: fmtNumber(t, 2) },
      { label: 'sample', value: `${spx.id} since ${toIso(fromDay)}`, asOf: toIso(to) },
    ],
  };
  const seasonalSeries = blackoutSeries(share, fromDay, Math.max(fromDay, to - 730), to);
  if (!dates || cFrom > cTo) {
    return { id: 'buyback-window', statement, verdict: long.verdict, reason: base.reason, rule, metrics: base.metrics, chart: { title: 'Share of S&P 500 market cap in buyback blackout (seasonal model), last 2 years, %', series: [seasonalSeries], rules: [25, 50] } };
  }
  // The share from company dates over the covered days (the seasonal model for the rest of each season).
  const real = blackoutShare(withSeasonalRemainder(dates.reports, seasonalReports(cFrom, cTo, bp.weeks)), cFrom, cTo, bp.before, bp.after);
  const split = splitReturns(spx, real, cFrom, cFrom, cTo, bp.closingAt, bp.closedAt);
  const check = openVsClosed(split);
  const opposite = check !== undefined && ((long.verdict === 'supported' && check.verdict === 'not supported') || (long.verdict === 'not supported' && check.verdict === 'supported'));
  const verdict: Verdict = opposite ? 'mixed' : long.verdict;
  const span_ = `${toIso(cFrom)} … ${toIso(cTo)}`;
  const checkReason = check
    ? `on company earnings dates (${span_}): ${fmtNumber(check.o.m * 100, 1)} bp open (n = ${check.o.n}) vs ${fmtNumber(check.c.m * 100, 1)} bp closed (n = ${check.c.n}); Welch t = ${fmtNumber(check.t, 2)}, ${check.verdict} on its own${opposite ? ' — the opposite verdict: mixed' : ''}`
    : `on company earnings dates (${span_}): too few days to check (${split.open.length} open, ${split.closed.length} closed; 30 of each needed)`;
  const bpOf = (x: Sample | undefined) => (x ? `${fmtNumber(x.m * 100, 1)} bp` : '—');
  return {
    id: 'buyback-window',
    statement,
    verdict,
    reason: `${base.reason}; ${checkReason}`,
    rule,
    metrics: [
      ...base.metrics,
      { label: 'days open / closed', value: `${o.n} / ${c.n}` },
      { label: 'company dates: open-window days: mean return', value: bpOf(check?.o) },
      { label: 'company dates: closed-window days: mean return', value: bpOf(check?.c) },
      { label: 'company dates: days open / closed', value: `${split.open.length} / ${split.closed.length}` },
      { label: 'company dates: Welch t', value: check ? fmtNumber(check.t, 2) : '—' },
      { label: 'company dates: sample', value: `${spx.id} ${span_}`, asOf: toIso(cTo) },
    ],
    chart: {
      title: 'Share of S&P 500 market cap in buyback blackout (seasonal model; company earnings dates where they decide), last 2 years, %',
      series: [seasonalSeries, ...(Math.max(cFrom, to - 730) <= cTo ? [{ ...blackoutSeries(real, cFrom, Math.max(cFrom, to - 730), cTo), id: 'BLACKOUT_DATES', title: 'cap in blackout, company dates, %' }] : [])],
      rules: [25, 50],
    },
    assumptions: [
      {
        name: 'reportDates',
        value: 'stored calendar',
        default: 'stored calendar where it decides the blackout, else the seasonal model',
        description: 'company report dates of the check on real dates (the test since 2000 uses the seasonal model)',
        source: dates.source,
      },
    ],
  };
}

/** The blackout share array (index = day − fromDay) as a % series over [start, end]. */
function blackoutSeries(share: Float64Array, fromDay: number, start: number, end: number): Series {
  const n = end - start + 1;
  const dates = new Int32Array(n);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    dates[k] = start + k;
    values[k] = 100 * (share[start + k - fromDay] as number);
  }
  return { id: 'BLACKOUT', title: 'cap in blackout, %', unit: '%', frequency: 'daily', source: 'fred', dates, values, retrievedAt: '' };
}

/**
 * Claim 7: the economy runs on two tracks and the gap widens — measured in markets as the
 * relative return of AI/technology over the real economy since the base. Supported when the
 * spread is positive and grew over the last 63 trading days; mixed when positive but narrowing;
 * not supported when negative.
 */
export function kShapeWidening(r: KShapeResult): ThesisResult {
  const statement = 'The economy runs on two tracks (K-shape), and the gap widens.';
  const rule = `AI/technology (XLK, SMH, QQQ) vs the real economy (RSP, IWM, XLY) since ${r.base}: supported if the spread is positive and widened over the last 63 trading days; mixed if positive but narrowing; not supported if negative`;
  const verdict: Verdict = r.latest.spread > 0 ? (r.change3m > 0 ? 'supported' : 'mixed') : 'not supported';
  const spread: Series = { id: 'KSHAPE', title: 'AI/tech vs real economy, %', unit: '%', frequency: 'daily', source: 'yahoo', dates: r.dates, values: r.spread, retrievedAt: '' };
  return {
    id: 'k-shape',
    statement,
    verdict,
    reason: `AI/technology ${signed(r.latest.spread, 0)}% relative to the real economy since ${r.base}; ${Number.isNaN(r.change3m) ? 'no 3-month change yet' : `${signed(r.change3m, 1)} pp over the last 3 months`} (markets only: the labour and household legs are in \`flowlens economy\`)`,
    rule,
    metrics: [
      { label: `relative return since ${r.base}`, value: `${signed(r.latest.spread, 0)}%`, asOf: r.latest.date },
      { label: '3-month change', value: `${signed(r.change3m, 1)} pp` },
      { label: 'AI/tech basket', value: `×${fmtNumber(r.latest.upper, 2)}` },
      { label: 'real-economy basket', value: `×${fmtNumber(r.latest.lower, 2)}` },
    ],
    chart: { title: `AI/technology vs the real economy, relative return since ${r.base} (%)`, series: [spread], rules: [0] },
    assumptions: r.assumptions,
  };
}

/**
 * Claim 6, the measurable half: crypto is the asset class with the most upside. Supported when
 * BTC has the highest 5-year total return among the asset classes given; not supported otherwise.
 * (Whether that makes it the young's political asset is not a market measurement; the drawdowns
 * that come with the upside are shown.)
 */
export function cryptoUpside(r: CryptoResult, assets: readonly Series[] = []): ThesisResult {
  const statement = 'Crypto is the one asset class with real upside for the young, and so a political asset.';
  const rule = 'supported if bitcoin has the highest 5-year total return among stocks (SPY, QQQ), gold (GLD), Treasuries (TLT) and commodities (DBC); not supported otherwise';
  const top = r.ranking[0];
  const btc = r.ranking.find((x) => x.id === 'BTCUSD');
  if (!top || !btc) return { id: 'crypto-upside', statement, verdict: 'not enough data', reason: 'no 5-year returns', rule, metrics: [] };
  const verdict: Verdict = top.id === 'BTCUSD' ? 'supported' : 'not supported';
  const worst = r.drawdowns.reduce((m, d) => Math.min(m, d.depth), 0);
  return {
    id: 'crypto-upside',
    statement,
    verdict,
    reason: `over ${btc.from} → ${btc.to} bitcoin returned ${signed(btc.totalReturn, 0)}% (${signed(btc.annualised, 1)}% a year)${top.id === 'BTCUSD' ? ', the most of any asset class' : `, behind ${top.id} (${signed(top.totalReturn, 0)}%)`}; it is ${fmtNumber(Math.abs(r.current.fromPeak), 0)}% below its peak${r.current.date !== btc.to ? ` on ${r.current.date}` : ''} and ${r.drawdowns.length ? `has fallen as much as ${fmtNumber(Math.abs(worst), 0)}%` : 'has not fallen 50% or more from a peak'}`,
    rule,
    metrics: [
      { label: 'BTC 5-year return', value: `${signed(btc.totalReturn, 0)}%`, asOf: btc.to },
      { label: 'below its peak', value: `${fmtNumber(Math.abs(r.current.fromPeak), 0)}%`, asOf: r.current.date },
      { label: 'deepest drawdown', value: `${fmtNumber(worst, 0)}%` },
    ],
    table: { caption: '5-year total returns', head: ['asset', 'total %', 'per year %'], rows: r.ranking.map((x) => [x.id, fmtNumber(x.totalReturn, 0), fmtNumber(x.annualised, 1)]) },
    ...(assets.length ? { chart: { title: `Growth of 100 since ${btc.from}`, series: assets.map((s) => rebased(s, toDay(btc.from), toDay(btc.to))), rules: [100] } } : {}),
  };
}

/**
 * A price series over [from, to] rebased to 100 at the price in effect on `from` (its last valid
 * value on or before it, else the first after): 100 · P_t / P_from (charts of growth over a window).
 */
export function rebased(s: Series, from: number, to: number): Series {
  const dates: number[] = [];
  const values: number[] = [];
  let start = 0;
  for (let i = 0; i < s.dates.length && (s.dates[i] as number) <= from; i++) if (!Number.isNaN(s.values[i] as number)) start = i;
  let first = Number.NaN;
  for (let i = start; i < s.dates.length; i++) {
    const d = s.dates[i] as number;
    const v = s.values[i] as number;
    if (d > to || Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    dates.push(d);
    values.push((100 * v) / first);
  }
  return { ...s, title: s.id, unit: 'index', dates: Int32Array.from(dates), values: Float64Array.from(values) };
}
