import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { alignTo, innerJoin } from '../series/align.ts';
import { toDay, toIso } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import { realisedVol, rollingCorrBeta } from '../series/returns.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';
import { eventStudies, type EventStudyResult } from './eventStudy.ts';

/**
 * The VIX term structure: the 30-day VIX against the 3-month VIX3M (Cboe,
 * https://www.cboe.com/us/indices/dashboard/vix3m/). Normally VIX < VIX3M (contango: more
 * uncertainty further out). An inversion (VIX/VIX3M ≥ 1) means near-dated options are bid —
 * by panic, or, the thesis says, by short-dated hedging flows. The classifier below tells the two
 * apart with evidence from outside the options market.
 */

export interface VixTermInputs {
  /** Cboe VIX close. */
  readonly vix: Series;
  /** Cboe VIX3M close. */
  readonly vix3m: Series;
  /** Cboe VIX9D close (optional: the 9-day/30-day ratio). */
  readonly vix9d?: Series;
  /** The S&P 500 (index or SPY) price. */
  readonly spx: Series;
  /** ICE BofA US high-yield OAS, %. */
  readonly hySpread?: Series;
  /** Equal-weight S&P 500 (RSP) for breadth. */
  readonly equalWeight?: Series;
}

export interface VixTermParams {
  /** Ratio at or above which the curve is inverted. */
  readonly inversionLevel?: number;
  /** Inversions separated by at most this many trading days are one episode. */
  readonly mergeGapDays?: number;
  /** Episodes with fewer inverted days than this are dropped. */
  readonly minDays?: number;
  /** Window of the spot-vol beta regression, trading days. */
  readonly betaWindow?: number;
  /** Window of realised volatility, trading days. */
  readonly realisedWindow?: number;
  /** Stress if the HY spread is at least this (%). */
  readonly hyLevelPct?: number;
  /** Stress if the HY spread widened by at least this over 10 trading days (bp). */
  readonly hyWideningBp?: number;
  /** Stress if the S&P 500 is at least this far below its `drawdownWindow`-day high (%). */
  readonly drawdownPct?: number;
  /** Look-back of the high for the drawdown, trading days (252 = 52 weeks; 63 = a quarter). */
  readonly drawdownWindow?: number;
  /** Stress if VIX − realised vol is at most this (vol points): the market is as turbulent as priced. */
  readonly impliedPremiumPts?: number;
  /**
   * Stress if the equal-weight index (RSP) trailed the S&P 500 by at least this over
   * `breadthWindow` days (pp): the average stock fell harder than the index, a broad sell-off
   * rather than a few large names.
   */
  readonly breadthGapPct?: number;
  /** Window of the breadth comparison, trading days. */
  readonly breadthWindow?: number;
  /** Indicators that must fire for "stress". */
  readonly stressVotes?: number;
}

