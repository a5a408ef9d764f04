import { NotEnoughDataError } from '../core/errors.ts';
import { fomcCalendarOn, type FomcMeeting } from '../series/calendars/fomc.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import type { FuturesHistory } from '../series/zqContracts.ts';
import { fedWatch, type FedWatchResult } from './fedwatch.ts';
import { mostLikelyRange } from './fedpath.ts';

/**
 * FedWatch over time: the table on a trade date with the tables of 1 day, 1 week and 1 month
 * before (as CME shows them), the odds history of a meeting over every trade date it was priced,
 * and the swings in it. Pure functions over settlements already read.
 */

/** What a trade date needs besides its settlements. */
export interface FedOddsContext {
  /** The FOMC calendar (each meeting with the date it was announced). */
  readonly meetings: readonly FomcMeeting[];
  /** Target range on a trade date, %, or undefined when unknown. */
  readonly rangeAt: (date: IsoDate) => readonly [number, number] | undefined;
  /** EFFR known on a trade date (published the next day: the value of the day before), last resort for a start rate. */
  readonly effrAt?: (date: IsoDate) => number | undefined;
}

/**
 * FedWatch on one trade date, with the calendar as it was public on that date. Without a known
 * target range, the 25 bp range holding the contracts' implied rate before the next meeting.
 */
export function fedWatchOn(futures: FuturesHistory, date: IsoDate, ctx: FedOddsContext): FedWatchResult {
  const quotes = futures.get(date);
  if (!quotes || quotes.length === 0) throw new NotEnoughDataError(`no fed funds futures settlements on ${date}`);
  const cal = fomcCalendarOn(date, ctx.meetings);
  const effr = ctx.effrAt?.(date);
  const run = (range: readonly [number, number]) => fedWatch({ tradeDate: date, quotes, range, meetings: cal.meetings, calendarEnd: cal.end, ...(effr !== undefined ? { effr } : {}) });
  const range = ctx.rangeAt(date);
  if (range) return run(range);
  // No stored range that day (the rate series end before it, or a decision came since): the
  // 25 bp range holding the contracts' implied rate before the next meeting, said so.
  const start = run([5, 5.25]).meetings[0]?.effrPre ?? Number.NaN;
  if (!Number.isFinite(start)) throw new NotEnoughDataError(`the target range on ${date} is unknown: sync DFEDTARL and DFEDTARU (or EFFR)`);
  const lo = Math.max(0, Math.floor(start / 0.25) * 0.25);
  const r = run([lo, lo + 0.25]);
  return { ...r, notes: [...r.notes, `target range on ${date} not stored (DFEDTARL/DFEDTARU): taken as ${lo.toFixed(2)}–${(lo + 0.25).toFixed(2)}%, the range holding the contracts' implied rate ${start.toFixed(3)}%`] };
}

/** The trade dates of a history, sorted. */
export function tradeDates(futures: FuturesHistory): IsoDate[] {
  return [...futures.keys()].sort();
}

/** The last trade date on or before `date`, or undefined. */
export function lastTradeDate(dates: readonly IsoDate[], date: IsoDate): IsoDate | undefined {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as IsoDate) <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? dates[lo - 1] : undefined;
}

/** A meeting's probabilities on an earlier trade date, aligned to today's table columns. */
export interface EarlierOdds {
  readonly label: '1 day' | '1 week' | '1 month';
  readonly tradeDate: IsoDate;
  /**
   * By meeting: probability (%) of each of today's table ranges (a range then off the table counts
   * in none), and the meeting's own odds then — P(cut), P(hold), P(hike) at it and the expected
   * rate after it, % — absent when the contracts of that date did not price the meeting.
   */
  readonly rows: readonly { readonly meeting: IsoDate; readonly p: readonly number[]; readonly odds?: MeetingMoveOdds }[];
}

/** A meeting's own move odds and expected rate on one trade date, %. */
export interface MeetingMoveOdds {
  readonly cut: number;
  readonly hold: number;
  readonly hike: number;
  /** Expected EFFR after the meeting (FedWatch's implied rate), %. */
  readonly rate: number;
}

/** Today's FedWatch table and the same meetings' odds 1 day, 1 week and 1 month before. */
export interface FedWatchView {
  readonly today: FedWatchResult;
  readonly earlier: readonly EarlierOdds[];
}

