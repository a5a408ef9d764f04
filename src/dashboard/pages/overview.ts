import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { OverviewScreen } from '../../app/screens/overview.ts';
import { escapeHtml } from '../../views/html.ts';
import { type Frame, layout } from '../layout.ts';
import { fmt, notes, problems, table } from '../parts.ts';

const tone = (v: string) => (v === 'supported' ? 'good' : v === 'not supported' ? 'bad' : v === 'mixed' ? 'mixed' : 'none');

/** The overview page: scorecard, the largest flows, freshness of every input. */
export function overviewPage(s: OverviewScreen, p: ScreenParams): string {
  const stale = s.freshness.filter((f) => f.stale).length;
  const body = `
<h2 id="scorecard">Scorecard</h2>
${table(['claim', 'verdict', 'key number', 'why'], s.scorecard.map((c) => [c.statement, { text: c.verdict, tone: tone(c.verdict) }, c.keyNumber ?? '—', c.reason]), 'Scorecard of the claims')}
<h2 id="flows">Flows that matter this week</h2>
<p class="muted">Largest first, USD bn (positive = buying), with the assumptions below.</p>
${table(['flow', 'period', 'USD bn', 'as of'], s.flows.map((f) => [f.flow, f.horizon, { text: fmt(f.flowBn, 1, true), num: true }, f.asOf]), 'Flow estimates')}
<ul>${s.flowNotes.map((n) => `<li class="note">${escapeHtml(n)}</li>`).join('')}</ul>
<h2 id="freshness">Freshness of every input</h2>
<p>${stale} of ${s.freshness.length} inputs are stale on ${s.judgedOn} (older than one period plus the usual publication lag)${s.futures ? `; fed funds futures: ${s.futures.contracts} contracts, newest settlement ${s.futures.lastDate}` : ''}.</p>
${table(['series', 'title', 'frequency', 'last date', 'age, days', 'status'], s.freshness.map((f) => [f.id, f.title, f.frequency, f.lastDate, f.ageDays, f.stale ? { text: 'stale', tone: 'stale' as const } : 'fresh']), 'Freshness of inputs')}
${notes(s.notes)}
${problems(s.problems)}`;
  return layout({ ...overviewFrame(p), body });
}

/** The overview's frame (layout.ts): known from the parameters alone, so its head can be sent before the scorecard is computed. */
export function overviewFrame(p: ScreenParams): Frame {
  return { path: '/', title: p.asOf ? `Is the flows thesis true on ${p.asOf}?` : 'Is the flows thesis true right now?', params: p, assumptions: true };
}
