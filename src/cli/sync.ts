import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import pc from 'picocolors';
import { FlowlensError, ParameterError } from '../core/errors.ts';
import { explainSystemError } from '../core/osError.ts';
import { flowlensHome } from '../core/home.ts';
import { CATALOG, catalogEntry, type CatalogEntry } from '../series/catalog.ts';
import type { SourceName } from '../series/types.ts';
import { calendarCompanies, calendarSummary, weightCovered } from '../series/earningsCalendar.ts';
import type { UnmatchedFile } from '../sources/files.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';
import type { CalendarImport } from '../sync/earningsCalendar.ts';
import { syncFromFolder } from '../sync/folderSync.ts';
import { DEFAULT_SYNC_TIME_LIMIT_S, formatSeconds, syncFromSources, type SyncRow } from '../sync/runSync.ts';
import { wholeFlag } from './flags.ts';
import { printJson, renderTable, writeOut } from './output.ts';
import { progressReporter } from './progress.ts';

interface SyncOptions {
  from?: string;
  only?: string;
  source?: string;
  json?: boolean;
  maxTime?: string;
}

/** The largest --max-time: six hours (a sync that needs more is not a sync but an outage). */
export const MAX_SYNC_TIME_LIMIT_S = 6 * 3600;

/** The way out when the network is down or hostile, printed under the summary of a live sync. */
export const OFFLINE_HINT = 'Offline or behind a blocking network? Import downloaded files instead: `flowlens sync --from DIR`.';

/**
 * The lines under a live sync's summary about the network: one per unreachable source (how many
 * of its series were skipped, and why), one when the time limit cut the sync short, then the
 * offline hint; empty when the network was fine.
 */
export function networkNotes(rows: readonly SyncRow[]): string[] {
  const notes: string[] = [];
  const bySource = new Map<string, SyncRow[]>();
  for (const r of rows) if (r.skipKind === 'unreachable') bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  for (const skipped of bySource.values()) {
    notes.push(`${(skipped[0]?.skipped ?? '').replace(/^skipped: /, '')}; its ${skipped.length} remaining series skipped.`);
  }
  const late = rows.filter((r) => r.skipKind === 'time-limit');
  if (late.length > 0) notes.push(`${late.length} series ${(late[0]?.skipped ?? '').replace(/^not fetched: /, 'not fetched: ')}.`);
  const failed = rows.filter((r) => r.error);
  const allUnreachable = failed.length > 0 && rows.every((r) => r.skipped || (r.error && /network error|timed out|stopped answering/.test(r.error)));
  if (notes.length > 0 || allUnreachable) notes.push(OFFLINE_HINT);
  return notes;
}

/** The catalog entries a sync covers: all, or those named by --only / --source. */
export function selectEntries(only?: string, source?: string): CatalogEntry[] {
  let entries: CatalogEntry[] = [...CATALOG];
  // `--only ''` or `--source ''` (an unset shell variable) must not widen the sync to everything.
  if (only !== undefined) {
    entries = only.split(',').map((id) => {
      if (id.trim() === '') throw new ParameterError(`--only has an empty series id: "${only}"`);
      return catalogEntry(id.trim());
    });
  }
  if (source !== undefined) {
    const names = new Set(source.split(',').map((s) => s.trim().toLowerCase()));
    const known = new Set(CATALOG.map((e) => e.source));
    for (const n of names) if (!known.has(n as SourceName)) throw new ParameterError(`unknown source "${n}" (sources: ${[...known].join(', ')})`);
    entries = entries.filter((e) => names.has(e.source));
  }
  return entries;
}

/**
 * The folder of `sync --from` (or `serve --refresh-from`: `flag`), checked before the store is
 * opened: one line naming the flag, the path and the fix when it does not exist or is a file.
 */
export function checkImportFolder(dir: string, flag = '--from'): string {
  if (dir.trim() === '') throw new ParameterError(`${flag} needs a folder, got ""`);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FlowlensError(`${flag} ${dir}: no such folder: give the folder that holds the downloaded files (e.g. ../shared/data)`);
    if (code === 'ENOTDIR') throw new FlowlensError(`${flag} ${dir}: a part of the path is a file, not a folder: give the folder that holds the files`);
    return explainSystemError(err, flag);
  }
  if (!isDir) throw new FlowlensError(`${flag} ${dir} is a file: give the folder that holds it (sync --from imports every file of a folder)`);
  return dir;
}

/**
 * The sync summary's line on the S&P 500 earnings calendar, or undefined when its files are not in
 * the folder (a failure is listed with the files that could not be read).
 */
export function calendarSummaryLine(c: CalendarImport): string | undefined {
  if (c.status === 'imported') return `S&P 500 earnings calendar: ${calendarSummary(c.calendar)} imported from ${basename(c.files[0])} and ${basename(c.files[1])}.`;
  if (c.status === 'unchanged') return `S&P 500 earnings calendar: ${calendarSummary(c.calendar)}, unchanged (the same ${basename(c.files[0])} and ${basename(c.files[1])} as imported ${c.calendar.importedAt.slice(0, 10)}; not parsed again).`;
  if (c.status === 'incomplete') return `S&P 500 earnings calendar not imported: ${basename(c.present)} is here, ${c.missing} is not (both are needed: the dates say when each company reports, the weights how much of the index it is).`;
  return undefined;
}

