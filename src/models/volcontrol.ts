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
 */

export type VolCombine = 'max' | 'blend' | 'ewma';

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
  /** Share of the gap to the target closed each day. */
  readonly adjustSpeed?: number;
  /** Assets following such rules, USD bn. */
  readonly aumBn?: number;
}

const SPECS = {
  targetVol: { name: 'targetVol', default: 0.1, unit: 'fraction', description: 'target annualised volatility', source: 'S&P 500 Daily Risk Control 10% index (the common 10% target)' },
  cap: { name: 'cap', default: 1.5, unit: '×', description: 'maximum equity exposure (leverage cap)', source: 'S&P risk-control indices allow up to 150%' },
  shortWindow: { name: 'shortWindow', default: 21, unit: 'trading days', description: 'short realised-vol window', source: 'one month; common in risk-control index rules' },
  longWindow: { name: 'longWindow', default: 63, unit: 'trading days', description: 'long realised-vol window', source: 'three months; common in risk-control index rules' },
  combine: { name: 'combine', default: 'max', description: 'how short and long vol combine: max (most conservative), blend, or ewma', source: 'S&P risk-control methodology uses the larger of a short and a long estimate' },
  blendWeight: { name: 'blendWeight', default: 0.5, unit: 'weight', description: 'weight of the short window in blend', source: 'flowlens convention' },
  ewmaLambda: { name: 'ewmaLambda', default: 0.94, unit: 'decay', description: 'EWMA decay factor', source: 'J.P. Morgan RiskMetrics (1996) daily λ = 0.94' },
  adjustSpeed: { name: 'adjustSpeed', default: 0.25, unit: 'per day', description: 'share of the gap to target exposure closed each day (funds smooth their rebalancing)', source: 'flowlens convention; set 1 for full daily rebalancing' },
  aumBn: { name: 'aumBn', default: 400, unit: 'USD bn', description: 'assets run by vol-control rules', source: 'sell-side estimates range ~USD 300–600 bn (flowlens design note); set your own' },
} as const;

type Resolved = { -readonly [K in keyof typeof SPECS]: (typeof SPECS)[K]['default'] extends string ? VolCombine : number };

/** Parameters with defaults filled in, each checked. */
export function resolveVolControlParams(p: VolControlParams = {}): Resolved {
  const r = Object.fromEntries((Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => [k, p[k] ?? SPECS[k].default])) as Resolved;
  if (!(r.targetVol > 0)) throw new ParameterError(`targetVol must be positive, got ${r.targetVol}`);
  if (!(r.cap > 0)) throw new ParameterError(`cap must be positive, got ${r.cap}`);
  if (!(r.aumBn >= 0)) throw new ParameterError(`aumBn must not be negative, got ${r.aumBn}`);
  if (!(r.adjustSpeed > 0 && r.adjustSpeed <= 1)) throw new ParameterError(`adjustSpeed must be in (0, 1], got ${r.adjustSpeed}`);
  for (const k of ['shortWindow', 'longWindow'] as const) if (!Number.isInteger(r[k]) || r[k] < 2) throw new ParameterError(`${k} must be a whole number ≥ 2, got ${r[k]}`);
  if (!['max', 'blend', 'ewma'].includes(r.combine)) throw new ParameterError(`combine must be max, blend or ewma, got ${r.combine}`);
  if (!(r.ewmaLambda > 0 && r.ewmaLambda < 1)) throw new ParameterError(`ewmaLambda must be in (0, 1), got ${r.ewmaLambda}`);
  return r;
}

/**
 * Annualised vol estimate at each index of daily log returns `r` (r[0] ignored): the short and
 * long rolling sample standard deviations combined by max or blend, or an EWMA seeded with the
 * long window's variance. NaN until the long window (or the EWMA seed) is full.
 */
