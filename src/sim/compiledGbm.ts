import { FLAT_RETURN } from '../models/cta.ts';
import type { CtaKernelParams, VolControlKernelParams } from './kernels.ts';
import { gbmReturnExpressions, type GbmSpec } from './paths.ts';
import type { Rng } from './rng.ts';

/**
 * The GBM Monte Carlo's inner loop compiled for one scenario: each day's correlated returns go
 * into running log prices and sums of squares held in local variables (no buffer traffic), and
 * at each horizon the CTA positions are computed from them with every history-dependent number —
 * ln P_{e−L} for each lookback, the vol window's start — inlined as a literal. It does what
 * GbmSampler.path + appendPath + kernels.ctaPosition do, in the same order of operations, so
 * the flows are bit-identical to the generic engine's (tested); it only applies when every
 * lookback and the vol window reach back to today or earlier from the last horizon (L ≥ H,
 * true of the defaults 21/63/126/252 and 63 against horizons 5 and 21), so those numbers are
 * history. It runs a whole range of paths: per path it reseeds the generator (stream p of the
 * seed), draws the path's normals, steps the vol-control recursion day by day when its rule allows
 * (volControlInline: its window starts are history too) and writes every flow straight into the
 * result; with a risk-parity leg or a lagged vol-control rule it stores those assets' paths in
 * the engine's buffers and lets the engine finish each path (kernels.volControlSteps, risk parity).
 */