/**
 * FedWatch on `date` and "vs 1 day / 1 week / 1 month ago": the previous trade date, and the last
 * trade dates on or before `date` − 7 and − 30 calendar days (CME's columns). A date without
 * settlements, or where the method fails, is left out.
 */
export function fedWatchView(futures: FuturesHistory, date: IsoDate, ctx: FedOddsContext): FedWatchView {
  const today = fedWatchOn(futures, date, ctx);
  const dates = tradeDates(futures);
  const d = toDay(date);
  const targets: [EarlierOdds['label'], IsoDate | undefined][] = [
    ['1 day', lastTradeDate(dates, toIso(d - 1))],
    ['1 week', lastTradeDate(dates, toIso(d - 7))],
    ['1 month', lastTradeDate(dates, toIso(d - 30))],
  ];
  const earlier: EarlierOdds[] = [];
  for (const [label, when] of targets) {
    if (!when) continue;
    let then: FedWatchResult;
    try {
      then = fedWatchOn(futures, when, ctx);
    } catch {
      continue;
    }
    earlier.push({
      label,
      tradeDate: when,
      rows: today.table.rows.map((row) => {
        const m = then.meetings.find((x) => x.meeting === row.meeting);
        const p = today.table.ranges.map(([lo]) => m?.ranges[lo.toFixed(2)] ?? 0);
        return m ? { meeting: row.meeting, p, odds: { cut: m.cut, hold: m.hold, hike: m.hike, rate: m.effrPost } } : { meeting: row.meeting, p };
      }),
    });
  }
  return { today, earlier };
}

/** One line of a meeting's compare: a probability or the expected rate, now and on the earlier trade dates. */
export interface CompareLine {
  /** cut / hold / hike: P(that move at the meeting); range: P(today's most likely range after it); rate: the expected EFFR after it. */
  readonly key: 'cut' | 'hold' | 'hike' | 'range' | 'rate';
  /** What is compared: "P(cut)", "P(hold)", "P(hike)", "P(4.75–5.00%), most likely", "expected rate". */
  readonly label: string;
  /** The value on the trade date, %. */
  readonly now: number;
  /** Unit of `change`: percentage points for a probability, basis points for the rate. */
  readonly changeUnit: 'pp' | 'bp';
  /** The value on each earlier trade date (%) and the change since (now − then, in `changeUnit`); null where the contracts of that date did not price the meeting. */
  readonly earlier: readonly { readonly label: EarlierOdds['label']; readonly tradeDate: IsoDate; readonly then: number | null; readonly change: number | null }[];
}

/** One meeting's odds now and 1 day, 1 week and 1 month before. */
export interface MeetingCompare {
  readonly meeting: IsoDate;
  /** The most likely target range after the meeting on the trade date, % (lower, upper). */
  readonly mostLikely: readonly [number, number];
  readonly lines: readonly CompareLine[];
}

/** Below this a probability prints as 0.0 (one decimal). */
const SHOWN_AS_ZERO = 0.05;

/**
 * FedWatch's "now vs 1 day / 1 week / 1 month ago", per meeting: P(cut), P(hold) and P(hike) at
 * the meeting (its own move), P(the range most likely after it today) and the expected rate after
 * it (the futures-implied EFFR), each with the change since: percentage points, and basis points
 * for the rate (100 × Δ%). A P(cut/hold/hike) under 0.05% on every date — 0.0 wherever shown — is
 * left out: P(cut) is 0 throughout a hiking cycle, P(hike) through an easing one, while the range's
 * odds and the rate move in either. Reads only what fedWatchView computed (no FedWatch run).
 */
