import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { AlertsScreen } from '../../app/screens/alerts.ts';
import { conditionText } from '../../alerts/rules.ts';
import { escapeHtml } from '../../views/html.ts';
import { type Frame, layout } from '../layout.ts';
import { notes, problems, table } from '../parts.ts';

const statusTone = (s: string) => (s === 'true' ? ('bad' as const) : s === 'false' ? ('good' as const) : ('none' as const));

/** The alerts page's frame (layout.ts): known from the parameters alone, so its head can be sent before the rules are evaluated. */
export function alertsFrame(p: ScreenParams): Frame {
  return { path: '/alerts', title: 'Alerts', params: p };
}

/** The alerts page: rules, evaluation now, the last check, the history. */
export function alertsPage(s: AlertsScreen, p: ScreenParams): string {
  const outcome = (id: string) => s.now.find((o) => o.rule === id);
  const body = `
<p class="muted">Rules file: <code>${escapeHtml(s.rulesFile)}</code>; ${s.starter ? 'none yet (the starter rules are shown)' : `${s.rules.length} rule${s.rules.length === 1 ? '' : 's'}`}; ${s.pendingDeliveries} deliver${s.pendingDeliveries === 1 ? 'y' : 'ies'} waiting for a retry. Feed: <a href="/alerts.atom">/alerts.atom</a>.</p>
<h2 id="rules">${s.starter ? 'Starter rules' : 'Rules'}, evaluated ${s.asOf ? `as of ${escapeHtml(s.asOf)}` : 'now'}</h2>
${s.starter ? `<p>No rules file yet. <code>flowlens alerts init</code> writes these rules to <code>${escapeHtml(s.rulesFile)}</code>, on the terminal channel; add webhooks (Slack, Discord) and e-mail as README "Alerts" shows. Nothing is sent from here.</p>` : ''}
${table(
  ['rule', 'condition', 'cool-down', 'channels', 'condition now', 'detail'],
  s.rules.map((r) => {
    const o = outcome(r.id);
    return [r.id, conditionText(r.condition), r.cooldown, r.channels.join(', '), o ? { text: o.status === 'true' ? 'met' : o.status === 'false' ? 'not met' : 'unknown', tone: statusTone(o.status) } : '—', o?.detail ?? ''];
  }),
  s.starter ? 'Starter rules and their condition now' : 'Alert rules and their condition now',
)}
<h2 id="last-check">Last check</h2>
${s.lastCheck ? `<p>${escapeHtml(s.lastCheck.at)}${s.lastCheck.asOf ? ` (as of ${escapeHtml(s.lastCheck.asOf)})` : ''}</p>${table(['rule', 'status', 'fired', 'detail'], s.lastCheck.outcomes.map((o) => [o.rule, o.status, o.fired ? 'fired' : (o.held ?? 'no'), o.detail]), 'Outcomes of the last check')}` : '<p>No check has run yet (<code>flowlens alerts check</code> or <code>flowlens serve --refresh CRON</code>).</p>'}
<h2 id="history">History</h2>
${s.history.length ? table(['fired at', 'rule', 'title', 'message', 'channels'], s.history.map((a) => [a.firedAt, a.rule, `${a.title}${a.test ? ' (test)' : ''}`, a.message, a.channels.join(', ')]), 'Alerts fired, newest first') : '<p>No alert has fired yet.</p>'}
${notes(s.notes)}
${problems(s.problems)}`;
  return layout({ ...alertsFrame(p), body });
}