const SPECS = {
  inversionLevel: { name: 'inversionLevel', default: 1, unit: 'ratio', description: 'VIX/VIX3M at or above which the curve is inverted', source: 'definition of backwardation' },
  mergeGapDays: { name: 'mergeGapDays', default: 3, unit: 'trading days', description: 'inversions this close together are one episode', source: 'flowlens convention' },
  minDays: { name: 'minDays', default: 1, unit: 'trading days', description: 'episodes with fewer inverted days are dropped', source: 'flowlens convention (1 = keep single-day inversions)' },
  betaWindow: { name: 'betaWindow', default: 63, unit: 'trading days', description: 'window of the spot-vol beta (ΔVIX on S&P 500 % return)', source: 'flowlens convention (one quarter)' },
  realisedWindow: { name: 'realisedWindow', default: 21, unit: 'trading days', description: 'window of S&P 500 realised volatility (VIX horizon ≈ 21 trading days)', source: 'Cboe VIX white paper: 30 calendar days' },
  hyLevelPct: { name: 'hyLevelPct', default: 5, unit: '%', description: 'HY OAS at or above this level signals credit stress', source: 'ICE BofA HY OAS: 5% ≈ long-run median plus one s.d. (FRED BAMLH0A0HYM2 history)' },
  hyWideningBp: { name: 'hyWideningBp', default: 50, unit: 'bp', description: 'HY OAS widening over 10 trading days that signals credit stress', source: 'flowlens convention' },
  drawdownPct: { name: 'drawdownPct', default: 10, unit: '%', description: 'S&P 500 drawdown from its high that signals stress (a correction)', source: 'conventional 10% correction' },
  drawdownWindow: { name: 'drawdownWindow', default: 252, unit: 'trading days', description: 'look-back of the high of the drawdown (52 weeks)', source: 'flowlens convention' },
  impliedPremiumPts: { name: 'impliedPremiumPts', default: 0, unit: 'vol points', description: 'VIX minus realised vol at or below which the move is real turbulence, not a hedging premium', source: 'flowlens convention' },
  breadthGapPct: { name: 'breadthGapPct', default: 1, unit: 'pp', description: 'equal-weight (RSP) return minus S&P 500 return at or below minus this signals a broad sell-off', source: 'flowlens convention' },
  breadthWindow: { name: 'breadthWindow', default: 21, unit: 'trading days', description: 'window of the RSP vs S&P 500 relative return', source: 'flowlens convention (one month)' },
  stressVotes: { name: 'stressVotes', default: 2, unit: 'indicators', description: 'indicators that must fire for the label "stress"', source: 'flowlens convention' },
} as const;

/** One piece of evidence of the classifier. */
export interface Indicator {
  readonly name: 'credit level' | 'credit widening' | 'drawdown' | 'implied vs realised' | 'breadth';
  readonly value: number;
  readonly threshold: number;
  readonly unit: string;
  /** True when this indicator points to stress. */
  readonly stress: boolean;
}

export type Label = 'hedging flow' | 'stress';

/** The verdict on one date: each indicator, the label and a one-line reason. */
export interface Classification {
  readonly date: IsoDate;
  readonly label: Label;
  readonly indicators: readonly Indicator[];
  readonly reason: string;
}

/** A run of inverted days. */
export interface InversionEpisode {
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly peakRatio: number;
  readonly peakDate: IsoDate;
  /** Trading days with a ratio at or above the level. */
  readonly days: number;
  /** Trading days (rows of the ratio series) from start to end inclusive, merged gaps included. */
  readonly length: number;
  /** Judged at the peak of the episode (what the episode turned out to be). */
  readonly classification: Classification;
  /**
   * Judged on the episode's first day with the data of that day only: what an observer could
   * say when the curve inverted. The event studies split by this label, so the forward returns
   * from day 0 carry no look-ahead.
   */
  readonly classificationAtStart: Classification;
}

export interface VixTermResult extends ModelProvenance {
  readonly dates: Int32Array;
  /** VIX / VIX3M on days both exist. */
  readonly ratio: Float64Array;
  /** VIX9D / VIX on the same days (NaN where VIX9D is missing). */
  readonly ratio9d: Float64Array;
  readonly episodes: readonly InversionEpisode[];
  readonly today: {
    readonly date: IsoDate;
    readonly vix: number;
    readonly vix3m: number;
    readonly ratio: number;
    readonly state: 'contango' | 'backwardation';
    readonly ratio9d: number;
    readonly spotVolBeta: number;
    readonly impliedMinusRealised: number;
    readonly classification: Classification;
  };
  /** Forward S&P 500 returns after episode starts, per label as judged on the start day. */
  readonly eventStudy: Readonly<Record<Label | 'all', EventStudyResult>>;
}

/**
 * Inversion episodes of a ratio series: days with ratio ≥ level, merged when at most `mergeGap`
 * non-inverted trading days (rows of the ratio series) lie between two inverted days.
 */
