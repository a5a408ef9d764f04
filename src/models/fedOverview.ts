import { FlowlensError } from '../core/errors.ts';
import { FOMC_MEETINGS, previousMeeting, type FomcMeeting } from '../series/calendars/fomc.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { FuturesHistory } from '../series/zqContracts.ts';
import { againstReference, detectSwings, fedWatchView, lastTradeDate, meetingOddsHistories, tradeDates, type DatedEvent, type FedOddsContext, type FedWatchView, type MeetingOddsPoint, type OddsSwing, type SwingRule } from './fedOdds.ts';
import { curvePath, type FedPathResult } from './fedpath.ts';

/**
 * The Fed path as `flowlens fed`, the report and a dashboard show it: FedWatch on the stored fed
 * funds futures when they are fresh, else the short-rate-curve approximation (and why); the
 * odds history of one meeting over a year of trade dates, and its swings.
 */
export interface FedOverview {
  readonly result: FedPathResult;
  /** The FedWatch table with 1 day / 1 week / 1 month ago (futures only). */
  readonly view?: FedWatchView;
  readonly historyMeeting: IsoDate | undefined;
  readonly history: readonly MeetingOddsPoint[];
  /** The odds history of each of the next three meetings over the same trade dates as `history` (futures only). */
  readonly nextHistories?: readonly { readonly meeting: IsoDate; readonly history: readonly MeetingOddsPoint[] }[];
  /** Which odds the swings are counted on: a cut by the meeting, or a hike when hikes are what is priced. */
  readonly oddsOf: 'cut' | 'hike';
  readonly swings: readonly OddsSwing[];
  readonly swingRule: Required<SwingRule>;
  /** Why the curve was used, or which futures were used. */
  readonly source: string;
}

/** Options of fedOverview. */
export interface FedOverviewOptions {
  /** Trade date to price (default: the newest futures date, or the curve's, not after `asOf`). */
  readonly date?: IsoDate;
  readonly asOf?: IsoDate;
  readonly meeting?: IsoDate;
  readonly swing?: SwingRule;
  readonly events?: readonly DatedEvent[];
  readonly billSpreadBp?: number;
  readonly termPremiumBp?: number;
  /** Days of odds history before the trade date (default 365). */
  readonly historyDays?: number;
  /** Futures older than this many days before the curve's newest date are not fresh (default 7). */
  readonly freshDays?: number;
  /** The meeting calendar (default FOMC_MEETINGS; a user's from `fed --calendar FILE`). */
  readonly meetings?: readonly FomcMeeting[];
  /**
   * Why a series absent from `data` is absent, in a few words (the app's absentBrief: "none by
   * 1995-06-01 (starts 2000-07-03)"); without it the error says "not all stored".
   */
  readonly absent?: (id: string) => string;
}

/**
 * Value of a series on `day` or the last valid one before it, at most `maxAge` days old (the
 * `ffill` rule of align.ts for one day, by binary search: a year of odds asks thousands of times).
 */
export function valueAt(s: Series | undefined, day: number, maxAge = 10): number | undefined {
  if (!s || s.dates.length === 0) return undefined;
  let lo = 0;
  let hi = s.dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s.dates[mid] as number) <= day) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && day - (s.dates[i] as number) <= maxAge; i--) {
    const v = s.values[i] as number;
    if (!Number.isNaN(v)) return v;
  }
  return undefined;
}

/**
 * The rate context of a trade date from stored series: the target range (DFEDTARL/DFEDTARU
 * carried forward while no FOMC decision came in between; before 16 Dec 2008, or when they are
 * stale, the 25 bp bucket holding the EFFR) and the EFFR known that day — published the next
 * business day, so the value of day t − 1 or before (EFFR, else DFF). `meetings`: the calendar the
 * odds are priced on (default the built-in FOMC_MEETINGS; `fed --calendar FILE` gives the user's).
 */
export function rateContext(data: ReadonlyMap<string, Series>, meetings: readonly FomcMeeting[] = FOMC_MEETINGS): FedOddsContext {
  const lower = data.get('DFEDTARL');
  const upper = data.get('DFEDTARU');
  const effrS = data.get('EFFR') ?? data.get('DFF');
  const dff = data.get('DFF');
  const effrAt = (date: IsoDate) => {
    const d = toDay(date) - 1;
    return valueAt(effrS, d) ?? valueAt(dff, d);
  };
  const rangeAt = (date: IsoDate): [number, number] | undefined => {
    const day = toDay(date);
    const last = previousMeeting(day);
    // The range series carried forward only while no decision came in between.
    const maxAge = last ? Math.max(1, day - toDay(last.date)) : 3650;
    const l = valueAt(lower, day, Math.min(maxAge, 3650));
    const u = valueAt(upper, day, Math.min(maxAge, 3650));
    if (l !== undefined && u !== undefined) return [l, u];
    const e = effrAt(date);
    if (e === undefined) return undefined;
    const lo = Math.max(0, Math.floor(e / 0.25) * 0.25);
    return [lo, lo + 0.25];
  };
  return { meetings, rangeAt, effrAt };
}

