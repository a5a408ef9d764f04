import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { UsdBn } from '../series/units.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';

/**
 * Trend-following CTAs, as the sell-side models them (e.g. Baltas & Kosowski, "Momentum
 * strategies in futures markets and trend-following funds", 2013; Hurst, Ooi & Pedersen, "A
 * Century of Evidence on Trend-Following Investing", AQR 2017):
 *   signal_L,t = sign(P_t / P_{t−L} − 1)                       (sign rule, default)
 *             or tanh(k · ln(P_t/P_{t−L}) / (σ_d √L))           (smooth rule: a vol-scaled t-stat)
 *   position_t = clamp(mean_L signal_L,t · σ* / σ_t, −cap, cap)  σ_t: annualised 63-day realised vol
 *   exposure_t = position_t · AUM · weight                       (USD bn)
 * A lookback's trigger level for tomorrow is the price at which its signal flips: with the sign
 * rule, tomorrow's signal is sign(P_{t+1}/P_{t+1−L} − 1), so the trigger is the close L − 1
 * days before today's; the smooth rule has the same zero (tanh(0) = 0). The close at which the
 * *mean* signal (hence the position) changes sign is found by bisection on tomorrow's price.
 * Timing: a position at index t uses closes through t (traded at t's close); indices count
 * trading days of the input, after missing prices (NaN, ≤ 0) are dropped. Distances to triggers
 * are given in % and in daily-σ units, ln(trigger/spot)/σ_d (σ_d: volWindow-day sample sd).
 * Sources of every default: docs/MODELS.md.
 */

export type SignalRule = 'sign' | 'smooth';

/** How the daily volatility that sizes a position is estimated: a rolling window (default) or an EWMA. */
export type CtaVolEstimator = 'window' | 'ewma';

/**
 * Named variants: `flowlens` (the default: 1/3/6/12-month sign signals, 63-day window vol) and
 * `aqr`, the time-series momentum of Moskowitz, Ooi & Pedersen ("Time series momentum", JFE
 * 2012) as extended by Hurst, Ooi & Pedersen ("A Century of Evidence on Trend-Following
 * Investing", AQR 2017): 1-, 3- and 12-month lookbacks, each sized by an exponentially weighted
 * variance of daily returns with a 60-day centre of mass (δ/(1 − δ) = 60).
 */
export type CtaVariant = 'flowlens' | 'aqr';

/** The parameters each variant sets (explicit parameters override them). */
export const CTA_VARIANTS: Readonly<Record<CtaVariant, { readonly lookbacks?: readonly number[]; readonly volEstimator?: CtaVolEstimator; readonly ewmaCenterOfMass?: number }>> = {
  flowlens: {},
  aqr: { lookbacks: [21, 63, 252], volEstimator: 'ewma', ewmaCenterOfMass: 60 },
};

export interface CtaParams {
  /** Lookbacks in trading days (≈ 1, 3, 6, 12 months). */
  readonly lookbacks?: readonly number[];
  readonly rule?: SignalRule;
  /** Steepness k of the smooth rule. */
  readonly smoothK?: number;
  /** Volatility target per asset, a fraction. */
  readonly volTarget?: number;
  readonly volWindow?: number;
  /** Largest position per asset, × AUM share (leverage). */
  readonly cap?: number;
  /** Trend-following AUM, USD bn. */
  readonly aumBn?: number;
  /** Daily vol for sizing: rolling `volWindow` (default) or EWMA with centre of mass `ewmaCenterOfMass`. */
  readonly volEstimator?: CtaVolEstimator;
  /** EWMA centre of mass in trading days, δ/(1 − δ) (default 60). */
  readonly ewmaCenterOfMass?: number;
  /** A named variant (CTA_VARIANTS); explicit parameters override it. */
  readonly variant?: CtaVariant;
}

