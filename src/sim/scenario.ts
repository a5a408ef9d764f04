import { ParameterError } from '../core/errors.ts';
import { ewmaDailyVol, FLAT_RETURN, type ResolvedCta } from '../models/cta.ts';
import { riskParityTargets } from '../models/riskparity.ts';
import { appendPath, ctaKernelParams, ctaPosition, ewmaVolAlong, fillHistory, volControlSteps, windowSd, type CtaKernelParams } from './kernels.ts';
import { canCompileRun, compileRun, runSelfContained, type CompiledRun, type CompiledRunInputs } from './compiledRun.ts';
import { bootstrapPath, cholesky, correlationMatrix, GbmSampler, tapePath, type BufferLayout, type PathSpec, type TapeShape } from './paths.ts';
import { quantilesInPlace } from './percentiles.ts';
import { Rng } from './rng.ts';

/**
 * Scenario flows: CTA positions per asset (and a vol-control fund on the equity asset) stepped
 * along price paths appended to each asset's history. Daily flow = AUM · weight · Δposition, so
 * the flow over the next h days is AUM · weight · (position_{t+h} − position_t) (the daily flows
 * telescope; CTA positions have no memory, vol-control exposure is stepped day by day because of
 * its partial adjustment). Paths are deterministic tapes or Monte Carlo paths (correlated GBM at
 * each asset's current vol, or a joint block bootstrap of history). Each thread keeps one
 * ScenarioEngine: the history tail of every asset (its last max-window + 1 prices, as log prices
 * and prefix sums of squared returns) is filled once, and a path rewrites only its H days — no copy of
 * the history and no allocation per path or step.
 */

/** One asset of the scenario: its price history (positive, oldest first) and CTA weight. */
export interface ScenarioAsset {
  readonly id: string;
  readonly prices: Float64Array;
  readonly weight: number;
}

/** A vol-control fund on one asset (the S&P 500). */
export interface VolControlLeg {
  readonly assetIndex: number;
  readonly targetVol: number;
  readonly cap: number;
  readonly shortWindow: number;
  readonly longWindow: number;
  readonly adjustSpeed: number;
  readonly aumBn: number;
  /** Exposure today (the model's last value). */
  readonly exposure: number;
  /** σ̂ rule, as the model's `combine` (default max); ewma needs ewmaVariance0 (today's daily variance). */
  readonly combine?: 'max' | 'blend' | 'ewma';
  readonly blendWeight?: number;
  readonly ewmaLambda?: number;
  readonly ewmaVariance0?: number;
  /** Long-term EWMA decay and today's variance under it (S&P's two-lambda rule; both or neither). */
  readonly ewmaLambdaLong?: number;
  readonly ewmaVarianceLong0?: number;
  /** Rebalancing lag (trading days) and the model's σ̂ of its last lagDays days (oldest first). */
  readonly lagDays?: number;
  readonly sigmaHistory?: Float64Array;
}

/**
 * A risk-parity fund over some of the scenario's assets (models/riskparity.ts): its covariance
 * window starts from the model's last joint returns and rolls forward along the path; each day
 * targets λ·w_i and closes κ of the gap.
 */
export interface RiskParityLeg {
  /** Scenario assets it holds, and which of them are equities (the equity flow row). */
  readonly assetIndices: readonly number[];
  readonly equity: readonly boolean[];
  /** Risk budget per asset (riskBudgets). */
  readonly budgets: Float64Array;
  readonly targetVol: number;
  readonly cap: number;
  readonly adjustSpeed: number;
  readonly aumBn: number;
  /** Today's exposure per asset (× AUM), the model's last values. */
  readonly exposure: Float64Array;
  /** The model's last volWindow joint daily log returns, [day][asset] in assetIndices order. */
  readonly windowReturns: readonly Float64Array[];
}

export interface ScenarioSetup {
  readonly assets: readonly ScenarioAsset[];
  readonly cta: ResolvedCta;
  readonly volControl?: VolControlLeg;
  readonly riskParity?: RiskParityLeg;
  /** Horizons reported, trading days, increasing (the longest is simulated). */
  readonly horizons: readonly number[];
}

