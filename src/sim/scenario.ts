import { ParameterError } from '../core/errors.ts';
import { dailyVolAt, trendSign, type ResolvedCta } from '../models/cta.ts';
import { targetExposure } from '../models/volcontrol.ts';
import { mulberry32, normalSource, quantiles, streamSeed } from '../core/random.ts';

/**
 * Scenario flows: the CTA positions (and a vol-control fund on the equity asset) stepped day by
 * day along price paths appended to each asset's history; flow over h days = AUM · weight ·
 * (position_{t+h} − position_t). Paths are deterministic tapes (the log price moving linearly
 * to ±kσ√H) or Monte Carlo paths (GBM at each asset's current vol, or a block bootstrap of
 * historical days drawn jointly across assets so their correlation is kept). One buffer per
 * asset is reused across paths: nothing is allocated per step.
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
}

export interface ScenarioSetup {
  readonly assets: readonly ScenarioAsset[];
  readonly cta: ResolvedCta;
  readonly volControl?: VolControlLeg;
  /** Horizons reported, trading days (the longest is simulated). */
  readonly horizons: readonly number[];
}

/** Flows at each horizon: per asset (CTA), CTA total, vol-control, USD bn. */
export interface PathFlows {
  readonly perAsset: Float64Array[]; // [horizon][asset]
  readonly ctaTotal: Float64Array; // [horizon]
  readonly volControl: Float64Array; // [horizon]
}

/** Working buffers of one run: the tail of each history plus room for the path. */
class Buffers {
  readonly px: Float64Array[];
  readonly base: number[];
  /** Log prices: the history part fixed, the path part refreshed per path. */
  readonly lp: Float64Array[];
  /** Prefix sums of log returns r_j = lp_j − lp_{j−1} and of r_j², over the whole buffer. */
  readonly sr: Float64Array[];
  readonly sq: Float64Array[];
  constructor(
    setup: ScenarioSetup,
    readonly horizon: number,
  ) {
    const need = Math.max(...setup.cta.lookbacks, setup.cta.volWindow, setup.volControl?.longWindow ?? 0) + 2;
    this.px = setup.assets.map((a) => {
      if (a.prices.length < need) throw new ParameterError(`${a.id}: ${a.prices.length} prices, scenarios need ${need}`);
      const buf = new Float64Array(need + horizon);
      buf.set(a.prices.subarray(a.prices.length - need));
      return buf;
    });
    this.base = this.px.map(() => need - 1);
    this.lp = this.px.map((px) => Float64Array.from(px, (v, j) => (j < need ? Math.log(v) : 0)));
    this.sr = this.px.map(() => new Float64Array(need + horizon));
    this.sq = this.px.map(() => new Float64Array(need + horizon));
    for (let a = 0; a < this.px.length; a++) this.prefix(a, 1, need - 1);
  }

  /**
   * Recomputes prefix sums from index `from` to `to` of asset `a`, and first the log prices of
   * the path from its prices unless the path was written in logs (`logsReady`).
   */
  prefix(a: number, from: number, to: number, logsReady = false): void {
    const px = this.px[a] as Float64Array;
    const lp = this.lp[a] as Float64Array;
    const sr = this.sr[a] as Float64Array;
    const sq = this.sq[a] as Float64Array;
    for (let j = from; j <= to; j++) {
      if (!logsReady && j >= (this.base[a] as number) + 1) lp[j] = Math.log(px[j] as number);
      const r = (lp[j] as number) - (lp[j - 1] as number);
      sr[j] = (sr[j - 1] as number) + r;
      sq[j] = (sq[j - 1] as number) + r * r;
    }
  }
}

/**
 * The CTA position at index `e` of asset `a` from the log-price buffers: the same formula as
 * models/cta.ts ctaPositionAt (mean sign or tanh signal × σ* / σ_ann, clamped), with the 63-day
 * sample standard deviation from prefix sums, so one position costs a few operations instead of
 * re-reading the window (agreement with ctaPositionAt is tested to 1e-12).
 */
export function fastPosition(lp: Float64Array, sr: Float64Array, sq: Float64Array, e: number, cta: ResolvedCta): number {
  const w = cta.volWindow;
  const sum = (sr[e] as number) - (sr[e - w] as number);
  const sumsq = (sq[e] as number) - (sq[e - w] as number);
  const m = sum / w;
  const dv = Math.sqrt(Math.max(0, (sumsq - w * m * m) / (w - 1)));
  let s = 0;
  for (const l of cta.lookbacks) {
    const r = (lp[e] as number) - (lp[e - l] as number);
    s += cta.rule === 'sign' ? trendSign(r) : Math.tanh((cta.smoothK * r) / (dv * Math.sqrt(l)));
  }
  const raw = (s / cta.lookbacks.length) * (cta.volTarget / (dv * Math.sqrt(252)));
  return Math.max(-cta.cap, Math.min(cta.cap, raw));
}