export function volEstimate(r: Float64Array, p: Resolved): Float64Array {
  const n = r.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const k = Math.sqrt(252);
  if (p.combine === 'ewma') {
    let v = Number.NaN;
    for (let i = 1; i < n; i++) {
      const x = r[i] as number;
      if (i === p.longWindow) {
        let s = 0;
        for (let j = 1; j <= p.longWindow; j++) s += (r[j] as number) ** 2;
        v = s / p.longWindow;
      } else if (i > p.longWindow) v = p.ewmaLambda * v + (1 - p.ewmaLambda) * x * x;
      if (i >= p.longWindow) out[i] = Math.sqrt(v) * k;
    }
    return out;
  }
  const sd = (w: number, i: number) => {
    let s = 0;
    let s2 = 0;
    for (let j = i - w + 1; j <= i; j++) {
      const x = r[j] as number;
      s += x;
      s2 += x * x;
    }
    const m = s / w;
    return Math.sqrt(Math.max(0, (s2 - w * m * m) / (w - 1))) * k;
  };
  for (let i = Math.max(p.shortWindow, p.longWindow); i < n; i++) {
    const a = sd(p.shortWindow, i);
    const b = sd(p.longWindow, i);
    out[i] = p.combine === 'max' ? Math.max(a, b) : p.blendWeight * a + (1 - p.blendWeight) * b;
  }
  return out;
}

/** Target exposure for a vol estimate: min(cap, target ÷ σ̂). */
export function targetExposure(sigma: number, targetVol: number, cap: number): number {
  return sigma > 0 ? Math.min(cap, targetVol / sigma) : cap;
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
  readonly latest: { readonly date: IsoDate; readonly sigma: number; readonly exposure: number; readonly target: number; readonly flowBn: UsdBn; readonly flow5dBn: UsdBn };
  /** Tomorrow's flow for each index move. */
  readonly moveTable: readonly MoveRow[];
}

/** Whole-history exposure path of the rule on log returns `r`. */
function exposurePath(r: Float64Array, p: Resolved): { sigma: Float64Array; exposure: Float64Array } {
  const sigma = volEstimate(r, p);
  const exposure = new Float64Array(r.length).fill(Number.NaN);
  let prev = Number.NaN;
  for (let i = 0; i < r.length; i++) {
    const s = sigma[i] as number;
    if (Number.isNaN(s)) continue;
    const t = targetExposure(s, p.targetVol, p.cap);
    prev = Number.isNaN(prev) ? t : prev + p.adjustSpeed * (t - prev);
    exposure[i] = prev;
  }
  return { sigma, exposure };
}

/**
 * Runs the vol-control model over a price history (S&P 500 index or SPY; missing prices are
 * skipped, not filled): σ̂, exposure and implied flows for every day, today's values, and the
 * move table for tomorrow (−5% … +5% by default), each recomputing σ̂ with that move appended.
 */
export function volControlModel(prices: Series, params: VolControlParams = {}, moves: readonly number[] = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]): VolControlResult {
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
  const need = Math.max(p.shortWindow, p.longWindow) + 2;
  if (px.length < need) throw new NotEnoughDataError(`${prices.id}: ${px.length} prices, the vol windows need at least ${need}`);
  const r = new Float64Array(px.length);
  r[0] = Number.NaN;
  for (let i = 1; i < px.length; i++) r[i] = Math.log((px[i] as number) / (px[i - 1] as number));
  const { sigma, exposure } = exposurePath(r, p);
  const flow = new Float64Array(px.length).fill(Number.NaN);
  for (let i = 1; i < px.length; i++) flow[i] = p.aumBn * ((exposure[i] as number) - (exposure[i - 1] as number));
  const last = px.length - 1;
  const lastExposure = exposure[last] as number;
  // Tomorrow: append the move to the returns and step the rule once.
  const moveTable = moves.map((m): MoveRow => {
    const r2 = new Float64Array(r.length + 1);
    r2.set(r);
    r2[r.length] = Math.log(1 + m / 100);
    const s = volEstimate(r2, p);
    const sig = s[s.length - 1] as number;
    const e = lastExposure + p.adjustSpeed * (targetExposure(sig, p.targetVol, p.cap) - lastExposure);
    return { movePct: m, volEstimate: sig, exposure: e, flowBn: (p.aumBn * (e - lastExposure)) as UsdBn };
  });
  let flow5 = 0;
  for (let i = Math.max(1, last - 4); i <= last; i++) flow5 += flow[i] as number;
  const assumptions: Assumption[] = (Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => assumption(SPECS[k], params[k]));
  return {
    dates: Int32Array.from(d),
    sigma,
    exposure,
    flowBn: flow,
    latest: {
      date: toIso(d[last] as number),
      sigma: sigma[last] as number,
      exposure: lastExposure,
      target: targetExposure(sigma[last] as number, p.targetVol, p.cap),
      flowBn: flow[last] as UsdBn,
      flow5dBn: flow5 as UsdBn,
    },
    moveTable,
    assumptions,
    inputsAsOf: { [prices.id]: toIso(d[last] as number) },
  };
}