/** Flows at each horizon of one path: per asset (CTA), CTA total, vol-control, risk parity, USD bn. */
export interface PathFlows {
  readonly perAsset: Float64Array[]; // [horizon][asset]
  readonly ctaTotal: Float64Array; // [horizon]
  readonly volControl: Float64Array; // [horizon]
  /** CTA total + vol-control + risk parity (all its assets). */
  readonly total: Float64Array; // [horizon]
  /** Risk parity, all its assets. */
  readonly riskParity: Float64Array; // [horizon]
  /** Risk parity, its equity assets only. */
  readonly riskParityEquity: Float64Array; // [horizon]
}

function checkSetup(setup: ScenarioSetup): number {
  const hs = setup.horizons;
  if (hs.length === 0 || hs.some((h) => !Number.isInteger(h) || h < 1)) throw new ParameterError('horizons must be whole numbers of days ≥ 1');
  if (hs.some((h, i) => i > 0 && h <= (hs[i - 1] as number))) throw new ParameterError('horizons must be in increasing order');
  if (setup.assets.length === 0) throw new ParameterError('a scenario needs at least one asset');
  const vc = setup.volControl;
  if (vc && !(Number.isInteger(vc.assetIndex) && vc.assetIndex >= 0 && vc.assetIndex < setup.assets.length)) throw new ParameterError(`volControl.assetIndex ${vc.assetIndex} is not an asset of the scenario`);
  const rp = setup.riskParity;
  if (rp) {
    const n = rp.assetIndices.length;
    if (n === 0 || rp.assetIndices.some((a) => !(Number.isInteger(a) && a >= 0 && a < setup.assets.length))) throw new ParameterError('riskParity.assetIndices must name assets of the scenario');
    if (rp.equity.length !== n || rp.budgets.length !== n || rp.exposure.length !== n) throw new ParameterError(`riskParity: equity, budgets and exposure need one entry per asset (${n})`);
    if (rp.windowReturns.length < 5 || rp.windowReturns.some((r) => r.length !== n)) throw new ParameterError(`riskParity.windowReturns must hold at least 5 days of ${n} returns`);
  }
  if (vc?.combine === 'ewma' && !(vc.ewmaVariance0 !== undefined && vc.ewmaVariance0 >= 0)) throw new ParameterError('volControl.ewmaVariance0 (today\'s daily variance) is required for combine = ewma');
  if (vc?.combine === 'ewma' && (vc.ewmaLambdaLong ?? 0) > 0 && !(vc.ewmaVarianceLong0 !== undefined && vc.ewmaVarianceLong0 >= 0)) throw new ParameterError('volControl.ewmaVarianceLong0 (today\'s long-term daily variance) is required with ewmaLambdaLong');
  const lag = vc?.lagDays ?? 0;
  if (vc && lag > 0 && !(Number.isInteger(lag) && lag <= 20 && vc.sigmaHistory && vc.sigmaHistory.length === lag)) throw new ParameterError(`volControl.lagDays ${lag} needs sigmaHistory with the model's last ${lag} σ̂ values`);
  return hs[hs.length - 1] as number;
}

/**
 * The per-thread engine of one setup. Series of a path, in order: the A assets' CTA flows, the
 * CTA total, the vol-control flow, the total (CTA + vol-control + risk parity), risk parity (all
 * its assets), risk parity's equity flow: S = A + 5 series × the horizons.
 */
export class ScenarioEngine {
  readonly A: number;
  readonly H: number;
  readonly S: number;
  /** Index of today in every asset's buffer (the history tail holds base + 1 prices). */
  readonly base: number;
  /** Length of one asset's buffer: base + 1 + H. */
  private readonly N: number;
  private readonly lp: Float64Array;
  private readonly sq: Float64Array;
  private readonly cta: CtaKernelParams;
  private readonly horizons: Int32Array;
  /** AUM · weight per asset, USD bn. */
  private readonly scale: Float64Array;
  /** Today's CTA position per asset. */
  private readonly pos0: Float64Array;
  /** Today's signal per asset and lookback ([asset · lookbacks + k]): a flat path keeps it (no flip by construction). */
  private readonly sig0: Float64Array;
  /** EWMA variant: today's daily variance per asset (empty for the window estimator). */
  private readonly ewmaVar0: Float64Array;
  /** Today's daily vol per asset (CTA vol window): GBM's σ and the tapes' unit. */
  readonly dailyVol: Float64Array;
  private readonly vcExposure: Float64Array;
  /** Flows of the last evaluated path, [series][horizon]. */
  readonly flows: Float64Array;