export function findInversions(ratio: Float64Array, level = 1, mergeGap = 3, minDays = 1): { start: number; end: number; peak: number; days: number }[] {
  const out: { start: number; end: number; peak: number; days: number }[] = [];
  let cur: { start: number; end: number; peak: number; days: number } | undefined;
  for (let i = 0; i < ratio.length; i++) {
    const r = ratio[i] as number;
    if (Number.isNaN(r) || r < level) continue;
    if (cur && i - cur.end - 1 <= mergeGap) {
      cur.end = i;
      cur.days++;
      if (r > (ratio[cur.peak] as number)) cur.peak = i;
    } else {
      if (cur) out.push(cur);
      cur = { start: i, end: i, peak: i, days: 1 };
    }
  }
  if (cur) out.push(cur);
  return out.filter((e) => e.days >= minDays);
}

/** Context series aligned to the ratio dates, computed once: S&P 500 level and its `drawdownWindow`-day high, realised vol (fraction), HY OAS (%), equal-weight index. */
export interface ClassifierContext {
  readonly spx: Float64Array;
  readonly high252: Float64Array;
  readonly rv: Float64Array;
  readonly hy: Float64Array;
  readonly ew: Float64Array;
}

function context(dates: Int32Array, inputs: VixTermInputs, realisedWindow: number, highWindow: number): ClassifierContext {
  // Realised vol on the S&P 500's own trading days, then read on the ratio dates.
  const spxValid = inputs.spx;
  const rvOwn = realisedVol(spxValid.values, realisedWindow);
  const rvSeries: Series = { ...spxValid, values: rvOwn };
  const high = new Float64Array(spxValid.values.length).fill(Number.NaN);
  // Running 252-day max with a monotone deque.
  const dq: number[] = [];
  for (let i = 0; i < spxValid.values.length; i++) {
    const v = spxValid.values[i] as number;
    if (Number.isNaN(v)) continue;
    while (dq.length && (spxValid.values[dq[dq.length - 1] as number] as number) <= v) dq.pop();
    dq.push(i);
    while ((dq[0] as number) <= i - highWindow) dq.shift();
    high[i] = spxValid.values[dq[0] as number] as number;
  }
  const fresh = { kind: 'ffill', maxAgeDays: 4 } as const;
  return {
    spx: alignTo(dates, spxValid, fresh),
    high252: alignTo(dates, { ...spxValid, values: high }, fresh),
    rv: alignTo(dates, rvSeries, fresh),
    hy: inputs.hySpread ? alignTo(dates, inputs.hySpread, fresh) : new Float64Array(dates.length).fill(Number.NaN),
    ew: inputs.equalWeight ? alignTo(dates, inputs.equalWeight, fresh) : new Float64Array(dates.length).fill(Number.NaN),
  };
}

/**
 * Labels day `i`. Five indicators from outside the options market, each with its threshold:
 *   credit level      HY OAS (BAMLH0A0HYM2) ≥ hyLevelPct (5%)
 *   credit widening   HY OAS change over 10 rows ≥ hyWideningBp (50 bp)
 *   drawdown          S&P 500 ≥ drawdownPct (10%) below its drawdownWindow-day (252) high
 *   implied vs realised  VIX − 100·RV21 ≤ impliedPremiumPts (0): the turbulence is real, not only priced
 *   breadth           RSP return − S&P 500 return over breadthWindow (21) days ≤ −breadthGapPct (1 pp)
 * "stress" when at least `stressVotes` (2) fire, "hedging flow" otherwise. Credit level and
 * widening vote separately on purpose: a high spread is chronic stress, a fast widening acute.
 * Missing inputs do not vote (and are not shown), so with fewer inputs the bar is relatively higher.
 */
