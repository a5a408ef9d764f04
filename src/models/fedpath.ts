import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import type { FomcMeeting } from '../series/calendars/fomc.ts';
import { toDay } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { assumption, type ModelProvenance } from './assumptions.ts';

/**
 * The market-implied Fed path: the types both methods return, the probability tree they share,
 * and the short-rate-curve approximation used when no fresh fed funds futures are at hand. The
 * CME FedWatch method on futures is in fedwatch.ts.
 *
 * The tree: a meeting's expected move x = (rate after − rate before) / 0.25 is split between the
 * two nearest multiples of 25 bp (e.g. x = −0.6: 60% a 25 bp cut, 40% no change) and applied to
 * each branch of the distribution left by the previous meeting, giving a probability for every
 * target range at each meeting.
 */

/** Probabilities at one meeting. */
export interface MeetingOdds {
  readonly meeting: IsoDate;
  /** Implied EFFR before and after the decision, %. */
  readonly effrPre: number;
  readonly effrPost: number;
  /** Expected move at this meeting in bp. */
  readonly expectedMoveBp: number;
  /** Move at this meeting: P(cut), P(hold), P(hike), %. */
  readonly cut: number;
  readonly hold: number;
  readonly hike: number;
  /** Distribution over the target range's lower bound after the meeting, % by bound (e.g. "3.25"). */
  readonly ranges: Readonly<Record<string, number>>;
  /** Probability that the range is below today's after this meeting (cumulative easing), %. */
  readonly belowToday: number;
  readonly aboveToday: number;
  /** How the pre-meeting rate was anchored. */
  readonly anchor: 'EFFR' | 'meeting-free month' | 'previous meeting';
}

export interface FedPathResult extends ModelProvenance {
  readonly tradeDate: IsoDate;
  readonly method: 'fed funds futures (CME FedWatch method)' | 'short-rate curve (approximation)';
  readonly currentRange: readonly [number, number];
  readonly effr: number;
  readonly meetings: readonly MeetingOdds[];
  /** Implied EFFR after each meeting within the horizon: the policy path. */
  readonly path: readonly { readonly date: IsoDate; readonly rate: number }[];
  readonly notes: readonly string[];
}

/**
 * Splits a move of x quarter-points between floor(x) and floor(x) + 1 with weights that keep
 * the expectation: P(ceil) = x − floor(x).
 */
export function splitMove(x: number): [number, number, number] {
  const lo = Math.floor(x + 1e-12);
  const w = x - lo;
  return [lo, 1 - w, w];
}

const STEP_SPEC = { name: 'step', default: 0.25, unit: 'pp', description: 'size of one policy move; the implied move is split between the two nearest multiples', source: 'CME FedWatch methodology' } as const;
const FLOOR_SPEC = { name: 'floor', default: '0–0.25%', unit: '', description: 'target ranges below 0–0.25% are counted as 0–0.25% (zero lower bound)', source: 'the Fed has never set a negative range' } as const;

/** Steps of 25 bp from a range's lower bound down to zero: the floor of the tree. */
const floorSteps = (lower: number) => -Math.round(lower / 0.25);

/**
 * One meeting's split applied to every branch of the tree. The target range is floored at 0–0.25
 * (the Fed has not set a negative range; EFFR drift inside the range at the zero lower bound
 * would otherwise read as odds of a negative range): mass below the floor stays at the floor and
 * is returned as `mass`.
 */
function applyMove(dist: ReadonlyMap<number, number>, lo: number, pLo: number, pHi: number, minK: number): { dist: Map<number, number>; mass: number; moves: Map<number, number> } {
  const next = new Map<number, number>();
  // The move this meeting actually makes on each branch, after the floor.
  const moves = new Map<number, number>();
  let mass = 0;
  const add = (k: number, p: number, from: number) => {
    if (k < minK) mass += p;
    const kk = Math.max(minK, k);
    next.set(kk, (next.get(kk) ?? 0) + p);
    moves.set(kk - from, (moves.get(kk - from) ?? 0) + p);
  };
  for (const [k, p] of dist) {
    add(k + lo, p * pLo, k);
    if (pHi > 0) add(k + lo + 1, p * pHi, k);
  }
  return { dist: next, mass, moves };
}

/** EFFR after a decision on day `d` of a month of `n` days, from the month's average and the rate before. */
export function effrAfter(avg: number, pre: number, d: number, n: number): number {
  if (d >= n) throw new ParameterError(`a decision on the last day of the month leaves no days to price (day ${d} of ${n})`);
  return (n * avg - d * pre) / (n - d);
}

/**
 * One meeting of the probability tree: splits a move of x quarter points (splitMove), applies it to
 * every branch of `dist` (quarter-point steps from today's range, floored at 0–0.25%), and returns
 * the new tree with this meeting's P(cut/hold/hike) and the range distribution, all in %.
 */