const RULE_DEFAULTS: Required<SwingRule> = { minPts: 30, within: 20, reversedWithin: 20 };

/**
 * FedWatch on the futures when they are fresh — their newest trade date (not after `asOf`) no
 * more than `freshDays` before the newest date of the curve inputs — else the curve method on
 * EFFR, DTB3 and DGS2, with the reason in `source`. An explicit `date` with settlements is priced
 * from them whatever their age.
 */
export function fedOverview(data: ReadonlyMap<string, Series>, futures: FuturesHistory, opts: FedOverviewOptions = {}): FedOverview {
  const rule = { ...RULE_DEFAULTS, ...opts.swing };
  const ctx = rateContext(data, opts.meetings);
  const dates = tradeDates(futures);
  const limit = opts.asOf ?? ('9999-12-31' as IsoDate);
  const futLast = lastTradeDate(dates, opts.date ?? limit);
  const curveLast = curveLastDate(data, opts.asOf);
  let why: string;
  const fresh = futLast !== undefined && (opts.date !== undefined || !curveLast || toDay(futLast) >= toDay(curveLast) - (opts.freshDays ?? 7));
  if (futLast && opts.date && futLast !== opts.date) why = `no fed funds futures settlements on ${opts.date}`;
  else if (futLast && fresh) {
    try {
      const view = fedWatchView(futures, futLast, ctx);
      const meeting = opts.meeting ?? view.today.meetings[0]?.meeting;
      const from = toIso(toDay(futLast) - (opts.historyDays ?? 365));
      // The history meeting's odds and the next three meetings' in one pass (FedWatch once per trade date).
      const next = view.today.meetings.slice(0, 3).map((m) => m.meeting);
      const all = meetingOddsHistories(futures, [...new Set([...(meeting ? [meeting] : []), ...next])], ctx, from, futLast);
      const history = meeting ? (all.get(meeting) ?? []) : [];
      const used = view.today.meetings.length;
      const oddsOf = oddsKey(history);
      return {
        result: view.today,
        view,
        historyMeeting: meeting,
        history,
        nextHistories: next.map((m) => ({ meeting: m, history: all.get(m) ?? [] })),
        oddsOf,
        swings: detectSwings(history.map((p) => ({ tradeDate: p.tradeDate, cut: p[oddsOf] })), rule, opts.events ?? []),
        swingRule: rule,
        source: `fed funds futures settlements of ${futLast} (${futures.get(futLast)?.length ?? 0} contracts; ${used} meeting${used === 1 ? '' : 's'} priced)`,
      };
    } catch (err) {
      why = `fed funds futures of ${futLast} price no meeting (${(err as Error).message})`;
    }
  } else if (futLast) why = `the newest fed funds futures (${futLast}) are more than ${opts.freshDays ?? 7} days older than the curve (${curveLast ?? '—'})`;
  else why = `no fed funds futures${opts.asOf ? ` up to ${opts.asOf}` : ''} in the store: sync the ZQ contracts (flowlens sync) or import rates/`;
  if (!curveLast) {
    const briefs = ['EFFR', 'DTB3', 'DGS2'].filter((id) => !data.get(id)?.dates.length).map((id) => ({ id, brief: opts.absent?.(id) }));
    const named = briefs.map((b) => `${b.id}: ${b.brief ?? 'not stored'}`).join('; ');
    // All stored, only after the date (1995): a later date helps, a sync does not.
    if (briefs.length > 0 && briefs.every((b) => /^none (by|known on) /.test(b.brief ?? ''))) throw new FlowlensError(`no fed funds futures and no short-rate curve on or before ${opts.date ?? opts.asOf ?? ''} (${named}): choose a later date`);
    throw new FlowlensError(`${why}; and EFFR, DTB3 and DGS2 are not all stored for the curve method${opts.absent && briefs.length > 0 ? ` (${named})` : ''}: sync them`);
  }
  const c = curveFedPathWithHistory(data, toDay(opts.date ?? curveLast), opts);
  const oddsOf = oddsKey(c.history);
  return {
    ...c,
    oddsOf,
    swings: detectSwings(c.history.map((p) => ({ tradeDate: p.tradeDate, cut: p[oddsOf] })), rule, opts.events ?? []),
    swingRule: rule,
    source: `short-rate curve approximation: ${why}`,
  };
}