export function classifyAt(i: number, dates: Int32Array, vix: Float64Array, ctx: ClassifierContext, p: Required<VixTermParams>): Classification {
  const ind: Indicator[] = [];
  const hy = ctx.hy[i] as number;
  if (!Number.isNaN(hy)) {
    ind.push({ name: 'credit level', value: hy, threshold: p.hyLevelPct, unit: '%', stress: hy >= p.hyLevelPct });
    const before = i >= 10 ? (ctx.hy[i - 10] as number) : Number.NaN;
    if (!Number.isNaN(before)) {
      const bp = (hy - before) * 100;
      ind.push({ name: 'credit widening', value: bp, threshold: p.hyWideningBp, unit: 'bp/10d', stress: bp >= p.hyWideningBp });
    }
  }
  const px = ctx.spx[i] as number;
  const hi = ctx.high252[i] as number;
  if (!Number.isNaN(px) && !Number.isNaN(hi)) {
    const dd = 100 * (1 - px / hi);
    ind.push({ name: 'drawdown', value: dd, threshold: p.drawdownPct, unit: `% below ${p.drawdownWindow}d high`, stress: dd >= p.drawdownPct });
  }
  const rv = ctx.rv[i] as number;
  if (!Number.isNaN(rv)) {
    const prem = (vix[i] as number) - 100 * rv;
    ind.push({ name: 'implied vs realised', value: prem, threshold: p.impliedPremiumPts, unit: 'vol pts (VIX − RV21)', stress: prem <= p.impliedPremiumPts });
  }
  const w = p.breadthWindow;
  const ew = ctx.ew[i] as number;
  const ew0 = i >= w ? (ctx.ew[i - w] as number) : Number.NaN;
  const px0 = i >= w ? (ctx.spx[i - w] as number) : Number.NaN;
  if (![ew, ew0, px, px0].some(Number.isNaN)) {
    const rel = 100 * (ew / ew0 - 1) - 100 * (px / px0 - 1);
    ind.push({ name: 'breadth', value: rel, threshold: -p.breadthGapPct, unit: `pp equal-weight minus index, ${w}d`, stress: rel <= -p.breadthGapPct });
  }
  const votes = ind.filter((x) => x.stress).length;
  const label: Label = votes >= p.stressVotes ? 'stress' : 'hedging flow';
  const fired = ind.filter((x) => x.stress).map((x) => x.name);
  const reason =
    ind.length === 0
      ? 'no credit, equity or breadth data on this date: labelled hedging flow by default'
      : label === 'stress'
        ? `${votes} of ${ind.length} indicators point to stress (${fired.join(', ')})`
        : `${votes} of ${ind.length} indicators point to stress${fired.length ? ` (${fired.join(', ')})` : ''}; fewer than ${p.stressVotes}: no sign of stress outside the options market`;
  return { date: toIso(dates[i] as number), label, indicators: ind, reason };
}

/** Parameters with their defaults filled in, validated. */
export function resolveVixTermParams(params: VixTermParams = {}): Required<VixTermParams> {
  const p = Object.fromEntries((Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => [k, params[k] ?? SPECS[k].default])) as Required<VixTermParams>;
  if (!(p.inversionLevel > 0)) throw new ParameterError(`inversionLevel must be positive, got ${p.inversionLevel}`);
  for (const k of ['mergeGapDays', 'minDays', 'betaWindow', 'realisedWindow', 'stressVotes', 'drawdownWindow', 'breadthWindow'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < (k === 'mergeGapDays' ? 0 : 1)) throw new ParameterError(`${k} must be a whole number ≥ ${k === 'mergeGapDays' ? 0 : 1}, got ${p[k]}`);
  }
  return p;
}

/**
 * The VIX term-structure model: ratio, state, inversion episodes with their label, spot-vol beta
 * (slope of daily ΔVIX in points on the S&P 500's daily % return over `betaWindow` days), implied
 * minus realised volatility, today's classification, and an event study of forward S&P 500
 * returns after episode starts.
 */