  constructor(readonly setup: ScenarioSetup) {
    this.H = checkSetup(setup);
    const { assets, cta, volControl } = setup;
    this.A = assets.length;
    this.S = this.A + 5;
    this.base = Math.max(...cta.lookbacks, cta.volWindow, (volControl?.longWindow ?? 0) + (volControl?.lagDays ?? 0), volControl?.shortWindow ?? 0);
    this.N = this.base + 1 + this.H;
    this.lp = new Float64Array(this.A * this.N);
    this.sq = new Float64Array(this.A * this.N);
    this.cta = ctaKernelParams(cta);
    this.horizons = Int32Array.from(setup.horizons);
    this.scale = Float64Array.from(assets, (a) => cta.aumBn * a.weight);
    this.pos0 = new Float64Array(this.A);
    this.dailyVol = new Float64Array(this.A);
    const nL = cta.lookbacks.length;
    this.sig0 = new Float64Array(this.A * nL);
    const ewma = this.cta.ewmaDelta !== undefined;
    this.ewmaVar0 = new Float64Array(ewma ? this.A : 0);
    for (let a = 0; a < this.A; a++) {
      const { id, prices } = assets[a] as ScenarioAsset;
      if (prices.length < this.base + 1) throw new ParameterError(`${id}: ${prices.length} prices, the scenario needs ${this.base + 1} (longest window + 1)`);
      const tail = prices.subarray(prices.length - this.base - 1);
      for (let i = 0; i < tail.length; i++) if (!((tail[i] as number) > 0)) throw new ParameterError(`${id}: price ${tail[i]} at index ${prices.length - tail.length + i} is not positive`);
      fillHistory(tail, this.lp, this.sq, a * this.N);
      const o = a * this.N;
      this.dailyVol[a] = windowSd(this.lp, this.sq, o + this.base, cta.volWindow);
      // The EWMA variant runs its variance over the whole history, as the model does.
      if (ewma) this.ewmaVar0[a] = (ewmaDailyVol(prices, cta.ewmaCenterOfMass ?? 60, cta.volWindow)[prices.length - 1] as number) ** 2;
      const dv0 = ewma ? Math.sqrt(this.ewmaVar0[a] as number) : (this.dailyVol[a] as number);
      this.pos0[a] = ctaPosition(this.lp, this.sq, o, this.base, this.cta, dv0);
      for (let k = 0; k < nL; k++) {
        const L = cta.lookbacks[k] as number;
        const r = (this.lp[o + this.base] as number) - (this.lp[o + this.base - L] as number);
        this.sig0[a * nL + k] = this.cta.smooth ? Math.tanh((this.cta.smoothK * r) / (dv0 * Math.sqrt(L))) : r > FLAT_RETURN ? 1 : r < -FLAT_RETURN ? -1 : 0;
      }
    }
    this.vcExposure = new Float64Array(this.H);
    this.flows = new Float64Array(this.S * this.horizons.length);
    const rp = setup.riskParity;
    const n = rp ? rp.assetIndices.length : 0;
    this.rpS0 = new Float64Array(n);
    this.rpQ0 = new Float64Array(n * n);
    for (const row of rp?.windowReturns ?? []) {
      for (let i = 0; i < n; i++) {
        this.rpS0[i] = (this.rpS0[i] as number) + (row[i] as number);
        for (let j = 0; j <= i; j++) this.rpQ0[i * n + j] = (this.rpQ0[i * n + j] as number) + (row[i] as number) * (row[j] as number);
      }
    }
    this.rpS = new Float64Array(n);
    this.rpQ = new Float64Array(n * n);
    this.rpTarget = new Float64Array(n);
    this.rpX = new Float64Array(n);
    this.rpNew = new Float64Array(n);
  }

