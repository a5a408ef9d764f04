import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import type { FomcMeeting } from '../series/calendars/fomc.ts';
import { daysInMonth } from '../series/dates.ts';
import type { FuturesQuote, IsoDate } from '../series/types.ts';
import { assumption, type Assumption } from './assumptions.ts';
import { meetingStep, type FedPathResult, type MeetingOdds } from './fedpath.ts';

/**
 * The CME FedWatch method on one trade date
 * (CME Group, "CME FedWatch Tool methodology", cmegroup.com/articles/2023/understanding-the-cme-group-fedwatch-tool-methodology.html;
 * the method as used since the tool's 2008 "Countdown to FOMC" form).
 *
 * 1. Each contract month's average rate is 100 − settlement. A month without an FOMC decision
 *    anchors the path: its average is both its start and its end rate.
 * 2. A meeting month (decision on day d of N; the new rate applies from day d + 1, so the old rate
 *    holds d days and the new one N − d) has  avg = (d/N)·start + ((N − d)/N)·end.
 *    - start: the preceding meeting-free month's average, or (chained forward) the end rate of the
 *      previous meeting month. For the first meeting, when the month before is a meeting month or
 *      its contract has expired, the start is implied by the contracts: backed out of the meeting
 *      month's own average and its end rate, start = (N·avg − (N − d)·end)/d.
 *    - end: the following meeting-free month's average, or (chained backward) the start rate of
 *      the next meeting month, itself backed out of that month's average and end rate. Only when
 *      the next month is unknown (no contract, a contract that did not trade, or past the
 *      published calendar) does the month's own average give it: end = (N·avg − d·start)/(N − d).
 * 3. The expected move (end − start) in quarter points is split between the two nearest 25 bp
 *    outcomes, and the splits are chained meeting by meeting into a probability for every target
 *    range (a binary tree per meeting), floored at 0–0.25%.
 *
 * A contract that did not trade on the trade date (volume 0 and a settlement equal to the
 * previous one) is not used: its month counts as unknown and the rules above fall back.
 */

/** Inputs of the FedWatch method for one trade date. */
export interface FedWatchInputs {
  readonly tradeDate: IsoDate;
  /** Settlements on the trade date (with volume and the previous settlement where known). */
  readonly quotes: readonly FuturesQuote[];
  /** Target range on the trade date, % (lower, upper). */
  readonly range: readonly [number, number];
  /** FOMC decisions (any order); only scheduled ones public on the trade date are used. */
  readonly meetings: readonly FomcMeeting[];
  /** Last day the published calendar covered on the trade date: later months are neither meeting nor meeting-free. Default: 31 December of the last meeting's year. */
  readonly calendarEnd?: IsoDate;
  /** EFFR known on the trade date, %: only a last resort for the first start rate (and said so). */
  readonly effr?: number;
  /** Meetings to report (default: every meeting the contracts reach). */
  readonly horizon?: number;
}

/** How a meeting month's start or end rate was obtained. */
export type RateSource =
  | 'meeting-free month before'
  | 'previous meeting'
  | 'meeting-free month after'
  | 'next meeting (chained back)'
  | 'own month (forward)'
  | 'own month (backed out)'
  | 'spot EFFR';

/** A contract left out on the trade date, and why. */
export interface ExcludedContract {
  readonly month: string;
  readonly reason: string;
}

/** FedWatch result: the Fed path plus the method's own details. */
export interface FedWatchResult extends FedPathResult {
  readonly method: 'fed funds futures (CME FedWatch method)';
  readonly meetings: readonly FedWatchMeeting[];
  /** Contracts not used on the trade date. */
  readonly excluded: readonly ExcludedContract[];
  /** The FedWatch table: one row per meeting, one column per target range. */
  readonly table: FedWatchTable;
}

export interface FedWatchMeeting extends MeetingOdds {
  readonly startFrom: RateSource;
  readonly endFrom: RateSource;
}

/** Rows = meetings, columns = target ranges (lower, upper in %), cells = probability in %. */
export interface FedWatchTable {
  readonly ranges: readonly (readonly [number, number])[];
  readonly rows: readonly { readonly meeting: IsoDate; readonly p: readonly number[] }[];
}

const monthOf = (iso: string): string => iso.slice(0, 7);
/** `YYYY-MM` shifted by k months. */
export function addMonths(m: string, k: number): string {
  const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const monthDays = (m: string): number => daysInMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)));

/**
 * Whether a settlement is usable: a contract with volume 0 whose settlement equals the previous
 * one did not trade (CME carries the settlement over); with no volume known it is used.
 */
