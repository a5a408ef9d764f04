import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { UsdBn } from '../series/units.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';

/**
 * Volatility-control ("vol-target", "risk-control") funds hold equity exposure inversely to
 * realised volatility so the portfolio runs at a target volatility (S&P's risk-control indices,
 * e.g. the S&P 500 Daily Risk Control 10% index: exposure = min(max leverage, target / realised
 * vol), rebalanced daily — https://www.spglobal.com/spdji/en/indices/strategy/sp-500-daily-risk-control-10-index/).
 *
 *   σ̂_t = combine(σ_short,t, σ_long,t), σ_w,t = √252 · sd(ln P_s/P_{s−1}, s = t−w+1…t)
 *   target_t = min(L_max, σ* / σ̂_t)
 *   exposure_t = exposure_{t−1} + κ · (target_t − exposure_{t−1})      (partial daily adjustment)
 *   flow_t = AUM · (exposure_t − exposure_{t−1})                        (USD bn; > 0 buying)
 * Timing: everything at index t uses closes up to and including t (the fund trades at t's close
 * on t's estimate). Missing prices (NaN, ≤ 0) are dropped before returns are taken, so a gap in
 * the data joins the two closes around it into one return (documented choice: skip, not error).
 * Sources of every default: docs/MODELS.md.
 */

export type VolCombine = 'max' | 'blend' | 'ewma';

/**
 * Named rule sets: `flowlens` (the documented default: max of 21/63-day vol, κ = 0.25, no lag),
 * and S&P's published risk-control rules, both at the 10% target, rebalanced in full each day
 * (κ = 1) on the volatility measured `lagDays` = 2 trading days earlier:
 *  - `sp-adrc`, the S&P 500 Average Daily Risk Control 10%: σ̂ = max(σ_20, σ_40), "the higher of
 *    the two simple averages of the underlying index's volatility computed over 20 or 40 trailing
 *    days" (S&P DJI index page), maximum exposure 100% (cap 1);
 *  - `sp-drc`, the S&P 500 Daily Risk Control 10%: σ̂ = max of two exponentially weighted
 *    volatilities, short-term λ = 0.94 and long-term λ = 0.97, maximum exposure 150%.
 * Sources: S&P Dow Jones Indices, *Index Mathematics Methodology*, section "Risk Control Indices"
 * (exponentially-weighted and simple volatility; K = min(max leverage, target ÷ σ̂ of the day
 * `lag` days before the rebalance)); *S&P Dow Jones Risk Control Indices: Methodology and
 * Parameters* (Oct 2021), tables "S&P 500 Risk Control Indices" and "S&P 500 Average Risk Control
 * Indices" (λ, windows, max leverage, lag to rebalancing date 2 days). docs/MODELS.md, Presets.
 * Explicit parameters override a preset's.
 */
export type VolControlPreset = 'flowlens' | 'sp-adrc' | 'sp-drc';

/** The parameters each preset sets (the rest keep their defaults). */
export const VOL_CONTROL_PRESETS: Readonly<Record<VolControlPreset, Partial<Record<'combine' | 'shortWindow' | 'longWindow' | 'adjustSpeed' | 'lagDays' | 'ewmaLambda' | 'ewmaLambdaLong' | 'cap' | 'targetVol', number | VolCombine>>>> = {
  flowlens: {},
  'sp-adrc': { combine: 'max', shortWindow: 20, longWindow: 40, targetVol: 0.1, cap: 1, adjustSpeed: 1, lagDays: 2 },
  'sp-drc': { combine: 'ewma', ewmaLambda: 0.94, ewmaLambdaLong: 0.97, targetVol: 0.1, cap: 1.5, adjustSpeed: 1, lagDays: 2 },
};

export interface VolControlParams {
  /** Target volatility, a fraction (0.10 = 10%). */
  readonly targetVol?: number;
  /** Maximum exposure (leverage cap), e.g. 1.5 = 150%. */
  readonly cap?: number;
  readonly shortWindow?: number;
  readonly longWindow?: number;
  readonly combine?: VolCombine;
  /** Weight of the short window in 'blend'. */
  readonly blendWeight?: number;
  /** RiskMetrics decay of 'ewma'. */
  readonly ewmaLambda?: number;
  /** A second, long-term EWMA decay: 'ewma' then takes the larger of the two volatilities (0 = one EWMA). */
  readonly ewmaLambdaLong?: number;
  /** Share of the gap to the target closed each day. */
  readonly adjustSpeed?: number;
  /** Assets following such rules, USD bn. */
  readonly aumBn?: number;
  /** Trading days between the volatility a rebalance uses and the rebalance (0: today's close). */
  readonly lagDays?: number;
  /** A named rule set (VOL_CONTROL_PRESETS); explicit parameters override it. */
  readonly preset?: VolControlPreset;
}