  /** Risk parity: the window's sums today (S0, Q0 lower triangle) and per-path scratch. */
  private readonly rpS0: Float64Array;
  private readonly rpQ0: Float64Array;
  private readonly rpS: Float64Array;
  private readonly rpQ: Float64Array;
  private readonly rpTarget: Float64Array;
  private readonly rpX: Float64Array;
  private readonly rpNew: Float64Array;

  /**
   * Evaluates one path (A × H daily log returns, asset-major, at path[offset …]) and leaves its
   * flows in `this.flows` ([series][horizon]).
   */
  evaluate(path: Float64Array, offset: number): Float64Array {
    for (let a = 0; a < this.A; a++) appendPath(this.lp, this.sq, a * this.N, this.base, this.H, path, offset + a * this.H);
    return this.evaluateAppended();
  }

  /** Where each asset's buffers start and where today is in them (for GbmSampler.appendTo). */
  get layout(): BufferLayout {
    return { stride: this.N, base: this.base };
  }

  /** One GBM path drawn from `rng` straight into the buffers (GbmSampler.appendTo), then evaluated. */
  evaluateGbm(gbm: GbmSampler, rng: Rng): Float64Array {
    gbm.appendTo(rng, this.lp, this.sq);
    return this.evaluateAppended();
  }

  /** What compiledRun.ts needs of this engine. */
  private compiledInputs(): CompiledRunInputs {
    const rp = this.setup.riskParity;
    return {
      A: this.A,
      H: this.H,
      stride: this.N,
      base: this.base,
      horizons: this.horizons,
      lp: this.lp,
      sq: this.sq,
      cta: this.cta,
      scale: this.scale,
      pos0: this.pos0,
      ...(this.setup.volControl ? { volControl: this.setup.volControl } : {}),
      ...(rp ? { riskParity: { ...rp, S0: this.rpS0, Q0: this.rpQ0 } } : {}),
      ties: this.sig0,
      flows: this.flows,
    };
  }

  /**
   * The path loop compiled for this engine and these paths (compiledRun.ts), or undefined when it
   * does not apply (a lookback or the vol window shorter than the longest horizon, or the EWMA
   * CTA variant).
   */
  compileRun(paths: PathSpec): CompiledRun | undefined {
    if (!canCompileRun(this.cta, this.horizons)) return undefined;
    return compileRun(paths, this.compiledInputs());
  }

  /** Whether the compiled loop writes every row itself (every leg stepped in the loop: compiledRun.ts runSelfContained). */
  get compiledSelfContained(): boolean {
    return runSelfContained(this.compiledInputs());
  }

  /** The vol-control, risk-parity and total rows after the compiled loop wrote a path's CTA rows and stored its paths. */
  finishCompiled(): Float64Array {
    this.volControlRows();
    return this.flows;
  }

  /** The flows of the path already in the buffers (days base+1 … base+H of every asset). */
  private evaluateAppended(): Float64Array {
    const { A, N, base, lp, sq, cta, horizons, scale, pos0, flows, sig0, ewmaVar0 } = this;
    const nh = horizons.length;
    const ctaRow = A * nh;
    const nL = cta.lookbacks.length;
    const delta = cta.ewmaDelta;
    for (let h = 0; h < nh; h++) flows[ctaRow + h] = 0;
    for (let a = 0; a < A; a++) {
      const o = a * N;
      const p0 = pos0[a] as number;
      const sc = scale[a] as number;
      for (let h = 0; h < nh; h++) {
        const e = base + (horizons[h] as number);
        const dv = delta === undefined ? windowSd(lp, sq, o + e, cta.volWindow) : ewmaVolAlong(lp, o, base, horizons[h] as number, ewmaVar0[a] as number, delta);
        const f = sc * (ctaPosition(lp, sq, o, e, cta, dv, sig0, a * nL) - p0);
        flows[a * nh + h] = f;
        flows[ctaRow + h] = (flows[ctaRow + h] as number) + f;
      }
    }
    this.volControlRows();
    return flows;
  }

