import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { toIso, ymd } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { blackoutShare, resolveBuybackParams, seasonalReports } from './buyback.ts';
import { cleanPrices, ctaPositionHistory, resolveCtaParams, trendSign } from './cta.ts';
import { resolveVolControlParams, targetExposure, volControlModel, type VolControlResult } from './volcontrol.ts';

/**
 * How much of the daily variance of S&P 500 returns estimated systematic flows explain, next to
 * same-day macro news: OLS R² of r_t on a FLOWS group, a MACRO group and both, over rolling
 * windows, and the Shapley split of the joint R² between the two groups.
 *
 *   r_t = α + Σ_j β_j x_j,t + ε_t,   R²(S) = 1 − SSR_S / Σ(r_t − r̄)²
 *   φ_flows = ½ [R²(F) + R²(F∪M) − R²(M)],  φ_macro = ½ [R²(M) + R²(F∪M) − R²(F)]
 * (Shapley 1953 value of the cooperative game v(S) = R²(S) over two players; the "LMG"
 * decomposition of Lindeman, Merenda & Gold 1980 / Grömping 2006 applied to groups of regressors).
 * φ_flows + φ_macro = R²(F∪M) exactly.
 * OLS by the normal equations: the centred cross-product matrix of [x_S, r] is factored by
 * Cholesky; the last pivot² is the residual sum of squares (the Schur complement), so
 * R² = 1 − d_r² / S_rr without solving for β. Windows use prefix sums of all cross-products, so a
 * window costs O(k²) to assemble plus O(k³) to factor (k ≤ 10).
 */

/** One regressor: a name, its unit, and one value per row of the design (NaN = missing). */
export interface Regressor {
  readonly name: string;
  readonly unit: string;
  readonly values: Float64Array;
}

/** The regression: S&P 500 daily log returns and the two groups of regressors on the same rows. */
export interface FlowVarianceInput {
  /** Day numbers of the rows (strictly increasing). */
  readonly dates: Int32Array;
  /** Daily log return ln(P_t/P_{t−1}), a fraction. */
  readonly returns: Float64Array;
  readonly flows: readonly Regressor[];
  readonly macro: readonly Regressor[];
}

/** R² of each group, of both, and the Shapley split of the joint R² (all fractions in [0, 1]). */
export interface R2Split {
  readonly r2Flows: number;
  readonly r2Macro: number;
  readonly r2Joint: number;
  readonly shapleyFlows: number;
  readonly shapleyMacro: number;
  /** Rows (days) in the regression. */
  readonly n: number;
  /** Regressors dropped as collinear (pivot below the tolerance) in the joint fit. */
  readonly dropped: number;
}

export interface FlowVarianceWindow extends R2Split {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export interface FlowVarianceResult {
  readonly flowNames: readonly string[];
  readonly macroNames: readonly string[];
  /** Rows with every regressor and the return present (complete cases). */
  readonly rows: number;
  readonly window: number;
  readonly full: R2Split & { readonly start: IsoDate; readonly end: IsoDate };
  /** One per calendar month-end once `window` complete rows are available. */
  readonly windows: readonly FlowVarianceWindow[];
}

/** Relative pivot tolerance of the Cholesky factorisation: a column whose residual variance is below tol × its variance is collinear with the ones before it. */
export const COLLINEAR_TOL = 1e-9;

/**
 * In-place Cholesky of the symmetric k×k matrix `a` (row-major, lower triangle read) into `l`
 * (lower triangle written): A = L·Lᵀ. A column whose pivot d_j² = a_jj − Σ_{m<j} l_jm² is
 * ≤ tol·a_jj (or a_jj ≤ 0) is collinear with the earlier ones: its column of L is set to zero and
 * it is counted in the return value (it then adds nothing to the fit). Cholesky–Banachiewicz,
 * e.g. Golub & Van Loan, Matrix Computations, §4.2. Allocates nothing.
 */
export function choleskyInPlace(a: Float64Array, l: Float64Array, k: number, tol = COLLINEAR_TOL): number {
  let dropped = 0;
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j] as number;
    for (let m = 0; m < j; m++) d -= (l[j * k + m] as number) ** 2;
    const ajj = a[j * k + j] as number;
    if (!(ajj > 0) || d <= tol * ajj) {
      for (let i = j; i < k; i++) l[i * k + j] = 0;
      dropped++;
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j] as number;
      for (let m = 0; m < j; m++) s -= (l[i * k + m] as number) * (l[j * k + m] as number);
      l[i * k + j] = s / ljj;
    }
  }
  return dropped;
}