const SPECS = {
  targetVol: { name: 'targetVol', default: 0.1, unit: 'fraction', description: 'target annualised volatility', source: 'S&P 500 Daily Risk Control 10% index, https://www.spglobal.com/spdji/en/indices/strategy/sp-500-daily-risk-control-10-index/' },
  cap: { name: 'cap', default: 1.5, unit: '×', description: 'maximum equity exposure (leverage cap)', source: 'S&P risk-control indices and vol-control mandates are usually capped at 150% (e.g. S&P 500 Futures 10% Volatility Intraday Target index: "can lever up to 150%")' },
  shortWindow: { name: 'shortWindow', default: 21, unit: 'trading days', description: 'short realised-vol window', source: 'one month; sell-side models compare 1-month and 3-month realised vol (e.g. MenthorQ vol-control model, https://menthorq.com/guide/volatility-control-fund-model)' },
  longWindow: { name: 'longWindow', default: 63, unit: 'trading days', description: 'long realised-vol window', source: 'three months; see shortWindow' },
  combine: { name: 'combine', default: 'max', description: 'how short and long vol combine: max (most conservative), blend, or ewma', source: 'S&P risk-control indices take the higher of a short- and a long-term volatility (S&P Dow Jones Risk Control Indices Methodology)' },
  blendWeight: { name: 'blendWeight', default: 0.5, unit: 'weight', description: 'weight of the short window in blend', source: 'flowlens convention' },
  ewmaLambda: { name: 'ewmaLambda', default: 0.94, unit: 'decay', description: 'EWMA decay factor', source: 'J.P. Morgan/Reuters RiskMetrics Technical Document (1996): daily λ = 0.94' },
  ewmaLambdaLong: { name: 'ewmaLambdaLong', default: 0, unit: 'decay', description: 'second (long-term) EWMA decay; with it σ̂ is the larger of the two EWMA volatilities (0: one EWMA)', source: 'S&P Dow Jones Indices, Index Mathematics Methodology, "Risk Control Indices": realized volatility = max(short-term, long-term exponentially weighted volatility); S&P 500 Daily Risk Control: λ_S = 0.94, λ_L = 0.97 (preset sp-drc)' },
  adjustSpeed: { name: 'adjustSpeed', default: 0.25, unit: 'per day', description: 'share of the gap to target exposure closed each day (funds smooth their rebalancing; half-life ln 0.5 / ln 0.75 ≈ 2.4 days)', source: 'flowlens calibration: a mix of daily-rebalanced indices (κ = 1) and funds that rebalance over several days (Prudential\'s post-2008 GLWB rule: three-day rebalance; proportional-control index rules, arXiv:2603.01298); Nomura (Aug 2024) spreads vol-control selling over two weeks', knownFrom: '2026-03-31' as IsoDate },
  lagDays: { name: 'lagDays', default: 0, unit: 'trading days', description: 'the rebalance on day t uses σ̂ of day t − lag', source: 'flowlens default 0 (trades on the close it measures); the S&P presets use 2: "lag to rebalancing date" of the S&P 500 Risk Control and Average Risk Control indices (S&P Dow Jones Risk Control Indices: Methodology and Parameters)' },
  aumBn: { name: 'aumBn', default: 400, unit: 'USD bn', description: 'assets run by vol-control rules', source: 'Barclays (Feb 2018): ~USD 500 bn of assets tied to vol-targeting funds (Bloomberg, Gulf News 2018-02-07); sell-side range ~300–600 bn; a parameter, not a measurement' },
} as const;

type Resolved = { -readonly [K in keyof typeof SPECS]: (typeof SPECS)[K]['default'] extends string ? VolCombine : number };

/** The parameters with the preset's values under the explicit ones. */
function withPreset(p: VolControlParams): VolControlParams {
  if (p.preset === undefined) return p;
  const preset = VOL_CONTROL_PRESETS[p.preset] as VolControlParams | undefined;
  if (!preset) throw new ParameterError(`preset must be one of ${Object.keys(VOL_CONTROL_PRESETS).join(', ')}, got ${String(p.preset)}`);
  const explicit = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as VolControlParams;
  return { ...preset, ...explicit };
}