  /** The vol-control, risk-parity and total rows of `flows`, from the paths in the buffers and the CTA total rows. */
  private volControlRows(): void {
    const { A, H, N, base, lp, sq, horizons, flows } = this;
    const nh = horizons.length;
    const ctaRow = A * nh;
    const vc = this.setup.volControl;
    this.riskParityRows();
    for (let h = 0; h < nh; h++) {
      let v = 0;
      if (vc) {
        if (h === 0) volControlSteps(lp, sq, vc.assetIndex * N, base, H, vc.exposure, vc, this.vcExposure, 0);
        v = vc.aumBn * ((this.vcExposure[(horizons[h] as number) - 1] as number) - vc.exposure);
      }
      flows[ctaRow + nh + h] = v;
      flows[ctaRow + 2 * nh + h] = (flows[ctaRow + h] as number) + v + (flows[ctaRow + 3 * nh + h] as number);
    }
  }

  /**
   * The risk-parity rows (all assets, equities) of `flows`: day j of the path drops the oldest
   * return of the window (the model's, or the path's own after volWindow days) and adds the
   * path's, then targets riskParityTargets and closes κ of the gap; flow = AUM·(x_h − x_0).
   */
  private riskParityRows(): void {
    const { A, N, base, lp, horizons, flows, rpS, rpQ, rpTarget: tgt, rpX: x, rpNew: rn } = this;
    const nh = horizons.length;
    const row = A * nh + 3 * nh;
    const rp = this.setup.riskParity;
    if (!rp) {
      for (let h = 0; h < 2 * nh; h++) flows[row + h] = 0;
      return;
    }
    const n = rp.assetIndices.length;
    const w = rp.windowReturns.length;
    rpS.set(this.rpS0);
    rpQ.set(this.rpQ0);
    x.set(rp.exposure);
    const ret = (i: number, j: number) => {
      const o = (rp.assetIndices[i] as number) * N + base + j;
      return (lp[o] as number) - (lp[o - 1] as number);
    };
    let hi = 0;
    for (let j = 1; j <= (horizons[nh - 1] as number); j++) {
      const old = j - 1 < w ? (rp.windowReturns[j - 1] as Float64Array) : undefined;
      for (let i = 0; i < n; i++) rn[i] = ret(i, j);
      for (let i = 0; i < n; i++) {
        const oi = old ? (old[i] as number) : ret(i, j - w);
        rpS[i] = (rpS[i] as number) + (rn[i] as number) - oi;
        for (let k = 0; k <= i; k++) rpQ[i * n + k] = (rpQ[i * n + k] as number) + (rn[i] as number) * (rn[k] as number) - oi * (old ? (old[k] as number) : ret(k, j - w));
      }
      riskParityTargets(rpS, rpQ, w, rp.budgets, rp, tgt);
      for (let i = 0; i < n; i++) x[i] = (x[i] as number) + rp.adjustSpeed * ((tgt[i] as number) - (x[i] as number));
      if (j === horizons[hi]) {
        let all = 0;
        let eq = 0;
        for (let i = 0; i < n; i++) {
          const f = rp.aumBn * ((x[i] as number) - (rp.exposure[i] as number));
          all += f;
          if (rp.equity[i]) eq += f;
        }
        flows[row + hi] = all;
        flows[row + nh + hi] = eq;
        hi++;
      }
    }
  }

  /** The flows of `this.flows` as a PathFlows record (copies). */
  pathFlows(): PathFlows {
    const { A, flows } = this;
    const nh = this.horizons.length;
    const row = (s: number) => flows.slice(s * nh, (s + 1) * nh);
    return {
      perAsset: Array.from({ length: nh }, (_, h) => Float64Array.from({ length: A }, (_, a) => flows[a * nh + h] as number)),
      ctaTotal: row(A),
      volControl: row(A + 1),
      total: row(A + 2),
      riskParity: row(A + 3),
      riskParityEquity: row(A + 4),
    };
  }
}