/** The calendar's outcome for `sync --json`. */
function calendarJson(c: CalendarImport, file: string) {
  if (c.status === 'imported' || c.status === 'unchanged') {
    return { status: c.status, file, reports: c.calendar.reports.length, companies: calendarCompanies(c.calendar), weightCovered: weightCovered(c.calendar), withoutWeight: c.calendar.withoutWeight, withoutDates: c.calendar.withoutDates, sources: c.calendar.sources, importedAt: c.calendar.importedAt };
  }
  if (c.status === 'failed') return { status: c.status, error: c.error, file: c.file };
  if (c.status === 'incomplete') return { status: c.status, present: c.present, missing: c.missing };
  return { status: c.status };
}

/** The unmatched files of an import without the calendar's files once they were read as the calendar. */
export function calendarUnmatched(unmatched: readonly UnmatchedFile[], c: CalendarImport): UnmatchedFile[] {
  if (c.status === 'absent' || c.status === 'incomplete') return [...unmatched];
  return unmatched.filter((u) => u.file !== c.files[0] && u.file !== c.files[1]);
}

/** An error for the table: the URL shortened to its host (the full text is in --json). */
export function shortError(error: string): string {
  return error.replace(/^https?:\/\/([^/\s]+)\S*: /, '$1: ');
}

function summaryTable(rows: readonly SyncRow[]): string {
  return renderTable(
    ['series', 'source', 'new', 'revised', 'last date', 'error'],
    rows.map((r) => [r.seriesId, r.source, r.added, r.revised, r.lastDate ?? '—', r.error ? pc.red(shortError(r.error).slice(0, 100)) : r.skipped ? pc.dim(r.skipped) : r.unchanged ? pc.dim(`unchanged: ${r.origin.split(',').map((f) => basename(f)).join(', ')} as last imported`) : '']),
    ['left', 'left', 'right', 'right', 'left', 'left'],
    // The source, then the revised and new counts go first: the series, its last date and any error stay (the error wraps).
    { priority: [0, 3, 1, 2, 0, 0] },
  );
}

