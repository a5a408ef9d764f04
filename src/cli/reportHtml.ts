// The report as HTML with SVG charts: the one part of `report` that needs Observable Plot and
// linkedom, so the command imports this module only when --html asks for it.
import type { Report } from '../app/report.ts';
import type { ThesisResult } from '../theses/thesis.ts';
import { renderHtml, type HtmlSection } from '../views/html.ts';
import { lineChartSvg } from '../views/svg.ts';

/** The report's title: "right now" only for the latest data, the date under `--as-of`. */
export function reportTitle(asOf: string | undefined | null): string {
  return asOf ? `flowlens: was the flows thesis true on ${asOf}?` : 'flowlens: is the flows thesis true right now?';
}

/** The report as one self-contained HTML document (inline CSS and SVG, no script); `banner` joins the subtitle (e.g. `flowlens serve`'s data line). */
export function reportHtml(r: Report, opts: { readonly banner?: string } = {}): string {
  const hasSection = (t: ThesisResult) => t.verdict !== 'not enough data' || t.metrics.length > 0;
  const tone = (v: ThesisResult['verdict']) => (v === 'supported' ? 'good' : v === 'not supported' ? 'bad' : v === 'mixed' ? 'mixed' : 'none');
  const sections: HtmlSection[] = [
    {
      id: 'scorecard',
      title: 'Scorecard',
      // A claim links to its section when it has one (a claim with nothing measured has none).
      tables: [{ head: ['claim', 'verdict', 'why'], rows: r.theses.map((t) => [hasSection(t) ? { text: t.statement, href: `#${t.id}` } : t.statement, { text: t.verdict, tone: tone(t.verdict) }, t.reason]) }],
    },
    { id: 'flows', title: 'Flows that matter this week', notes: r.flowsThisWeek },
    ...r.theses
      .filter(hasSection)
      .map(
        (t): HtmlSection => ({
          id: t.id,
          title: t.statement,
          badge: { text: t.verdict, tone: tone(t.verdict) },
          lead: t.reason,
          metrics: t.metrics.map((m) => ({ label: m.label, value: m.value, ...(m.asOf ? { asOf: m.asOf } : {}) })),
          charts: t.chart ? [lineChartSvg(t.chart.series, { title: t.chart.title, ...(t.chart.rules ? { rules: t.chart.rules } : {}), ...(t.chart.bands ? { bands: t.chart.bands } : {}) })] : [],
          tables: t.table ? [{ caption: t.table.caption, head: t.table.head, rows: t.table.rows }] : [],
          notes: [`Rule: ${t.rule}`],
        }),
      ),
    {
      id: 'as-of',
      title: 'As of / assuming',
      tables: [
        { caption: 'Last date of each input', head: ['series', 'last date'], rows: Object.entries(r.inputsAsOf).sort().map(([k, v]) => [k, v]) },
        ...r.assumptions.map((m) => ({ caption: m.model, head: ['parameter', 'value', 'default', 'source'], rows: m.assumptions.map((a) => [a.name, `${a.value}${a.unit ? ` ${a.unit}` : ''}`, String(a.default), a.source]) })),
      ],
      notes: r.notes,
    },
  ];
  return renderHtml({
    title: reportTitle(r.asOf),
    subtitle: `${r.asOf ? `As of ${r.asOf}` : 'Latest data'}; generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC${opts.banner ? ` — ${opts.banner}` : ''}`,
    sections,
    footer: 'flowlens — public data, every assumption shown. Verdicts follow the stated rules; they are measurements, not advice.',
  });
}
