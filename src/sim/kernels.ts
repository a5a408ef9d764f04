import { FLAT_RETURN } from '../models/cta.ts';

/**
 * Per-path kernels of the scenario engine on typed arrays, allocating nothing. They work on an
 * asset's log prices `lp` and the prefix sums of its squared daily log returns
 * r_i = lp_i − lp_{i−1}: sq_i = Σ_{j≤i} r_j². A w-day window's sum of returns is lp_e − lp_{e−w}
 * and its sum of squares sq_e − sq_{e−w}: two reads each instead of w. The history part of these
 * arrays is filled once; each path overwrites only its H days. Formulas are those of
 * models/cta.ts (ctaPositionAt) and models/volcontrol.ts (windowSigmaAt, targetExposure,
 * partialAdjust); agreement is tested to 1e-12.
 */

/** √252: trading days per year. */
const ANNUALISE = Math.sqrt(252);

/**
 * Sample standard deviation (n − 1) of the w daily log returns ending at index e, from prefix
 * sums: m = S/w, sd = √(max(0, (Q − w·m²)/(w − 1))), S and Q the window's sum and sum of squares.
 */
export function windowSd(lp: Float64Array, sq: Float64Array, e: number, w: number): number {
  return Math.sqrt(windowVar(lp, sq, e, w));
}

/**
 * The sample variance of windowSd (its square), for comparisons without a square root. Written
 * with the reciprocals 1/w and 1/(w − 1) so that the compiled path loop (compiledRun.ts), which
 * inlines them as literals, multiplies where a division would cost several times more, and
 * computes the same numbers bit for bit.
 */
export function windowVar(lp: Float64Array, sq: Float64Array, e: number, w: number): number {
  const s = (lp[e] as number) - (lp[e - w] as number);
  const q = (sq[e] as number) - (sq[e - w] as number);
  const m = s * (1 / w);
  return Math.max(0, (q - w * m * m) * (1 / (w - 1)));
}

/** CTA parameters in kernel form (lookbacks as Int32Array, rule as a flag). */
export interface CtaKernelParams {
  readonly lookbacks: Int32Array;
  /** true: smooth rule tanh(k·r/(σ_d√L)); false: sign rule. */
  readonly smooth: boolean;
  readonly smoothK: number;
  readonly volWindow: number;
  readonly volTarget: number;
  readonly cap: number;
  /** EWMA decay δ when positions are sized by an EWMA (models/cta.ts volEstimator 'ewma'); absent for the window. */
  readonly ewmaDelta?: number;
}

/** Kernel form of resolved CTA parameters. */
export function ctaKernelParams(p: { readonly lookbacks: readonly number[]; readonly rule: 'sign' | 'smooth'; readonly smoothK: number; readonly volWindow: number; readonly volTarget: number; readonly cap: number; readonly volEstimator?: 'window' | 'ewma'; readonly ewmaCenterOfMass?: number }): CtaKernelParams {
  const com = p.ewmaCenterOfMass ?? 60;
  return { lookbacks: Int32Array.from(p.lookbacks), smooth: p.rule === 'smooth', smoothK: p.smoothK, volWindow: p.volWindow, volTarget: p.volTarget, cap: p.cap, ...(p.volEstimator === 'ewma' ? { ewmaDelta: com / (1 + com) } : {}) };
}

/**
 * EWMA daily vol at index e0 + h of one asset, stepped from today's variance v0 at e0 along the
 * path: v ← δ·v + (1 − δ)·r², r = lp_j − lp_{j−1} (models/cta.ts ewmaDailyVol).
 */
export function ewmaVolAlong(lp: Float64Array, o: number, e0: number, h: number, v0: number, delta: number): number {
  let v = v0;
  for (let j = o + e0 + 1; j <= o + e0 + h; j++) {
    const r = (lp[j] as number) - (lp[j - 1] as number);
    v = delta * v + (1 - delta) * r * r;
  }
  return Math.sqrt(v);
}