/** `flowlens sync`: download (or import) every catalog series into the local store. */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('download every catalog series from its public source into the local store (or import a folder with --from)')
    .option('--from <dir>', 'import files in the sources\' own formats from a folder instead of downloading')
    .option('--only <ids>', 'comma-separated series ids to sync')
    .option('--source <names>', 'only these sources (fred, cboe, yahoo, coinbase, eia, dfa, cftc, sec)')
    .option('--json', 'print the summary as JSON')
    .option('--max-time <seconds>', `bound on a live sync, 1 to ${MAX_SYNC_TIME_LIMIT_S.toLocaleString('en-US')} s; what is not fetched by then is skipped (default ${DEFAULT_SYNC_TIME_LIMIT_S} s)`)
    .addHelpText(
      'after',
      '\nThe store lives in $FLOWLENS_HOME (default: the platform data directory).\n' +
        'Keys, when set, unlock more: FRED_API_KEY (FRED JSON API with ALFRED vintages), EIA_API_KEY (EIA API v2).\n' +
        "SEC EDGAR asks for a contact in the User-Agent: FLOWLENS_SEC_USER_AGENT='Your Name you@example.com'.\n" +
        'A source that leaves 3 requests in a row unanswered (refused, DNS failure, timeout) is skipped for the rest of the sync.\n' +
        'Exit code 1 when any series failed; the others are stored all the same.',
    )
    .action(async (opts: SyncOptions, cmd: Command) => {
      const verbose = Boolean(cmd.optsWithGlobals<{ verbose?: boolean }>().verbose);
      const entries = selectEntries(opts.only, opts.source);
      const timeLimitS = opts.maxTime === undefined ? DEFAULT_SYNC_TIME_LIMIT_S : wholeFlag('--max-time', opts.maxTime, 1, MAX_SYNC_TIME_LIMIT_S);
      // `--from ''` is an error, not a download from the network.
      const from = opts.from !== undefined ? checkImportFolder(opts.from) : undefined;
      const home = flowlensHome();
      const store = await openStore({ home, mode: 'write' });
      const progress = progressReporter({ verbose, quiet: Boolean(opts.json) });
      const t0 = performance.now();
      try {
        if (from !== undefined) {
          // Series whose files are those of their last import are not parsed again (see importStamp).
          const { rows, imported, calendar } = await syncFromFolder(store, from, { wanted: new Set(entries.map((e) => e.id)), progress, columnsAt: storePaths(home).fileColumns });
          progress.stop();
          const seconds = (performance.now() - t0) / 1000;
          const failedFiles = [
            ...imported.problems.map((p) => ({ file: p.file, ...(p.seriesId ? { seriesId: p.seriesId } : {}), message: p.error.message })),
            ...(calendar.status === 'failed' ? [{ file: calendar.file, message: `${calendar.error}; the S&P 500 earnings calendar was not imported (the stored one, if any, is kept)` }] : []),
          ];
          const unmatched = calendarUnmatched(imported.unmatched, calendar);
          const calendarLine = calendarSummaryLine(calendar);
          const missing = imported.missing.filter((id) => entries.some((e) => e.id === id));
          if (opts.json) {
            printJson({ home, from: opts.from, seconds, rows, earningsCalendar: calendarJson(calendar, storePaths(home).earningsCalendar), unmatchedFiles: unmatched, fileErrors: failedFiles, rowErrors: imported.rowProblems, missingSeries: missing });
          } else {
            writeOut(`${summaryTable(rows)}\n`);
            if (calendarLine !== undefined) writeOut(`\n${calendarLine}\n`);
            if (unmatched.length > 0) {
              writeOut(`\n${pc.bold('Files that match no catalog series')} (${unmatched.length}):\n`);
              for (const u of unmatched) writeOut(`  ${u.file}: ${u.reason}\n`);
            }
            if (failedFiles.length > 0) {
              writeOut(`\n${pc.bold(pc.red('Files that could not be read'))} (${failedFiles.length}):\n`);
              for (const e of failedFiles) writeOut(`  ${e.message}\n`);
            }
            if (imported.rowProblems.length > 0) {
              const shown = imported.rowProblems.slice(0, 50);
              writeOut(`\n${pc.bold(pc.yellow('Rows left out'))} (${imported.rowProblems.length}; the rest of each file was imported):\n`);
              for (const r of shown) writeOut(`  ${r.message}\n`);
              if (shown.length < imported.rowProblems.length) writeOut(`  … and ${imported.rowProblems.length - shown.length} more (all of them with --json)\n`);
            }
            // A folder of a few files left ~1,000 ids (every fed funds contract) on the screen: the first 20 here, all with --json.
            if (missing.length > 0) writeOut(`\nCatalog series found in no file (${missing.length}): ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` … and ${missing.length - 20} more (all of them with --json)` : ''}\n`);
            const stored = rows.filter((r) => !r.error).length;
            const unchanged = rows.filter((r) => r.unchanged).length;
            const same = unchanged > 0 ? ` (${unchanged} unchanged: the same files as at their last import, not parsed again)` : '';
            writeOut(`\nImported ${stored} series${same} from ${opts.from} into ${home} in ${seconds.toFixed(1)} s.\n`);
          }
          if (rows.some((r) => r.error) || failedFiles.length > 0 || imported.rowProblems.length > 0) process.exitCode = 1;
        } else {
          // Loaded only for a live sync: the offline import needs none of the HTTP adapters.
          const { createSources } = await import('../sources/registry.ts');
          // A full live sync leaves out the contracts not listed today (a futures family spans
          // decades); --only names them, and the summary then says why they were skipped.
          const today = new Date().toISOString().slice(0, 10);
          const live = opts.only ? entries : entries.filter((e) => !e.live || (today >= e.live.from && today <= e.live.until));
          const rows = await syncFromSources(store, live, createSources(process.env), { progress, timeLimitMs: timeLimitS * 1000 });
          progress.stop();
          const seconds = (performance.now() - t0) / 1000;
          const notes = networkNotes(rows);
          const warnings = rows.flatMap((r) => r.warnings ?? []);
          if (opts.json) printJson({ home, seconds, timeLimitSeconds: timeLimitS, rows, ...(notes.length > 0 ? { network: notes } : {}) });
          else {
            writeOut(`${summaryTable(rows)}\n`);
            const failed = rows.filter((r) => r.error).length;
            const skippedN = rows.filter((r) => r.skipped).length;
            if (warnings.length > 0) {
              const shown = warnings.slice(0, 50);
              writeOut(`\n${pc.bold(pc.yellow('Rows left out as implausible'))} (${warnings.length}; the rest of each series was stored):\n`);
              for (const w of shown) writeOut(`  ${w}\n`);
              if (shown.length < warnings.length) writeOut(`  … and ${warnings.length - shown.length} more (all of them with --json)\n`);
            }
            writeOut(
              `\n${skippedN ? `${skippedN} series skipped. ` : ''}Synced ${rows.length - failed - skippedN} of ${rows.length - skippedN} series into ${home} in ${seconds.toFixed(1)} s (time limit ${formatSeconds(timeLimitS * 1000)})${failed > 0 ? pc.red(`; ${failed} failed`) : ''}.\n`,
            );
            for (const n of notes) writeOut(`${n}\n`);
          }
          if (rows.some((r) => r.error || r.skipKind === 'unreachable' || r.skipKind === 'time-limit')) process.exitCode = 1;
        }
      } finally {
        progress.stop();
        await store.close();
      }
    });
}