/**
 * R² of regressing y on the columns `subset` (with an intercept) from the centred cross-product
 * matrix C of [x_0 … x_{p−1}, y] (size (p+1)², row-major, y last): with C_SS = L·Lᵀ (Cholesky)
 * and l_y = L⁻¹C_Sy, the residual sum of squares is SSR = C_yy − |l_y|² (the last pivot² of the
 * factor of [[C_SS, C_Sy], [C_yS, C_yy]]), so R² = 1 − SSR / C_yy. Collinear columns are dropped
 * (see choleskyInPlace). NaN when y has no variance. `scratch` holds at least q² + 2q numbers,
 * q = |subset|; nothing is allocated.
 */
export function r2FromCrossProducts(c: Float64Array, p: number, subset: readonly number[], scratch: Float64Array, scratchL: Float64Array): { r2: number; dropped: number } {
  const q = subset.length;
  const m = p + 1;
  const syy = c[p * m + p] as number;
  if (!(syy > 0)) return { r2: Number.NaN, dropped: 0 };
  const cy = q * q;
  const ly = q * q + q;
  for (let i = 0; i < q; i++) {
    const si = subset[i] as number;
    for (let j = 0; j < q; j++) scratch[i * q + j] = c[si * m + (subset[j] as number)] as number;
    scratch[cy + i] = c[p * m + si] as number;
  }
  const dropped = choleskyInPlace(scratch, scratchL, q, COLLINEAR_TOL);
  let ssr = syy;
  for (let j = 0; j < q; j++) {
    const ljj = scratchL[j * q + j] as number;
    if (ljj === 0) {
      scratch[ly + j] = 0;
      continue;
    }
    let s = scratch[cy + j] as number;
    for (let k = 0; k < j; k++) s -= (scratch[ly + k] as number) * (scratchL[j * q + k] as number);
    const v = s / ljj;
    scratch[ly + j] = v;
    ssr -= v * v;
  }
  return { r2: Math.min(1, Math.max(0, 1 - ssr / syy)), dropped };
}

/**
 * Ordinary least squares of y on the columns of X with an intercept, by the normal equations and
 * Cholesky (β = (XᵀX)⁻¹Xᵀy on centred data, α = ȳ − β·x̄); R² = 1 − SSR/SST. Rows with a NaN are
 * dropped. A collinear column (see choleskyInPlace) gets β = 0. For checks and small samples;
 * the rolling windows use r2FromCrossProducts.
 */
export function ols(y: Float64Array, columns: readonly Float64Array[]): { beta: number[]; intercept: number; r2: number; n: number; dropped: number } {
  const p = columns.length;
  for (const [j, c] of columns.entries()) if (c.length !== y.length) throw new ParameterError(`columns[${j}] has ${c.length} rows, y has ${y.length}`);
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i] as number) && columns.every((c) => !Number.isNaN(c[i] as number))) rows.push(i);
  const n = rows.length;
  if (n < p + 2) throw new NotEnoughDataError(`ols: ${n} complete rows for ${p} regressors and an intercept`);
  const mean = (v: Float64Array) => rows.reduce((s, i) => s + (v[i] as number), 0) / n;
  const all = [...columns, y];
  const mu = all.map(mean);
  const m = p + 1;
  const c = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (const i of rows) s += ((all[a] as Float64Array)[i]! - mu[a]!) * ((all[b] as Float64Array)[i]! - mu[b]!);
      c[a * m + b] = s;
      c[b * m + a] = s;
    }
  const xtx = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtx[a * p + b] = c[a * m + b] as number;
  const l = new Float64Array(p * p);
  const dropped = choleskyInPlace(xtx, l, p);
  // Solve L z = Xᵀy, Lᵀ β = z, skipping dropped columns (β = 0 there).
  const z = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const laa = l[a * p + a] as number;
    if (laa === 0) continue;
    let s = c[a * m + p] as number;
    for (let q = 0; q < a; q++) s -= (l[a * p + q] as number) * (z[q] as number);
    z[a] = s / laa;
  }
  const beta = new Array<number>(p).fill(0);
  for (let a = p - 1; a >= 0; a--) {
    const laa = l[a * p + a] as number;
    if (laa === 0) continue;
    let s = z[a] as number;
    for (let q = a + 1; q < p; q++) s -= (l[q * p + a] as number) * (beta[q] as number);
    beta[a] = s / laa;
  }
  let ssr = 0;
  const intercept = (mu[p] as number) - beta.reduce((s, b, j) => s + b * (mu[j] as number), 0);
  for (const i of rows) {
    let e = (y[i] as number) - intercept;
    for (let j = 0; j < p; j++) e -= (beta[j] as number) * ((columns[j] as Float64Array)[i] as number);
    ssr += e * e;
  }
  const sst = c[p * m + p] as number;
  return { beta, intercept, r2: sst > 0 ? 1 - ssr / sst : Number.NaN, n, dropped };
}

