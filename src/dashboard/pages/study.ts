import type { ScreenParams } from '../../app/screens/assumptions.ts';
import { STUDY_ASSETS, STUDY_DEFAULTS, type StudyParams, type StudyScreen } from '../../app/screens/study.ts';
import { STUDY_EVENTS } from '../../app/study.ts';
import { escapeHtml } from '../../views/html.ts';
import { layout } from '../layout.ts';
import { chartFigure, fmt, notes, problems, table } from '../parts.ts';

/** The study's fields that differ from the defaults, for the date control to carry (a new date re-runs this study). */
export function studyKeep(sp: StudyParams): [string, string][] {
  const keep: [string, string][] = [];
  if (sp.event !== STUDY_DEFAULTS.event) keep.push(['event', sp.event]);
  if (sp.asset !== STUDY_DEFAULTS.asset) keep.push(['asset', sp.asset]);
  if (sp.horizons.join(',') !== STUDY_DEFAULTS.horizons.join(',')) keep.push(['horizons', sp.horizons.join(',')]);
  if (sp.from) keep.push(['from', sp.from]);
  if (sp.gap !== STUDY_DEFAULTS.gap) keep.push(['gap', String(sp.gap)]);
  return keep;
}

/** The study form's fields as the user sent them (strings: a refused value is shown back as typed). */
export interface StudyFormValues {
  readonly event: string;
  readonly asset: string;
  readonly horizons: string;
  readonly from: string;
  readonly gap: string;
}

/** A study's parameters as the form's fields. */
export function studyFormValues(sp: StudyParams): StudyFormValues {
  return { event: sp.event, asset: sp.asset, horizons: sp.horizons.join(','), from: sp.from ?? '', gap: String(sp.gap) };
}

/** The study's form (GET /study), filled with `v`, carrying the as-of date. */
export function studyForm(v: StudyFormValues, asOf?: string): string {
  const opt = (x: string, cur: string) => `<option value="${x}"${x === cur ? ' selected' : ''}>${x}</option>`;
  return `<form class="controls" method="get" action="/study" aria-label="Event study">
${asOf ? `<input type="hidden" name="as-of" value="${escapeHtml(asOf)}">` : ''}
<label for="st-event">event<select id="st-event" name="event">${STUDY_EVENTS.map((e) => opt(e, v.event)).join('')}</select></label>
<label for="st-asset">asset<select id="st-asset" name="asset">${STUDY_ASSETS.map((a) => opt(a, v.asset)).join('')}</select></label>
<label for="st-horizons">horizons, trading days<input id="st-horizons" name="horizons" value="${escapeHtml(v.horizons)}" size="12"></label>
<label for="st-from">events from<input id="st-from" type="date" name="from" value="${escapeHtml(v.from)}"></label>
<label for="st-gap">gap, trading days<input id="st-gap" type="number" min="0" max="252" name="gap" value="${escapeHtml(v.gap)}" size="5"></label>
<button type="submit">Run study</button></form>`;
}

/** The study page: a form with the study's parameters (GET), the results per label and horizon, the average path, the last events. */
export function studyPage(s: StudyScreen, p: ScreenParams): string {
  const sp = s.params;
  const form = studyForm(studyFormValues(sp), p.asOf);
  const r = s.result;
  const rows = r
    ? r.labels.flatMap((l) =>
        (r.studies[l]?.horizons ?? []).map((h) => [l, `${h.horizon}d`, h.n, fmt(h.meanReturn, 2, true), fmt(h.medianReturn, 2, true), `[${fmt(h.ci95[0], 2)}, ${fmt(h.ci95[1], 2)}]`, Number.isNaN(h.hitRate) ? '—' : `${fmt(h.hitRate, 0)}%`, fmt(h.unconditionalMean, 2, true), fmt(h.tVsUnconditional, 2)]),
      )
    : [];
  const body = `${form}
${r ? `<p>${escapeHtml(`${r.events.length} ${r.event} events, forward returns of ${r.asset.id} (${r.asset.title}).`)}</p><p class="note">Rule: ${escapeHtml(r.rule)}</p>` : ''}
<h2 id="results">Forward returns after the events</h2>
${table(['events', 'horizon', 'n', 'mean %', 'median %', '95% CI', 'up', 'all days %', 't vs all'], rows, 'Event study by label and horizon')}
<h2 id="path">Average path</h2>
${chartFigure(s.pathChart)}
<h2 id="events">Last events</h2>
${r ? table(['date', 'day 0', 'label', ...r.horizons.map((h) => `${h}d %`)], r.events.slice(-15).reverse().map((e) => [e.date, e.day0 ?? '—', e.label, ...r.horizons.map((h) => fmt(e.forward[h], 2, true))]), 'Last 15 events with their forward returns') : ''}
${r ? notes([...r.flags, 'Overlapping windows make the samples autocorrelated: read |t| > 2 as a hint, not a test.']) : ''}
${problems(s.problems)}`;
  return layout({ path: '/study', title: 'Event study', params: p, body, keep: studyKeep(sp) });
}
