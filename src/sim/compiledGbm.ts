import { FLAT_RETURN } from '../models/cta.ts';
import type { CtaKernelParams } from './kernels.ts';
import { gbmReturnExpressions, type GbmSpec } from './paths.ts';

/**
 * The GBM Monte Carlo's inner loop compiled for one scenario: each day's correlated returns go
 * into running log prices and sums of squares held in local variables (no buffer traffic), and
 * at each horizon the CTA positions are computed from them with every history-dependent number —
 * ln P_{e−L} for each lookback, the vol window's start — inlined as a literal. It does what
 * GbmSampler.path + appendPath + kernels.ctaPosition do, in the same order of operations, so
 * the flows are bit-identical to the generic engine's (tested); it only applies when every
 * lookback and the vol window reach back to today or earlier from the last horizon (L ≥ H,
 * true of the defaults 21/63/126/252 and 63 against horizons 5 and 21), so those numbers are
 * history. The vol-control asset's path is also written day by day into the buffers for
 * kernels.volControlSteps, which runs after.
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
  /** The vol-control asset, whose path is stored day by day; −1 for none. */
  readonly storeAsset: number;
  /** Other assets whose paths are stored day by day (the risk-parity leg's). */
  readonly storeAlso?: readonly number[];
  /** Today's signal per asset and lookback ([asset · lookbacks + k]), kept by a flat lookback return (kernels.ctaPosition). */
  readonly ties?: Float64Array;
}

/** Draws nothing itself: reads the day-major normals z[j·A + a] and writes CTA flows into flows ([series][horizon], series 0…A−1 per asset, A the total). */
export type CompiledGbmEvaluator = (z: Float64Array, lp: Float64Array, sq: Float64Array, flows: Float64Array) => void;

/** Whether the compiled evaluator applies: every lookback and the vol window at least the longest horizon. */
export function canCompileGbm(cta: CtaKernelParams, horizons: Int32Array): boolean {
  const maxH = horizons[horizons.length - 1] as number;
  return cta.ewmaDelta === undefined && cta.volWindow >= maxH && cta.lookbacks.every((L) => L >= maxH);
}

/** A number as a JavaScript literal that reads back as the same double (parenthesised for signs). */
const lit = (x: number): string => `(${String(x)})`;

/**
 * Compiles the evaluator (see the module comment). Position at index e = base + h, as
 * kernels.ctaPosition: σ_d = √max(0, (Q − w·m²)/(w − 1)), m = S/w, S = lp_e − lp_{e−w},
 * Q = sq_e − sq_{e−w}; signal_L = sign(lp_e − lp_{e−L}) (0 within 1e-12) or
 * tanh(k·r/(σ_d√L)); position = clamp(mean signal · σ* ÷ (σ_d·√252), ±cap); flow = AUM·w_a·(position − position_today).
 */
export function compileGbmEvaluator(spec: GbmSpec, inp: CompiledGbmInputs): CompiledGbmEvaluator {
  const { A, H, stride, base, horizons, lp, sq, cta, scale, pos0, storeAsset, ties } = inp;
  const stored = new Set([storeAsset, ...(inp.storeAlso ?? [])]);
  if (!canCompileGbm(cta, horizons)) throw new RangeError('compiled GBM evaluator: a lookback or the vol window is shorter than the longest horizon');
  const nh = horizons.length;
  const ctaRow = A * nh;
  const exprs = gbmReturnExpressions(spec, A);
  const w = cta.volWindow;
  const nL = cta.lookbacks.length;
  const annualise = Math.sqrt(252);
  const day = exprs.map((e, a) => {
    const store = stored.has(a) ? `lp[${a * stride + base + 1}+j]=l${a};sq[${a * stride + base + 1}+j]=q${a};` : '';
    return `{const x=${e};l${a}+=x;q${a}+=x*x;${store}}`;
  });
  const horizonBlocks = Array.from(horizons, (h, hi) => {
    const perAsset = Array.from({ length: A }, (_, a) => {
      const o = a * stride;
      const e = o + base + h;
      const signals = Array.from(cta.lookbacks, (L, k) => {
        const past = lit(lp[e - L] as number);
        const tie = ties ? (ties[a * nL + k] as number) : 0;
        // A flat return keeps today's signal (kernels.ctaPosition with ties); the same numbers otherwise.
        const flat = `(r<=${FLAT_RETURN}&&r>=${-FLAT_RETURN})`;
        return cta.smooth
          ? `{const r=l${a}-${past};g+=${flat}?${lit(tie)}:Math.tanh((${lit(cta.smoothK)}*r)/(dv*Math.sqrt(${L})));}`
          : `{const r=l${a}-${past};g+=${flat}?${lit(tie)}:(r>${FLAT_RETURN})-(r<${-FLAT_RETURN});}`;
      }).join('');
      return (
        `{const s=l${a}-${lit(lp[e - w] as number)};const q=q${a}-${lit(sq[e - w] as number)};const m=s/${w};` +
        `const dv=Math.sqrt(Math.max(0,(q-${w}*m*m)/(${w}-1)));let g=0;${signals}` +
        `const raw=(g/${nL})*(${lit(cta.volTarget)}/(dv*${lit(annualise)}));const pos=raw>${lit(cta.cap)}?${lit(cta.cap)}:raw<${lit(-cta.cap)}?${lit(-cta.cap)}:raw;` +
        `const f=${lit(scale[a] as number)}*(pos-${lit(pos0[a] as number)});flows[${a * nh + hi}]=f;tot+=f;}`
      );
    }).join('');
    return `if(j===${h - 1}){let tot=0;${perAsset}flows[${ctaRow + hi}]=tot;}`;
  }).join('');
  const init = Array.from({ length: A }, (_, a) => `let l${a}=lp[${a * stride + base}];let q${a}=sq[${a * stride + base}];`).join('');
  const loads = Array.from({ length: A }, (_, b) => `const z${b}=z[zo+${b}];`).join('');
  // Only numeric literals and fixed identifiers enter the source.
  const source = `${init}for(let j=0;j<${H};j++){const zo=j*${A};${loads}${day.join('')}${horizonBlocks}}`;
  let fn = compiled.get(source);
  if (!fn) {
    if (compiled.size >= 16) compiled.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source holds only numeric literals and fixed identifiers
    fn = new Function('z', 'lp', 'sq', 'flows', source) as CompiledGbmEvaluator;
    compiled.set(source, fn);
  }
  return fn;
}

/**
 * Evaluators already compiled, by source: the same scenario run again (a benchmark, a server
 * answering twice) calls the same function object, so V8 keeps the caller's optimised code
 * instead of deoptimising on a new call target.
 */
const compiled = new Map<string, CompiledGbmEvaluator>();