/**
 * The odds a history is about: the side priced on its last trade date (a hike when P(hike) is
 * above P(cut) then, a cut when below), so the headline, the chart and the claim follow what the
 * market prices now (a year of cut pricing then hikes priced for the next meeting reads as hike
 * odds); when both are equal on that date (a hold priced), the side priced on more trade dates.
 */
export function oddsKey(history: readonly MeetingOddsPoint[]): 'cut' | 'hike' {
  const last = history[history.length - 1];
  if (last && last.hike !== last.cut) return last.hike > last.cut ? 'hike' : 'cut';
  let hikes = 0;
  for (const p of history) hikes += p.hike > p.cut ? 1 : p.cut > p.hike ? -1 : 0;
  return hikes > 0 ? 'hike' : 'cut';
}

/** The newest common date of EFFR, DTB3 and DGS2 (not after `asOf`), or undefined when one is missing. */
export function curveLastDate(data: ReadonlyMap<string, Series>, asOf?: IsoDate): IsoDate | undefined {
  let day = asOf ? toDay(asOf) : Number.POSITIVE_INFINITY;
  for (const id of ['EFFR', 'DTB3', 'DGS2']) {
    const s = data.get(id);
    if (!s || s.dates.length === 0) return undefined;
    let i = s.dates.length - 1;
    while (i >= 0 && (s.dates[i] as number) > day) i--;
    if (i < 0) return undefined;
    day = Math.min(day, s.dates[i] as number);
  }
  return toIso(day);
}

/**
 * The curve-method Fed path on `day` and the odds history of one meeting over the 365 days
 * before (on the bill's trading days), from stored EFFR (as known: the day before), DTB3, DGS2
 * and the target range.
 */
export function curveFedPathWithHistory(
  data: ReadonlyMap<string, Series>,
  day: number,
  opts: { meeting?: IsoDate; billSpreadBp?: number; termPremiumBp?: number; historyDays?: number; meetings?: readonly FomcMeeting[] } = {},
): { result: FedPathResult; history: MeetingOddsPoint[]; historyMeeting: IsoDate | undefined } {
  const bill = data.get('DTB3');
  const two = data.get('DGS2');
  const ctx = rateContext(data);
  if (!bill || !two || !data.get('EFFR')) throw new FlowlensError('EFFR, DTB3 and DGS2 are needed for the curve method: sync them');
  const price = (d: number): FedPathResult | undefined => {
    const iso = toIso(d);
    const effr = ctx.effrAt?.(iso);
    const b = valueAt(bill, d);
    const y = valueAt(two, d);
    const range = ctx.rangeAt(iso);
    if (effr === undefined || b === undefined || y === undefined || !range) return undefined;
    return curvePath({ tradeDate: iso, range, effr, bill3m: b, yield2y: y, meetings: opts.meetings ?? FOMC_MEETINGS, billSpreadBp: opts.billSpreadBp ?? 0, termPremiumBp: opts.termPremiumBp ?? 0 });
  };
  const result = price(day);
  if (!result) {
    // Say where the three are known: a date outside it (1800, 9999) is no matter of syncing.
    const first = Math.max(...[bill, two, data.get('EFFR') as Series].map((s) => s.dates[0] ?? Number.POSITIVE_INFINITY));
    const last = curveLastDate(data);
    const span = last !== undefined && Number.isFinite(first) ? ` (all three are stored from ${toIso(first)} to ${last})` : '';
    throw new FlowlensError(`EFFR, DTB3 and DGS2 are not all known on ${toIso(day)}${span}: choose a date in that span, or sync them`);
  }
  const meeting = opts.meeting ?? result.meetings[0]?.meeting;
  const billDays = new Set(bill.dates);
  const priced: Parameters<typeof againstReference>[0][number][] = [];
  for (let d = day - (opts.historyDays ?? 365); d <= day; d++) {
    if (!billDays.has(d) && d !== day) continue;
    const r = price(d);
    const m = r?.meetings.find((x) => x.meeting === meeting);
    if (r && m) priced.push({ tradeDate: toIso(d), range: r.currentRange, m });
  }
  return { result, history: againstReference(priced), historyMeeting: meeting };
}
