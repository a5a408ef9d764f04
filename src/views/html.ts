/**
 * A self-contained HTML document: inline CSS, charts as inline SVG, no script and no external
 * request, so the file opens offline and prints as it looks.
 */

/** A labelled value shown in a section header row. */
export interface HtmlMetric {
  readonly label: string;
  readonly value: string;
  readonly asOf?: string;
  readonly note?: string;
}

/** A table cell: text or a number, or text shown as a verdict badge and/or a link within the page. */
export type HtmlCell = string | number | { readonly text: string; readonly tone?: 'good' | 'bad' | 'mixed' | 'none'; readonly href?: string };

/** A simple table. */
export interface HtmlTable {
  readonly caption?: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly HtmlCell[])[];
}

/** One section of the report. */
export interface HtmlSection {
  readonly id: string;
  readonly title: string;
  /** A status badge (e.g. a verdict) shown next to the title. */
  readonly badge?: { readonly text: string; readonly tone: 'good' | 'bad' | 'mixed' | 'none' };
  readonly lead?: string;
  readonly metrics?: readonly HtmlMetric[];
  /** Inline SVG strings (from views/svg.ts). */
  readonly charts?: readonly string[];
  readonly tables?: readonly HtmlTable[];
  readonly notes?: readonly string[];
}

/** A whole document. */
export interface HtmlDocument {
  readonly title: string;
  readonly subtitle?: string;
  readonly sections: readonly HtmlSection[];
  readonly footer?: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --good: #1a7f37; --bad: #cf222e; --mixed: #9a6700; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; max-width: 980px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 8px; border-top: 1px solid var(--line); padding-top: 20px; }
.subtitle, .asof, .note { color: var(--muted); } .asof { font-size: 12px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; margin-left: 8px; vertical-align: middle; color: #fff; white-space: nowrap; }
td .badge { margin-left: 0; }
.badge.good { background: var(--good); } .badge.bad { background: var(--bad); } .badge.mixed { background: var(--mixed); } .badge.none { background: var(--muted); }
.metrics { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.metric { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 150px; }
.metric .v { font-size: 20px; font-weight: 600; } .metric .l { font-size: 12px; color: var(--muted); }
figure { margin: 12px 0; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 12px 0; font-size: 13px; } caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
nav ul { columns: 2; padding-left: 18px; }
`;

function table(t: HtmlTable): string {
  const head = t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  // Numbers align right, text left; a rich cell is a badge and/or an in-page link.
  const cell = (c: HtmlCell) => {
    if (typeof c === 'object') {
      const text = c.tone ? `<span class="badge ${c.tone}">${escapeHtml(c.text)}</span>` : escapeHtml(c.text);
      return `<td>${c.href ? `<a href="${escapeHtml(c.href)}">${text}</a>` : text}</td>`;
    }
    return typeof c === 'number' || /^[-+−]?[\d,.]+\s?(%|bn|bp)?$/.test(c) ? `<td class="n">${escapeHtml(String(c))}</td>` : `<td>${escapeHtml(String(c))}</td>`;
  };
  const rows = t.rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n');
  return `<table>${t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function section(s: HtmlSection): string {
  const badge = s.badge ? `<span class="badge ${s.badge.tone}">${escapeHtml(s.badge.text)}</span>` : '';
  const metrics = s.metrics?.length
    ? `<div class="metrics">${s.metrics
        .map(
          (m) =>
            `<div class="metric"><div class="v">${escapeHtml(m.value)}</div><div class="l">${escapeHtml(m.label)}</div>${m.asOf ? `<div class="asof">as of ${escapeHtml(m.asOf)}</div>` : ''}${m.note ? `<div class="asof">${escapeHtml(m.note)}</div>` : ''}</div>`,
        )
        .join('')}</div>`
    : '';
  const charts = (s.charts ?? []).map((svg) => `<figure>${svg}</figure>`).join('\n');
  const tables = (s.tables ?? []).map(table).join('\n');
  const notes = (s.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
  return `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}${badge}</h2>\n${s.lead ? `<p>${escapeHtml(s.lead)}</p>` : ''}\n${metrics}\n${charts}\n${tables}\n${notes}\n</section>`;
}

/** Renders the document to one HTML string. Charts must be SVG markup; everything else is escaped. */
export function renderHtml(doc: HtmlDocument): string {
  const nav = `<nav><ul>${doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(doc.title)}</h1>${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : ''}</header>
${nav}
${doc.sections.map(section).join('\n')}
${doc.footer ? `<footer class="note">${escapeHtml(doc.footer)}</footer>` : ''}
</body>
</html>
`;
}