/** Shapley split of R² between two groups F and M: φ_F = ½[R²(F) + R²(F∪M) − R²(M)], φ_M = ½[R²(M) + R²(F∪M) − R²(F)]; φ_F + φ_M = R²(F∪M). */
export function shapleyTwoGroups(r2F: number, r2M: number, r2FM: number): { flows: number; macro: number } {
  return { flows: 0.5 * (r2F + r2FM - r2M), macro: 0.5 * (r2M + r2FM - r2F) };
}

/**
 * The variance decomposition: complete-case rows of [flows, macro, r], each column standardised
 * on the full sample (an affine change that leaves every R² unchanged and keeps the prefix sums
 * well conditioned), prefix sums of every cross-product, then for the full sample and for each
 * rolling window of `window` rows ending at a calendar month's last row: R² of flows-only,
 * macro-only and both, and the Shapley split. Throws NotEnoughDataError below `window` + 1 rows
 * and ParameterError for a window < k + 10 or groups that are empty or exceed 10 regressors together.
 * With `withWindows` false only the full sample is fitted (`windows` is empty): the sums are run
 * in one slot instead of a prefix per row, in the same order, so `full` is bit for bit the same.
 */
export function flowVarianceDecomposition(input: FlowVarianceInput, window = 252, withWindows = true): FlowVarianceResult {
  const { dates, returns, flows, macro } = input;
  const p = flows.length + macro.length;
  if (flows.length === 0 || macro.length === 0) throw new ParameterError(`flows and macro each need at least one regressor, got ${flows.length} and ${macro.length}`);
  if (p > 10) throw new ParameterError(`at most 10 regressors, got ${p}`);
  if (!Number.isInteger(window) || window < p + 10) throw new ParameterError(`window must be a whole number ≥ ${p + 10} rows, got ${window}`);
  const cols = [...flows, ...macro].map((r) => r.values);
  for (const [j, c] of cols.entries()) if (c.length !== returns.length) throw new ParameterError(`regressor ${[...flows, ...macro][j]?.name}: ${c.length} values for ${returns.length} returns`);
  if (dates.length !== returns.length) throw new ParameterError(`dates: ${dates.length} for ${returns.length} returns`);
  const all = [...cols, returns];
  const m = p + 1;
  const rows: number[] = [];
  for (let i = 0; i < returns.length; i++) {
    let ok = true;
    for (let j = 0; j < m && ok; j++) ok = Number.isFinite((all[j] as Float64Array)[i] as number);
    if (ok) rows.push(i);
  }
  const n = rows.length;
  if (n < window + 1) throw new NotEnoughDataError(`flow variance: ${n} days with every input present, the ${window}-day window needs ${window + 1}`);
  // Standardise each column on the full sample.
  const mu = new Float64Array(m);
  const sd = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const v = all[j] as Float64Array;
    let s = 0;
    for (const i of rows) s += v[i] as number;
    const mj = s / n;
    let s2 = 0;
    for (const i of rows) s2 += ((v[i] as number) - mj) ** 2;
    mu[j] = mj;
    sd[j] = s2 > 0 ? Math.sqrt(s2 / n) : 1;
  }
  // Prefix sums: per row, m sums and m(m+1)/2 products (lower triangle).
  const tri = (m * (m + 1)) / 2;
  const stride = m + tri;
  // Without windows: slot 0 stays zero and slot 1 runs the sums (o = o1: each row adds in place).
  const pre = new Float64Array((withWindows ? n + 1 : 2) * stride);
  const z = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    const i = rows[r] as number;
    for (let j = 0; j < m; j++) z[j] = (((all[j] as Float64Array)[i] as number) - (mu[j] as number)) / (sd[j] as number);
    const o = withWindows ? r * stride : stride;
    const o1 = withWindows ? o + stride : stride;
    for (let j = 0; j < m; j++) pre[o1 + j] = (pre[o + j] as number) + (z[j] as number);
    let t = m;
    for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++, t++) pre[o1 + t] = (pre[o + t] as number) + (z[a] as number) * (z[b] as number);
  }
  const c = new Float64Array(m * m);
  const sa = new Float64Array(m * m + 2 * m);
  const sl = new Float64Array(m * m);
  const fIdx = flows.map((_, j) => j);
  const mIdx = macro.map((_, j) => flows.length + j);
  const bIdx = [...fIdx, ...mIdx];
  const fit = (a: number, b: number): R2Split => {
    const w = b - a;
    const oa = withWindows ? a * stride : 0;
    const ob = withWindows ? b * stride : stride;
    let t = m;
    for (let x = 0; x < m; x++)
      for (let y = 0; y <= x; y++, t++) {
        const sxy = (pre[ob + t] as number) - (pre[oa + t] as number);
        const sx = (pre[ob + x] as number) - (pre[oa + x] as number);
        const sy = (pre[ob + y] as number) - (pre[oa + y] as number);
        const v = sxy - (sx * sy) / w;
        c[x * m + y] = v;
        c[y * m + x] = v;
      }
    const f = r2FromCrossProducts(c, p, fIdx, sa, sl);
    const mm = r2FromCrossProducts(c, p, mIdx, sa, sl);
    const j = r2FromCrossProducts(c, p, bIdx, sa, sl);
    const sh = shapleyTwoGroups(f.r2, mm.r2, j.r2);
    return { r2Flows: f.r2, r2Macro: mm.r2, r2Joint: j.r2, shapleyFlows: sh.flows, shapleyMacro: sh.macro, n: w, dropped: j.dropped };
  };
  const day = (r: number) => dates[rows[r] as number] as number;
  const windows: FlowVarianceWindow[] = [];
  for (let b = window; withWindows && b <= n; b++) {
    const last = b - 1;
    const monthEnd = b === n || ymd(day(last)).month !== ymd(day(b)).month;
    if (!monthEnd) continue;
    windows.push({ start: toIso(day(b - window)), end: toIso(day(last)), ...fit(b - window, b) });
  }
  return {
    flowNames: flows.map((f) => f.name),
    macroNames: macro.map((x) => x.name),
    rows: n,
    window,
    full: { start: toIso(day(0)), end: toIso(day(n - 1)), ...fit(0, n) },
    windows,
  };
}