const SPECS = {
  lookbacks: { name: 'lookbacks', default: '21,63,126,252', unit: 'trading days', description: 'trend lookbacks (≈ 1, 3, 6, 12 months)', source: 'Hurst, Ooi & Pedersen, "A Century of Evidence on Trend-Following Investing" (AQR 2017) use 1, 3 and 12 months; 6 months added as in Baltas & Kosowski (2013)' },
  rule: { name: 'rule', default: 'sign', description: 'signal per lookback: sign of the return, or smooth tanh of the vol-scaled return', source: 'Baltas & Kosowski (2013) compare the sign (return) rule with smoother signals' },
  smoothK: { name: 'smoothK', default: 1, unit: '', description: 'steepness k of the smooth rule tanh(k·r/(σ_d√L))', source: 'flowlens convention (k = 1: a one-standard-error trend gives a 0.76 signal)' },
  volTarget: { name: 'volTarget', default: 0.1, unit: 'fraction', description: 'volatility target per asset', source: 'flowlens convention; Hurst, Ooi & Pedersen (2017) size each position to a constant ex-ante volatility' },
  volWindow: { name: 'volWindow', default: 63, unit: 'trading days', description: 'window of the asset volatility used for sizing', source: 'flowlens convention (three months)' },
  cap: { name: 'cap', default: 2, unit: '×', description: 'largest position per asset relative to its AUM share', source: 'flowlens convention' },
  volEstimator: { name: 'volEstimator', default: 'window', description: 'daily vol for sizing: rolling window, or EWMA of squared daily returns', source: 'window: flowlens convention; ewma: Moskowitz, Ooi & Pedersen (2012), eq. 1 (centre of mass 60 days)' },
  ewmaCenterOfMass: { name: 'ewmaCenterOfMass', default: 60, unit: 'trading days', description: 'EWMA centre of mass δ/(1 − δ) of the ewma estimator', source: 'Moskowitz, Ooi & Pedersen, "Time series momentum", Journal of Financial Economics 104 (2012): δ chosen so that the centre of mass is 60 days' },
  aumBn: { name: 'aumBn', default: 350, unit: 'USD bn', description: 'assets of trend-following CTAs', source: 'BarclayHedge managed-futures AUM USD 322.9–357.5 bn in 2018 (https://www.barclayhedge.com/solutions/assets-under-management/cta-assets-under-management/); AIMA/SocGen "Riding the wave": ~USD 340 bn end-2016' },
} as const;

export interface ResolvedCta {
  readonly lookbacks: readonly number[];
  readonly rule: SignalRule;
  readonly smoothK: number;
  readonly volTarget: number;
  readonly volWindow: number;
  readonly cap: number;
  readonly aumBn: number;
  /** Absent (or 'window') for the rolling-window estimator. */
  readonly volEstimator?: CtaVolEstimator;
  readonly ewmaCenterOfMass?: number;
}

/** The parameters with the variant's values under the explicit ones. */
function withVariant(params: CtaParams): CtaParams {
  if (params.variant === undefined) return params;
  const v = CTA_VARIANTS[params.variant] as (typeof CTA_VARIANTS)[CtaVariant] | undefined;
  if (!v) throw new ParameterError(`variant must be one of ${Object.keys(CTA_VARIANTS).join(', ')}, got ${String(params.variant)}`);
  const explicit = Object.fromEntries(Object.entries(params).filter(([, x]) => x !== undefined)) as CtaParams;
  return { ...v, ...explicit };
}

/** Parameters with defaults (a variant's values first), checked. */
export function resolveCtaParams(params: CtaParams = {}): ResolvedCta {
  const p = withVariant(params);
  const ewma = p.volEstimator === 'ewma';
  if (p.volEstimator !== undefined && p.volEstimator !== 'window' && !ewma) throw new ParameterError(`volEstimator must be window or ewma, got ${String(p.volEstimator)}`);
  const com = p.ewmaCenterOfMass ?? SPECS.ewmaCenterOfMass.default;
  if (ewma && !(com > 0 && com <= 1000)) throw new ParameterError(`ewmaCenterOfMass must be in (0, 1000] days, got ${com}`);
  const r: ResolvedCta = {
    ...(ewma ? { volEstimator: 'ewma' as const, ewmaCenterOfMass: com } : {}),
    lookbacks: p.lookbacks ?? [21, 63, 126, 252],
    rule: p.rule ?? 'sign',
    smoothK: p.smoothK ?? SPECS.smoothK.default,
    volTarget: p.volTarget ?? SPECS.volTarget.default,
    volWindow: p.volWindow ?? SPECS.volWindow.default,
    cap: p.cap ?? SPECS.cap.default,
    aumBn: p.aumBn ?? SPECS.aumBn.default,
  };
  if (r.lookbacks.length === 0 || r.lookbacks.some((l) => !Number.isInteger(l) || l < 2)) throw new ParameterError(`lookbacks must be whole numbers ≥ 2, got ${r.lookbacks.join(',')}`);
  if (!['sign', 'smooth'].includes(r.rule)) throw new ParameterError(`rule must be sign or smooth, got ${r.rule}`);
  if (!(r.aumBn >= 0)) throw new ParameterError(`aumBn must not be negative, got ${r.aumBn}`);
  if (!(r.volTarget > 0) || !(r.cap > 0)) throw new ParameterError('volTarget and cap must be positive');
  if (!Number.isInteger(r.volWindow) || r.volWindow < 2) throw new ParameterError(`volWindow must be a whole number ≥ 2, got ${r.volWindow}`);
  return r;
}

