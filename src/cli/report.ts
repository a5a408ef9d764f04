import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { buildReport, REPORT_INPUTS, type Report } from '../app/report.ts';
import { toDay, todayDay, toIso } from '../series/dates.ts';
import { fedInputIds } from '../app/fedInputs.ts';
import type { Series } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { CATALOG } from '../series/catalog.ts';
import { syncFromSources } from '../sync/runSync.ts';
import { verdictSymbol, type ThesisResult } from '../theses/thesis.ts';
import { renderHtml, type HtmlSection } from '../views/html.ts';
import { lineChartSvg } from '../views/svg.ts';
import { parseAsOf, readForModel, type PointInTime } from './data.ts';
import { printJson, renderTable , writeOut } from './output.ts';
import { checkOutputFile, writeOutputFile } from './outputFile.ts';

// The scorecard is built in the application layer; the server and the benchmark import it from here too.
export { buildReport, REPORT_INPUTS, type Report };

interface ReportOptions {
  sync?: boolean;
  html?: string;
  json?: boolean;
  asOf?: string;
}

/**
 * The report for `--json`: as built, with each chart's series as ISO dates and values (typed
 * arrays would serialise as objects keyed by index, and day numbers mean nothing to a script).
 */
export function reportJson(r: Report): unknown {
  return {
    ...r,
    theses: r.theses.map((t) =>
      t.chart
        ? {
            ...t,
            chart: {
              ...t.chart,
              series: t.chart.series.map((s) => ({ id: s.id, title: s.title, unit: s.unit, dates: Array.from(s.dates, (d) => toIso(d)), values: Array.from(s.values, (v) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null)) })),
              ...(t.chart.bands ? { bands: t.chart.bands } : {}),
            },
          }
        : t,
    ),
  };
}

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

/**
 * An empty store is filled by a live sync first. One quick probe (a single FRED request, no
 * retries) tells an offline machine at once, so it gets the one-line hint instead of minutes of
 * retries.
 */
async function firstSync(home: string): Promise<void> {
  const { createSources } = await import('../sources/registry.ts');
  const { fetchFred } = await import('../sources/fred.ts');
  const { HttpClient } = await import('../sources/http.ts');
  const probeUrl = process.env.FLOWLENS_FRED_URL ? { graphUrl: process.env.FLOWLENS_FRED_URL } : {};
  try {
    await fetchFred('WALCL', 'WALCL', new HttpClient({ attempts: 1, timeoutMs: 8000 }), probeUrl);
  } catch {
    throw new FlowlensError('the store is empty and FRED cannot be reached: import files instead with `flowlens sync --from DIR` (e.g. ../shared/data)');
  }
  process.stderr.write('The store is empty: syncing every series first (flowlens sync)…\n');
  const store = await openStore({ home, mode: 'write' });
  try {
    const rows = await syncFromSources(store, CATALOG, createSources(process.env));
    const failed = rows.filter((r) => r.error).length;
    process.stderr.write(`Synced ${rows.length - failed} series${failed ? `, ${failed} failed (see \`flowlens series list\`)` : ''}.\n`);
  } finally {
    await store.close();
  }
}

/** `flowlens report`: the scorecard of the thesis, in the terminal, as HTML or as JSON. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the scorecard: each claim of the flows thesis with its evidence and verdict, and the flows that matter this week')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--as-of <date>', 'the report as it would have read on that date')
    .option('--json', 'print the whole scorecard as JSON')
    .option('--no-sync', 'do not sync an empty store first')
    .action(async (opts: ReportOptions) => {
      const asOf = parseAsOf(opts.asOf);
      // Checked before the build: a bad path should fail in a moment, not after the report.
      if (opts.html !== undefined) checkOutputFile('--html', opts.html);
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const home = flowlensHome();
      let store = await openStore({ home, mode: 'read' });
      const empty = (await store.list()).length === 0;
      if (empty) {
        await store.close();
        if (opts.sync === false) throw new FlowlensError('the store is empty: run `flowlens sync` (online) or `flowlens sync --from ../shared/data` (offline) first');
        await firstSync(home);
        store = await openStore({ home, mode: 'read' });
      }
      let data: Map<string, Series>;
      try {
        data = await readForModel(store, [...new Set([...REPORT_INPUTS, ...fedInputIds(asOf ? toDay(asOf) : todayDay())])], pit);
      } finally {
        await store.close();
      }
      const report = buildReport(data, pit);
      if (opts.html !== undefined) writeOutputFile('--html', opts.html, reportHtml(report));
      if (opts.json) return printJson(reportJson(report));
      const out: string[] = [pc.bold(`flowlens scorecard${asOf ? ` as of ${asOf}` : ''}`)];
      out.push(
        renderTable(
          ['', 'claim', 'verdict', 'key number'],
          report.theses.map((t) => [verdictSymbol(t.verdict), t.statement.length > 70 ? `${t.statement.slice(0, 69)}…` : t.statement, t.verdict, t.metrics[0] ? `${t.metrics[0].label}: ${t.metrics[0].value}${t.metrics[0].asOf ? ` (${t.metrics[0].asOf})` : ''}` : '—']),
          ['left', 'left', 'left', 'left'],
        ),
      );
      out.push('', pc.bold('Why'), ...report.theses.filter((t) => t.verdict !== 'not enough data' || !t.reason.startsWith('not measured')).map((t) => `  ${verdictSymbol(t.verdict)} ${t.id}: ${t.reason}`));
      out.push('', pc.bold('Flows that matter this week'), ...report.flowsThisWeek.map((f) => `  • ${f}`));
      for (const n of report.notes) out.push(pc.yellow(`! ${n}`));
      if (opts.html) out.push('', `HTML report written to ${opts.html}`);
      writeOut(`${out.join('\n')}\n`);
    });
}