/** One deterministic tape. */
export interface TapeResult {
  readonly sigmas: number;
  readonly flows: PathFlows;
}

/**
 * Deterministic tapes: for each k in `sigmaMoves` every asset's log price moves to k·σ_d·√H at
 * the longest horizon H (σ_d its daily vol over the CTA vol window), as paths.ts tapePath
 * describes: 'swing' (default: alternating ±σ_d around the drift, keeping today's volatility)
 * or 'linear' (a straight line in log price).
 */
export function runTapes(setup: ScenarioSetup, sigmaMoves: readonly number[] = [-2, -1, 0, 1, 2], shape: TapeShape = 'swing'): TapeResult[] {
  const eng = new ScenarioEngine(setup);
  const path = new Float64Array(eng.A * eng.H);
  return sigmaMoves.map((k) => {
    for (let a = 0; a < eng.A; a++) tapePath(k, eng.dailyVol[a] as number, eng.H, shape, path, a * eng.H);
    eng.evaluate(path, 0);
    return { sigmas: k, flows: eng.pathFlows() };
  });
}

/** Monte Carlo options. */
export interface MonteCarloOptions {
  readonly paths: number;
  readonly seed: number;
  readonly method: 'gbm' | 'bootstrap';
  /** Bootstrap block length, days (default 5). */
  readonly blockLength?: number;
  /**
   * Joint historical daily log returns, [day][asset]: the days the bootstrap draws, and for GBM
   * the sample whose correlation matrix correlates the assets (jointReturns in history.ts).
   */
  readonly history?: readonly Float64Array[];
  /** GBM: correlation matrix (A×A, row-major) to use instead of the history's; 'none' for independent assets. */
  readonly correlation?: Float64Array | 'none';
  /** GBM: expected price return per year (the same for every asset; μ = ln(1 + drift)/252 a day); default 0. */
  readonly drift?: number;
}

/** Distribution of a flow over paths. */
export interface FlowDistribution {
  readonly mean: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface MonteCarloResult {
  readonly paths: number;
  readonly method: MonteCarloOptions['method'];
  readonly seed: number;
  /** Whether the GBM assets were correlated (always true for the bootstrap). */
  readonly correlated: boolean;
  /** [horizon][asset] */
  readonly perAsset: FlowDistribution[][];
  readonly ctaTotal: FlowDistribution[];
  readonly volControl: FlowDistribution[];
  /** CTA total + vol-control + risk parity. */
  readonly total: FlowDistribution[];
  /** Risk parity, all its assets and its equities alone (zero without a risk-parity leg). */
  readonly riskParity: FlowDistribution[];
  readonly riskParityEquity: FlowDistribution[];
}

/** Checks Monte Carlo options against the setup: a ParameterError naming the field when one is wrong. */
export function checkOptions(setup: ScenarioSetup, opts: MonteCarloOptions): void {
  if (!Number.isInteger(opts.paths) || opts.paths < 1) throw new ParameterError(`paths must be a whole number ≥ 1, got ${opts.paths}`);
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw new ParameterError(`seed must be a whole number ≥ 0, got ${opts.seed}`);
  const block = opts.blockLength ?? 5;
  if (!Number.isInteger(block) || block < 1) throw new ParameterError(`blockLength must be a whole number ≥ 1, got ${block}`);
  const A = setup.assets.length;
  if (opts.history) opts.history.forEach((row, d) => {
    if (row.length !== A) throw new ParameterError(`history day ${d} has ${row.length} returns, the scenario has ${A} assets`);
  });
  if (opts.method === 'bootstrap' && (!opts.history || opts.history.length < block)) throw new ParameterError(`the bootstrap needs a joint history of daily returns at least one block (${block} days) long`);
  if (opts.correlation instanceof Float64Array && opts.correlation.length !== A * A) throw new ParameterError(`correlation has ${opts.correlation.length} entries, expected ${A}×${A}`);
}

/** A Monte Carlo run prepared in one thread: the engine and the path generator's inputs. */
export class MonteCarloRun {
  readonly engine: ScenarioEngine;
  private readonly gbm: GbmSampler | undefined;
  /** The compiled inner loop when it applies (compiledRun.ts): the generic path's numbers, faster. */
  private readonly compiled: CompiledRun | undefined;
  private readonly hist: Float64Array;
  private readonly T: number;
  private readonly block: number;
  private readonly rng = new Rng(0);
  private readonly path: Float64Array;
  readonly correlated: boolean;