/** Series the regression reads; only `spx` is required (a missing macro input is left out of the group). */
export interface FlowDesignInputs {
  /** S&P 500 closes (^GSPC or SPY). */
  readonly spx: Series;
  readonly vix?: Series;
  readonly vix3m?: Series;
  /** 10-year Treasury yield, %. */
  readonly dgs10?: Series;
  /** 2-year Treasury yield, %. */
  readonly dgs2?: Series;
  /** ICE BofA US high-yield OAS, %. */
  readonly hySpread?: Series;
  /** WTI crude, USD/bbl. */
  readonly crude?: Series;
  /** A dollar index (ICE DXY or the Fed's broad index). */
  readonly dollar?: Series;
}

/** Valid (non-NaN) points of a series. */
function validOf(s: Series): { d: Int32Array; v: Float64Array } {
  let k = 0;
  for (let i = 0; i < s.values.length; i++) if (!Number.isNaN(s.values[i] as number)) k++;
  const d = new Int32Array(k);
  const v = new Float64Array(k);
  k = 0;
  for (let i = 0; i < s.values.length; i++)
    if (!Number.isNaN(s.values[i] as number)) {
      d[k] = s.dates[i] as number;
      v[k++] = s.values[i] as number;
    }
  return { d, v };
}

/** Maximum age, in calendar days, of the previous value a same-day change is measured from. */
const PREV_MAX_AGE = 7;

