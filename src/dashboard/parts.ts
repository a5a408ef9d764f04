import type { ChartData } from '../app/screens/chartData.ts';
import type { ScreenProblem } from '../app/screens/read.ts';
import { toDay } from '../series/dates.ts';
import type { Series } from '../series/types.ts';
import { fmtNumber } from '../views/format.ts';
import { escapeHtml } from '../views/html.ts';
import { curveChartSvg, lineChartSvg } from '../views/svg.ts';

/** A table cell: text, a number (right-aligned), or a badge; `sub` is a second, smaller line under the text (a distance under a level). */
export type Cell = string | number | { readonly text: string; readonly tone?: 'good' | 'bad' | 'mixed' | 'none' | 'stale'; readonly num?: boolean; readonly sub?: string };

/** An ISO date, kept on one line (a narrow column broke "2026-07-01" after "2026-07-"). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** From this many columns a table becomes one card per row on a narrow screen (layout.ts CSS). */
const STACK_FROM_COLUMNS = 4;

/**
 * A table in a box that scrolls sideways on its own (the page never does). A table of
 * STACK_FROM_COLUMNS columns or more is marked to stack on a phone: each row a card, each cell
 * labelled with its column (`data-label`), so it fits 390 px without scrolling.
 */
export function table(head: readonly string[], rows: readonly (readonly Cell[])[], caption?: string): string {
  const isNum = (c: Cell) => typeof c === 'number' || (typeof c === 'object' && c.num === true) || (typeof c === 'string' && /^[-+−]?[\d,.]+\s?(%|bn|bp|×|σ)?$/.test(c));
  const stack = head.length >= STACK_FROM_COLUMNS;
  const label = (i: number) => (stack && head[i] !== undefined ? ` data-label="${escapeHtml(head[i])}"` : '');
  const cell = (c: Cell, i: number) => {
    if (typeof c === 'object') {
      const text = c.tone === 'stale' ? `<span class="stale">${escapeHtml(c.text)}</span>` : c.tone ? `<span class="badge ${c.tone}">${escapeHtml(c.text)}</span>` : escapeHtml(c.text);
      const inner = c.sub !== undefined ? `<span class="cellv">${text}<span class="sub">${escapeHtml(c.sub)}</span></span>` : text;
      return `<td${c.num ? ' class="n"' : ''}${label(i)}>${inner}</td>`;
    }
    const cls = isNum(c) ? ' class="n"' : typeof c === 'string' && ISO_DATE.test(c) ? ' class="d"' : '';
    return `<td${cls}${label(i)}>${escapeHtml(String(c))}</td>`;
  };
  const region = caption ? ` role="region" aria-label="${escapeHtml(caption)}" tabindex="0"` : '';
  return `<div class="scroll"${region}><table${stack ? ' class="stack"' : ''}>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n')}
</tbody></table></div>`;
}

/** Headline numbers. */
export function metrics(items: readonly { readonly label: string; readonly value: string; readonly id?: string }[]): string {
  return `<div class="metrics">${items.map((m) => `<div class="metric"><div class="v"${m.id ? ` id="${escapeHtml(m.id)}"` : ''}>${escapeHtml(m.value)}</div><div class="l">${escapeHtml(m.label)}</div></div>`).join('')}</div>`;
}

/** Problems of a screen (a missing series, too short a history) as one line each. */
export function problems(ps: readonly ScreenProblem[]): string {
  return ps.map((p) => `<p class="problem">${escapeHtml(p.part)}: ${escapeHtml(p.reason)}</p>`).join('\n');
}

/** Notes. */
export function notes(ns: readonly string[]): string {
  return ns.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
}

/** Formats a number with fixed decimals and a true minus sign; "—" for a missing one. */
export function fmt(x: number | null | undefined, decimals = 1, signed = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  // A cached formatter (views/format.ts): toLocaleString with options builds one per call, which
  // cost a page with a few charts ~1 s.
  const s = fmtNumber(Math.abs(x), decimals);
  return `${x < 0 && Number(s.replace(/,/g, '')) !== 0 ? '−' : signed && x > 0 ? '+' : ''}${s}`;
}

