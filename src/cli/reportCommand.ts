import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { buildReport, REPORT_INPUTS } from '../app/report.ts';
import { toDay, todayDay } from '../series/dates.ts';
import { fedInputIds } from '../app/fedInputs.ts';
import type { Series } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { CATALOG } from '../series/catalog.ts';
import { syncFromSources } from '../sync/runSync.ts';
import { verdictSymbol } from '../theses/thesis.ts';
import { parseAsOf, readForModel, type PointInTime } from './data.ts';
import { printJson, renderTable, writeOut } from './output.ts';
import { checkOutputFile, writeOutputFile } from './outputFile.ts';
import { reportJson } from './reportJson.ts';

interface ReportOptions {
  sync?: boolean;
  html?: string;
  json?: boolean;
  asOf?: string;
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
      // The manifest says whether anything is stored: list() would verify every file's checksum
      // (~0.1–0.2 s on a full store), while the read below verifies only the files it opens.
      const empty = Object.keys(store.snapshot().series).length === 0;
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
      // Plot and linkedom (~0.3 s to load) only when HTML is asked for: a dynamic import here.
      if (opts.html !== undefined) {
        const { reportHtml } = await import('./reportHtml.ts');
        writeOutputFile('--html', opts.html, reportHtml(report));
      }
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