/** Annualised vol of the vol-control rule at index `end` (max of the short and long windows). */
function vcSigma(px: Float64Array, end: number, leg: VolControlLeg): number {
  return Math.max(dailyVolAt(px, end, leg.shortWindow), dailyVolAt(px, end, leg.longWindow)) * Math.sqrt(252);
}

/**
 * Steps every asset along the path already written into the buffers (indices base+1…base+H) and
 * writes the flows at each horizon into `out` (arrays sized by the caller).
 */
function evaluate(setup: ScenarioSetup, b: Buffers, out: PathFlows, logsReady = false): void {
  const { cta, volControl, horizons, assets } = setup;
  out.ctaTotal.fill(0);
  for (let a = 0; a < assets.length; a++) {
    const base = b.base[a] as number;
    b.prefix(a, base + 1, base + b.horizon, logsReady);
    const lp = b.lp[a] as Float64Array;
    const sr = b.sr[a] as Float64Array;
    const sq = b.sq[a] as Float64Array;
    const p0 = fastPosition(lp, sr, sq, base, cta);
    const scale = cta.aumBn * (assets[a] as ScenarioAsset).weight;
    for (let h = 0; h < horizons.length; h++) {
      const flow = scale * (fastPosition(lp, sr, sq, base + (horizons[h] as number), cta) - p0);
      (out.perAsset[h] as Float64Array)[a] = flow;
      out.ctaTotal[h] = (out.ctaTotal[h] as number) + flow;
    }
  }
  if (!volControl) return;
  const px = b.px[volControl.assetIndex] as Float64Array;
  const base = b.base[volControl.assetIndex] as number;
  let e = volControl.exposure;
  let h = 0;
  for (let k = 1; k <= b.horizon && h < horizons.length; k++) {
    const t = targetExposure(vcSigma(px, base + k, volControl), volControl.targetVol, volControl.cap);
    e += volControl.adjustSpeed * (t - e);
    while (h < horizons.length && horizons[h] === k) out.volControl[h++] = volControl.aumBn * (e - volControl.exposure);
  }
}

function newFlows(setup: ScenarioSetup): PathFlows {
  return {
    perAsset: setup.horizons.map(() => new Float64Array(setup.assets.length)),
    ctaTotal: new Float64Array(setup.horizons.length),
    volControl: new Float64Array(setup.horizons.length),
  };
}

function checkSetup(setup: ScenarioSetup): number {
  if (setup.horizons.length === 0 || setup.horizons.some((h) => !Number.isInteger(h) || h < 1)) throw new ParameterError('horizons must be whole numbers of days ≥ 1');
  const sorted = [...setup.horizons].sort((x, y) => x - y);
  if (sorted.some((h, i) => h !== setup.horizons[i])) throw new ParameterError('horizons must be in increasing order');
  return sorted[sorted.length - 1] as number;
}

/** One deterministic tape: the log price moves linearly to `sigmas`·σ_d·√H over H days. */
export interface TapeResult {
  readonly sigmas: number;
  readonly flows: PathFlows;
}

/**
 * Deterministic tapes: for each k in `sigmaMoves` every asset's log price drifts in equal daily
 * steps to k·σ_d·√H at the longest horizon H (σ_d its daily vol over the CTA vol window), with
 * alternating ±σ_d swings around the drift so the tape is as volatile as today's market (a smooth
 * line would look like a vol collapse to vol-control and CTA sizing). The swings cancel by day H
 * (an odd H leaves its last day without one), so a "−2σ tape" ends exactly 2σ√H lower.
 */
export function runTapes(setup: ScenarioSetup, sigmaMoves: readonly number[] = [-2, -1, 0, 1, 2]): TapeResult[] {
  const H = checkSetup(setup);
  const b = new Buffers(setup, H);
  return sigmaMoves.map((k) => {
    for (let a = 0; a < setup.assets.length; a++) {
      const px = b.px[a] as Float64Array;
      const base = b.base[a] as number;
      const sd = dailyVolAt(px, base, setup.cta.volWindow);
      const step = (k * sd * Math.sqrt(H)) / H;
      for (let j = 1; j <= H; j++) {
        const swing = H % 2 === 1 && j === H ? 0 : j % 2 === 1 ? sd : -sd;
        px[base + j] = (px[base + j - 1] as number) * Math.exp(step + swing);
      }
    }
    const flows = newFlows(setup);
    evaluate(setup, b, flows);
    return { sigmas: k, flows };
  });
}

/** Monte Carlo options. */
export interface MonteCarloOptions {
  readonly paths: number;
  readonly seed: number;
  readonly method: 'gbm' | 'bootstrap';
  /** Bootstrap block length, days. */
  readonly blockLength?: number;
  /** Joint historical daily log returns for the bootstrap: [day][asset]. */
  readonly history?: readonly Float64Array[];
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
  /** [horizon][asset] */
  readonly perAsset: FlowDistribution[][];
  readonly ctaTotal: FlowDistribution[];
  readonly volControl: FlowDistribution[];
}