/** Parameters with defaults filled in (a preset's values first), each checked. */
export function resolveVolControlParams(params: VolControlParams = {}): Resolved {
  const p = withPreset(params);
  const r = Object.fromEntries((Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => [k, p[k] ?? SPECS[k].default])) as Resolved;
  if (!(r.targetVol > 0)) throw new ParameterError(`targetVol must be positive, got ${r.targetVol}`);
  if (!(r.cap > 0)) throw new ParameterError(`cap must be positive, got ${r.cap}`);
  if (!(r.aumBn >= 0)) throw new ParameterError(`aumBn must not be negative, got ${r.aumBn}`);
  if (!(r.adjustSpeed > 0 && r.adjustSpeed <= 1)) throw new ParameterError(`adjustSpeed must be in (0, 1], got ${r.adjustSpeed}`);
  for (const k of ['shortWindow', 'longWindow'] as const) if (!Number.isInteger(r[k]) || r[k] < 2) throw new ParameterError(`${k} must be a whole number ≥ 2, got ${r[k]}`);
  if (!['max', 'blend', 'ewma'].includes(r.combine)) throw new ParameterError(`combine must be max, blend or ewma, got ${r.combine}`);
  if (!(r.ewmaLambda > 0 && r.ewmaLambda < 1)) throw new ParameterError(`ewmaLambda must be in (0, 1), got ${r.ewmaLambda}`);
  if (!(r.ewmaLambdaLong === 0 || (r.ewmaLambdaLong > 0 && r.ewmaLambdaLong < 1))) throw new ParameterError(`ewmaLambdaLong must be 0 (off) or in (0, 1), got ${r.ewmaLambdaLong}`);
  if (!Number.isInteger(r.lagDays) || r.lagDays < 0 || r.lagDays > 20) throw new ParameterError(`lagDays must be a whole number from 0 to 20, got ${r.lagDays}`);
  return r;
}

/**
 * The vol-control parameters as assumptions (the value given or the preset's, else the default,
 * with its source), the preset first when one is named. As of a date before a default was
 * calibrated (adjustSpeed: on August 2024's selling, with a paper of March 2026) it is flagged.
 */
export function volControlAssumptions(params: VolControlParams = {}, asOf?: IsoDate | number): Assumption[] {
  const p = withPreset(params);
  const presetRow: Assumption[] = params.preset ? [assumption({ name: 'preset', default: 'flowlens', description: 'named rule set (flowlens, sp-adrc, sp-drc)', source: 'S&P 500 Average Daily Risk Control / Daily Risk Control index rules (docs/MODELS.md)' }, params.preset)] : [];
  return [...presetRow, ...(Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => assumption(SPECS[k], p[k], asOf))];
}

/** √252: trading days per year, the annualisation of daily volatility. */
export const ANNUALISE = Math.sqrt(252);

/**
 * Sample standard deviation (n − 1) of the daily returns r[end−w+1 … end]; reads the window,
 * allocates nothing. The per-step kernel of the short and long windows.
 */
export function sampleStdAt(r: Float64Array, end: number, w: number): number {
  let s = 0;
  let s2 = 0;
  for (let j = end - w + 1; j <= end; j++) {
    const x = r[j] as number;
    s += x;
    s2 += x * x;
  }
  const m = s / w;
  return Math.sqrt(Math.max(0, (s2 - w * m * m) / (w - 1)));
}

/**
 * σ̂ at index `end` of daily log returns `r` for the window rules, annualised:
 * max: √252 · max(sd_short, sd_long); blend: √252 · (w·sd_short + (1 − w)·sd_long). No allocation.
 */
export function windowSigmaAt(r: Float64Array, end: number, shortWindow: number, longWindow: number, combine: 'max' | 'blend', blendWeight = 0.5): number {
  const a = sampleStdAt(r, end, shortWindow);
  const b = sampleStdAt(r, end, longWindow);
  return ANNUALISE * (combine === 'max' ? Math.max(a, b) : blendWeight * a + (1 - blendWeight) * b);
}

/** One RiskMetrics EWMA step of the daily variance: v_t = λ·v_{t−1} + (1 − λ)·r_t². */
export function ewmaVarianceStep(prevVariance: number, r: number, lambda: number): number {
  return lambda * prevVariance + (1 - lambda) * r * r;
}