export function meetingCompare(view: FedWatchView): MeetingCompare[] {
  const { table } = view.today;
  return view.today.meetings.flatMap((m): MeetingCompare[] => {
    const i = table.rows.findIndex((r) => r.meeting === m.meeting);
    const row = table.rows[i];
    if (!row) return [];
    const top = mostLikelyRange(m, view.today.currentRange[1] - view.today.currentRange[0]);
    const col = table.ranges.findIndex(([lo]) => Math.abs(lo - (top?.range[0] ?? Number.NaN)) < 1e-9);
    const range = table.ranges[col];
    if (!range) return [];
    const then = view.earlier.map((e) => ({ label: e.label, tradeDate: e.tradeDate, row: e.rows[i] }));
    const line = (key: CompareLine['key'], label: string, now: number, pick: (r: NonNullable<(typeof then)[number]['row']>) => number | undefined): CompareLine => {
      const bp = key === 'rate';
      return {
        key,
        label,
        now,
        changeUnit: bp ? 'bp' : 'pp',
        earlier: then.map((t) => {
          const v = t.row?.odds ? pick(t.row) : undefined;
          return { label: t.label, tradeDate: t.tradeDate, then: v ?? null, change: v === undefined ? null : (bp ? 100 : 1) * (now - v) };
        }),
      };
    };
    const moves = (['cut', 'hold', 'hike'] as const)
      .map((k) => line(k, `P(${k})`, m[k], (r) => r.odds?.[k]))
      .filter((l) => l.now >= SHOWN_AS_ZERO || l.earlier.some((e) => (e.then ?? 0) >= SHOWN_AS_ZERO));
    return [
      {
        meeting: m.meeting,
        mostLikely: range,
        lines: [
          ...moves,
          line('range', `P(${range[0].toFixed(2)}–${range[1].toFixed(2)}%), most likely`, row.p[col] ?? 0, (r) => r.p[col]),
          line('rate', 'expected rate', m.effrPost, (r) => r.odds?.rate),
        ],
      },
    ];
  });
}

/** One trade date of a meeting's odds history. */
export interface MeetingOddsPoint {
  readonly tradeDate: IsoDate;
  /** P(target range after the meeting below `reference`), %: the odds of a cut by then. */
  readonly cut: number;
  /** P(range after the meeting above `reference`), %. */
  readonly hike: number;
  /** Expected rate after the meeting, %. */
  readonly rate: number;
  /** The range the odds are against, % (lower, upper): the one in force on the history's last trade date. */
  readonly reference: readonly [number, number];
}

/** What a meeting's reading on one trade date gives its odds history. */
interface PricedMeeting {
  readonly ranges: Readonly<Record<string, number>>;
  readonly belowToday: number;
  readonly aboveToday: number;
  readonly effrPost: number;
}

/**
 * A meeting's history against one reference range: P(range after the meeting below / above
 * `reference`) = Σ of its range probabilities with a lower bound below / above the reference's.
 * On a date whose range in force is the reference these are FedWatch's own below/above-today
 * odds; on a date before a decision since, the range then differs, and "above the range then"
 * would count a move the decision since has made — P(hike by October) would drop from ~100% to
 * ~50% the day a September hike takes place, a swing of the reference, not of the odds.
 */
export function againstReference(points: readonly { readonly tradeDate: IsoDate; readonly range: readonly [number, number]; readonly m: PricedMeeting }[]): MeetingOddsPoint[] {
  const reference = points[points.length - 1]?.range;
  if (!reference) return [];
  return points.map(({ tradeDate, range, m }) => {
    if (Math.abs(range[0] - reference[0]) < 1e-9) return { tradeDate, cut: m.belowToday, hike: m.aboveToday, rate: m.effrPost, reference };
    let cut = 0;
    let hike = 0;
    for (const [lo, p] of Object.entries(m.ranges)) {
      if (Number(lo) < reference[0] - 1e-9) cut += p;
      else if (Number(lo) > reference[0] + 1e-9) hike += p;
    }
    return { tradeDate, cut, hike, rate: m.effrPost, reference };
  });
}

/**
 * The odds of one meeting on every trade date from `from` to `to` (default: all before the
 * meeting) on which the contracts price it: the probability that the range after the meeting is
 * below (above) one reference range, the range in force on the last of those trade dates
 * (againstReference) — FedWatch's per-meeting reading on that date, and the same outcome's odds
 * on every earlier one.
 */
export function meetingOddsHistory(futures: FuturesHistory, meeting: IsoDate, ctx: FedOddsContext, from?: IsoDate, to?: IsoDate): MeetingOddsPoint[] {
  return meetingOddsHistories(futures, [meeting], ctx, from, to).get(meeting) ?? [];
}

/**
 * meetingOddsHistory for several meetings at once: FedWatch runs once per trade date — it prices
 * the whole path of meetings anyway — and each meeting keeps its reading on the dates before it.
 * With k meetings this is k times fewer FedWatch runs than k calls of meetingOddsHistory, and
 * gives the same points.
 */