  constructor(
    setup: ScenarioSetup,
    readonly opts: MonteCarloOptions,
  ) {
    checkOptions(setup, opts);
    this.engine = new ScenarioEngine(setup);
    const { A, H } = this.engine;
    const rows = opts.history ?? [];
    this.T = rows.length;
    this.hist = new Float64Array(this.T * A);
    rows.forEach((r, d) => this.hist.set(r, d * A));
    this.block = opts.blockLength ?? 5;
    const corr = opts.correlation === 'none' || A === 1 ? undefined : opts.correlation instanceof Float64Array ? opts.correlation : rows.length >= 2 ? correlationMatrix(rows, A) : undefined;
    this.correlated = opts.method === 'bootstrap' || corr !== undefined;
    const drift = opts.drift ?? 0;
    const gbm = {
      dailyVol: this.engine.dailyVol,
      ...(drift !== 0 ? { dailyDrift: new Float64Array(A).fill(Math.log1p(drift) / 252) } : {}),
      ...(corr ? { cholesky: cholesky(corr, A) } : {}),
    };
    this.compiled = this.engine.compileRun(opts.method === 'gbm' ? { method: 'gbm', gbm } : { method: 'bootstrap', history: this.hist, historyDays: this.T, block: this.block });
    this.gbm = opts.method === 'gbm' && !this.compiled ? new GbmSampler(gbm, A, H, this.engine.layout) : undefined;
    this.path = new Float64Array(A * H);
  }

  /** Series × horizons of the raw result. */
  get rows(): number {
    return this.engine.S * this.engine.setup.horizons.length;
  }