/** Partial adjustment: exposure_t = exposure_{t−1} + κ·(target_t − exposure_{t−1}). */
export function partialAdjust(prevExposure: number, target: number, kappa: number): number {
  return prevExposure + kappa * (target - prevExposure);
}

/**
 * The EWMA rule along daily log returns `r`: v_S,i = λ_S·v_S,i−1 + (1 − λ_S)·r_i² (and v_L with
 * λ_L when ewmaLambdaLong > 0), both seeded at i = longWindow with the mean squared return of
 * the window; σ̂_i = √252 · √max(v_S,i, v_L,i) (S&P Index Mathematics, "Risk Control Indices":
 * the higher of the short- and long-term exponentially weighted volatilities). Returns σ̂ (NaN
 * before the seed) and the last daily variances.
 */
export function ewmaPath(r: Float64Array, p: Resolved): { sigma: Float64Array; short: number; long: number } {
  const n = r.length;
  const sigma = new Float64Array(n).fill(Number.NaN);
  const two = p.ewmaLambdaLong > 0;
  let v = Number.NaN;
  let vl = Number.NaN;
  for (let i = p.longWindow; i < n; i++) {
    if (i === p.longWindow) {
      let s = 0;
      for (let j = 1; j <= p.longWindow; j++) s += (r[j] as number) ** 2;
      v = s / p.longWindow;
      vl = v;
    } else {
      v = ewmaVarianceStep(v, r[i] as number, p.ewmaLambda);
      if (two) vl = ewmaVarianceStep(vl, r[i] as number, p.ewmaLambdaLong);
    }
    sigma[i] = Math.sqrt(two && vl > v ? vl : v) * ANNUALISE;
  }
  return { sigma, short: v, long: two ? vl : Number.NaN };
}

/**
 * Annualised vol estimate at each index of daily log returns `r` (r[0] ignored): the short and
 * long rolling sample standard deviations combined by max or blend, or the EWMA rule (ewmaPath).
 * NaN until the long window (or the EWMA seed) is full.
 */
export function volEstimate(r: Float64Array, p: Resolved): Float64Array {
  const n = r.length;
  const out = new Float64Array(n).fill(Number.NaN);
  if (p.combine === 'ewma') return ewmaPath(r, p).sigma;
  for (let i = Math.max(p.shortWindow, p.longWindow); i < n; i++) out[i] = windowSigmaAt(r, i, p.shortWindow, p.longWindow, p.combine, p.blendWeight);
  return out;
}

/** Target exposure for a vol estimate: min(cap, target ÷ σ̂) (the cap when σ̂ = 0). */
export function targetExposure(sigma: number, targetVol: number, cap: number): number {
  return sigma > 0 ? Math.min(cap, targetVol / sigma) : cap;
}

/** Index moves (%) from `from` to `to` by `step`, e.g. −5, −4 … +5 (rounded to 1e-9 to avoid float drift). */
export function moveGrid(from = -5, to = 5, step = 1): number[] {
  if (!(step > 0) || !(to >= from)) throw new ParameterError(`move grid needs step > 0 and to ≥ from, got ${from}…${to} by ${step}`);
  const out: number[] = [];
  for (let k = 0; from + k * step <= to + 1e-9; k++) out.push(Math.round((from + k * step) * 1e9) / 1e9);
  return out;
}

/** One row of the move table. */
export interface MoveRow {
  /** Tomorrow's index move, %. */
  readonly movePct: number;
  readonly volEstimate: number;
  readonly exposure: number;
  readonly flowBn: UsdBn;
}

export interface VolControlResult extends ModelProvenance {
  readonly dates: Int32Array;
  /** σ̂ (fraction, annualised). */
  readonly sigma: Float64Array;
  readonly exposure: Float64Array;
  /** USD bn per day. */
  readonly flowBn: Float64Array;
  readonly latest: {
    readonly date: IsoDate;
    readonly sigma: number;
    readonly exposure: number;
    readonly target: number;
    readonly flowBn: UsdBn;
    readonly flow5dBn: UsdBn;
    /** The EWMA rule's last daily variances (long: NaN without ewmaLambdaLong), for a scenario to step on. */
    readonly ewmaVariances?: { readonly short: number; readonly long: number };
  };
  /** Tomorrow's flow for each index move. */
  readonly moveTable: readonly MoveRow[];
}