export function meetingStep(dist: ReadonlyMap<number, number>, x: number, rangeLower: number) {
  const [lo, pLo, pHi] = splitMove(x);
  const moved = applyMove(dist, lo, pLo, pHi, floorSteps(rangeLower));
  const moveP = (pred: (k: number) => boolean) => 100 * [...moved.moves].reduce((acc, [k, p]) => acc + (pred(k) ? p : 0), 0);
  const ranges: Record<string, number> = {};
  let below = 0;
  let above = 0;
  for (const [k, p] of [...moved.dist].sort((a, b) => a[0] - b[0])) {
    if (p < 1e-9) continue;
    ranges[(rangeLower + 0.25 * k).toFixed(2)] = 100 * p;
    if (k < 0) below += p;
    if (k > 0) above += p;
  }
  return { dist: moved.dist, floorMass: moved.mass, cut: moveP((k) => k < 0), hold: moveP((k) => k === 0), hike: moveP((k) => k > 0), ranges, below: 100 * below, above: 100 * above };
}

/**
 * The most likely target range after a meeting and its probability, %: the largest entry of
 * `ranges` (on a tie the lower range), `width` wide (today's range's, 0.25 since 2008).
 */
export function mostLikelyRange(m: Pick<MeetingOdds, 'ranges'>, width = 0.25): { readonly range: readonly [number, number]; readonly p: number } | undefined {
  let best: [number, number] | undefined;
  for (const [lo, p] of Object.entries(m.ranges)) {
    const l = Number(lo);
    if (!best || p > best[1] || (p === best[1] && l < best[0])) best = [l, p];
  }
  return best && { range: [best[0], Number((best[0] + width).toFixed(4))], p: best[1] };
}

/** Inputs of the curve method for one date. */
export interface CurveInputs {
  readonly tradeDate: IsoDate;
  readonly range: readonly [number, number];
  readonly effr: number;
  /** 3-month Treasury bill, discount basis, % (FRED DTB3). */
  readonly bill3m: number;
  /** 2-year Treasury yield, % (FRED DGS2). */
  readonly yield2y: number;
  readonly meetings: readonly FomcMeeting[];
  /** 3-month bill minus expected EFFR, bp (default 0). */
  readonly billSpreadBp?: number;
  /** 2-year term premium over expected EFFR, bp (default 0). */
  readonly termPremiumBp?: number;
}

/** Bond-equivalent yield of a T-bill quoted on a discount basis: BEY = 365·d / (360 − t·d), t = 91 days. */
export function billBondEquivalent(discountPct: number, days = 91): number {
  const d = discountPct / 100;
  return (100 * 365 * d) / (360 - days * d);
}

/**
 * The path the short-rate curve implies when no futures are at hand — an approximation, shown as
 * such: the policy rate is piecewise constant between meetings; the moves at meetings in the next
 * three months are equal and chosen so the average rate over 91 days equals the 3-month bill's
 * bond-equivalent yield minus `billSpreadBp`; the moves at later meetings (up to two years) are
 * equal and chosen so the two-year average equals DGS2 minus `termPremiumBp`. The odds per meeting
 * then follow from those moves as in the futures method.
 */