/**
 * Same-day change of `s` on each row: x(t) − x(t_prev) (or ln x(t)/x(t_prev) with `log`), where
 * x(t) must be observed on the row's date t itself and x(t_prev) is the last observation on or
 * before the previous row's date (at most 7 days old). NaN otherwise (the row is then dropped).
 */
export function sameDayChange(rowDates: Int32Array, s: Series, log: boolean): Float64Array {
  const { d, v } = validOf(s);
  const out = new Float64Array(rowDates.length).fill(Number.NaN);
  for (let i = 1; i < rowDates.length; i++) {
    const t = rowDates[i] as number;
    const j = lastAtOrBefore(d, t);
    if (j < 0 || (d[j] as number) !== t) continue;
    const tp = rowDates[i - 1] as number;
    const k = lastAtOrBefore(d, tp);
    if (k < 0 || tp - (d[k] as number) > PREV_MAX_AGE) continue;
    out[i] = log ? Math.log((v[j] as number) / (v[k] as number)) : (v[j] as number) - (v[k] as number);
  }
  return out;
}

/**
 * The regression design on the S&P 500's trading days (missing prices skipped): r_t = ln P_t/P_{t−1};
 * FLOWS, all known before day t (predetermined, so a flow cannot be a reaction to r_t):
 *  - vc_pending_t = AUM·κ·(min(L, σ_tgt / σ̂_{t−1}) − e_{t−1}), USD bn: the vol-control rebalancing
 *    the model has pending after t−1's close (volcontrol.ts, default parameters);
 *  - cta_roll_t = pos(t | P_t = P_{t−1}) − pos_{t−1} (× AUM share): the S&P 500 CTA position change
 *    the model makes on day t if the price does not move — lookbacks rolling over their trigger
 *    levels (cta.ts, default parameters, sign rule, σ held at t−1);
 *  - blackout_t: share of S&P 500 cap in buyback blackout on day t (buyback.ts seasonal model with
 *    its default parameters, resolveBuybackParams(): B = 42, A = 2 calendar days, the default
 *    season weeks — one blackout definition across flowlens);
 *  - Δhedge_{t−1} = VIX/VIX3M_{t−1} − VIX/VIX3M_{t−2} (with both VIX and VIX3M);
 * MACRO, same day: ΔDGS10_t, ΔDGS2_t, ΔHY OAS_t (percentage points), ln crude_t/crude_{t−1},
 * ln dollar_t/dollar_{t−1} — each only if its series is given.
 * `given` passes results already computed on the same `x.spx` with the default parameters (an
 * application computes them once for several claims): volControlModel(x.spx) (any move table) and
 * ctaPositionHistory(cleanPrices(x.spx).px, resolveCtaParams()); the design is the same either way.
 */
