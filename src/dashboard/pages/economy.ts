import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { EconomyScreen } from '../../app/screens/economy.ts';
import { escapeHtml } from '../../views/html.ts';
import { layout } from '../layout.ts';
import { chartFigure, metrics, notes, problems, table } from '../parts.ts';

const tone = (v: string) => (v === 'supported' ? 'good' : v === 'not supported' ? 'bad' : v === 'mixed' ? 'mixed' : 'none');

/** The economy page: one section per topic. */
export function economyPage(s: EconomyScreen, p: ScreenParams): string {
  const toc = `<ul>${s.topics.map((t) => `<li><a href="#${t.topic}">${escapeHtml(t.title)}</a></li>`).join('')}</ul>`;
  const body = `${toc}
${s.topics
  .map(
    (t) => `<h2 id="${t.topic}">${escapeHtml(t.title)}</h2>
${t.claim ? `<p>${escapeHtml(t.claim.statement)} <span class="badge ${tone(t.claim.verdict)}">${escapeHtml(t.claim.verdict)}</span></p><p class="muted">${escapeHtml(t.claim.reason)}</p>` : ''}
${metrics(t.metrics.map((m) => ({ label: m.asOf ? `${m.label} (${m.asOf})` : m.label, value: m.value })))}
${chartFigure(t.chart)}
${t.table ? table(t.table.head, t.table.rows, t.table.caption) : ''}`,
  )
  .join('\n')}
${notes(s.notes)}
${problems(s.problems)}`;
  return layout({ path: '/economy', title: 'The economy under the market', params: p, body });
}