/** What the compiled evaluator needs of a ScenarioEngine. */
export interface CompiledGbmInputs {
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
  /** Other assets whose paths are stored day by day (the risk-parity leg's). */
  readonly storeAlso?: readonly number[];
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
 * Simulates paths start … end−1 with the normals of `rng` (reseeded to stream p of `seed` for
 * path p) and writes each path's flows into raw[row·P + p − first], row = series·horizons +
 * horizon, P = raw.length / rows. Self-contained runs (no risk-parity leg, vol-control stepped in
 * the loop or absent) write every row; otherwise the loop writes the CTA rows into the engine's
 * `flows`, stores the paths the other legs read, and calls finish(p − first), which must write
 * every row of that column.
 */
export type CompiledGbmRun = (rng: Rng, seed: number, start: number, end: number, raw: Float64Array, first: number, finish?: (col: number) => void) => void;

/** Whether the compiled evaluator applies: every lookback and the vol window at least the longest horizon. */
export function canCompileGbm(cta: CtaKernelParams, horizons: Int32Array): boolean {
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

/**
 * Compiles the path loop (see the module comment). Position at index e = base + h, as
 * kernels.ctaPosition: σ_d = √max(0, (Q − w·m²)·(1/(w − 1))), m = S·(1/w) (kernels.windowVar), S = lp_e − lp_{e−w},
 * Q = sq_e − sq_{e−w}; signal_L = sign(lp_e − lp_{e−L}) (0 within 1e-12) or
 * tanh(k·r/(σ_d√L)); position = clamp(mean signal · σ* ÷ (σ_d·√252), ±cap); flow = AUM·w_a·(position − position_today).
 * Normals: Rng.fillNormal per path, used day by day, asset by asset (the order of GbmSampler.path).
 */
export function compileGbmRun(spec: GbmSpec, inp: CompiledGbmInputs): CompiledGbmRun {
  const { A, H, stride, base, horizons, lp, sq, cta, scale, pos0, ties, flows } = inp;
  if (!canCompileGbm(cta, horizons)) throw new RangeError('compiled GBM evaluator: a lookback or the vol window is shorter than the longest horizon');
  const vc = inp.volControl;
  // Self-contained: every row is written here (vol-control stepped in the loop, no risk parity).
  const self = gbmRunSelfContained(inp);
  const stored = new Set(self ? [] : [...(vc ? [vc.assetIndex] : []), ...(inp.storeAlso ?? [])]);
  const nh = horizons.length;
  const rows = (A + 5) * nh;
  const ctaRow = A * nh;
  const exprs = gbmReturnExpressions(spec, A);
  const w = cta.volWindow;
  const nL = cta.lookbacks.length;
  const annualise = Math.sqrt(252);
  const loads = Array.from({ length: A }, (_, b) => `const z${b}=z[zo+${b}];`).join('');
  const day = exprs.map((e, a) => {
    const store = stored.has(a) ? `lp[${a * stride + base + 1}+j]=l${a};sq[${a * stride + base + 1}+j]=q${a};` : '';
    return `{const x=${e};l${a}+=x;q${a}+=x*x;${store}}`;
  });
  const va = vc?.assetIndex ?? -1;
  const vcDay = self && vc ? volControlDaySource(vc, `l${va}`, `q${va}`) : '';
  // Where row r of this path goes: raw[r·P + col] when self-contained, flows[r] otherwise.
  const out = (r: number) => (self ? `raw[${r}*P+col]` : `flows[${r}]`);
  const horizonBlocks = Array.from(horizons, (h, hi) => {
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
    // Self-contained: the vol-control flow AUM·(x_h − x_0), the total (CTA + vol-control + risk
    // parity, 0 here: the engine's volControlRows order) and the zero risk-parity rows.
    const rest = self
      ? `const v=${vc ? `${lit(vc.aumBn)}*(xv-${lit(vc.exposure)})` : '0'};${out(ctaRow + nh + hi)}=v;${out(ctaRow + 2 * nh + hi)}=tot+v+0;${out(ctaRow + 3 * nh + hi)}=0;${out(ctaRow + 4 * nh + hi)}=0;`
      : '';
    return `if(j===${h - 1}){let tot=0;${perAsset}${out(ctaRow + hi)}=tot;${rest}}`;
  }).join('');
  const init = Array.from({ length: A }, (_, a) => `let l${a}=${lit(lp[a * stride + base] as number)};let q${a}=${lit(sq[a * stride + base] as number)};`).join('');
  const vcInit = self && vc ? `let xv=${lit(vc.exposure)};` + (vc.combine === 'ewma' ? `let ev=${lit(vc.ewmaVariance0 ?? Number.NaN)};let evl=${lit(vc.ewmaVarianceLong0 ?? Number.NaN)};` : '') : '';
  const keepOld = self && vc?.combine === 'ewma' ? `const lo=l${va};` : '';
  // Only numeric literals and fixed identifiers enter the source.
  const source =
    `const P=raw.length/${rows};` +
    `for(let p=start;p<end;p++){rng.reseed(seed,p);rng.fillNormal(z,0,${A * H});const col=p-first;${init}${vcInit}` +
    `for(let j=0;j<${H};j++){const zo=j*${A};${loads}${keepOld}${day.join('')}${vcDay}${horizonBlocks}}` +
    `${self ? '' : 'finish(col);'}}`;
  let fn = compiled.get(source);
  if (!fn) {
    if (compiled.size >= 16) compiled.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source holds only numeric literals and fixed identifiers
    fn = new Function('rng', 'seed', 'start', 'end', 'raw', 'first', 'finish', 'lp', 'sq', 'flows', 'vcc', 'z', source) as CompiledLoop;
    compiled.set(source, fn);
  }
  const loop = fn;
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
  // The path's normals, day-major (z[j·A + a]), drawn by Rng.fillNormal: the order of GbmSampler.path.
  const z = new Float64Array(A * H);
  const noFinish = () => {
    throw new RangeError('compiled GBM run: this scenario needs a finish callback for its other legs');
  };
  return (rng, seed, start, end, raw, first, finish) => loop(rng, seed, start, end, raw, first, finish ?? noFinish, lp, sq, flows, vcc, z);
}

type CompiledLoop = (rng: Rng, seed: number, start: number, end: number, raw: Float64Array, first: number, finish: (col: number) => void, lp: Float64Array, sq: Float64Array, flows: Float64Array, vcc: Float64Array, z: Float64Array) => void;

/** Whether compileGbmRun writes every row itself (no finish callback needed) for these inputs. */
export function gbmRunSelfContained(inp: Pick<CompiledGbmInputs, 'H' | 'volControl' | 'storeAlso'>): boolean {
  return (inp.storeAlso ?? []).length === 0 && (!inp.volControl || volControlInline(inp.volControl, inp.H));
}

/**
 * Evaluators already compiled, by source: the same scenario run again (a benchmark, a server
 * answering twice) calls the same function object, so V8 keeps the caller's optimised code
 * instead of deoptimising on a new call target.
 */
const compiled = new Map<string, CompiledLoop>();