export function meetingOddsHistories(futures: FuturesHistory, meetings: readonly IsoDate[], ctx: FedOddsContext, from?: IsoDate, to?: IsoDate): Map<IsoDate, MeetingOddsPoint[]> {
  const priced = new Map<IsoDate, { tradeDate: IsoDate; range: readonly [number, number]; m: PricedMeeting }[]>(meetings.map((m) => [m, []]));
  const last = meetings.reduce<IsoDate | undefined>((a, m) => (a === undefined || m > a ? m : a), undefined);
  if (last === undefined) return new Map();
  for (const date of tradeDates(futures)) {
    if (date >= last || (from && date < from) || (to && date > to)) continue;
    let r: FedWatchResult;
    try {
      r = fedWatchOn(futures, date, ctx);
    } catch {
      continue; // a date without the contracts or range the meetings need is skipped, not guessed
    }
    for (const m of r.meetings) {
      const points = priced.get(m.meeting);
      if (points && date < m.meeting) points.push({ tradeDate: date, range: r.currentRange, m });
    }
  }
  return new Map([...priced].map(([meeting, points]) => [meeting, againstReference(points)]));
}

/** A move of the odds that was reversed: from → turn → back. */
export interface OddsSwing {
  readonly from: IsoDate;
  readonly turn: IsoDate;
  readonly back: IsoDate;
  readonly fromPct: number;
  readonly turnPct: number;
  readonly backPct: number;
  /** |turn − from| and |back − turn|, percentage points. */
  readonly movePts: number;
  readonly reversalPts: number;
  /** Dated events (speeches, minutes…) from the day before `from` to `back`. */
  readonly near: readonly DatedEvent[];
}

/** A dated event a user gives (`date,label`). */
export interface DatedEvent {
  readonly date: IsoDate;
  readonly label: string;
}

/** Parameters of the swing detector. */
export interface SwingRule {
  /** Smallest move and smallest reversal, percentage points (default 30). */
  readonly minPts?: number;
  /** The move happens within this many trade dates (default 20, about a month). */
  readonly within?: number;
  /** The reversal happens within this many trade dates of the turn (default 20). */
  readonly reversedWithin?: number;
}

/**
 * Swings of a probability history: a move of at least `minPts` within `within` trade dates
 * (from the start to the most extreme point of that window), reversed by at least `minPts` within
 * `reversedWithin` trade dates of the turn (to the most extreme point back). The scan resumes at
 * the turn, so 80 → 30 → 80 → 30 gives two swings (down-up, then up-down). Events within
 * [from − 1 day, back] are attached.
 */
export function detectSwings(history: readonly { readonly tradeDate: IsoDate; readonly cut: number }[], rule: SwingRule = {}, events: readonly DatedEvent[] = []): OddsSwing[] {
  const minPts = rule.minPts ?? 30;
  const within = rule.within ?? 20;
  const back = rule.reversedWithin ?? 20;
  const v = (i: number) => (history[i] as { cut: number }).cut;
  const date = (i: number) => (history[i] as { tradeDate: IsoDate }).tradeDate;
  const out: OddsSwing[] = [];
  let i = 0;
  while (i < history.length - 2) {
    let j = -1;
    for (let k = i + 1; k <= Math.min(history.length - 1, i + within); k++) if (Math.abs(v(k) - v(i)) >= minPts && (j < 0 || Math.abs(v(k) - v(i)) > Math.abs(v(j) - v(i)))) j = k;
    if (j < 0) {
      i++;
      continue;
    }
    const dir = Math.sign(v(j) - v(i));
    let r = -1;
    for (let k = j + 1; k <= Math.min(history.length - 1, j + back); k++) {
      // A further move in the same direction before the reversal: the turn is later.
      if (dir * (v(k) - v(j)) > 0 && r < 0) break;
      if (dir * (v(j) - v(k)) >= minPts && (r < 0 || dir * (v(j) - v(k)) > dir * (v(j) - v(r)))) r = k;
    }
    if (r < 0) {
      i++;
      continue;
    }
    const lo = toIso(toDay(date(i)) - 1);
    out.push({
      from: date(i),
      turn: date(j),
      back: date(r),
      fromPct: v(i),
      turnPct: v(j),
      backPct: v(r),
      movePts: Math.abs(v(j) - v(i)),
      reversalPts: Math.abs(v(r) - v(j)),
      near: events.filter((e) => e.date >= lo && e.date <= date(r)),
    });
    i = j;
  }
  return out;
}