/**
 * CTA position at index e (log prices lp, prefix sums of squared returns sq):
 *   signal_L = sign(ln(P_e/P_{e−L})) (0 within 1e-12), or tanh(k·ln(P_e/P_{e−L}) / (σ_d√L));
 *   position = clamp(mean_L signal_L · σ* / (σ_d·√252), −cap, cap), σ_d the volWindow-day sample sd.
 * `o` is the asset's offset into the arrays (several assets share one buffer). `dv` overrides the
 * window vol (the EWMA variant); `ties` (today's signal per lookback, at tieOffset) makes a
 * lookback whose return is flat (|r| ≤ 1e-12) keep today's signal instead of reading 0.
 */
export function ctaPosition(lp: Float64Array, sq: Float64Array, o: number, e: number, p: CtaKernelParams, dv = windowSd(lp, sq, o + e, p.volWindow), ties?: Float64Array, tieOffset = 0): number {
  const i = o + e;
  const ls = p.lookbacks;
  const now = lp[i] as number;
  let s = 0;
  for (let k = 0; k < ls.length; k++) {
    const L = ls[k] as number;
    const r = now - (lp[i - L] as number);
    // A flat lookback return (a tape back where it started) keeps today's signal when `ties` holds it.
    // |r| ≤ 1e-12 is one test random paths almost never pass, and the sign is taken without a branch (a coin flip on random paths).
    if (ties && Math.abs(r) <= FLAT_RETURN) s += ties[tieOffset + k] as number;
    else s += p.smooth ? Math.tanh((p.smoothK * r) / (dv * Math.sqrt(L))) : +(r > FLAT_RETURN) - +(r < -FLAT_RETURN);
  }
  const raw = (s / ls.length) * (p.volTarget / (dv * ANNUALISE));
  return raw > p.cap ? p.cap : raw < -p.cap ? -p.cap : raw;
}

/** Vol-control parameters of the kernel. */
export interface VolControlKernelParams {
  readonly targetVol: number;
  readonly cap: number;
  readonly shortWindow: number;
  readonly longWindow: number;
  /** κ, the share of the gap to target closed each day. */
  readonly adjustSpeed: number;
  /** How σ̂ is estimated (models/volcontrol.ts): max of the windows (default), blend, or ewma. */
  readonly combine?: 'max' | 'blend' | 'ewma';
  /** blend: weight of the short window (default 0.5). */
  readonly blendWeight?: number;
  /** ewma: decay λ (default 0.94). */
  readonly ewmaLambda?: number;
  /** ewma: today's daily variance, the model's last σ̂² / 252 (required for ewma). */
  readonly ewmaVariance0?: number;
  /** ewma: a second, long-term decay (σ̂ from the larger variance) and its variance today (both or neither). */
  readonly ewmaLambdaLong?: number;
  readonly ewmaVarianceLong0?: number;
  /** Rebalancing lag: day e targets σ̂ of day e − lagDays (default 0). */
  readonly lagDays?: number;
  /** With a lag: σ̂ (annualised) of days e0 − lagDays + 1 … e0, the model's last values (required when lagDays > 0). */
  readonly sigmaHistory?: Float64Array;
}

/** σ̂ of the last steps, for the lagged rule (lags up to 20 days; reused, not allocated per call). */
const lagRing = new Float64Array(32);

/**
 * Steps a vol-control fund over days e0+1 … e0+H of one asset, from exposure x0 at e0:
 *   σ̂_e = √252 · max(sd_short,e, sd_long,e)        max (one square root of the larger variance)
 *   σ̂_e = √252 · (w·sd_short,e + (1 − w)·sd_long,e) blend
 *   v_e = λ·v_{e−1} + (1 − λ)·r_e², σ̂_e = √(252·v_e) ewma (RiskMetrics), v_e0 = ewmaVariance0;
 *     with ewmaLambdaLong also v_L,e (λ_L, from ewmaVarianceLong0) and σ̂_e = √(252·max(v_e, v_L,e))
 *   target_e = min(cap, σ* / σ̂_{e−lag})  (cap when σ̂ = 0; σ̂ of days ≤ e0 from sigmaHistory)
 *   x_e = x_{e−1} + κ (target_e − x_{e−1})
 * (sample sds of daily log returns) and writes x_{e0+j} into out[outOffset + j − 1], j = 1…H.
 */