  /**
   * Simulates paths start … end−1 and writes their flows into raw[row·P + p − first] (row =
   * series · horizons + horizon, P = raw.length / rows, `first` the path of raw's first column):
   * path p draws from stream p of the seed, so the numbers do not depend on how paths are split
   * across threads.
   */
  simulate(start: number, end: number, raw: Float64Array, first = 0): void {
    const { engine, rng, path, gbm } = this;
    const { A, H } = engine;
    const P = raw.length / this.rows;
    const nr = this.rows;
    if (this.compiled) {
      // The compiled loop draws, evaluates and writes every path; the engine adds the legs it does not step.
      const finish = (col: number) => {
        const f = engine.finishCompiled();
        for (let r = 0; r < nr; r++) raw[r * P + col] = f[r] as number;
      };
      this.compiled(rng, this.opts.seed, start, end, raw, first, engine.compiledSelfContained ? undefined : finish);
      return;
    }
    for (let p = start; p < end; p++) {
      rng.reseed(this.opts.seed, p);
      let f: Float64Array;
      if (gbm) f = engine.evaluateGbm(gbm, rng);
      else {
        bootstrapPath(rng, this.hist, this.T, A, H, this.block, path, 0);
        f = engine.evaluate(path, 0);
      }
      for (let r = 0; r < nr; r++) raw[r * P + p - first] = f[r] as number;
    }
  }
}

const QS = [0.05, 0.25, 0.5, 0.75, 0.95];

/** Mean and type-7 percentiles (5/25/50/75/95, by selection) of raw[row·P … row·P + P − 1]. */
export function distributionOf(raw: Float64Array, row: number, P: number, scratch: Float64Array): FlowDistribution {
  return distributionOfSegments([raw.subarray(row * P, (row + 1) * P)], scratch);
}

/**
 * Mean and type-7 percentiles of one row whose paths lie in consecutive segments, in path order
 * (the ranges of several threads): the mean sums in path order and the percentiles select on a
 * copy in `scratch` (length ≥ all paths), so the numbers are those of the row in one piece.
 */
export function distributionOfSegments(segments: readonly Float64Array[], scratch: Float64Array): FlowDistribution {
  let P = 0;
  for (const x of segments) P += x.length;
  const s = sumInto(segments, scratch);
  // A constant row (a leg the scenario lacks reads 0 on every path): every quantile is that
  // value, as the selection's x + f·(x − x) gives it (+0 for ±0), without the selection's passes.
  // A sum that is not finite (a NaN or an infinity in the row) takes the selection.
  const c = constantValue(scratch, P);
  if (c !== undefined && Number.isFinite(s)) return { mean: s / P, p5: c, p25: c, p50: c, p75: c, p95: c };
  const q = quantilesInPlace(scratch.subarray(0, P), QS);
  return { mean: s / P, p5: q[0] as number, p25: q[1] as number, p50: q[2] as number, p75: q[3] as number, p95: q[4] as number };
}

/**
 * The sum of the segments' values in order, each segment copied into `scratch` after the one
 * before. A function of its own: V8 optimises this hot loop on the stack (OSR) and re-enters that
 * code on every row; in a larger function the code went on to the selection and was thrown out
 * there (a deoptimisation on every row).
 */
function sumInto(segments: readonly Float64Array[], scratch: Float64Array): number {
  let P = 0;
  let s = 0;
  for (const x of segments) {
    for (let i = 0; i < x.length; i++) s += x[i] as number;
    scratch.set(x, P);
    P += x.length;
  }
  return s;
}

/**
 * x[0] + 0 when x[0 … n−1] are all equal (−0 equal to +0), else undefined: a row that varies
 * is told apart at its first change, so the check costs nothing on the rows that need the
 * selection (kept out of the sum's loop, whose code V8 would otherwise respecialise row by row).
 */
function constantValue(x: Float64Array, n: number): number | undefined {
  const first = x[0] as number;
  for (let i = 1; i < n; i++) if (x[i] !== first) return undefined;
  return n > 0 ? first + 0 : undefined;
}

/** The distributions of every row of a raw result, row order (series × horizons). */
export function summariseRows(raw: Float64Array, rows: number, from = 0, to = rows): FlowDistribution[] {
  const P = raw.length / rows;
  const scratch = new Float64Array(P);
  const out: FlowDistribution[] = [];
  for (let r = from; r < to; r++) out.push(distributionOf(raw, r, P, scratch));
  return out;
}

/** Arranges row distributions (series × horizons) into a MonteCarloResult. */
export function assembleResult(dists: readonly FlowDistribution[], A: number, nh: number, opts: MonteCarloOptions, correlated: boolean): MonteCarloResult {
  const at = (s: number, h: number) => dists[s * nh + h] as FlowDistribution;
  const hs = Array.from({ length: nh }, (_, h) => h);
  return {
    paths: opts.paths,
    method: opts.method,
    seed: opts.seed,
    correlated,
    perAsset: hs.map((h) => Array.from({ length: A }, (_, a) => at(a, h))),
    ctaTotal: hs.map((h) => at(A, h)),
    volControl: hs.map((h) => at(A + 1, h)),
    total: hs.map((h) => at(A + 2, h)),
    riskParity: hs.map((h) => at(A + 3, h)),
    riskParityEquity: hs.map((h) => at(A + 4, h)),
  };
}

/**
 * Monte Carlo scenario flows in this thread: `paths` paths of H days — GBM: daily log return
 * μ − σ_a²/2 + σ_a·(L z)_a, σ_a the asset's current daily vol, L the Cholesky factor of the
 * history's correlation; bootstrap: blocks of `blockLength` consecutive historical days drawn
 * jointly for all assets — then the mean and 5/25/50/75/95 percentiles of every flow. See
 * pool.ts for the same on several cores (bit-identical).
 */
export function runMonteCarlo(setup: ScenarioSetup, opts: MonteCarloOptions): MonteCarloResult {
  const run = new MonteCarloRun(setup, opts);
  const raw = new Float64Array(run.rows * opts.paths);
  run.simulate(0, opts.paths, raw);
  return assembleResult(summariseRows(raw, run.rows), run.engine.A, setup.horizons.length, opts, run.correlated);
}
