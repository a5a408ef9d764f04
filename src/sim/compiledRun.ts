import { FLAT_RETURN } from '../models/cta.ts';
import type { CtaKernelParams, VolControlKernelParams } from './kernels.ts';
import { gbmReturnExpressions, type PathSpec } from './paths.ts';
import type { Rng } from './rng.ts';
// Type only: scenario.ts imports this module at run time, not the other way round.
import type { RiskParityLeg } from './scenario.ts';

/**
 * The Monte Carlo's inner loop compiled for one scenario, for GBM and bootstrap paths: each day's
 * returns (GBM: correlated normals mixed by inlined coefficients; bootstrap: a row of the joint
 * history, blocks drawn as paths.ts bootstrapPath draws them) go into running log prices and sums
 * of squares held in local variables (no buffer traffic), and at each horizon the CTA positions
 * are computed from them with every history-dependent number — ln P_{e−L} for each lookback, the
 * vol window's start — inlined as a literal. It does what the generic engine does (the path,
 * appendPath, kernels.ctaPosition, volControlSteps, riskParityRows), in the same order of
 * operations, so the flows are bit-identical to the generic engine's (tested); it only applies
 * when every lookback and the vol window reach back to today or earlier from the last horizon
 * (L ≥ H, true of the defaults 21/63/126/252 and 63 against horizons 5 and 21), so those numbers
 * are history. It runs a whole range of paths: per path it reseeds the generator (stream p of the
 * seed), draws the path, steps the vol-control recursion day by day when its rule allows
 * (volControlInline: its window starts are history too) and the risk-parity fund when its window
 * is at least H days (riskParityInline: every return leaving the window is history), and writes
 * every flow straight into the result. With a lagged vol-control rule or a short risk-parity
 * window it stores those legs' asset paths in the engine's buffers and lets the engine finish
 * each path (kernels.volControlSteps, ScenarioEngine.riskParityRows).
 */

/** What the compiled evaluator needs of a ScenarioEngine. */
export interface CompiledRunInputs {
  readonly A: number;
  readonly H: number;
  /** Length of one asset's buffer and the index of today in it. */
  readonly stride: number;
  readonly base: number;
  readonly horizons: Int32Array;
  /** The filled history (log prices, prefix sums of squared returns). */
  readonly lp: Float64Array;
  readonly sq: Float64Array;
  readonly cta: CtaKernelParams;
  /** AUM · weight per asset, USD bn, and today's CTA position per asset. */
  readonly scale: Float64Array;
  readonly pos0: Float64Array;
  /** The vol-control leg, if any: stepped in the loop when volControlInline, else its asset's path is stored. */
  readonly volControl?: InlineVolControl;
  /** The risk-parity leg, if any: stepped in the loop when riskParityInline, else its assets' paths are stored. */
  readonly riskParity?: InlineRiskParity;
  /** The engine's flows of one path ([series][horizon]), written when the run is not self-contained. */
  readonly flows: Float64Array;
  /** Today's signal per asset and lookback ([asset · lookbacks + k]), kept by a flat lookback return (kernels.ctaPosition). */
  readonly ties?: Float64Array;
}

/**
 * The vol-control leg as the compiled loop steps it (kernels.volControlSteps): its asset, AUM,
 * today's exposure and rule. Only rules without a rebalancing lag whose windows reach back to
 * today or earlier from the last day are stepped inside the loop (volControlInline).
 */
export interface InlineVolControl extends VolControlKernelParams {
  readonly assetIndex: number;
  readonly aumBn: number;
  readonly exposure: number;
}

/**
 * The risk-parity leg as the compiled loop steps it (ScenarioEngine.riskParityRows): the scenario's
 * leg plus the window's return sums today (S0; Q0 the lower triangle of Σ r_i r_k, [i·n + k]).
 */
export interface InlineRiskParity extends RiskParityLeg {
  readonly S0: Float64Array;
  readonly Q0: Float64Array;
}