function distribution(x: Float64Array): FlowDistribution {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  const [p5, p25, p50, p75, p95] = quantiles(x, [0.05, 0.25, 0.5, 0.75, 0.95]) as [number, number, number, number, number];
  return { mean: s / x.length, p5, p25, p50, p75, p95 };
}

/** Raw flows of paths [start, end): [horizon][asset][path − start], and totals [horizon][path − start]. */
export interface RawPathFlows {
  readonly perAsset: Float64Array[][];
  readonly ctaTotal: Float64Array[];
  readonly volControl: Float64Array[];
}

/**
 * Simulates paths start…end−1 (path i always draws from stream `streamSeed(seed, i)`, so any
 * split of the paths across workers gives the same numbers) and returns their raw flows.
 */
export function simulatePaths(setup: ScenarioSetup, opts: MonteCarloOptions, start: number, end: number): RawPathFlows {
  const H = checkSetup(setup);
  const block = opts.blockLength ?? 5;
  if (opts.method === 'bootstrap' && (!opts.history || opts.history.length < block)) throw new ParameterError('the bootstrap needs a joint history of daily returns at least one block long');
  const b = new Buffers(setup, H);
  const A = setup.assets.length;
  const sig = b.px.map((px, a) => dailyVolAt(px, b.base[a] as number, setup.cta.volWindow));
  const nh = setup.horizons.length;
  const n = end - start;
  const perAsset = Array.from({ length: nh }, () => Array.from({ length: A }, () => new Float64Array(n)));
  const total = Array.from({ length: nh }, () => new Float64Array(n));
  const vc = Array.from({ length: nh }, () => new Float64Array(n));
  const flows = newFlows(setup);
  for (let i = start; i < end; i++) {
    const uniform = mulberry32(streamSeed(opts.seed, i));
    if (opts.method === 'gbm') {
      const normal = normalSource(uniform);
      for (let a = 0; a < A; a++) {
        const lp = b.lp[a] as Float64Array;
        const base = b.base[a] as number;
        const s = sig[a] as number;
        for (let j = 1; j <= H; j++) lp[base + j] = (lp[base + j - 1] as number) - 0.5 * s * s + s * normal();
        // Prices are needed only where vol-control reads them.
        if (setup.volControl?.assetIndex === a) {
          const px = b.px[a] as Float64Array;
          for (let j = 1; j <= H; j++) px[base + j] = Math.exp(lp[base + j] as number);
        }
      }
    } else {
      const hist = opts.history as readonly Float64Array[];
      let j = 1;
      while (j <= H) {
        const first = Math.floor(uniform() * (hist.length - block + 1));
        for (let k = 0; k < block && j <= H; k++, j++) {
          const day = hist[first + k] as Float64Array;
          for (let a = 0; a < A; a++) {
            const px = b.px[a] as Float64Array;
            const base = b.base[a] as number;
            px[base + j] = (px[base + j - 1] as number) * Math.exp(day[a] as number);
          }
        }
      }
    }
    evaluate(setup, b, flows, opts.method === 'gbm');
    const k = i - start;
    for (let h = 0; h < nh; h++) {
      for (let a = 0; a < A; a++) ((perAsset[h] as Float64Array[])[a] as Float64Array)[k] = (flows.perAsset[h] as Float64Array)[a] as number;
      (total[h] as Float64Array)[k] = flows.ctaTotal[h] as number;
      (vc[h] as Float64Array)[k] = flows.volControl[h] as number;
    }
  }
  return { perAsset, ctaTotal: total, volControl: vc };
}

/** Mean and percentiles of raw path flows. */
export function summarise(raw: RawPathFlows, opts: MonteCarloOptions): MonteCarloResult {
  return {
    paths: opts.paths,
    method: opts.method,
    seed: opts.seed,
    perAsset: raw.perAsset.map((row) => row.map(distribution)),
    ctaTotal: raw.ctaTotal.map(distribution),
    volControl: raw.volControl.map(distribution),
  };
}

/**
 * Monte Carlo scenario flows in this thread: `paths` paths of H days (GBM: daily log return
 * −σ²/2 + σZ per asset, independent, σ = the asset's current daily vol; bootstrap: blocks of
 * `blockLength` consecutive historical days drawn jointly for all assets). See pool.ts for the
 * same on several cores.
 */
export function runMonteCarlo(setup: ScenarioSetup, opts: MonteCarloOptions): MonteCarloResult {
  if (!Number.isInteger(opts.paths) || opts.paths < 1) throw new ParameterError(`paths must be a whole number ≥ 1, got ${opts.paths}`);
  return summarise(simulatePaths(setup, opts, 0, opts.paths), opts);
}