export function curvePath(inputs: CurveInputs): FedPathResult {
  const t0 = toDay(inputs.tradeDate);
  const ms = [...inputs.meetings].filter((m) => m.scheduled && !(m.cancelledOn && m.cancelledOn <= inputs.tradeDate) && m.date > inputs.tradeDate && toDay(m.date) < t0 + 730).sort((a, b) => (a.date < b.date ? -1 : 1));
  if (ms.length === 0) throw new NotEnoughDataError(`no FOMC meeting in the two years after ${inputs.tradeDate}`);
  const near = ms.filter((m) => toDay(m.date) < t0 + 91);
  const far = ms.filter((m) => toDay(m.date) >= t0 + 91);
  const target3m = billBondEquivalent(inputs.bill3m) - (inputs.billSpreadBp ?? 0) / 100;
  const target2y = inputs.yield2y - (inputs.termPremiumBp ?? 0) / 100;
  // Average over [t0, t0 + H) of r0 + Σ_k c_k·1[t ≥ meeting_k + 1]: linear in the step sizes.
  const weight = (m: FomcMeeting, horizon: number) => Math.max(0, t0 + horizon - (toDay(m.date) + 1)) / horizon;
  const wNear3 = near.reduce((s, m) => s + weight(m, 91), 0);
  const cNear = wNear3 > 0 ? (target3m - inputs.effr) / wNear3 : 0;
  const nearSum2 = near.reduce((s, m) => s + weight(m, 730), 0);
  const wFar2 = far.reduce((s, m) => s + weight(m, 730), 0);
  const cFar = wFar2 > 0 ? (target2y - inputs.effr - cNear * nearSum2) / wFar2 : 0;
  let rate = inputs.effr;
  let dist = new Map<number, number>([[0, 1]]);
  const zlbNotes = new Set<string>();
  const meetings: MeetingOdds[] = ms.map((m, i) => {
    const step = i < near.length ? cNear : cFar;
    const pre = rate;
    rate += step;
    const o = meetingStep(dist, step / 0.25, inputs.range[0]);
    dist = o.dist;
    if (o.floorMass > 1e-4) zlbNotes.add(m.date);
    return { meeting: m.date, effrPre: pre, effrPost: rate, expectedMoveBp: 100 * step, cut: o.cut, hold: o.hold, hike: o.hike, ranges: o.ranges, belowToday: o.below, aboveToday: o.above, anchor: i === 0 ? 'EFFR' : 'previous meeting' };
  });
  return {
    tradeDate: inputs.tradeDate,
    method: 'short-rate curve (approximation)',
    currentRange: inputs.range,
    effr: inputs.effr,
    meetings,
    path: meetings.map((o) => ({ date: o.meeting, rate: o.effrPost })),
    notes: [
      `3-month bill ${inputs.bill3m.toFixed(2)}% discount = ${billBondEquivalent(inputs.bill3m).toFixed(3)}% bond-equivalent; 2-year ${inputs.yield2y.toFixed(2)}%; bill spread ${inputs.billSpreadBp ?? 0} bp and term premium ${inputs.termPremiumBp ?? 0} bp assumed`,
      'equal moves at the meetings of the next three months, and equal moves after: a coarse path, not a futures-based probability',
      ...(zlbNotes.size ? [`implied moves below a 0–0.25% range at ${[...zlbNotes].join(', ')} are counted as the 0–0.25% range (zero lower bound)`] : []),
    ],
    assumptions: [
      assumption(STEP_SPEC, undefined),
      assumption(FLOOR_SPEC, undefined),
      assumption({ name: 'billSpreadBp', default: 0, unit: 'bp', description: '3-month bill (bond-equivalent) minus the expected average EFFR over 91 days', source: 'flowlens convention; bill–OIS spreads are mostly within ±15 bp' }, inputs.billSpreadBp),
      assumption({ name: 'termPremiumBp', default: 0, unit: 'bp', description: '2-year yield minus the expected average EFFR over two years', source: 'flowlens convention; model estimates (ACM) of the 2-year term premium are mostly within ±50 bp' }, inputs.termPremiumBp),
    ],
    inputsAsOf: { EFFR: inputs.tradeDate, DTB3: inputs.tradeDate, DGS2: inputs.tradeDate },
  };
}

/** One point of a meeting's odds over time. */
export interface OddsPoint {
  readonly tradeDate: IsoDate;
  readonly cut: number;
  readonly hike: number;
}

/** A reversal of at least the threshold from a running extreme of P(cut). */
export interface Swing {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly fromPct: number;
  readonly toPct: number;
  readonly sizePct: number;
}

/**
 * The swings of a probability history: a zig-zag with threshold `minPts` percentage points
 * (e.g. 80% → 30% → 80% with 30 pp gives two swings of 50 pp).
 */
export function oddsSwings(history: readonly OddsPoint[], minPts = 30, key: 'cut' | 'hike' = 'cut'): Swing[] {
  const out: Swing[] = [];
  const v = (i: number) => (history[i] as OddsPoint)[key];
  const swing = (a: number, b: number): Swing => ({
    from: (history[a] as OddsPoint).tradeDate,
    to: (history[b] as OddsPoint).tradeDate,
    fromPct: v(a),
    toPct: v(b),
    sizePct: Math.abs(v(b) - v(a)),
  });
  let lo = 0;
  let hi = 0;
  let pivot = 0;
  let ext = 0;
  let dir: 0 | 1 | -1 = 0;
  for (let i = 1; i < history.length; i++) {
    if (dir === 0) {
      // Until the first move is confirmed, the pivot is whichever extreme it starts from.
      if (v(i) < v(lo)) lo = i;
      if (v(i) > v(hi)) hi = i;
      if (v(i) - v(lo) >= minPts) [pivot, ext, dir] = [lo, i, 1];
      else if (v(hi) - v(i) >= minPts) [pivot, ext, dir] = [hi, i, -1];
    } else if (dir === 1) {
      if (v(i) > v(ext)) ext = i;
      else if (v(ext) - v(i) >= minPts) {
        out.push(swing(pivot, ext));
        [pivot, ext, dir] = [ext, i, -1];
      }
    } else if (v(i) < v(ext)) ext = i;
    else if (v(i) - v(ext) >= minPts) {
      out.push(swing(pivot, ext));
      [pivot, ext, dir] = [ext, i, 1];
    }
  }
  if (dir !== 0) out.push(swing(pivot, ext));
  return out;
}

