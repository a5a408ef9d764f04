import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { UsdBn } from '../series/units.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';
import { cleanPrices } from './cta.ts';

/**
 * Risk parity: a portfolio of equities, bonds and commodities weighted so each class carries an
 * equal share of risk, then levered to a target volatility (Bridgewater's All Weather, AQR's risk
 * parity; Asness, Frazzini & Pedersen, "Leverage Aversion and Risk Parity", FAJ 2012). The
 * simple form desks model ("inverse-vol weights"):
 *   b_i = 1/K ÷ (assets in i's class)                         risk budget, K classes
 *   w_i = (b_i / σ_i) / Σ_j (b_j / σ_j)                        unlevered weights, σ_i the asset's vol
 *   σ_p = √(252 · wᵀ C w)                                      C: sample covariance of daily log returns
 *   λ = min(cap, σ* / σ_p),  target_i = λ · w_i               exposure, × AUM
 *   x_i,t = x_i,t−1 + κ (target_i,t − x_i,t−1)                 partial daily adjustment
 *   flow_i,t = AUM · (x_i,t − x_i,t−1)                          USD bn (> 0 buying)
 * over the last `volWindow` joint days (days on which every asset has a price). A rise in equity
 * vol, or in the stock–bond correlation, cuts λ and so sells every class. Sources: docs/MODELS.md.
 */

export type AssetClass = 'equity' | 'bond' | 'commodity';

export interface RiskParityAssetInput {
  readonly prices: Series;
  readonly assetClass: AssetClass;
}

export interface RiskParityParams {
  /** Target annualised portfolio volatility, a fraction. */
  readonly targetVol?: number;
  /** Joint trading days of the covariance window. */
  readonly volWindow?: number;
  /** Largest gross leverage λ. */
  readonly cap?: number;
  /** Share of the gap to the target closed each day. */
  readonly adjustSpeed?: number;
  /** Risk-parity AUM, USD bn. */
  readonly aumBn?: number;
}

const SPECS = {
  targetVol: { name: 'targetVol', default: 0.1, unit: 'fraction', description: 'target annualised portfolio volatility', source: 'flowlens convention (10%, as for vol-control and CTAs); risk-parity funds run at about 10–12%' },
  volWindow: { name: 'volWindow', default: 63, unit: 'trading days', description: 'window of the vols and the covariance (joint days)', source: 'flowlens convention (three months)' },
  cap: { name: 'cap', default: 3, unit: '×', description: 'largest gross leverage λ', source: 'flowlens convention; risk parity levers the low-vol bond leg ~2–3× (AQR, "Dog Bites Man", 2015)' },
  adjustSpeed: { name: 'adjustSpeed', default: 0.1, unit: 'per day', description: 'share of the gap to target exposure closed each day (half-life ≈ 6.6 days)', source: 'flowlens convention: AQR calls risk parity "slowly traded" and says its managers "sold a portion of their exposure and didn\'t sell it all at once" (AQR, "Dog Bites Man", Sep 2015)' },
  aumBn: { name: 'aumBn', default: 150, unit: 'USD bn', description: 'assets run by risk-parity rules', source: 'AQR, "Dog Bites Man: In August, Equity Selling in Risk Parity Was a Tiny Fraction of Market Volume" (Sep 2015): "a lot closer to $150 billion", equity exposure ~35% of capital (https://www.aqr.com/Insights/Research/White-Papers/Dog-Bites-Man-In-August-Equity-Selling-in-Risk-Parity-Was-a-Tiny-Fraction-of-Market-Volume); Goldman (Feb 2018): risk parity and vol-target funds together "close to US$1 tn"; a parameter, not a measurement' },
} as const;

export interface ResolvedRiskParity {
  readonly targetVol: number;
  readonly volWindow: number;
  readonly cap: number;
  readonly adjustSpeed: number;
  readonly aumBn: number;
}