export function flowRegressionDesign(x: FlowDesignInputs, given: { readonly volControl?: VolControlResult; readonly ctaPosition?: Float64Array } = {}): FlowVarianceInput {
  const { dates, px } = cleanPrices(x.spx);
  const n = px.length;
  if (n < 300) throw new NotEnoughDataError(`${x.spx.id}: ${n} valid prices, the flow regression needs at least 300`);
  const returns = new Float64Array(n).fill(Number.NaN);
  for (let i = 1; i < n; i++) returns[i] = Math.log((px[i] as number) / (px[i - 1] as number));
  // Vol-control: pending rebalancing after t−1's close.
  const vp = resolveVolControlParams();
  const vc = given.volControl ?? volControlModel(x.spx, {}, []);
  const vcPending = new Float64Array(n).fill(Number.NaN);
  for (let i = 1; i < n; i++) {
    const s = vc.sigma[i - 1] as number;
    const e = vc.exposure[i - 1] as number;
    if (!Number.isNaN(s) && !Number.isNaN(e)) vcPending[i] = vp.aumBn * vp.adjustSpeed * (targetExposure(s, vp.targetVol, vp.cap) - e);
  }
  // CTA: position change from lookbacks rolling over at an unchanged price.
  const cp = resolveCtaParams();
  const pos = given.ctaPosition ?? ctaPositionHistory(px, cp);
  const ctaRoll = new Float64Array(n).fill(Number.NaN);
  const maxL = Math.max(...cp.lookbacks);
  // Prefix sums of log returns and their squares: the volWindow-day daily σ at t−1 in O(1)
  // (the same sample sd as cta.ts dailyVolAt, to rounding).
  const w = cp.volWindow;
  const c1 = new Float64Array(n);
  const c2 = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const x = returns[i] as number;
    c1[i] = (c1[i - 1] as number) + x;
    c2[i] = (c2[i - 1] as number) + x * x;
  }
  for (let i = 1; i < n; i++) {
    const prev = pos[i - 1] as number;
    if (Number.isNaN(prev) || i - maxL < 0 || i - 1 - w < 0) continue;
    const s1 = (c1[i - 1] as number) - (c1[i - 1 - w] as number);
    const s2 = (c2[i - 1] as number) - (c2[i - 1 - w] as number);
    const dv = Math.sqrt(Math.max(0, (s2 - (s1 * s1) / w) / (w - 1)));
    let s = 0;
    for (const l of cp.lookbacks) s += trendSign(Math.log((px[i - 1] as number) / (px[i - l] as number)));
    const raw = (s / cp.lookbacks.length) * (cp.volTarget / (dv * Math.sqrt(252)));
    ctaRoll[i] = Math.max(-cp.cap, Math.min(cp.cap, raw)) - prev;
  }
  // Buyback blackout share on each trading day, with the buyback model's own defaults.
  const from = dates[0] as number;
  const to = dates[n - 1] as number;
  const bp = resolveBuybackParams();
  const share = blackoutShare(seasonalReports(from, to, bp.weeks), from, to, bp.before, bp.after);
  const blackout = new Float64Array(n);
  for (let i = 0; i < n; i++) blackout[i] = share[(dates[i] as number) - from] as number;
  const flows: Regressor[] = [
    { name: 'vol-control pending flow', unit: 'USD bn', values: vcPending },
    { name: 'CTA trigger roll', unit: 'position change (× AUM share)', values: ctaRoll },
    { name: 'buyback blackout share', unit: 'fraction of cap', values: blackout },
  ];
  if (x.vix && x.vix3m) {
    const a = validOf(x.vix);
    const b = validOf(x.vix3m);
    const ratioAt = (t: number) => {
      const j = lastAtOrBefore(a.d, t);
      const k = lastAtOrBefore(b.d, t);
      return j >= 0 && k >= 0 && a.d[j] === t && b.d[k] === t ? (a.v[j] as number) / (b.v[k] as number) : Number.NaN;
    };
    const hedge = new Float64Array(n).fill(Number.NaN);
    for (let i = 2; i < n; i++) hedge[i] = ratioAt(dates[i - 1] as number) - ratioAt(dates[i - 2] as number);
    flows.push({ name: 'Δ VIX/VIX3M (t−1)', unit: 'ratio', values: hedge });
  }
  const macro: Regressor[] = [];
  if (x.dgs10) macro.push({ name: 'Δ 10-year yield', unit: 'pp', values: sameDayChange(dates, x.dgs10, false) });
  if (x.dgs2) macro.push({ name: 'Δ 2-year yield', unit: 'pp', values: sameDayChange(dates, x.dgs2, false) });
  if (x.hySpread) macro.push({ name: 'Δ HY spread', unit: 'pp', values: sameDayChange(dates, x.hySpread, false) });
  if (x.crude) macro.push({ name: 'crude log return', unit: 'fraction', values: sameDayChange(dates, x.crude, true) });
  if (x.dollar) macro.push({ name: 'dollar log return', unit: 'fraction', values: sameDayChange(dates, x.dollar, true) });
  if (macro.length === 0) throw new NotEnoughDataError('flow regression: no macro series given (DGS10, DGS2, BAMLH0A0HYM2, crude, dollar)');
  return { dates, returns, flows, macro };
}