/**
 * Simulates paths start … end−1 with `rng` (reseeded to stream p of `seed` for path p) and writes
 * each path's flows into raw[row·P + p − first], row = series·horizons + horizon, P = raw.length /
 * rows. Self-contained runs (every leg stepped in the loop) write every row; otherwise the loop
 * writes the CTA rows into the engine's `flows`, stores the paths the other legs read, and calls
 * finish(p − first), which must write every row of that column.
 */
export type CompiledRun = (rng: Rng, seed: number, start: number, end: number, raw: Float64Array, first: number, finish?: (col: number) => void) => void;

/** Whether the compiled evaluator applies: every lookback and the vol window at least the longest horizon. */
export function canCompileRun(cta: CtaKernelParams, horizons: Int32Array): boolean {
  const maxH = horizons[horizons.length - 1] as number;
  return cta.ewmaDelta === undefined && cta.volWindow >= maxH && cta.lookbacks.every((L) => L >= maxH);
}

/**
 * Whether a vol-control rule can be stepped inside the compiled loop: no rebalancing lag, and for
 * the window rules both windows at least H days long (so each window's start is history).
 */
export function volControlInline(vc: VolControlKernelParams, H: number): boolean {
  if ((vc.lagDays ?? 0) > 0) return false;
  return vc.combine === 'ewma' || (vc.shortWindow >= H && vc.longWindow >= H);
}

/** Whether the risk-parity fund can be stepped inside the compiled loop: its window at least H days (every return leaving it is history). */
export function riskParityInline(rp: Pick<InlineRiskParity, 'windowReturns'>, H: number): boolean {
  return rp.windowReturns.length >= H;
}

/** Whether compileRun writes every row itself (no finish callback needed) for these inputs. */
export function runSelfContained(inp: Pick<CompiledRunInputs, 'H' | 'volControl' | 'riskParity'>): boolean {
  return (!inp.volControl || volControlInline(inp.volControl, inp.H)) && (!inp.riskParity || riskParityInline(inp.riskParity, inp.H));
}

/** A number as a JavaScript literal that reads back as the same double (parenthesised for signs). */
const lit = (x: number): string => `(${String(x)})`;

/**
 * One day of the vol-control recursion as source, over the asset's running log price `l` and
 * sum of squares `q` (and its previous log price `lo` for EWMA), in kernels.volControlSteps's
 * order of operations: σ̂ from the two windows (their starts read from `vcc`, four numbers a day)
 * or the EWMA variance(s) `ev`, `evl`; target = min(cap, σ* ÷ σ̂) (cap when σ̂ = 0); xv += κ(target − xv).
 */
function volControlDaySource(vc: InlineVolControl, l: string, q: string): string {
  const ann = lit(Math.sqrt(252));
  let sigma: string;
  if (vc.combine === 'ewma') {
    const lambda = vc.ewmaLambda ?? 0.94;
    const long = vc.ewmaLambdaLong ?? 0;
    const update = `ev=${lit(lambda)}*ev+${lit(1 - lambda)}*r*r;` + (long > 0 ? `evl=${lit(long)}*evl+${lit(1 - long)}*r*r;` : '');
    sigma = `const r=${l}-lo;${update}const sg=${ann}*Math.sqrt(${long > 0 ? 'evl>ev?evl:ev' : 'ev'});`;
  } else {
    const win = (w: number, c: number, v: string) => `const ${v}s=${l}-vcc[c+${c}];const ${v}q=${q}-vcc[c+${c + 1}];const ${v}m=${v}s*${lit(1 / w)};const ${v}=Math.max(0,(${v}q-${w}*${v}m*${v}m)*${lit(1 / (w - 1))});`;
    const w = vc.blendWeight ?? 0.5;
    const combine = vc.combine === 'blend' ? `${ann}*(${lit(w)}*Math.sqrt(va)+${lit(1 - w)}*Math.sqrt(vb))` : `${ann}*Math.sqrt(va>vb?va:vb)`;
    sigma = `const c=j*4;${win(vc.shortWindow, 0, 'va')}${win(vc.longWindow, 2, 'vb')}const sg=${combine};`;
  }
  return `{${sigma}const tg=sg>0?Math.min(${lit(vc.cap)},${lit(vc.targetVol)}/sg):${lit(vc.cap)};xv+=${lit(vc.adjustSpeed)}*(tg-xv);}`;
}