/** Parameters with defaults, checked. */
export function resolveRiskParityParams(p: RiskParityParams = {}): ResolvedRiskParity {
  const r: ResolvedRiskParity = {
    targetVol: p.targetVol ?? SPECS.targetVol.default,
    volWindow: p.volWindow ?? SPECS.volWindow.default,
    cap: p.cap ?? SPECS.cap.default,
    adjustSpeed: p.adjustSpeed ?? SPECS.adjustSpeed.default,
    aumBn: p.aumBn ?? SPECS.aumBn.default,
  };
  if (!(r.targetVol > 0 && r.targetVol <= 1)) throw new ParameterError(`targetVol must be in (0, 1], got ${r.targetVol}`);
  if (!Number.isInteger(r.volWindow) || r.volWindow < 5 || r.volWindow > 1000) throw new ParameterError(`volWindow must be a whole number from 5 to 1000, got ${r.volWindow}`);
  if (!(r.cap > 0 && r.cap <= 20)) throw new ParameterError(`cap must be in (0, 20], got ${r.cap}`);
  if (!(r.adjustSpeed > 0 && r.adjustSpeed <= 1)) throw new ParameterError(`adjustSpeed must be in (0, 1], got ${r.adjustSpeed}`);
  if (!(r.aumBn >= 0)) throw new ParameterError(`aumBn must not be negative, got ${r.aumBn}`);
  return r;
}

/** The risk-parity parameters as assumptions (the value given, else the default, with its source). */
export function riskParityAssumptions(p: RiskParityParams = {}): Assumption[] {
  return (Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => assumption(SPECS[k], p[k]));
}

/** Risk budget of each asset: 1/K per class present, split equally among the class's assets. */
export function riskBudgets(classes: readonly AssetClass[]): Float64Array {
  const count = new Map<AssetClass, number>();
  for (const c of classes) count.set(c, (count.get(c) ?? 0) + 1);
  return Float64Array.from(classes, (c) => 1 / count.size / (count.get(c) as number));
}

/**
 * Target exposures (× AUM) from a window's sums of daily log returns `S` (n) and of their
 * products `Q` (n×n, row-major) over `w` days: C = (Q − S·Sᵀ/w)/(w − 1), w_i ∝ b_i/√C_ii,
 * λ = min(cap, σ* ÷ √(252·wᵀCw)); writes λ·w_i into `out`. Allocates nothing (the scenario engine
 * calls it per path and day). An asset with zero variance gets no weight.
 */
export function riskParityTargets(S: Float64Array, Q: Float64Array, w: number, budgets: Float64Array, p: { readonly targetVol: number; readonly cap: number }, out: Float64Array): void {
  const n = budgets.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const si = S[i] as number;
    const v = ((Q[i * n + i] as number) - (si * si) / w) / (w - 1);
    const x = v > 0 ? (budgets[i] as number) / Math.sqrt(v) : 0;
    out[i] = x;
    norm += x;
  }
  if (!(norm > 0)) {
    out.fill(0);
    return;
  }
  let pv = 0;
  for (let i = 0; i < n; i++) {
    const wi = (out[i] as number) / norm;
    out[i] = wi;
    for (let j = 0; j <= i; j++) {
      const c = ((Q[i * n + j] as number) - ((S[i] as number) * (S[j] as number)) / w) / (w - 1);
      pv += (i === j ? 1 : 2) * wi * (out[j] as number) * c;
    }
  }
  const sp = Math.sqrt(Math.max(0, 252 * pv));
  const lev = sp > 0 ? Math.min(p.cap, p.targetVol / sp) : p.cap;
  for (let i = 0; i < n; i++) out[i] = lev * (out[i] as number);
}