/** The CTA parameters as assumptions (the value given or the variant's, else the default, with its source). */
export function ctaAssumptions(params: CtaParams = {}): Assumption[] {
  const p = withVariant(params);
  const ewma = p.volEstimator === 'ewma';
  return [
    ...(params.variant ? [assumption({ name: 'variant', default: 'flowlens', description: 'named rule set (flowlens, aqr)', source: 'aqr: Moskowitz, Ooi & Pedersen (2012); Hurst, Ooi & Pedersen (AQR 2017)' }, params.variant)] : []),
    assumption(SPECS.lookbacks, p.lookbacks?.join(',')),
    assumption(SPECS.rule, p.rule),
    assumption(SPECS.smoothK, p.smoothK),
    assumption(SPECS.volTarget, p.volTarget),
    assumption(SPECS.volWindow, p.volWindow),
    assumption(SPECS.cap, p.cap),
    assumption(SPECS.aumBn, p.aumBn),
    ...(ewma ? [assumption(SPECS.volEstimator, 'ewma'), assumption(SPECS.ewmaCenterOfMass, p.ewmaCenterOfMass)] : []),
  ];
}

/** EWMA decay δ of a centre of mass c (trading days): δ/(1 − δ) = c, so δ = c/(1 + c). */
export function ewmaDecayOfCenterOfMass(c: number): number {
  return c / (1 + c);
}

/**
 * Daily volatility of log returns by EWMA on every day of a clean price array (Moskowitz, Ooi &
 * Pedersen 2012, eq. 1, without their demeaning — a daily mean return is tiny next to σ):
 *   v_t = δ·v_{t−1} + (1 − δ)·r_t²,  σ_d,t = √v_t,  δ = c/(1 + c)
 * seeded at index `seed` with the mean r² of returns 1…seed; NaN before the seed.
 */
export function ewmaDailyVol(px: Float64Array, centerOfMass: number, seed: number): Float64Array {
  const out = new Float64Array(px.length).fill(Number.NaN);
  if (px.length <= seed) return out;
  const delta = ewmaDecayOfCenterOfMass(centerOfMass);
  let v = 0;
  for (let j = 1; j <= seed; j++) v += Math.log((px[j] as number) / (px[j - 1] as number)) ** 2;
  v /= seed;
  out[seed] = Math.sqrt(v);
  for (let i = seed + 1; i < px.length; i++) {
    const r = Math.log((px[i] as number) / (px[i - 1] as number));
    v = delta * v + (1 - delta) * r * r;
    out[i] = Math.sqrt(v);
  }
  return out;
}

/**
 * The daily vol that sizes positions on every day: the rolling window (dailyVolAt) or, for
 * volEstimator 'ewma', ewmaDailyVol seeded over the vol window. NaN before the warm-up.
 */
export function sizingDailyVol(px: Float64Array, p: ResolvedCta): Float64Array {
  if (p.volEstimator === 'ewma') return ewmaDailyVol(px, p.ewmaCenterOfMass ?? 60, p.volWindow);
  const out = new Float64Array(px.length).fill(Number.NaN);
  for (let i = p.volWindow; i < px.length; i++) out[i] = dailyVolAt(px, i, p.volWindow);
  return out;
}

/**
 * Position history of the EWMA variant: as ctaPositionHistory, each day sized by ewmaDailyVol
 * (the window loop of ctaPositionHistory is left as it is).
 */