/** Numbers per day in the risk-parity table `rpo`: the n returns leaving the window and their n(n+1)/2 products. */
const rpTableWidth = (n: number): number => n + (n * (n + 1)) / 2;

/**
 * One day of the risk-parity fund as source (ScenarioEngine.riskParityRows with
 * models/riskparity.ts riskParityTargets, in their order of operations): the day's returns
 * rn_i = l_a − (l_a the day before) enter the window's sums and the day j's oldest return (a
 * history row, from `rpo`) leaves them — S_i += rn_i − o_i, Q_ik += rn_i·rn_k − o_i·o_k; then
 * v_i = (Q_ii − S_i²/w)/(w − 1), x_i = b_i/√v_i (0 when v_i ≤ 0), weights x_i/Σx, portfolio
 * variance Σ_i Σ_{k≤i} (1 or 2)·w_i·w_k·c_ik, leverage λ = min(cap, σ* ÷ σ_p) (cap when σ_p = 0),
 * targets λ·w_i (all 0 when Σx is not positive); exposure += κ·(target − exposure).
 */
function riskParityDaySource(rp: InlineRiskParity): string {
  const n = rp.assetIndices.length;
  const w = rp.windowReturns.length;
  const K = rpTableWidth(n);
  const idx = Array.from({ length: n }, (_, i) => i);
  const pairs = idx.flatMap((i) => idx.filter((k) => k <= i).map((k) => [i, k] as const));
  const rn = idx.map((i) => `const rn${i}=l${rp.assetIndices[i] as number}-pl${i};`).join('');
  const sums = idx.map((i) => `rs${i}=rs${i}+rn${i}-rpo[c+${i}];`).join('');
  const squares = pairs.map(([i, k], m) => `rq${i}_${k}=rq${i}_${k}+rn${i}*rn${k}-rpo[c+${n + m}];`).join('');
  const inverse = idx.map((i) => `const v${i}=(rq${i}_${i}-(rs${i}*rs${i})/${w})/${w - 1};let t${i}=v${i}>0?${lit(rp.budgets[i] as number)}/Math.sqrt(v${i}):0;nm+=t${i};`).join('');
  const variance = idx
    .map((i) => `t${i}=t${i}/nm;` + idx.filter((k) => k <= i).map((k) => `pv+=${i === k ? 1 : 2}*t${i}*t${k}*${i === k ? `v${i}` : `((rq${i}_${k}-(rs${i}*rs${k})/${w})/${w - 1})`};`).join(''))
    .join('');
  const lever = idx.map((i) => `t${i}=lv*t${i};`).join('');
  const zero = idx.map((i) => `t${i}=0;`).join('');
  const adjust = idx.map((i) => `rx${i}+=${lit(rp.adjustSpeed)}*(t${i}-rx${i});`).join('');
  return (
    `{const c=j*${K};${rn}${sums}${squares}let nm=0;${inverse}` +
    `if(nm>0){let pv=0;${variance}const sp=Math.sqrt(Math.max(0,252*pv));const lv=sp>0?Math.min(${lit(rp.cap)},${lit(rp.targetVol)}/sp):${lit(rp.cap)};${lever}}else{${zero}}${adjust}}`
  );
}

/** Risk parity's flows at a horizon as source: AUM·(x_i − x_i,0) summed over its assets (`ra`) and its equities (`re`), in asset order. */
function riskParityHorizonSource(rp: InlineRiskParity): string {
  const terms = rp.assetIndices.map((_, i) => `{const f=${lit(rp.aumBn)}*(rx${i}-${lit(rp.exposure[i] as number)});ra+=f;${rp.equity[i] ? 're+=f;' : ''}}`).join('');
  return `let ra=0;let re=0;${terms}`;
}

