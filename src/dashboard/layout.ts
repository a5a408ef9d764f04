import { assumptionRows, type ScreenParams } from '../app/screens/assumptions.ts';
import { escapeHtml } from '../views/html.ts';

/** The pages of the dashboard, in nav order: path and name. */
export const PAGES = [
  { path: '/', name: 'Overview' },
  { path: '/flows', name: 'Flows' },
  { path: '/volatility', name: 'Volatility' },
  { path: '/fed', name: 'Fed' },
  { path: '/liquidity', name: 'Liquidity' },
  { path: '/economy', name: 'Economy' },
  { path: '/study', name: 'Study' },
  { path: '/alerts', name: 'Alerts' },
] as const;
export type PagePath = (typeof PAGES)[number]['path'];

/** The query string that keeps the as-of date and changed assumptions across pages. */
export function keptQuery(p: ScreenParams): string {
  const q = new URLSearchParams();
  if (p.asOf) q.set('as-of', p.asOf);
  for (const r of assumptionRows(p)) if (r.changed) q.set(r.spec.key, r.value);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #0969da; --good: #1a7f37; --bad: #cf222e; --mixed: #9a6700; --band: rgba(244,162,97,0.22); }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #161b22; --accent: #4493f8; --good: #3fb950; --bad: #f85149; --mixed: #d29922; --band: rgba(244,162,97,0.18); } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); margin: 0; }
a { color: var(--accent); }
header.top { border-bottom: 1px solid var(--line); background: var(--panel); }
.wrap { max-width: 1180px; margin: 0 auto; padding: 12px 16px; }
nav.pages ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0 0; padding: 0; }
nav.pages a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--fg); }
h1 { font-size: 24px; margin: 16px 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-top: 1px solid var(--line); padding-top: 16px; } h3 { font-size: 16px; margin: 18px 0 6px; }
.muted, .note { color: var(--muted); } .note { font-size: 13px; }
form.controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 8px 0; }
form.controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
input, select, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; max-width: 100%; }
button { cursor: pointer; background: var(--panel); }
button[aria-pressed="true"] { border-color: var(--fg); font-weight: 600; }
details.assumptions { margin: 8px 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; color: #fff; white-space: nowrap; }
.badge.good { background: var(--good); } .badge.bad { background: var(--bad); } .badge.mixed { background: var(--mixed); } .badge.none { background: var(--muted); }
.stale { color: var(--bad); font-weight: 600; }
.changed { font-weight: 700; }
.metrics { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.metric { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 140px; background: var(--panel); }
.metric .v { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; } .metric .l { font-size: 12px; color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; } caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.d { white-space: nowrap; }
td .cellv { display: inline-block; } td .sub { display: block; font-size: 12px; color: var(--muted); }
figure.chart { margin: 14px 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px; min-width: 0; }
figure.chart figcaption .t { font-weight: 600; } figure.chart figcaption .s { font-size: 13px; color: var(--muted); }
figure.chart .static svg { max-width: 100%; height: auto; background: #fff; }
figure.chart .tools { display: none; gap: 6px; flex-wrap: wrap; margin: 6px 0; }
figure.chart.live .tools { display: flex; } figure.chart.live .static { display: none; }
figure.chart .plot { position: relative; min-height: 0; }
figure.chart .tip { font-size: 12px; min-height: 1.5em; font-variant-numeric: tabular-nums; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 0 24px; }
.problem { color: var(--bad); }
@media (max-width: 600px) { body { font-size: 14px; } .wrap { padding: 8px 10px; } h1 { font-size: 20px; } .metric { min-width: 0; flex: 1 1 40%; } }
@media (max-width: 600px) {
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack caption { display: block; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.stack tr { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
  table.stack td { display: flex; justify-content: space-between; gap: 12px; border: 0; padding: 2px 0; text-align: right; white-space: normal; overflow-wrap: anywhere; }
  table.stack td::before { content: attr(data-label); color: var(--muted); text-align: left; font-weight: 400; flex: 0 1 auto; overflow-wrap: normal; max-width: 45%; }
  table.stack td:first-child { font-weight: 600; } table.stack td:empty { display: none; }
}
`;

/**
 * The date control and the assumptions form, both plain GET forms (work without script). `keep`:
 * the page's own query fields (the study's form) that the date control and "latest data" carry,
 * so a new date re-runs the same study rather than the default one.
 */
function controls(path: string, p: ScreenParams, withAssumptions: boolean, keep: readonly (readonly [string, string])[] = []): string {
  const hidden = (skip: string) =>
    assumptionRows(p)
      .filter((r) => r.changed && r.spec.key !== skip)
      .map((r) => `<input type="hidden" name="${r.spec.key}" value="${escapeHtml(r.value)}">`)
      .join('');
  const own = keep.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const latest = keptQuery({ ...p, asOf: undefined });
  const ownQuery = new URLSearchParams(keep.map(([k, v]) => [k, v])).toString();
  const latestHref = `${path}${latest}${ownQuery ? `${latest ? '&' : '?'}${escapeHtml(ownQuery)}` : ''}`;
  const date = `<form class="controls" method="get" action="${path}" aria-label="Time machine">
<label for="as-of">As of (time machine)<input type="date" id="as-of" name="as-of" value="${escapeHtml(p.asOf ?? '')}" min="1990-01-01" max="2100-12-31"></label>
${hidden('')}${own}<button type="submit">Show as of this date</button>${p.asOf ? ` <a href="${latestHref}">latest data</a>` : ''}
</form>`;
  if (!withAssumptions) return date;
  const rows = assumptionRows(p)
    .map(
      (r) =>
        `<tr><td data-label="assumption"><label for="a-${r.spec.key}">${escapeHtml(r.spec.label)}</label></td><td data-label="value"><input id="a-${r.spec.key}" name="${r.spec.key}" value="${escapeHtml(r.value)}" ${typeof r.spec.default === 'number' ? `type="number" step="any" min="${r.spec.min}" max="${r.spec.max}"` : 'type="text" inputmode="numeric"'} size="12"></td><td class="n${r.changed ? ' changed' : ''}" data-label="status">${r.changed ? 'changed' : 'default'}</td><td class="n" data-label="default">${escapeHtml(String(r.spec.default))}</td><td data-label="unit">${escapeHtml(r.spec.unit)}</td></tr>`,
    )
    .join('\n');
  const changed = assumptionRows(p).filter((r) => r.changed).length;
  return `${date}
<details class="assumptions"${changed ? ' open' : ''}><summary>Assumptions (${changed ? `${changed} changed` : 'all defaults'})</summary>
<form method="get" action="${path}" aria-label="Assumptions">${p.asOf ? `<input type="hidden" name="as-of" value="${escapeHtml(p.asOf)}">` : ''}
<div class="scroll"><table class="stack"><thead><tr><th>assumption</th><th>value</th><th class="n">status</th><th class="n">default</th><th>unit</th></tr></thead><tbody>
${rows}
</tbody></table></div>
<button type="submit">Recompute</button> <a href="${path}${p.asOf ? `?as-of=${p.asOf}` : ''}">reset to defaults</a>
</form></details>`;
}

/** What frames a page: its path, title, parameters, the assumptions form or not, a subtitle. */
export interface Frame {
  readonly path: PagePath;
  readonly title: string;
  readonly params: ScreenParams;
  readonly assumptions?: boolean;
  readonly subtitle?: string;
  /** Page fields the date control carries (the study's form), name and value. */
  readonly keep?: readonly (readonly [string, string])[];
}

/** A whole dashboard page: header with nav and controls, the page's body, the client script (charts only add to the page). */
export function layout(opts: Frame & { readonly body: string }): string {
  const { head, tail } = layoutParts(opts);
  return head + opts.body + tail;
}

/**
 * The page around its body: `head` (document head, header with nav, title, date control and
 * assumptions form) and `tail` (footer, script), so that layout = head + body + tail byte for
 * byte; a server can send `head` before the body is computed.
 */
export function layoutParts(opts: Frame): { readonly head: string; readonly tail: string } {
  const q = keptQuery(opts.params);
  const nav = PAGES.map((pg) => `<li><a href="${pg.path}${q}"${pg.path === opts.path ? ' aria-current="page"' : ''}>${pg.name}</a></li>`).join('');
  const head = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} — flowlens${opts.params.asOf ? ` as of ${opts.params.asOf}` : ''}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="wrap"><strong>flowlens</strong> <span class="muted">${opts.params.asOf ? `as of ${escapeHtml(opts.params.asOf)}` : 'latest data'}</span>
<nav class="pages" aria-label="Pages"><ul>${nav}</ul></nav></div></header>
<main class="wrap">
<h1>${escapeHtml(opts.title)}</h1>
${opts.subtitle ? `<p class="muted">${escapeHtml(opts.subtitle)}</p>` : ''}
${controls(opts.path, opts.params, opts.assumptions ?? false, opts.keep)}
`;
  const tail = `
</main>
<footer class="wrap note">flowlens — public data, every assumption shown; measurements, not advice.</footer>
<script src="/assets/dashboard.js" defer></script>
</body>
</html>
`;
  return { head, tail };
}
