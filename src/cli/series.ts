import type { Command } from 'commander';
import pc from 'picocolors';
import { flowlensHome } from '../core/home.ts';
import { CATALOG, catalogEntry } from '../series/catalog.ts';
import { isIsoDate } from '../series/dates.ts';
import { makeSeries, metaOf } from '../series/series.ts';
import { catalogRows } from '../store/catalogRows.ts';
import type { ReadOptions } from '../store/store.ts';
import type { IsoDate } from '../series/types.ts';
import { terminalChart } from '../views/chart.ts';
import { fmtAuto } from '../views/format.ts';
import { FlowlensError, ParameterError } from '../core/errors.ts';
import { readPointInTime, seriesJson } from '../series/pointInTime.ts';
import { wholeFlag } from './flags.ts';
import { printJson, renderTable } from './output.ts';

/** Validates a `YYYY-MM-DD` flag value, naming the flag in the error. */
export function dateFlag(name: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new ParameterError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** `--as-of`: a date (end of that day, UTC) or a full ISO timestamp. */
export function asOfFlag(value: string | undefined): string | undefined {
  if (value === undefined || isIsoDate(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw new ParameterError(`--as-of must be a date YYYY-MM-DD or an ISO timestamp, got "${value}"`);
}

interface ListOptions {
  json?: boolean;
  group?: string;
}

interface ShowOptions {
  from?: string;
  to?: string;
  asOf?: string;
  json?: boolean;
  csv?: boolean;
  limit?: string;
  chart?: boolean;
}

/** `flowlens series list | show`: the catalog with what is stored, and one series in detail. */
export function registerSeries(program: Command): void {
  const series = program.command('series').description('list the catalog and look at stored series');

  series
    .command('list')
    .description('the catalog with first and last date, count, frequency, unit, source and staleness')
    .option('--group <name>', 'only one group (liquidity, rates, labour, volatility, equities, …)')
    .option('--json', 'print as JSON')
    .action(async (opts: ListOptions) => {
      const { openStore } = await import('../store/parquetStore.ts');
      const store = await openStore({ home: flowlensHome(), mode: 'read' });
      try {
        const all = await catalogRows(store);
        const today = all.today;
        // `--group ''` listed every series as if no group were given.
        if (opts.group !== undefined && !CATALOG.some((e) => e.group === opts.group)) throw new ParameterError(`unknown group "${opts.group}" (groups: ${[...new Set(CATALOG.map((e) => e.group))].join(', ')})`);
        const rows = opts.group ? all.series.filter((r) => r.group === opts.group) : all.series;
        if (opts.json) return printJson({ today, series: rows });
        const colour = (status: string) => (status === 'ok' ? pc.green(status) : status === 'stale' ? pc.yellow(status) : pc.red(status));
        process.stdout.write(
          `${renderTable(
            ['id', 'title', 'freq', 'unit', 'source', 'first', 'last', 'count', 'age (d)', 'status'],
            rows.map((r) => [
              r.id,
              r.title.length > 44 ? `${r.title.slice(0, 43)}…` : r.title,
              r.frequency,
              r.unit,
              r.source,
              r.firstDate ?? '—',
              r.lastDate ?? '—',
              r.count,
              r.ageDays ?? '—',
              colour(r.status),
            ]),
            ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'right', 'right', 'left'],
            // Left out first on a narrow terminal: count, first date, source, frequency, unit, age.
            { priority: [0, 0, 5, 4, 6, 7, 0, 8, 3, 0] },
          )}\n`,
        );
        const synced = rows.filter((r) => r.count > 0).length;
        process.stdout.write(`${synced} of ${rows.length} catalog series stored; age counted to ${today}.\n`);
        if (synced === 0) process.stdout.write('Nothing stored yet: run `flowlens sync`, or `flowlens sync --from DIR` offline.\n');
      } finally {
        await store.close();
      }
    });

  series
    .command('show <id>')
    .description('the values of one series, a terminal chart, and its revisions')
    .option('--from <date>', 'first date (YYYY-MM-DD)')
    .option('--to <date>', 'last date (YYYY-MM-DD)')
    .option('--as-of <date>', 'the series as the store knew it at the end of that day (point in time)')
    .option('--limit <n>', 'rows of values to print (the newest)', '20')
    .option('--no-chart', 'omit the chart')
    .option('--json', 'print as JSON')
    .option('--csv', 'print date,value as CSV')
    .action(async (id: string, opts: ShowOptions) => {
      const entry = catalogEntry(id);
      const from = dateFlag('from', opts.from);
      const to = dateFlag('to', opts.to);
      const asOf = asOfFlag(opts.asOf);
      const read: ReadOptions = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(asOf ? { asOf } : {}) };
      const limit = wholeFlag('--limit', opts.limit ?? '20', 0, 1_000_000);
      if (opts.csv && opts.json) throw new FlowlensError('choose one of --csv and --json');
      if (from && to && from > to) throw new FlowlensError(`--from ${from} is after --to ${to}`);
      const { openStore } = await import('../store/parquetStore.ts');
      const store = await openStore({ home: flowlensHome(), mode: 'read' });
      try {
        const pit = await readPointInTime(store, entry, read);
        const points = pit.points;
        if (points.length === 0) {
          const all = read.asOf || read.from || read.to ? await store.read(entry.id) : points;
          throw new FlowlensError(
            all.length === 0
              ? `no data stored for ${entry.id}; run \`flowlens sync --only ${entry.id}\` (or \`flowlens sync --from DIR\` offline)`
              : `no data for ${entry.id} in the requested window${read.asOf ? ` as of ${read.asOf}` : ''} (stored: ${all[0]?.date} → ${all[all.length - 1]?.date})`,
          );
        }
        const revisions = await store.revisions(entry.id, read);
        if (opts.csv) {
          process.stdout.write(`date,${entry.id}\n${points.map((p) => `${p.date},${Number.isNaN(p.value) ? '' : p.value}\n`).join('')}`);
          return;
        }
        if (opts.json) return printJson(seriesJson(entry, read, pit, revisions));
        const s = makeSeries(metaOf(entry), points);
        const valid = points.filter((p) => !Number.isNaN(p.value));
        const last = valid[valid.length - 1];
        process.stdout.write(`${pc.bold(`${entry.id} — ${entry.title}`)}\n`);
        process.stdout.write(
          `${entry.unit}, ${entry.frequency}, source ${entry.source} (${entry.key}); ${points[0]?.date} → ${points[points.length - 1]?.date}, ${valid.length} values` +
            `${read.asOf ? `, as of ${read.asOf}` : ''}\n`,
        );
        if (pit.laterVintages) process.stdout.write(`${pc.yellow(`! no vintage from before ${read.asOf ?? ''}: later retrievals used, each observation from its usual release date`)}\n`);
        if (entry.note) process.stdout.write(`note: ${entry.note}\n`);
        if (last) process.stdout.write(`last: ${pc.bold(fmtAuto(last.value))} on ${last.date}\n`);
        if (opts.chart !== false) {
          const chart = terminalChart(s);
          if (chart) process.stdout.write(`\n${chart}\n`);
        }
        if (limit > 0) {
          const tail = points.slice(-limit);
          process.stdout.write(`\n${renderTable(['date', 'value'], tail.map((p) => [p.date, fmtAuto(p.value)]), ['left', 'right'])}\n`);
        }
        if (revisions.length > 0) {
          process.stdout.write(`\n${pc.bold(`Revisions (${revisions.length} dates)`)}\n`);
          const shown = revisions.slice(-20);
          process.stdout.write(
            `${renderTable(
              ['date', 'values, oldest first (retrieved at)'],
              shown.map((r) => [r.date, r.values.map((v) => `${fmtAuto(v.value)} (${v.retrievedAt.slice(0, 16).replace('T', ' ')})`).join(' → ')]),
            )}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
