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
 * days before today's; the smooth rule has the same zero.
 */

export type SignalRule = 'sign' | 'smooth';

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
}

const SPECS = {
  lookbacks: { name: 'lookbacks', default: '21,63,126,252', unit: 'trading days', description: 'trend lookbacks (≈ 1, 3, 6, 12 months)', source: 'Hurst, Ooi & Pedersen (AQR 2017) use 1, 3 and 12 months' },
  rule: { name: 'rule', default: 'sign', description: 'signal per lookback: sign of the return, or smooth tanh of the vol-scaled return', source: 'Baltas & Kosowski (2013) compare both' },
  smoothK: { name: 'smoothK', default: 1, unit: '', description: 'steepness of the smooth rule', source: 'flowlens convention' },
  volTarget: { name: 'volTarget', default: 0.1, unit: 'fraction', description: 'volatility target per asset', source: 'common CTA risk budgeting (10% per asset)' },
  volWindow: { name: 'volWindow', default: 63, unit: 'trading days', description: 'window of the asset volatility used for sizing', source: 'flowlens convention (three months)' },
  cap: { name: 'cap', default: 2, unit: '×', description: 'largest position per asset relative to its AUM share', source: 'flowlens convention' },
  aumBn: { name: 'aumBn', default: 350, unit: 'USD bn', description: 'assets of trend-following CTAs', source: 'BarclayHedge managed-futures AUM ≈ USD 300–400 bn in 2023–25; set your own' },
} as const;

export interface ResolvedCta {
  readonly lookbacks: readonly number[];
  readonly rule: SignalRule;
  readonly smoothK: number;
  readonly volTarget: number;
  readonly volWindow: number;
  readonly cap: number;
  readonly aumBn: number;
}

/** Parameters with defaults, checked. */
export function resolveCtaParams(p: CtaParams = {}): ResolvedCta {
  const r: ResolvedCta = {
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

function assumptionsOf(p: CtaParams): Assumption[] {
  return [
    assumption(SPECS.lookbacks, p.lookbacks?.join(',')),
    assumption(SPECS.rule, p.rule),
    assumption(SPECS.smoothK, p.smoothK),
    assumption(SPECS.volTarget, p.volTarget),
    assumption(SPECS.volWindow, p.volWindow),
    assumption(SPECS.cap, p.cap),
    assumption(SPECS.aumBn, p.aumBn),
  ];
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
  for (const l of p.lookbacks) sum += signalAt(px, end, l, p.rule, dailyVol, p.smoothK);
  const raw = (sum / p.lookbacks.length) * (p.volTarget / (dailyVol * Math.sqrt(252)));
  return Math.max(-p.cap, Math.min(p.cap, raw));
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
}

/** Positive prices only (missing values are skipped, not filled). */
export function cleanPrices(s: Series): { dates: Int32Array; px: Float64Array } {
  const d: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < s.values.length; i++) {
    const x = s.values[i] as number;
    if (!Number.isNaN(x) && x > 0) {
      d.push(s.dates[i] as number);
      v.push(x);
    }
  }
  return { dates: Int32Array.from(d), px: Float64Array.from(v) };
}

/** Mean signal for a hypothetical close `x` tomorrow (today's vol held). */
function meanSignalTomorrow(px: Float64Array, x: number, p: ResolvedCta, dailyVol: number): number {
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
  const maxL = Math.max(...p.lookbacks, p.volWindow);
  const out = assets.map((a): CtaAssetResult => {
    const { dates, px } = cleanPrices(a.prices);
    if (px.length < maxL + 2) throw new NotEnoughDataError(`${a.prices.id}: ${px.length} prices, the longest lookback needs ${maxL + 2}`);
    const weight = (a.weight ?? 1) / wsum;
    const position = new Float64Array(px.length).fill(Number.NaN);
    for (let i = maxL; i < px.length; i++) position[i] = ctaPositionAt(px, i, p);
    const last = px.length - 1;
    const dv = dailyVolAt(px, last, p.volWindow);
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
    assumptions: assumptionsOf(params),
    inputsAsOf: Object.fromEntries(out.map((a) => [a.id, a.latest.date])),
  };
}

/** Par-coupon 10-year bond price index from a constant-maturity yield (FRED DGS10), so bonds trend like a price:
 * P_t = P_{t−1} · (1 + y_{t−1}/252 − D·(y_t − y_{t−1})), with modified duration D = 8.5 years. */
export function bondPriceFromYield(yieldPct: Series, duration = 8.5): Series {
  const d: number[] = [];
  const v: number[] = [];
  let prevY = Number.NaN;
  let p = 100;
  for (let i = 0; i < yieldPct.values.length; i++) {
    const y = (yieldPct.values[i] as number) / 100;
    if (Number.isNaN(y)) continue;
    if (!Number.isNaN(prevY)) p *= 1 + prevY / 252 - duration * (y - prevY);
    prevY = y;
    d.push(yieldPct.dates[i] as number);
    v.push(p);
  }
  return { ...yieldPct, id: `${yieldPct.id}_PRICE`, title: `${yieldPct.title} (price index)`, unit: 'index', dates: Int32Array.from(d), values: Float64Array.from(v) };
}