/** The joint daily log returns of several clean price histories: days on which all have a price, oldest first. */
export function jointDailyReturns(assets: readonly { readonly dates: Int32Array; readonly px: Float64Array }[]): { dates: Int32Array; returns: Float64Array[] } {
  const first = assets[0];
  if (!first) return { dates: new Int32Array(0), returns: [] };
  // Each asset's index of every day of the first asset's on which all have a price (a merge of
  // ascending dates; clean prices are ascending, one per day).
  const at = jointIndex(assets);
  const T = at[0]?.length ?? 0;
  const days = Int32Array.from(at[0] ?? [], (j) => first.dates[j] as number);
  const returns = assets.map(() => new Float64Array(Math.max(0, T - 1)));
  for (let k = 1; k < T; k++) {
    assets.forEach((a, i) => {
      const idx = at[i] as Int32Array;
      (returns[i] as Float64Array)[k - 1] = Math.log((a.px[idx[k] as number] as number) / (a.px[idx[k - 1] as number] as number));
    });
  }
  return { dates: days.slice(1), returns };
}

/**
 * For the days of the first asset on which every asset has a price: each asset's index of that
 * day, oldest first (a merge over ascending dates, as a lookup of each day in each asset would
 * give when the dates ascend strictly, which clean prices do).
 */
export function jointIndex(assets: readonly { readonly dates: Int32Array }[]): Int32Array[] {
  const first = assets[0];
  if (!first) return [];
  const pos = new Int32Array(assets.length);
  const out = assets.map(() => new Int32Array(first.dates.length));
  let T = 0;
  for (let j = 0; j < first.dates.length; j++) {
    const d = first.dates[j] as number;
    let all = true;
    for (let i = 0; i < assets.length; i++) {
      const ds = (assets[i] as { dates: Int32Array }).dates;
      let q = pos[i] as number;
      while (q < ds.length && (ds[q] as number) < d) q++;
      pos[i] = q;
      if (q >= ds.length || ds[q] !== d) all = false;
    }
    if (!all) continue;
    for (let i = 0; i < assets.length; i++) (out[i] as Int32Array)[T] = pos[i] as number;
    T++;
  }
  return out.map((o) => o.slice(0, T));
}

export interface RiskParityAssetResult {
  readonly id: string;
  readonly assetClass: AssetClass;
  /** Exposure per joint day, × AUM (NaN before the window is full). */
  readonly exposure: Float64Array;
  /** Flow per joint day, USD bn. */
  readonly flowBn: Float64Array;
  readonly latest: { readonly exposure: number; readonly exposureBn: UsdBn; readonly flowBn: UsdBn; readonly annualVol: number };
}

export interface RiskParityResult extends ModelProvenance {
  /** The joint days (every asset has a close). */
  readonly dates: Int32Array;
  readonly assets: readonly RiskParityAssetResult[];
  /** Gross leverage λ per joint day. */
  readonly leverage: Float64Array;
  readonly latest: { readonly date: IsoDate; readonly leverage: number; readonly portfolioVol: number; readonly flowBn: UsdBn; readonly equityFlowBn: UsdBn; readonly flow5dBn: UsdBn; readonly equityFlow5dBn: UsdBn };
  /** The last `volWindow` joint daily log returns, [day][asset] (the scenario engine's starting window). */
  readonly windowReturns: readonly Float64Array[];
}

/**
 * The risk-parity model over the joint history of its assets: exposures (λ·w_i), flows per asset
 * and in total, today's leverage and portfolio vol, the equity flow (the part desks add to
 * "systematic selling" of stocks).
 */
