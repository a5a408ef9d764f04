import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { FedScreen } from '../../app/screens/fed.ts';
import { escapeHtml } from '../../views/html.ts';
import { layout } from '../layout.ts';
import { chartFigure, fmt, metrics, notes, problems, table } from '../parts.ts';

/** The Fed page: the FedWatch table, per-meeting odds with 1d/1w/1m compare (of P(below today), named in each header), odds history. */
export function fedPage(s: FedScreen, p: ScreenParams): string {
  const compare = (['1 day', '1 week', '1 month'] as const).filter((l) => s.meetings.some((m) => m.earlier.some((e) => e.label === l)));
  const range = s.currentRange ? `${fmt(s.currentRange[0], 2)}–${fmt(s.currentRange[1], 2)}%` : '—';
  const body = `
${metrics([
  { label: 'trade date', value: s.tradeDate ?? '—', id: 'fed-trade-date' },
  { label: 'target range', value: range },
  { label: `P(lower range) by ${s.meetings[0]?.meeting ?? 'next meeting'}`, value: `${fmt(s.meetings[0]?.belowToday, 1)}%`, id: 'fed-next-below' },
])}
<p class="muted">${escapeHtml(s.source ?? '')}</p>
<h2 id="meetings">Odds per meeting, vs 1 day, 1 week, 1 month ago</h2>
${table(
  ['meeting', 'P(cut) %', 'P(hold) %', 'P(hike) %', 'expected rate %', 'P(below today) %', ...compare.map((l) => `P(below today) ${l} ago, %`)],
  s.meetings.map((m) => [m.meeting, fmt(m.cut, 1), fmt(m.hold, 1), fmt(m.hike, 1), fmt(m.expectedRate, 3), fmt(m.belowToday, 1), ...compare.map((l) => {
    const e = m.earlier.find((x) => x.label === l);
    return e ? { text: `${fmt(e.belowToday, 1)} (${e.tradeDate})`, num: true } : '—';
  })]),
  'Odds per FOMC meeting',
)}
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