/**
 * Compiles the path loop (see the module comment). Position at index e = base + h, as
 * kernels.ctaPosition: σ_d = √max(0, (Q − w·m²)·(1/(w − 1))), m = S·(1/w) (kernels.windowVar), S = lp_e − lp_{e−w},
 * Q = sq_e − sq_{e−w}; signal_L = sign(lp_e − lp_{e−L}) (0 within 1e-12) or
 * tanh(k·r/(σ_d√L)); position = clamp(mean signal · σ* ÷ (σ_d·√252), ±cap); flow = AUM·w_a·(position − position_today).
 * Paths: GBM draws Rng.fillNormal per path, used day by day, asset by asset (the order of
 * GbmSampler.path); the bootstrap draws a block's first day with rng.below(T − block + 1) every
 * `block` days and reads the joint history's rows from there (paths.ts bootstrapPath).
 */
export function compileRun(paths: PathSpec, inp: CompiledRunInputs): CompiledRun {
  const { A, H, stride, base, horizons, lp, sq, cta, scale, pos0, ties, flows } = inp;
  if (!canCompileRun(cta, horizons)) throw new RangeError('compiled scenario run: a lookback or the vol window is shorter than the longest horizon');
  const vc = inp.volControl;
  const rp = inp.riskParity;
  // Self-contained: every row is written here (every leg stepped in the loop).
  const self = runSelfContained(inp);
  const stored = new Set(self ? [] : [...(vc ? [vc.assetIndex] : []), ...(rp?.assetIndices ?? [])]);
  const nh = horizons.length;
  const rows = (A + 5) * nh;
  const ctaRow = A * nh;
  const w = cta.volWindow;
  const nL = cta.lookbacks.length;
  const annualise = Math.sqrt(252);
  let perPath: string;
  let dayStart: string;
  let exprs: string[];
  if (paths.method === 'gbm') {
    exprs = gbmReturnExpressions(paths.gbm, A);
    perPath = `rng.fillNormal(z,0,${A * H});`;
    dayStart = `const zo=j*${A};` + Array.from({ length: A }, (_, b) => `const z${b}=z[zo+${b}];`).join('');
  } else {
    if (paths.historyDays < paths.block) throw new RangeError(`the bootstrap needs at least one block (${paths.block} days) of history, got ${paths.historyDays}`);
    exprs = Array.from({ length: A }, (_, a) => `hist[d+${a}]`);
    perPath = 'let d=0;';
    dayStart = `if(j%${paths.block}===0)d=rng.below(${paths.historyDays - paths.block + 1})*${A};else d+=${A};`;
  }
  const rpInline = self && rp !== undefined;
  // The risk-parity assets' log prices before the day's return (its returns are l − pl, as lp_j − lp_{j−1}).
  const keepRp = rpInline ? rp.assetIndices.map((a, i) => `const pl${i}=l${a};`).join('') : '';
  const day = exprs.map((e, a) => {
    const store = stored.has(a) ? `lp[${a * stride + base + 1}+j]=l${a};sq[${a * stride + base + 1}+j]=q${a};` : '';
    return `{const x=${e};l${a}+=x;q${a}+=x*x;${store}}`;
  });
  const va = vc?.assetIndex ?? -1;
  const vcDay = self && vc ? volControlDaySource(vc, `l${va}`, `q${va}`) : '';
  const rpDay = rpInline ? riskParityDaySource(rp) : '';
  // Where row r of this path goes: raw[r·P + col] when self-contained, flows[r] otherwise.
  const out = (r: number) => (self ? `raw[${r}*P+col]` : `flows[${r}]`);
  // The CTA positions at each horizon run in a function of their own (one per horizon, called
  // once a path with the running sums in `hb`): the path loop stays small, so V8 optimises it
  // several times sooner on a cold start (its compile time grows faster than its size).
  const ctaAt = Array.from(horizons, (h, hi) => {
    const loads = Array.from({ length: A }, (_, a) => `const l${a}=hb[${a}];const q${a}=hb[${A + a}];`).join('');
    const perAsset = Array.from({ length: A }, (_, a) => {
      const o = a * stride;
      const e = o + base + h;
      const signals = Array.from(cta.lookbacks, (L, k) => {
        const past = lit(lp[e - L] as number);
        const tie = ties ? (ties[a * nL + k] as number) : 0;
        // A flat return keeps today's signal (kernels.ctaPosition with ties); the same numbers
        // otherwise. |r| ≤ 1e-12 is one test that random paths almost never pass (r ≤ 1e-12 alone
        // is a coin flip), and the sign is taken without a branch.
        const flat = `(Math.abs(r)<=${FLAT_RETURN})`;
        return cta.smooth
          ? `{const r=l${a}-${past};g+=${flat}?${lit(tie)}:Math.tanh((${lit(cta.smoothK)}*r)/(dv*Math.sqrt(${L})));}`
          : `{const r=l${a}-${past};g+=${flat}?${lit(tie)}:+(r>${FLAT_RETURN})-+(r<${-FLAT_RETURN});}`;
      }).join('');
      return (
        `{const s=l${a}-${lit(lp[e - w] as number)};const q=q${a}-${lit(sq[e - w] as number)};const m=s*${lit(1 / w)};` +
        `const dv=Math.sqrt(Math.max(0,(q-${w}*m*m)*${lit(1 / (w - 1))}));let g=0;${signals}` +
        `const pr=(g/${nL})*(${lit(cta.volTarget)}/(dv*${lit(annualise)}));const pos=pr>${lit(cta.cap)}?${lit(cta.cap)}:pr<${lit(-cta.cap)}?${lit(-cta.cap)}:pr;` +
        `const f=${lit(scale[a] as number)}*(pos-${lit(pos0[a] as number)});${out(a * nh + hi)}=f;tot+=f;}`
      );
    }).join('');
    return `${loads}let tot=0;${perAsset}${out(ctaRow + hi)}=tot;hb[${2 * A}]=tot;`;
  });
  const keepSums = Array.from({ length: A }, (_, a) => `hb[${a}]=l${a};hb[${A + a}]=q${a};`).join('');
  const horizonBlocks = Array.from(horizons, (h, hi) => {
    // Self-contained: the vol-control flow AUM·(x_h − x_0), the total (CTA + vol-control + risk
    // parity: the engine's volControlRows order) and the risk-parity rows (0 without the leg).
    const rpRows = rpInline ? riskParityHorizonSource(rp) : 'const ra=0;const re=0;';
    const rest = self
      ? `const v=${vc ? `${lit(vc.aumBn)}*(xv-${lit(vc.exposure)})` : '0'};${rpRows}${out(ctaRow + nh + hi)}=v;${out(ctaRow + 2 * nh + hi)}=tot+v+ra;${out(ctaRow + 3 * nh + hi)}=ra;${out(ctaRow + 4 * nh + hi)}=re;`
      : '';
    return `if(j===${h - 1}){${keepSums}cta${hi}(hb,raw,flows,P,col);const tot=hb[${2 * A}];${rest}}`;
  }).join('');
  const init = Array.from({ length: A }, (_, a) => `let l${a}=${lit(lp[a * stride + base] as number)};let q${a}=${lit(sq[a * stride + base] as number)};`).join('');
  const vcInit = self && vc ? `let xv=${lit(vc.exposure)};` + (vc.combine === 'ewma' ? `let ev=${lit(vc.ewmaVariance0 ?? Number.NaN)};let evl=${lit(vc.ewmaVarianceLong0 ?? Number.NaN)};` : '') : '';
  const rpInit = rpInline
    ? rp.assetIndices
        .map((_, i) => `let rs${i}=${lit(rp.S0[i] as number)};let rx${i}=${lit(rp.exposure[i] as number)};` + rp.assetIndices.slice(0, i + 1).map((__, k) => `let rq${i}_${k}=${lit(rp.Q0[i * rp.assetIndices.length + k] as number)};`).join(''))
        .join('')
    : '';
  const keepOld = self && vc?.combine === 'ewma' ? `const lo=l${va};` : '';
  // Only numeric literals and fixed identifiers enter the source.
  const source =
    `const P=raw.length/${rows};${Array.from(horizons, (_, hi) => `const cta${hi}=ctaAt[${hi}];`).join('')}` +
    `for(let p=start;p<end;p++){rng.reseed(seed,p);${perPath}const col=p-first;${init}${vcInit}${rpInit}` +
    `for(let j=0;j<${H};j++){${dayStart}${keepOld}${keepRp}${day.join('')}${vcDay}${rpDay}${horizonBlocks}}` +
    `${self ? '' : 'finish(col);'}}`;
  const loop = compileOnce(source, ['rng', 'seed', 'start', 'end', 'raw', 'first', 'finish', 'lp', 'sq', 'flows', 'vcc', 'rpo', 'z', 'hist', 'ctaAt', 'hb']) as CompiledLoop;
  const ctaFns = ctaAt.map((body) => compileOnce(body, ['hb', 'raw', 'flows', 'P', 'col']) as CtaAtHorizon);
  // The running log prices and sums of squares handed to the horizon functions, then their CTA total.
  const hb = new Float64Array(2 * A + 1);
  // The windows' starts of the vol-control asset for days 1 … H: lp, sq at e − short, e − long.
  const vcc = new Float64Array(4 * H);
  if (self && vc && vc.combine !== 'ewma') {
    const o = vc.assetIndex * stride + base;
    for (let j = 1; j <= H; j++) {
      vcc[4 * (j - 1)] = lp[o + j - vc.shortWindow] as number;
      vcc[4 * (j - 1) + 1] = sq[o + j - vc.shortWindow] as number;
      vcc[4 * (j - 1) + 2] = lp[o + j - vc.longWindow] as number;
      vcc[4 * (j - 1) + 3] = sq[o + j - vc.longWindow] as number;
    }
  }
  const rpo = rpInline ? riskParityTable(rp, H) : new Float64Array(0);
  // GBM: the path's normals, day-major (z[j·A + a]), drawn by Rng.fillNormal: the order of GbmSampler.path.
  const z = new Float64Array(paths.method === 'gbm' ? A * H : 0);
  const hist = paths.method === 'bootstrap' ? paths.history : new Float64Array(0);
  const noFinish = () => {
    throw new RangeError('compiled scenario run: this scenario needs a finish callback for its other legs');
  };
  return (rng, seed, start, end, raw, first, finish) => loop(rng, seed, start, end, raw, first, finish ?? noFinish, lp, sq, flows, vcc, rpo, z, hist, ctaFns, hb);
}