export function ctaPositionHistoryEwma(px: Float64Array, p: ResolvedCta): Float64Array {
  const dv = ewmaDailyVol(px, p.ewmaCenterOfMass ?? 60, p.volWindow);
  const out = new Float64Array(px.length).fill(Number.NaN);
  for (let i = ctaWarmup(p); i < px.length; i++) out[i] = ctaPositionAt(px, i, p, dv[i] as number);
  return out;
}

/** Daily standard deviation of log returns over `w` days ending at `end` (sample, n − 1). */
export function dailyVolAt(px: Float64Array, end: number, w: number): number {
  let s = 0;
  let s2 = 0;
  for (let j = end - w + 1; j <= end; j++) {
    const x = Math.log((px[j] as number) / (px[j - 1] as number));
    s += x;
    s2 += x * x;
  }
  const m = s / w;
  return Math.sqrt(Math.max(0, (s2 - w * m * m) / (w - 1)));
}

/** A lookback log return smaller than this is flat: no signal (a price back where it was, to rounding). */
export const FLAT_RETURN = 1e-12;

/** Sign of a lookback log return, 0 within FLAT_RETURN of zero. */
export function trendSign(r: number): number {
  return r > FLAT_RETURN ? 1 : r < -FLAT_RETURN ? -1 : 0;
}

/** Signal of one lookback at index `end` (no allocation): sign or tanh of the vol-scaled log return. */
export function signalAt(px: Float64Array, end: number, lookback: number, rule: SignalRule, dailyVol: number, k = 1): number {
  const r = Math.log((px[end] as number) / (px[end - lookback] as number));
  if (rule === 'sign') return trendSign(r);
  return Math.tanh((k * r) / (dailyVol * Math.sqrt(lookback)));
}

/**
 * CTA position at index `end` of a price array, allocating nothing (the Monte Carlo engine calls
 * it per path and step): mean signal × volTarget / annualised vol, clamped to ±cap.
 */
export function ctaPositionAt(px: Float64Array, end: number, p: ResolvedCta, dailyVol = dailyVolAt(px, end, p.volWindow)): number {
  let sum = 0;
  const ls = p.lookbacks;
  for (let k = 0; k < ls.length; k++) sum += signalAt(px, end, ls[k] as number, p.rule, dailyVol, p.smoothK);
  const raw = (sum / ls.length) * (p.volTarget / (dailyVol * Math.sqrt(252)));
  return Math.max(-p.cap, Math.min(p.cap, raw));
}

/** Longest history a position needs: max(lookbacks, volWindow) prices before the index. */
export function ctaWarmup(p: ResolvedCta): number {
  return Math.max(...p.lookbacks, p.volWindow);
}

/**
 * The CTA position on every day of a clean price array (positive, oldest first): NaN until
 * ctaWarmup(p) prices precede the day, then ctaPositionAt. The history behind the latest value
 * (for 2022 vs 2023–24); the latest position is ctaPositionAt(px, px.length − 1, p).
 */
export function ctaPositionHistory(px: Float64Array, p: ResolvedCta): Float64Array {
  const out = new Float64Array(px.length).fill(Number.NaN);
  const w0 = ctaWarmup(p);
  const vol = dailyVolHistory(px, p.volWindow, w0);
  for (let i = w0; i < px.length; i++) out[i] = ctaPositionAt(px, i, p, vol[i] as number);
  return out;
}

/**
 * dailyVolAt(px, end, w) for every end ≥ from (NaN before), bit for bit: the daily log returns
 * are taken once and each window sums them in the same order, so a history costs w additions a
 * day instead of w logarithms (ctaPositionHistory called dailyVolAt per day).
 */
export function dailyVolHistory(px: Float64Array, w: number, from = w): Float64Array {
  const lr = new Float64Array(px.length);
  for (let j = 1; j < px.length; j++) lr[j] = Math.log((px[j] as number) / (px[j - 1] as number));
  const out = new Float64Array(px.length).fill(Number.NaN);
  for (let end = Math.max(from, w); end < px.length; end++) {
    let s = 0;
    let s2 = 0;
    for (let j = end - w + 1; j <= end; j++) {
      const x = lr[j] as number;
      s += x;
      s2 += x * x;
    }
    const m = s / w;
    out[end] = Math.sqrt(Math.max(0, (s2 - w * m * m) / (w - 1)));
  }
  return out;
}