export function volControlSteps(lp: Float64Array, sq: Float64Array, o: number, e0: number, H: number, x0: number, p: VolControlKernelParams, out: Float64Array, outOffset: number): void {
  const mode = p.combine === 'blend' ? 1 : p.combine === 'ewma' ? 2 : 0;
  const w = p.blendWeight ?? 0.5;
  const lambda = p.ewmaLambda ?? 0.94;
  let v = p.ewmaVariance0 ?? Number.NaN;
  const lambdaLong = p.ewmaLambdaLong ?? 0;
  let vl = p.ewmaVarianceLong0 ?? Number.NaN;
  const lag = p.lagDays ?? 0;
  const hist = p.sigmaHistory;
  if (lag > 0 && !(hist && hist.length >= lag && lag < lagRing.length)) throw new RangeError(`volControlSteps: lagDays ${lag} needs sigmaHistory of ${lag} values (lag < ${lagRing.length})`);
  let x = x0;
  for (let j = 1; j <= H; j++) {
    const i = o + e0 + j;
    let sigma: number;
    if (mode === 2) {
      const r = (lp[i] as number) - (lp[i - 1] as number);
      v = lambda * v + (1 - lambda) * r * r;
      if (lambdaLong > 0) vl = lambdaLong * vl + (1 - lambdaLong) * r * r;
      sigma = ANNUALISE * Math.sqrt(lambdaLong > 0 && vl > v ? vl : v);
    } else {
      const a = windowVar(lp, sq, i, p.shortWindow);
      const b = windowVar(lp, sq, i, p.longWindow);
      sigma = mode === 1 ? ANNUALISE * (w * Math.sqrt(a) + (1 - w) * Math.sqrt(b)) : ANNUALISE * Math.sqrt(a > b ? a : b);
    }
    if (lag > 0) {
      // Day j targets σ̂ of day j − lag: from today's history while j ≤ lag, else from the ring.
      lagRing[j % lagRing.length] = sigma;
      sigma = j <= lag ? ((hist as Float64Array)[j - 1] as number) : (lagRing[(j - lag) % lagRing.length] as number);
    }
    const target = sigma > 0 ? Math.min(p.cap, p.targetVol / sigma) : p.cap;
    x += p.adjustSpeed * (target - x);
    out[outOffset + j - 1] = x;
  }
}

/**
 * Appends a path of H daily log returns r (at r[rOffset …]) after index e0 of one asset's
 * buffers: lp_{e0+j} = lp_{e0+j−1} + r_j and the prefix sum of squares carried on. Rewrites H
 * entries only.
 */
export function appendPath(lp: Float64Array, sq: Float64Array, o: number, e0: number, H: number, r: Float64Array, rOffset: number): void {
  let i = o + e0;
  let l = lp[i] as number;
  let q = sq[i] as number;
  for (let j = 0; j < H; j++) {
    const x = r[rOffset + j] as number;
    l += x;
    q += x * x;
    i++;
    lp[i] = l;
    sq[i] = q;
  }
}

/**
 * Fills the history part of one asset's buffers from positive prices px (oldest first):
 * lp_i = ln P_i, sq the prefix sums of r_i² with r_i = lp_i − lp_{i−1} (sq_0 = 0).
 */
export function fillHistory(px: Float64Array, lp: Float64Array, sq: Float64Array, o: number): void {
  lp[o] = Math.log(px[0] as number);
  sq[o] = 0;
  for (let i = 1; i < px.length; i++) {
    const l = Math.log(px[i] as number);
    const r = l - (lp[o + i - 1] as number);
    lp[o + i] = l;
    sq[o + i] = (sq[o + i - 1] as number) + r * r;
  }
}