export function didNotTrade(q: FuturesQuote): boolean {
  return q.volume === 0 && q.prevPrice !== undefined && Math.abs(q.price - q.prevPrice) < 1e-9;
}

/**
 * The meetings public on `tradeDate`: scheduled, announced by then (when the calendar says when),
 * not cancelled by then, and after it. An unscheduled move was on no calendar beforehand.
 */
export function meetingsKnownOn(meetings: readonly FomcMeeting[], tradeDate: IsoDate): FomcMeeting[] {
  return [...meetings]
    .filter((m) => m.scheduled && m.date > tradeDate && !(m.cancelledOn && m.cancelledOn <= tradeDate) && !(m.announced && m.announced > tradeDate))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

const ASSUMPTIONS: readonly Assumption[] = [
  assumption({ name: 'step', default: 0.25, unit: 'pp', description: 'size of one policy move; the implied move is split between the two nearest multiples', source: 'CME FedWatch methodology' }, undefined),
  assumption({ name: 'dayCount', default: 'old rate d days, new rate N − d days', unit: '', description: 'a decision on day d of an N-day month takes effect on day d + 1', source: 'CME FedWatch methodology; Fed implementation notes (rates effective the day after the statement)' }, undefined),
  assumption({ name: 'stale', default: 'volume 0 and settlement unchanged', unit: '', description: 'a contract that did not trade is treated as unknown; the method falls back to the meeting month\'s own average', source: 'CME FedWatch methodology' }, undefined),
  assumption({ name: 'floor', default: '0–0.25%', unit: '', description: 'target ranges below 0–0.25% are counted as 0–0.25% (zero lower bound)', source: 'the Fed has never set a negative range' }, undefined),
];

/** Market-implied probabilities at each upcoming FOMC meeting from fed funds futures on one trade date (CME FedWatch). */
export function fedWatch(inputs: FedWatchInputs): FedWatchResult {
  const { tradeDate, range } = inputs;
  if (!(range[1] > range[0])) throw new ParameterError(`target range must have upper > lower, got ${range[0]}–${range[1]}`);
  const excluded: ExcludedContract[] = [];
  const avgs = new Map<string, number>();
  for (const q of inputs.quotes) {
    if (!Number.isFinite(q.price)) continue;
    if (didNotTrade(q)) excluded.push({ month: q.month, reason: `did not trade on ${tradeDate} (volume 0, settlement ${q.price} unchanged)` });
    else avgs.set(q.month, 100 - q.price);
  }
  const upcoming = meetingsKnownOn(inputs.meetings, tradeDate);
  const lastMeeting = inputs.meetings.reduce((a, m) => (m.date > a ? m.date : a), '');
  const calendarEnd = inputs.calendarEnd ?? (lastMeeting ? `${lastMeeting.slice(0, 4)}-12-31` : tradeDate);
  const calendarEndMonth = monthOf(calendarEnd);
  const meetingIn = new Map(upcoming.map((m) => [monthOf(m.date), m]));
  // Months of decisions already taken by the trade date (scheduled and held, or unscheduled):
  // their average mixes the old and the new rate, so they anchor nothing (CME: a month with an
  // FOMC meeting is not a meeting-free month, whether its meeting is still ahead or not).
  const pastMonths = new Set(inputs.meetings.filter((m) => m.date <= tradeDate && !(m.cancelledOn && m.cancelledOn <= m.date)).map((m) => monthOf(m.date)));
  // A month is meeting-free only when the calendar public that day covers it.
  const meetingFree = (m: string) => m <= calendarEndMonth && !meetingIn.has(m) && !pastMonths.has(m);
  const avg = (m: string) => avgs.get(m);

  // End rate of a meeting month from later months only (undefined when they do not give it).
  const endMemo = new Map<string, number | undefined>();
  const endFromLater = (m: string): { rate: number; from: RateSource } | undefined => {
    const next = addMonths(m, 1);
    if (meetingFree(next)) {
      const a = avg(next);
      return a === undefined ? undefined : { rate: a, from: 'meeting-free month after' };
    }
    const nm = meetingIn.get(next);
    if (!nm) return undefined;
    const a = avg(next);
    if (a === undefined) return undefined;
    let e = endMemo.get(next);
    if (!endMemo.has(next)) {
      e = endFromLater(next)?.rate;
      endMemo.set(next, e);
    }
    if (e === undefined) return undefined;
    const n = monthDays(next);
    const d = Number(nm.date.slice(8, 10));
    return { rate: (n * a - (n - d) * e) / d, from: 'next meeting (chained back)' };
  };

  const notes: string[] = [];
  const zlb = new Set<string>();
  let dist = new Map<number, number>([[0, 1]]);
  const out: FedWatchMeeting[] = [];
  let prevEnd: number | undefined;
  for (const m of upcoming.slice(0, inputs.horizon ?? upcoming.length)) {
    const month = monthOf(m.date);
    const n = monthDays(month);
    const d = Number(m.date.slice(8, 10));
    const own = avg(month);
    const later = endFromLater(month);
    const before = addMonths(month, -1);
    let start: number | undefined;
    let startFrom: RateSource = 'previous meeting';
    const beforeAvg = avg(before);
    if (meetingFree(before) && beforeAvg !== undefined) [start, startFrom] = [beforeAvg, 'meeting-free month before'];
    else if (prevEnd !== undefined) [start, startFrom] = [prevEnd, 'previous meeting'];
    else if (own !== undefined && later !== undefined) [start, startFrom] = [(n * own - (n - d) * later.rate) / d, 'own month (backed out)'];
    else if (inputs.effr !== undefined) {
      [start, startFrom] = [inputs.effr, 'spot EFFR'];
      notes.push(`the start rate of the ${m.date} meeting is the spot EFFR (${inputs.effr}%): no contract implies it`);
    }
    if (start === undefined) {
      notes.push(`no contract implies the rate before the ${m.date} meeting: odds stop there`);
      break;
    }
    let end: number;
    let endFrom: RateSource;
    if (later) [end, endFrom] = [later.rate, later.from];
    else if (own !== undefined && d < n) [end, endFrom] = [(n * own - d * start) / (n - d), 'own month (forward)'];
    else {
      const why = own === undefined ? `no usable ${month} contract` : `a decision on the last day of ${month} leaves its contract nothing to price`;
      notes.push(`${why} and no later month gives the rate after the ${m.date} meeting: odds stop there`);
      break;
    }
    const step = meetingStep(dist, (end - start) / 0.25, range[0]);
    dist = step.dist;
    // Said when at least 0.01% of the tree would have gone below zero (far tails are no news).
    if (step.floorMass > 1e-4) zlb.add(m.date);
    out.push({
      meeting: m.date,
      effrPre: start,
      effrPost: end,
      expectedMoveBp: 100 * (end - start),
      cut: step.cut,
      hold: step.hold,
      hike: step.hike,
      ranges: step.ranges,
      belowToday: step.below,
      aboveToday: step.above,
      anchor: startFrom === 'meeting-free month before' ? 'meeting-free month' : startFrom === 'previous meeting' ? 'previous meeting' : 'EFFR',
      startFrom,
      endFrom,
    });
    prevEnd = end;
  }
  if (out.length === 0) throw new NotEnoughDataError(`no fed funds futures contract prices an FOMC meeting after ${tradeDate}${notes.length ? `: ${notes.join('; ')}` : ''}`);
  if (excluded.length) notes.push(`not used (did not trade): ${excluded.map((e) => e.month).join(', ')}`);
  if (zlb.size) notes.push(`implied moves below a 0–0.25% range at ${[...zlb].join(', ')} are counted as the 0–0.25% range (zero lower bound)`);
  const inputsAsOf: Record<string, IsoDate> = { ZQ: tradeDate };
  if (inputs.effr !== undefined && out.some((o) => o.startFrom === 'spot EFFR')) inputsAsOf.EFFR = tradeDate;
  return {
    tradeDate,
    method: 'fed funds futures (CME FedWatch method)',
    currentRange: range,
    effr: out[0]?.effrPre ?? Number.NaN,
    meetings: out,
    path: out.map((o) => ({ date: o.meeting, rate: o.effrPost })),
    notes,
    excluded,
    table: fedWatchTable(out, range),
    assumptions: ASSUMPTIONS,
    inputsAsOf,
  };
}

/** The FedWatch table of a result's meetings: every range any meeting gives a probability, low to high. */
export function fedWatchTable(meetings: readonly MeetingOdds[], range: readonly [number, number]): FedWatchTable {
  const width = range[1] - range[0];
  const lowers = [...new Set(meetings.flatMap((m) => Object.keys(m.ranges)))].map(Number).sort((a, b) => a - b);
  return {
    ranges: lowers.map((l) => [l, Number((l + width).toFixed(4))] as const),
    rows: meetings.map((m) => ({ meeting: m.meeting, p: lowers.map((l) => m.ranges[l.toFixed(2)] ?? 0) })),
  };
}