/** One lookback's trigger for tomorrow. */
export interface Trigger {
  readonly lookback: number;
  readonly signal: number;
  /** Tomorrow's close at which the signal flips. */
  readonly level: number;
  readonly distancePct: number;
  /** Distance in daily standard deviations: ln(level/spot) / σ_d. */
  readonly distanceSigma: number;
}

export interface CtaAssetResult {
  readonly id: string;
  readonly weight: number;
  readonly dates: Int32Array;
  readonly prices: Float64Array;
  /** Position (× AUM share) per day; NaN until the longest lookback is available. */
  readonly position: Float64Array;
  readonly latest: {
    readonly date: IsoDate;
    readonly price: number;
    readonly position: number;
    readonly exposureBn: UsdBn;
    readonly annualVol: number;
    readonly signals: readonly number[];
  };
  readonly triggers: readonly Trigger[];
  /** Tomorrow's close at which the mean signal changes sign (bisection), or undefined when no flip lies within ±30%. */
  readonly flipLevel?: number;
}

export interface CtaResult extends ModelProvenance {
  readonly assets: readonly CtaAssetResult[];
  readonly totalExposureBn: UsdBn;
}

/** An input asset: its prices and its share of CTA risk (weights are normalised to sum to 1). */
export interface CtaAssetInput {
  readonly prices: Series;
  readonly weight?: number;
  /**
   * The position history already computed on these prices with the same parameters
   * (ctaPositionHistory, or ctaPositionHistoryEwma, of cleanPrices(prices).px), when an
   * application shares it between models; computed here otherwise.
   */
  readonly position?: Float64Array;
}

/** Positive prices only (missing values are skipped, not filled). */
export function cleanPrices(s: Series): { dates: Int32Array; px: Float64Array } {
  // Counted first, then written straight into typed arrays (growing plain arrays cost the
  // dashboard's flows page ~50 ms per date over the CTA universe).
  let n = 0;
  for (let i = 0; i < s.values.length; i++) if ((s.values[i] as number) > 0) n++;
  const dates = new Int32Array(n);
  const px = new Float64Array(n);
  for (let i = 0, k = 0; i < s.values.length; i++) {
    const x = s.values[i] as number;
    // NaN > 0 is false: a missing value is skipped with the non-positive ones.
    if (x > 0) {
      dates[k] = s.dates[i] as number;
      px[k++] = x;
    }
  }
  return { dates, px };
}

/**
 * Mean signal for a hypothetical close `x` tomorrow, after the last price of `px` (today's daily
 * vol held for the smooth rule): tomorrow's lookback-L return is ln(x / P_{t+1−L}).
 */
export function meanSignalTomorrow(px: Float64Array, x: number, p: ResolvedCta, dailyVol: number): number {
  const n = px.length;
  let s = 0;
  for (const l of p.lookbacks) {
    const r = Math.log(x / (px[n - l] as number));
    s += p.rule === 'sign' ? trendSign(r) : Math.tanh((p.smoothK * r) / (dailyVol * Math.sqrt(l)));
  }
  return s / p.lookbacks.length;
}