export function riskParityModel(assets: readonly RiskParityAssetInput[], params: RiskParityParams = {}): RiskParityResult {
  const p = resolveRiskParityParams(params);
  if (assets.length === 0) throw new ParameterError('the risk-parity model needs at least one asset');
  const clean = assets.map((a) => cleanPrices(a.prices));
  const { dates, returns } = jointDailyReturns(clean);
  const T = dates.length;
  const n = assets.length;
  const w = p.volWindow;
  if (T < w + 2) throw new NotEnoughDataError(`risk parity: ${T} joint days of ${assets.map((a) => a.prices.id).join(', ')}, the ${w}-day window needs ${w + 2}`);
  const budgets = riskBudgets(assets.map((a) => a.assetClass));
  const S = new Float64Array(n);
  const Q = new Float64Array(n * n);
  const tgt = new Float64Array(n);
  const x = new Float64Array(n).fill(Number.NaN);
  const exposure = assets.map(() => new Float64Array(T).fill(Number.NaN));
  const flow = assets.map(() => new Float64Array(T).fill(Number.NaN));
  const leverage = new Float64Array(T).fill(Number.NaN);
  const r = (i: number, k: number) => (returns[i] as Float64Array)[k] as number;
  for (let k = 0; k < T; k++) {
    // Running sums over the window ending at k: add day k, drop day k − w.
    for (let i = 0; i < n; i++) {
      S[i] = (S[i] as number) + r(i, k) - (k >= w ? r(i, k - w) : 0);
      for (let j = 0; j <= i; j++) Q[i * n + j] = (Q[i * n + j] as number) + r(i, k) * r(j, k) - (k >= w ? r(i, k - w) * r(j, k - w) : 0);
    }
    if (k < w - 1) continue;
    riskParityTargets(S, Q, w, budgets, p, tgt);
    let lev = 0;
    for (let i = 0; i < n; i++) {
      const prev = x[i] as number;
      const next = Number.isNaN(prev) ? (tgt[i] as number) : prev + p.adjustSpeed * ((tgt[i] as number) - prev);
      x[i] = next;
      lev += next;
      (exposure[i] as Float64Array)[k] = next;
      (flow[i] as Float64Array)[k] = Number.isNaN(prev) ? Number.NaN : p.aumBn * (next - prev);
    }
    leverage[k] = lev;
  }
  const last = T - 1;
  const isEq = assets.map((a) => a.assetClass === 'equity');
  const sumFlows = (from: number, eqOnly: boolean) => {
    let s = 0;
    for (let k = Math.max(0, from); k <= last; k++) for (let i = 0; i < n; i++) if (!eqOnly || isEq[i]) s += ((flow[i] as Float64Array)[k] as number) || 0;
    return s;
  };
  // Today's portfolio vol at the unlevered weights: λ = min(cap, σ*/σ_p) ⇒ σ_p = σ*·Σw / λ when not capped.
  const unlev = new Float64Array(n);
  riskParityTargets(S, Q, w, budgets, { targetVol: 1, cap: Number.POSITIVE_INFINITY }, unlev);
  const lam = unlev.reduce((a, b) => a + b, 0);
  const results = assets.map((a, i): RiskParityAssetResult => {
    const si = S[i] as number;
    const v = ((Q[i * n + i] as number) - (si * si) / w) / (w - 1);
    const e = (exposure[i] as Float64Array)[last] as number;
    return {
      id: a.prices.id,
      assetClass: a.assetClass,
      exposure: exposure[i] as Float64Array,
      flowBn: flow[i] as Float64Array,
      latest: { exposure: e, exposureBn: (p.aumBn * e) as UsdBn, flowBn: ((flow[i] as Float64Array)[last] as number) as UsdBn, annualVol: Math.sqrt(252 * Math.max(0, v)) },
    };
  });
  return {
    dates,
    assets: results,
    leverage,
    latest: {
      date: toIso(dates[last] as number),
      leverage: leverage[last] as number,
      portfolioVol: lam > 0 ? 1 / lam : Number.NaN,
      flowBn: sumFlows(last, false) as UsdBn,
      equityFlowBn: sumFlows(last, true) as UsdBn,
      flow5dBn: sumFlows(last - 4, false) as UsdBn,
      equityFlow5dBn: sumFlows(last - 4, true) as UsdBn,
    },
    windowReturns: Array.from({ length: w }, (_, d) => Float64Array.from(returns, (col) => col[T - w + d] as number)),
    assumptions: riskParityAssumptions(params),
    inputsAsOf: Object.fromEntries(assets.map((a, i) => [a.prices.id, toIso((clean[i] as { dates: Int32Array }).dates.at(-1) as number)])),
  };
}