/** JSON inside a <script> element: `<` escaped so no string can end the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The static SVG of a chart (views/svg.ts): readable without script; the client draws the live chart over it. */
function staticSvg(c: ChartData): string {
  if (c.x === 'maturity') return curveChartSvg(c.dates.map(Number), c.xLabels ?? c.dates, c.lines, { yLabel: c.unit, xLabel: 'maturity' });
  // At most ~1,200 points per line: a static chart 760 px wide shows no more (the JSON keeps all).
  const step = Math.max(1, Math.ceil(c.dates.length / 1200));
  const keep = c.dates.map((_, i) => i).filter((i) => i % step === 0 || i === c.dates.length - 1);
  if (step > 1) c = { ...c, dates: keep.map((i) => c.dates[i] as string), lines: c.lines.map((l) => ({ ...l, values: keep.map((i) => l.values[i] ?? null) })) };
  const days = Int32Array.from(c.dates, (d) => toDay(d));
  const series: Series[] = c.lines.map((l) => ({ id: l.label, title: l.label, unit: c.unit, frequency: 'daily', source: 'fred', dates: days, values: Float64Array.from(l.values, (v) => (v === null ? Number.NaN : v)), retrievedAt: '' }));
  return lineChartSvg(series, { yLabel: c.unit, ...(c.rules ? { rules: c.rules } : {}), ...(c.bands ? { bands: c.bands } : {}) });
}

/** Up to this many rows the no-script fallback is a table of every point; longer charts get the static SVG and a table of the last rows. */
const TABLE_ROWS = 40;

/**
 * The range buttons a date chart needs: 1Y when it spans more than a year, 5Y when more than five,
 * and Max beside them (a 21-day scenario fan or a 4-month buyback calendar has none: each button
 * would show the same thing).
 */
export function rangeButtons(dates: readonly string[]): string {
  const first = dates[0];
  const last = dates[dates.length - 1];
  const span = first !== undefined && last !== undefined ? toDay(last) - toDay(first) : 0;
  const ranges = [...(span > 366 ? ['1y'] : []), ...(span > 5 * 366 ? ['5y'] : [])];
  return ranges.length ? [...ranges, 'max'].map((r) => `<button type="button" data-range="${r}">${r === 'max' ? 'Max' : r.toUpperCase()}</button>`).join('') : '';
}

/**
 * A chart: a figure named by its title (with its unit, unless the title already ends with it:
 * the report's charts name theirs), the one-line summary as its caption, the static SVG
 * (or, for short charts, a table of the points) for readers without script, the last points as
 * a table, and the data as JSON for the client (src/dashboard/client/main.ts).
 */
export function chartFigure(c: ChartData | undefined): string {
  if (!c) return '';
  if (c.dates.length === 0) return `<p class="note">${escapeHtml(c.title)}: no data.</p>`;
  const id = `chart-${c.id}`;
  // Only the rows the table shows are formatted (a chart holds up to ~10,000 dates).
  const byX = c.x === 'days' || c.x === 'maturity';
  const xName = (i: number) => (c.x === 'maturity' ? (c.xLabels?.[i] ?? (c.dates[i] as string)) : (c.dates[i] as string));
  const row = (i: number) => [xName(i), ...c.lines.map((l) => fmt(l.values[i], 2))];
  const shown = byX ? c.dates.map((_, i) => i) : c.dates.map((_, i) => i).slice(-Math.min(TABLE_ROWS, c.dates.length)).reverse();
  const lastRows = shown.map(row);
  // Without script: the static SVG for a long time series and for a curve; a short chart's table is its own fallback.
  const fallback = (c.dates.length > TABLE_ROWS && !byX) || c.x === 'maturity' ? `<div class="static" role="img" aria-label="${escapeHtml(`${c.title}: ${c.summary}`)}">${staticSvg(c)}</div>` : '';
  const xHead = c.x === 'days' ? 'trading days after' : c.x === 'maturity' ? 'maturity' : 'date';
  return `<figure class="chart" id="${id}" data-chart="${escapeHtml(c.id)}" aria-labelledby="${id}-t" aria-describedby="${id}-s">
<figcaption><div class="t" id="${id}-t">${escapeHtml(c.title)}${c.title.endsWith(`(${c.unit})`) ? '' : ` <span class="muted">(${escapeHtml(c.unit)})</span>`}</div><div class="s" id="${id}-s">${escapeHtml(c.summary)}</div></figcaption>
<div class="tools" role="toolbar" aria-label="${escapeHtml(c.title)}: range and downloads">${byX ? '' : rangeButtons(c.dates)}<button type="button" data-download="csv">CSV</button><button type="button" data-download="png">PNG</button></div>
<div class="tip" aria-live="polite"></div>
<div class="plot"></div>
${fallback}
<details><summary>${c.dates.length > TABLE_ROWS && !byX ? `Last ${TABLE_ROWS} of ${c.dates.length} points` : `All ${c.dates.length} points`} as a table</summary>${table([xHead, ...c.lines.map((l) => `${l.label} (${c.unit})`)], lastRows)}</details>
<script type="application/json" class="chart-data">${scriptJson(c)}</script>
</figure>`;
}
