import type { MeetingOddsPoint } from '../../models/fedOdds.ts';
import { fedOverview } from '../../models/fedOverview.ts';
import { toDay, todayDay } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import { futuresFromStore } from '../../series/zqContracts.ts';
import type { Store } from '../../store/store.ts';
import { fedInputIds } from '../fedInputs.ts';
import { laterVintagesNote } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** One meeting's row: P(cut), P(hold), P(hike) at the meeting, the odds of a lower range than today's by then, and the same 1 day, 1 week, 1 month before. */
export interface FedMeetingRow {
  readonly meeting: IsoDate;
  readonly cut: number;
  readonly hold: number;
  readonly hike: number;
  /** P(range after the meeting below today's), %. */
  readonly belowToday: number;
  readonly expectedRate: number;
  /** belowToday on earlier trade dates (FedWatch's compare columns; futures only). */
  readonly earlier: readonly { readonly label: '1 day' | '1 week' | '1 month'; readonly tradeDate: IsoDate; readonly belowToday: number }[];
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
  /** P(cut by the meeting) on every trade date of the last year, for the next three meetings. */
  readonly oddsChart?: ChartData;
  readonly swings: number;
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/**
 * The Fed page: FedWatch on the stored fed funds futures when fresh, else the short-rate curve
 * (models/fedOverview.ts); per meeting P(cut/hold/hike) and the odds of a range below today's,
 * with the same odds 1 day, 1 week and 1 month before (models/fedOdds.ts fedWatchView: the
 * probabilities of today's table ranges below the current one, summed); the odds history of the
 * next three meetings over a year (meetingOddsHistory).
 */
export async function fedScreen(store: Store, params: ScreenInput = {}): Promise<FedScreen> {
  const p = screenParams(params);
  const day = p.asOf ? toDay(p.asOf) : todayDay();
  const { data, pit } = await readScreen(store, fedInputIds(day), p.asOf);
  const problems: ScreenProblem[] = [];
  const futures = futuresFromStore(data);
  const o = part('Fed path', problems, () => fedOverview(data, futures, p.asOf ? { asOf: p.asOf } : {}));
  if (!o) return { asOf: p.asOf ?? null, meetings: [], swings: 0, notes: [], problems };
  const res = o.result;
  const lower = res.currentRange[0];
  const view = o.view;
  const meetings = res.meetings.map((m): FedMeetingRow => ({
    meeting: m.meeting,
    cut: m.cut,
    hold: m.hold,
    hike: m.hike,
    belowToday: m.belowToday,
    expectedRate: m.effrPost,
    earlier: (view?.earlier ?? []).flatMap((e) => {
      const row = e.rows.find((r) => r.meeting === m.meeting);
      if (!row || !view) return [];
      const below = view.today.table.ranges.reduce((s, [lo], i) => (lo < lower - 1e-9 ? s + (row.p[i] ?? 0) : s), 0);
      return [{ label: e.label, tradeDate: e.tradeDate, belowToday: below }];
    }),
  }));
  // The next three meetings' histories come from fedOverview's one pass over the trade dates.
  const histories: readonly { readonly meeting: IsoDate; readonly history: readonly MeetingOddsPoint[] }[] = view
    ? (o.nextHistories ?? [])
    : o.historyMeeting
      ? [{ meeting: o.historyMeeting, history: o.history }]
      : [];
  const first = meetings[0];
  const oddsChart = histories.length
    ? chartOf(
        {
          id: 'fed-odds',
          title: o.oddsOf === 'cut' ? 'Odds of a lower rate by each meeting' : 'Odds of a higher rate by each meeting',
          unit: '%',
          summary: first && o.oddsOf === 'hike' ? `On ${res.tradeDate} the odds of a range above today's by the ${first.meeting} meeting are ${(res.meetings[0]?.aboveToday ?? 0).toFixed(0)}%.` : first ? `On ${res.tradeDate} the odds of a range below today's by the ${first.meeting} meeting are ${first.belowToday.toFixed(0)}%${first.earlier.find((e) => e.label === '1 month') ? ` (${(first.earlier.find((e) => e.label === '1 month') as { belowToday: number }).belowToday.toFixed(0)}% a month before)` : ''}.` : `Odds history to ${res.tradeDate}.`,
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
    ...(oddsChart ? { oddsChart } : {}),
    swings: o.swings.length,
    notes: [...res.notes, ...(later ? [later] : [])],
    problems,
  };
}
