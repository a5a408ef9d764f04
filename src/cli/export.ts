import type { Command } from 'commander';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { CATALOG, catalogEntry, type CatalogEntry } from '../series/catalog.ts';
import { metaOf } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import type { ReadOptions } from '../store/store.ts';
import { seriesCsv, unionDates, type TableLayout } from '../views/seriesTable.ts';
import { checkOutputFile } from './outputFile.ts';
import { asOfFlag, dateFlag } from './series.ts';

interface ExportOptions {
  ids?: string;
  group?: string;
  from?: string;
  to?: string;
  asOf?: string;
  format?: string;
  layout: string;
  out?: string;
  json?: boolean;
}

type ExportFormat = 'csv' | 'parquet';

/** The catalog entries named by `--ids A,B` and `--group G` (both: their union, in that order), each once. */
export function exportEntries(ids: string | undefined, group: string | undefined): CatalogEntry[] {
  if (!ids && !group) throw new FlowlensError('export needs --ids A,B or --group NAME (see `flowlens series list`)');
  const out = new Map<string, CatalogEntry>();
  if (ids) {
    for (const id of ids.split(',').map((s) => s.trim())) {
      if (id === '') throw new FlowlensError(`--ids has an empty id: "${ids}"`);
      const e = catalogEntry(id);
      out.set(e.id, e);
    }
  }
  if (group) {
    const inGroup = CATALOG.filter((e) => e.group === group);
    if (inGroup.length === 0) throw new FlowlensError(`unknown group "${group}" (groups: ${[...new Set(CATALOG.map((e) => e.group))].join(', ')})`);
    for (const e of inGroup) out.set(e.id, e);
  }
  return [...out.values()];
}

/** `--format`, or from the file name: `.parquet` → parquet, anything else → csv. */
export function exportFormat(format: string | undefined, out: string | undefined): ExportFormat {
  if (format === undefined) return out?.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv';
  if (format !== 'csv' && format !== 'parquet') throw new FlowlensError(`--format must be csv or parquet, got "${format}"`);
  return format;
}

/** Ids for a one-line message: the first `max`, then how many more (a group such as rates holds hundreds of contracts). */
export function idList(ids: readonly string[], max = 10): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

function layoutFlag(value: string): TableLayout {
  if (value !== 'long' && value !== 'wide') throw new FlowlensError(`--layout must be long or wide, got "${value}"`);
  return value;
}

/** `flowlens export`: stored series to a CSV or Parquet file, for pandas, polars and DuckDB users. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write stored series to a CSV (long or wide) or Parquet file, for pandas, polars or DuckDB')
    .option('--ids <ids>', 'comma-separated series ids (e.g. WALCL,RRPONTSYD)')
    .option('--group <name>', 'every stored series of a group (liquidity, rates, labour, volatility, equities, …)')
    .option('--from <date>', 'first date (YYYY-MM-DD)')
    .option('--to <date>', 'last date (YYYY-MM-DD)')
    .option('--as-of <date>', 'the values as the store knew them at the end of that day (point in time)')
    .option('--format <format>', 'csv or parquet (default: parquet when --out ends in .parquet, else csv)')
    .option('--layout <layout>', 'long: series_id,date,value; wide: date and one column per series', 'long')
    .option('--out <file>', 'the file to write (a CSV goes to stdout without it)')
    .option('--json', 'with --out: print what was written (file, format, layout, series, rows, series left out) as JSON')
    .addHelpText(
      'after',
      '\nRead it back:\n' +
        "  pandas   pd.read_csv('f.csv', parse_dates=['date'])   pd.read_parquet('f.parquet')\n" +
        "  polars   pl.read_csv('f.csv', try_parse_dates=True)   pl.read_parquet('f.parquet')\n" +
        "  DuckDB   SELECT * FROM 'f.csv'                        SELECT * FROM 'f.parquet'\n" +
        'A missing value is an empty CSV field or a Parquet NULL. Series of a --group with no data are left out (named on stderr, all of them in --json); --ids fails on them.',
    )
    .action(async (opts: ExportOptions) => {
      const entries = exportEntries(opts.ids, opts.group);
      const format = exportFormat(opts.format, opts.out);
      const layout = layoutFlag(opts.layout);
      if (format === 'parquet' && !opts.out) throw new FlowlensError('--format parquet needs --out FILE');
      if (opts.json && !opts.out) throw new FlowlensError('--json needs --out FILE (without it the CSV itself goes to stdout)');
      const from = dateFlag('from', opts.from);
      const to = dateFlag('to', opts.to);
      if (from && to && from > to) throw new FlowlensError(`--from ${from} is after --to ${to}`);
      // Before any reading: '' (it wrote to stdout), a directory or a missing folder (named as the temporary file).
      if (opts.out !== undefined) checkOutputFile('--out', opts.out, `series.${format}`);
      const asOf = asOfFlag(opts.asOf);
      const read: ReadOptions = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(asOf ? { asOf } : {}) };
      const { openStore } = await import('../store/parquetStore.ts');
      const store = await openStore({ home: flowlensHome(), mode: 'read' });
      let got: Awaited<ReturnType<typeof store.readManyArrays>>;
      try {
        got = await store.readManyArrays(entries.map((e) => e.id), read);
      } finally {
        await store.close();
      }
      const series: Series[] = [];
      const absent: string[] = [];
      for (const e of entries) {
        const a = got.get(e.id);
        if (a && a.dates.length > 0) series.push({ ...metaOf(e), dates: a.dates, values: a.values, retrievedAt: new Date(a.retrievedMs).toISOString() });
        else absent.push(e.id);
      }
      const window = read.from || read.to || read.asOf ? ' in the requested window' : '';
      if (series.length === 0) throw new FlowlensError(`no data stored for ${idList(absent)}${window}; run \`flowlens sync\` (or \`flowlens sync --from DIR\` offline)`);
      if (absent.length > 0) {
        if (opts.ids && !opts.group) throw new FlowlensError(`no data stored for ${absent.join(', ')}${window}; run \`flowlens sync --only ${absent.join(',')}\``);
        if (!opts.json) process.stderr.write(`flowlens export: no data${window} for ${idList(absent)}: left out${absent.length > 10 ? ' (--json lists them all)' : ''}\n`);
      }
      const rows = layout === 'long' ? series.reduce((n, s) => n + s.dates.length, 0) : unionDates(series).length;
      if (format === 'parquet') {
        const { writeSeriesParquet } = await import('../store/parquetExport.ts');
        await writeSeriesParquet(series, layout, opts.out as string);
      } else if (opts.out) {
        // Written beside the target and renamed: a failed export leaves no half-written file.
        const tmp = `${opts.out}.tmp-${process.pid}`;
        try {
          writeFileSync(tmp, seriesCsv(series, layout));
          renameSync(tmp, opts.out);
        } finally {
          rmSync(tmp, { force: true });
        }
      } else {
        process.stdout.write(seriesCsv(series, layout));
        return;
      }
      if (opts.json) {
        // Written here rather than through output.ts, which loads the terminal's table and chart code.
        process.stdout.write(`${JSON.stringify({ file: opts.out, format, layout, rows, series: series.map((x) => x.id), leftOut: absent }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`Wrote ${series.length} series, ${rows} rows (${layout}) to ${opts.out} as ${format}.\n`);
    });
}