export function vixTermModel(inputs: VixTermInputs, params: VixTermParams = {}): VixTermResult {
  const p = resolveVixTermParams(params);
  const joined = innerJoin(inputs.vix, inputs.vix3m);
  if (joined.dates.length < p.betaWindow + 2) throw new NotEnoughDataError(`VIX and VIX3M overlap on ${joined.dates.length} days; need at least ${p.betaWindow + 2}`);
  const { dates } = joined;
  const vix = joined.a;
  const ratio = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) ratio[i] = (joined.a[i] as number) / (joined.b[i] as number);
  const v9 = inputs.vix9d ? alignTo(dates, inputs.vix9d, { kind: 'exact' }) : new Float64Array(dates.length).fill(Number.NaN);
  const ratio9d = v9.map((x, i) => x / (vix[i] as number));
  const ctx = context(dates, inputs, p.realisedWindow, p.drawdownWindow);

  const raw = findInversions(ratio, p.inversionLevel, p.mergeGapDays, p.minDays);
  const episodes = raw.map((e): InversionEpisode => ({
    start: toIso(dates[e.start] as number),
    end: toIso(dates[e.end] as number),
    peakRatio: ratio[e.peak] as number,
    peakDate: toIso(dates[e.peak] as number),
    days: e.days,
    length: e.end - e.start + 1,
    classification: classifyAt(e.peak, dates, vix, ctx, p),
    classificationAtStart: classifyAt(e.start, dates, vix, ctx, p),
  }));

  // Spot-vol beta: ΔVIX (points) on S&P 500 % return, both on the ratio dates.
  const dv = new Float64Array(dates.length).fill(Number.NaN);
  const rs = new Float64Array(dates.length).fill(Number.NaN);
  for (let i = 1; i < dates.length; i++) {
    dv[i] = (vix[i] as number) - (vix[i - 1] as number);
    rs[i] = 100 * ((ctx.spx[i] as number) / (ctx.spx[i - 1] as number) - 1);
  }
  const { beta } = rollingCorrBeta(rs, dv, p.betaWindow);
  const last = dates.length - 1;
  let lastBeta = Number.NaN;
  for (let i = last; i >= 0 && Number.isNaN(lastBeta); i--) lastBeta = beta[i] as number;

  const spxStudy = inputs.spx;
  // Split by the label known on day 0 (classificationAtStart): the peak's label would be look-ahead.
  const starts = (label?: Label) => episodes.filter((e) => !label || e.classificationAtStart.label === label).map((e) => toDay(e.start));
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const s of [inputs.vix, inputs.vix3m, inputs.vix9d, inputs.spx, inputs.hySpread, inputs.equalWeight]) if (s) inputsAsOf[s.id] = lastValid(s).date;
  const assumptions: Assumption[] = (Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => assumption(SPECS[k], params[k]));
  const ratioNow = ratio[last] as number;
  let study: VixTermResult['eventStudy'] | undefined;
  return {
    dates,
    ratio,
    ratio9d,
    episodes,
    today: {
      date: toIso(dates[last] as number),
      vix: vix[last] as number,
      vix3m: joined.b[last] as number,
      ratio: ratioNow,
      state: ratioNow >= p.inversionLevel ? 'backwardation' : 'contango',
      ratio9d: ratio9d[last] as number,
      spotVolBeta: lastBeta,
      impliedMinusRealised: (vix[last] as number) - 100 * (ctx.rv[last] as number),
      classification: classifyAt(last, dates, vix, ctx, p),
    },
    // Computed when first read (the report's VIX thesis reads it; the dashboard's volatility page
    // does not, and it was half of the model's time there); the same values either way.
    get eventStudy() {
      if (!study) {
        // One pass over the S&P 500's unconditional windows for the three sets of episodes.
        const [all, hedging, stress] = eventStudies(spxStudy, [starts(), starts('hedging flow'), starts('stress')]) as [EventStudyResult, EventStudyResult, EventStudyResult];
        study = { all, 'hedging flow': hedging, stress };
      }
      return study;
    },
    assumptions,
    inputsAsOf,
  };
}
