import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { FedScreen } from '../../app/screens/fed.ts';
import { fmtChange } from '../../views/format.ts';
import { escapeHtml } from '../../views/html.ts';
import { layout } from '../layout.ts';
import { chartFigure, fmt, metrics, notes, problems, table, type Cell } from '../parts.ts';

/** A compare line's value: a probability with one decimal, the rate with three (as `flowlens fed`). */
const value = (key: string, x: number | null): string => fmt(x, key === 'rate' ? 3 : 1);

/**
 * The Fed page: the headline odds, per-meeting odds now, FedWatch's compare (each meeting's P(cut),
 * P(hold), P(hike), P(most likely range) and expected rate 1 day, 1 week and 1 month before, with
 * the change since in pp or bp — the same lines and decimals as `flowlens fed`), the FedWatch table,
 * the odds history.
 */
export function fedPage(s: FedScreen, p: ScreenParams): string {
  const range = s.currentRange ? `${fmt(s.currentRange[0], 2)}–${fmt(s.currentRange[1], 2)}%` : '—';
  const next = s.meetings[0];
  const hikes = s.oddsOf === 'hike';
  const rangeText = (r: readonly [number, number] | undefined) => (r ? `${fmt(r[0], 2)}–${fmt(r[1], 2)}%` : '—');
  // The meeting on every line: on a phone each line is a card of its own (table.stack).
  const compareRows: Cell[][] = s.meetings.flatMap((m) =>
    m.compare.map((l): Cell[] => [
      m.meeting,
      l.label,
      { text: value(l.key, l.now), num: true },
      ...s.compareDates.map((d): Cell => {
        const e = l.earlier.find((x) => x.label === d.label);
        return e && e.then !== null ? { text: `${value(l.key, e.then)} (${fmtChange(e.change, 1, l.changeUnit)})`, num: true } : '—';
      }),
    ]),
  );
  const body = `
${metrics([
  { label: 'trade date', value: s.tradeDate ?? '—', id: 'fed-trade-date' },
  { label: 'target range', value: range },
  { label: `P(${hikes ? 'higher' : 'lower'} range) by ${next?.meeting ?? 'next meeting'}`, value: `${fmt(hikes ? next?.aboveToday : next?.belowToday, 1)}%`, id: 'fed-next-odds' },
  { label: `expected rate after ${next?.meeting ?? 'next meeting'}`, value: `${fmt(next?.expectedRate, 3)}%`, id: 'fed-next-rate' },
])}
<p class="muted">${escapeHtml(s.source ?? '')}</p>
<h2 id="meetings">Odds per meeting</h2>
${table(
  ['meeting', 'P(cut) %', 'P(hold) %', 'P(hike) %', 'expected rate %', 'most likely range', 'P(below today) %', 'P(above today) %'],
  s.meetings.map((m) => [m.meeting, fmt(m.cut, 1), fmt(m.hold, 1), fmt(m.hike, 1), fmt(m.expectedRate, 3), m.mostLikely ? `${rangeText(m.mostLikely.range)} (${fmt(m.mostLikely.p, 1)}%)` : '—', fmt(m.belowToday, 1), fmt(m.aboveToday, 1)]),
  'Odds per FOMC meeting',
)}
<h2 id="compare">Vs 1 day, 1 week, 1 month ago</h2>
${
  compareRows.length
    ? `<p class="muted">Each meeting's odds on the earlier trade date, and in brackets the change since (percentage points; basis points for the expected rate). P(cut), P(hold) or P(hike) at 0.0% on every date is left out.</p>
${table(['meeting', 'odds', `now (${s.tradeDate ?? '—'}) %`, ...s.compareDates.map((d) => `${d.label} ago (${d.tradeDate}) %`)], compareRows, 'Odds per meeting vs 1 day, 1 week, 1 month ago')}`
    : '<p class="muted">No compare: it needs the fed funds futures of the earlier trade dates (the curve method has none).</p>'
}
${
  s.table
    ? `<h2 id="fedwatch">FedWatch table: target range after each meeting, %</h2>
${table(['meeting', ...s.table.ranges.map(([lo, hi]) => `${fmt(lo, 2)}–${fmt(hi, 2)}`)], s.table.rows.map((r) => [r.meeting, ...r.p.map((x) => ({ text: x < 0.05 ? '' : fmt(x, 1), num: true }))]), 'FedWatch probabilities by target range')}`
    : ''
}
<h2 id="history">Odds history</h2>
${chartFigure(s.oddsChart)}
${notes(s.notes)}
${problems(s.problems)}`;
  return layout({ path: '/fed', title: 'The Fed: odds of each meeting', params: p, body });
}