/** Whole-history exposure path of the rule on log returns `r` (day i targets σ̂ of day i − lagDays). */
function exposurePath(r: Float64Array, p: Resolved): { sigma: Float64Array; exposure: Float64Array } {
  const sigma = volEstimate(r, p);
  const exposure = new Float64Array(r.length).fill(Number.NaN);
  let prev = Number.NaN;
  for (let i = p.lagDays; i < r.length; i++) {
    const s = sigma[i - p.lagDays] as number;
    if (Number.isNaN(s)) continue;
    const t = targetExposure(s, p.targetVol, p.cap);
    prev = Number.isNaN(prev) ? t : partialAdjust(prev, t, p.adjustSpeed);
    exposure[i] = prev;
  }
  return { sigma, exposure };
}

/**
 * Runs the vol-control model over a price history (S&P 500 index or SPY; missing prices are
 * skipped, not filled): σ̂, exposure and implied flows for every day, today's values, and the
 * move table for tomorrow (−5% … +5% by default), each recomputing σ̂ with that move appended.
 */
export function volControlModel(prices: Series, params: VolControlParams = {}, moves: readonly number[] = moveGrid()): VolControlResult {
  const p = resolveVolControlParams(params);
  const d: number[] = [];
  const px: number[] = [];
  for (let i = 0; i < prices.values.length; i++) {
    const v = prices.values[i] as number;
    if (!Number.isNaN(v) && v > 0) {
      d.push(prices.dates[i] as number);
      px.push(v);
    }
  }
  const need = Math.max(p.shortWindow, p.longWindow) + 2 + p.lagDays;
  if (px.length < need) throw new NotEnoughDataError(`${prices.id}: ${px.length} valid prices, the vol windows (${p.shortWindow} and ${p.longWindow} days) need at least ${need}`);
  const r = new Float64Array(px.length);
  r[0] = Number.NaN;
  for (let i = 1; i < px.length; i++) r[i] = Math.log((px[i] as number) / (px[i - 1] as number));
  const { sigma, exposure } = exposurePath(r, p);
  const flow = new Float64Array(px.length).fill(Number.NaN);
  for (let i = 1; i < px.length; i++) flow[i] = p.aumBn * ((exposure[i] as number) - (exposure[i - 1] as number));
  const last = px.length - 1;
  const lastExposure = exposure[last] as number;
  // Tomorrow: append the move to the returns and step the rule once (σ̂ only at the new index).
  const r2 = new Float64Array(r.length + 1);
  r2.set(r);
  // The EWMA rule's last daily variances (short and long decay) for tomorrow's step.
  const ew = p.combine === 'ewma' ? ewmaPath(r, p) : undefined;
  const moveTable = moves.map((m): MoveRow => {
    if (!(m > -100)) throw new ParameterError(`a move must be above −100%, got ${m}`);
    const x = Math.log(1 + m / 100);
    r2[r.length] = x;
    const sig = p.combine !== 'ewma' ? windowSigmaAt(r2, r.length, p.shortWindow, p.longWindow, p.combine, p.blendWeight) : ew ? Math.sqrt(Math.max(ewmaVarianceStep(ew.short, x, p.ewmaLambda), p.ewmaLambdaLong > 0 ? ewmaVarianceStep(ew.long, x, p.ewmaLambdaLong) : 0)) * ANNUALISE : Number.NaN;
    const e = partialAdjust(lastExposure, targetExposure(sig, p.targetVol, p.cap), p.adjustSpeed);
    return { movePct: m, volEstimate: sig, exposure: e, flowBn: (p.aumBn * (e - lastExposure)) as UsdBn };
  });
  let flow5 = 0;
  for (let i = Math.max(1, last - 4); i <= last; i++) flow5 += flow[i] as number;
  const assumptions = volControlAssumptions(params, d[last] as number);
  return {
    dates: Int32Array.from(d),
    sigma,
    exposure,
    flowBn: flow,
    latest: {
      date: toIso(d[last] as number),
      sigma: sigma[last] as number,
      exposure: lastExposure,
      target: targetExposure(sigma[last - p.lagDays] as number, p.targetVol, p.cap),
      flowBn: flow[last] as UsdBn,
      flow5dBn: flow5 as UsdBn,
      ...(ew ? { ewmaVariances: { short: ew.short, long: ew.long } } : {}),
    },
    moveTable,
    assumptions,
    inputsAsOf: { [prices.id]: toIso(d[last] as number) },
  };
}
