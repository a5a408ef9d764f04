import { fmtRange } from '../../views/format.ts';
import { meetingCompare, type CompareLine, type MeetingOddsPoint } from '../../models/fedOdds.ts';
import { fedOverview } from '../../models/fedOverview.ts';
import { mostLikelyRange } from '../../models/fedpath.ts';
import { toDay, todayDay } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import { futuresFromStore } from '../../series/zqContracts.ts';
import type { Store } from '../../store/store.ts';
import { fedInputIds } from '../fedInputs.ts';
import { absentBrief, laterVintagesNote } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** One meeting's row: P(cut), P(hold), P(hike) at the meeting, the expected rate after it, the most likely range, and FedWatch's compare with 1 day, 1 week, 1 month before. */
export interface FedMeetingRow {
  readonly meeting: IsoDate;
  readonly cut: number;
  readonly hold: number;
  readonly hike: number;
  /** P(range after the meeting below / above today's), %. */
  readonly belowToday: number;
  readonly aboveToday: number;
  /** Expected EFFR after the meeting (the implied rate), %. */
  readonly expectedRate: number;
  /** The most likely target range after the meeting and its probability, %. */
  readonly mostLikely: { readonly range: readonly [number, number]; readonly p: number } | null;
  /**
   * Now vs 1 day, 1 week, 1 month before (futures only; empty for the curve method): P(cut),
   * P(hold), P(hike), P(today's most likely range) and the expected rate, each with the change
   * since in pp (bp for the rate) — models/fedOdds.ts meetingCompare, as `fed` prints it.
   */
  readonly compare: readonly CompareLine[];
}

/** The Fed page. */
export interface FedScreen {
  readonly asOf: IsoDate | null;
  readonly tradeDate?: IsoDate;
  readonly method?: string;
  readonly source?: string;
  readonly currentRange?: readonly [number, number];
  /** The FedWatch table (futures only): ranges as columns, meetings as rows, probability in %. */
  readonly table?: { readonly ranges: readonly (readonly [number, number])[]; readonly rows: readonly { readonly meeting: IsoDate; readonly p: readonly number[] }[] };
  readonly meetings: readonly FedMeetingRow[];
  /** The earlier trade dates the compare reads (1 day, 1 week, 1 month before; futures only). */
  readonly compareDates: readonly { readonly label: '1 day' | '1 week' | '1 month'; readonly tradeDate: IsoDate }[];
  /** Which odds the headline and the history are about: a cut, or a hike when hikes are what is priced (models/fedOverview.ts oddsKey). */
  readonly oddsOf?: 'cut' | 'hike';
  /** P( by the meeting) on every trade date of the last year, for the next three meetings. */
  readonly oddsChart?: ChartData;
  readonly swings: number;
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/**
 * The Fed page: FedWatch on the stored fed funds futures when fresh, else the short-rate curve
 * (models/fedOverview.ts); per meeting P(cut/hold/hike), the expected rate and the most likely
 * range, each beside its value 1 day, 1 week and 1 month before with the change since
 * (models/fedOdds.ts meetingCompare on fedWatchView's tables); the odds history of the next three
 * meetings over a year (meetingOddsHistory).
 */
export async function fedScreen(store: Store, params: ScreenInput = {}): Promise<FedScreen> {
  const p = screenParams(params);
  const day = p.asOf ? toDay(p.asOf) : todayDay();
  const { data, pit } = await readScreen(store, fedInputIds(day), p.asOf);
  const problems: ScreenProblem[] = [];
  const futures = futuresFromStore(data);
  const o = part('Fed path', problems, () => fedOverview(data, futures, { ...(p.asOf ? { asOf: p.asOf } : {}), absent: (id) => absentBrief(data, id) }));
  if (!o) return { asOf: p.asOf ?? null, meetings: [], compareDates: [], swings: 0, notes: [], problems };
  const res = o.result;
  const view = o.view;
  const width = res.currentRange[1] - res.currentRange[0];
  const compare = new Map(view ? meetingCompare(view).map((c) => [c.meeting, c.lines]) : []);
  const meetings = res.meetings.map((m): FedMeetingRow => ({
    meeting: m.meeting,
    cut: m.cut,
    hold: m.hold,
    hike: m.hike,
    belowToday: m.belowToday,
    aboveToday: m.aboveToday,
    expectedRate: m.effrPost,
    mostLikely: mostLikelyRange(m, width) ?? null,
    compare: compare.get(m.meeting) ?? [],
  }));
  // The next three meetings' histories come from fedOverview's one pass over the trade dates.
  const histories: readonly { readonly meeting: IsoDate; readonly history: readonly MeetingOddsPoint[] }[] = view
    ? (o.nextHistories ?? [])
    : o.historyMeeting
      ? [{ meeting: o.historyMeeting, history: o.history }]
      : [];
  const oddsChart = histories.length
    ? chartOf(
        {
          id: 'fed-odds',
          // Against one range (the last trade date's), so a decision on the way is not read as a swing (fedOdds.ts againstReference).
          title: `Odds of a range ${o.oddsOf === 'cut' ? 'below' : 'above'} ${fmtRange(histories[0]?.history.at(-1)?.reference ?? res.currentRange)} after each meeting`,
          unit: '%',
          summary: oddsSummary(res.tradeDate, o.oddsOf, histories[0], view?.earlier.find((e) => e.label === '1 month')?.tradeDate),
          rules: [50],
        },
        histories.map((h) => ({ label: `by ${h.meeting}`, dates: h.history.map((x) => x.tradeDate), values: h.history.map((x) => x[o.oddsOf]) })),
      )
    : undefined;
  const later = laterVintagesNote(pit, true);
  return {
    asOf: p.asOf ?? null,
    tradeDate: res.tradeDate,
    method: res.method,
    source: o.source,
    currentRange: res.currentRange,
    ...(view ? { table: view.today.table } : {}),
    meetings,
    compareDates: (view?.earlier ?? []).map((e) => ({ label: e.label, tradeDate: e.tradeDate })),
    oddsOf: o.oddsOf,
    ...(oddsChart ? { oddsChart } : {}),
    swings: o.swings.length,
    notes: [...res.notes, ...(later ? [later] : [])],
    problems,
  };
}

/**
 * The odds chart's one-line summary: the charted odds (a range below, or above, the one in force)
 * by the first charted meeting on the trade date, and on the 1-month compare date — both points of
 * the line the chart draws.
 */
function oddsSummary(tradeDate: IsoDate, oddsOf: 'cut' | 'hike', h: { readonly meeting: IsoDate; readonly history: readonly MeetingOddsPoint[] } | undefined, monthAgo: IsoDate | undefined): string {
  const now = h?.history.at(-1);
  if (!h || !now) return `Odds history to ${tradeDate}.`;
  const then = monthAgo ? h.history.find((x) => x.tradeDate === monthAgo) : undefined;
  const side = oddsOf === 'cut' ? 'below' : 'above';
  return `On ${now.tradeDate} the odds of a range ${side} the one in force by the ${h.meeting} meeting are ${now[oddsOf].toFixed(0)}%${then ? ` (${then[oddsOf].toFixed(0)}% on ${then.tradeDate}, a month before)` : ''}.`;
}
