import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { isIsoDate, toIso } from '../series/dates.ts';
import { sliceSeries } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { terminalChart } from '../views/chart.ts';
import { drawTable } from '../views/drawTable.ts';
import { fitTable, wrapCell, wrapText, type FitOptions } from '../views/fitTable.ts';
import { tableColumns } from '../views/terminal.ts';

/** Writes a value as pretty JSON on stdout (the `--json` output of every command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

/**
 * A plain table for the terminal: header in bold, no colours when stdout is not a TTY. On a
 * terminal (or with COLUMNS set) it fits the width: columns with the highest `priority` number
 * are left out first (0, the default, never), then long text cells wrap (see views/fitTable.ts),
 * and a last line names what was left out and that `--wide` shows all. Piped output is never
 * cut, as `ls` and `gh` do.
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: readonly ('left' | 'right')[],
  fit: FitOptions = {},
  columns: number | undefined = tableColumns(),
): string {
  const fitted = fitTable(head, rows.map((r) => r.map((c) => String(c))), columns, fit);
  const table = drawTable(
    fitted.head.map((h) => pc.bold(h)),
    fitted.rows,
    align ? fitted.kept.map((i) => align[i] ?? 'left') : [],
  );
  const note = fitted.dropped.length > 0 && columns !== undefined ? `\n${pc.dim(wrapCell(`(left out to fit ${columns} columns: ${fitted.dropped.join(', ')}; --wide shows all)`, columns))}` : '';
  return `${table}${note}`;
}

/**
 * Writes a command's text output: on a terminal (or with COLUMNS set) its prose lines wrap to
 * the width, as tables and charts already fit it; piped output is written as is.
 */
export function writeOut(text: string): void {
  process.stdout.write(wrapText(text, tableColumns()));
}

/** Options every data command accepts. */
export interface CommonOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/**
 * A terminal chart of `s` from `from` on, with its title; or, when nothing is left to draw (a
 * `--from` after the last date, or after `--as-of`), one line saying why instead of silently
 * dropping the chart.
 */
export function chartSince(s: Series, from: string | undefined, title: string, height = 10): string[] {
  const chart = terminalChart(sliceSeries(s, from), { height });
  if (chart) return ['', title, chart];
  const last = s.dates.length > 0 ? toIso(s.dates[s.dates.length - 1] as number) : undefined;
  return ['', pc.yellow(`! no chart: ${from !== undefined && last !== undefined && from > last ? `--from ${from} is after the last date ${last}` : 'fewer than two values to draw'}`)];
}

/** Validates a `YYYY-MM-DD` flag value, naming the flag in the error. */
export function dateFlag(flag: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new FlowlensError(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}