/** Bisection for the close where f changes sign between a and b (f(a)·f(b) < 0). */
export function bisect(f: (x: number) => number, a: number, b: number, tol = 1e-10, maxIter = 200): number {
  let fa = f(a);
  let lo = a;
  let hi = b;
  for (let i = 0; i < maxIter && hi - lo > tol * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(fa)) {
      lo = mid;
      fa = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The CTA model: per asset the position history, today's signals, position and dollar
 * exposure, the trigger level of each lookback with its distance in % and σ, and the level at
 * which the average signal flips; the total exposure.
 */
export function ctaModel(assets: readonly CtaAssetInput[], params: CtaParams = {}): CtaResult {
  const p = resolveCtaParams(params);
  if (assets.length === 0) throw new ParameterError('the CTA model needs at least one asset');
  const wsum = assets.reduce((s, a) => s + (a.weight ?? 1), 0);
  if (!(wsum > 0)) throw new ParameterError('asset weights must add up to more than 0');
  const maxL = ctaWarmup(p);
  const out = assets.map((a): CtaAssetResult => {
    const { dates, px } = cleanPrices(a.prices);
    if (px.length < maxL + 2) throw new NotEnoughDataError(`${a.prices.id}: ${px.length} prices, the longest lookback needs ${maxL + 2}`);
    const weight = (a.weight ?? 1) / wsum;
    const ewma = p.volEstimator === 'ewma';
    const position = a.position ?? (ewma ? ctaPositionHistoryEwma(px, p) : ctaPositionHistory(px, p));
    const last = px.length - 1;
    const dv = ewma ? (ewmaDailyVol(px, p.ewmaCenterOfMass ?? 60, p.volWindow)[last] as number) : dailyVolAt(px, last, p.volWindow);
    const spot = px[last] as number;
    const triggers = p.lookbacks.map((l): Trigger => {
      const level = px[last + 1 - l] as number;
      return { lookback: l, signal: signalAt(px, last, l, p.rule, dv, p.smoothK), level, distancePct: 100 * (level / spot - 1), distanceSigma: Math.log(level / spot) / dv };
    });
    const now = meanSignalTomorrow(px, spot, p, dv);
    // A zero mean signal counts as flipped: the position is gone.
    const g = (x: number) => meanSignalTomorrow(px, x, p, dv) || -Math.sign(now) * 1e-12;
    let flipLevel: number | undefined;
    const far = now > 0 ? spot * 0.7 : spot * 1.3;
    if (now !== 0 && Math.sign(g(far)) !== Math.sign(now)) flipLevel = bisect(g, Math.min(spot, far), Math.max(spot, far));
    const pos = position[last] as number;
    return {
      id: a.prices.id,
      weight,
      dates,
      prices: px,
      position,
      latest: { date: toIso(dates[last] as number), price: spot, position: pos, exposureBn: (pos * p.aumBn * weight) as UsdBn, annualVol: dv * Math.sqrt(252), signals: triggers.map((t) => t.signal) },
      triggers,
      ...(flipLevel !== undefined ? { flipLevel } : {}),
    };
  });
  return {
    assets: out,
    totalExposureBn: out.reduce((s, a) => s + a.latest.exposureBn, 0) as UsdBn,
    assumptions: ctaAssumptions(params),
    inputsAsOf: Object.fromEntries(out.map((a) => [a.id, a.latest.date])),
  };
}

/**
 * Price (per 100 face) of a bond paying semi-annual coupon `coupon` (a fraction) for `years`, at
 * yield `y` (a fraction, semi-annual compounding):
 *   P = 100 · [c/y · (1 − (1 + y/2)^−2n) + (1 + y/2)^−2n]   (P = 100 when y = c: a par bond).
 */
export function parBondPrice(y: number, coupon: number, years = 10): number {
  const n = 2 * years;
  const disc = (1 + y / 2) ** -n;
  if (Math.abs(y) < 1e-12) return 100 * (1 + (coupon / 2) * n); // the limit of the annuity at y = 0
  return 100 * ((coupon / y) * (1 - disc) + disc);
}

/**
 * A 10-year Treasury total-return price index from a constant-maturity yield (FRED DGS10, %), so
 * bonds trend like a price for the CTA model. Each day the index holds yesterday's par 10-year
 * bond (coupon = y_{t−1}), earns one day of carry and is repriced at today's yield:
 *   P_t = P_{t−1} · (parBondPrice(y_t, y_{t−1}) / 100 + y_{t−1}/252)
 * (exact repricing: duration and convexity at the current yield, roll-down ignored). With
 * `duration` given, the linear form P_t = P_{t−1}·(1 + y_{t−1}/252 − D·(y_t − y_{t−1})) instead.
 * Missing yields are skipped.
 */
export function bondPriceFromYield(yieldPct: Series, duration?: number): Series {
  if (duration !== undefined && !(duration > 0)) throw new ParameterError(`duration must be positive, got ${duration}`);
  const d: number[] = [];
  const v: number[] = [];
  let prevY = Number.NaN;
  let p = 100;
  for (let i = 0; i < yieldPct.values.length; i++) {
    const y = (yieldPct.values[i] as number) / 100;
    if (Number.isNaN(y)) continue;
    if (!Number.isNaN(prevY)) p *= duration === undefined ? parBondPrice(y, prevY) / 100 + prevY / 252 : 1 + prevY / 252 - duration * (y - prevY);
    prevY = y;
    d.push(yieldPct.dates[i] as number);
    v.push(p);
  }
  return { ...yieldPct, id: `${yieldPct.id}_PRICE`, title: `${yieldPct.title} (price index)`, unit: 'index', dates: Int32Array.from(d), values: Float64Array.from(v) };
}