/**
 * Risk parity's window exits for days 1 … H, rpTableWidth(n) numbers a day: the returns o_i of
 * windowReturns[j − 1] and their products o_i·o_k (k ≤ i, in the order of the loop's sums).
 */
function riskParityTable(rp: InlineRiskParity, H: number): Float64Array {
  const n = rp.assetIndices.length;
  const K = rpTableWidth(n);
  const t = new Float64Array(K * H);
  for (let j = 0; j < H; j++) {
    const old = rp.windowReturns[j] as Float64Array;
    let m = n;
    for (let i = 0; i < n; i++) {
      t[j * K + i] = old[i] as number;
      for (let k = 0; k <= i; k++) t[j * K + m++] = (old[i] as number) * (old[k] as number);
    }
  }
  return t;
}

type CompiledLoop = (rng: Rng, seed: number, start: number, end: number, raw: Float64Array, first: number, finish: (col: number) => void, lp: Float64Array, sq: Float64Array, flows: Float64Array, vcc: Float64Array, rpo: Float64Array, z: Float64Array, hist: Float64Array, ctaAt: readonly CtaAtHorizon[], hb: Float64Array) => void;
type CtaAtHorizon = (hb: Float64Array, raw: Float64Array, flows: Float64Array, P: number, col: number) => void;

/**
 * Functions already compiled, by parameters and source: the same scenario run again (a
 * benchmark, a server answering twice) calls the same function objects, so V8 keeps the
 * caller's optimised code instead of deoptimising on a new call target.
 */
const compiled = new Map<string, unknown>();

/** The function of these parameters and body, compiled once (see `compiled`). */
function compileOnce(body: string, params: readonly string[]): unknown {
  const key = `${params.join(',')}:${body}`;
  let fn = compiled.get(key);
  if (!fn) {
    if (compiled.size >= 48) compiled.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source holds only numeric literals and fixed identifiers
    fn = new Function(...params, body);
    compiled.set(key, fn);
  }
  return fn;
}
