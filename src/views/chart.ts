import asciichart from 'asciichart';
import { toIso } from '../series/dates.ts';
import type { Series } from '../series/types.ts';
import { autoDecimals } from './format.ts';
import { terminalColumns } from './terminal.ts';

/** Options of a terminal line chart. */
export interface TerminalChartOptions {
  /** Columns available for the plot itself (the axis labels come on top). Default: the terminal width less the labels, at most 72 (72 when not a terminal). */
  readonly width?: number;
  /** Rows of the plot. Default 12. */
  readonly height?: number;
}

/**
 * Downsamples (dates, values) to at most `width` buckets, each the last valid value of its
 * bucket, so a 30-year daily series fits a terminal line. Buckets without a value carry the
 * previous one (the chart must not drop to zero on a gap).
 */
export function downsampleLast(values: Float64Array, width: number): number[] {
  const n = values.length;
  if (n <= width) return Array.from(values);
  const out: number[] = [];
  let carry = Number.NaN;
  for (let b = 0; b < width; b++) {
    const end = Math.floor(((b + 1) * n) / width);
    const start = Math.floor((b * n) / width);
    let v = Number.NaN;
    for (let i = end - 1; i >= start; i--) {
      const x = values[i] as number;
      if (!Number.isNaN(x)) {
        v = x;
        break;
      }
    }
    if (Number.isNaN(v)) v = carry;
    out.push(v);
    carry = v;
  }
  return out;
}

/**
 * A line chart of a series for the terminal (asciichart), with the first and last dates under it.
 * Returns '' when the series has fewer than two values.
 */
export function terminalChart(s: Series, opts: TerminalChartOptions = {}): string {
  const pad = 12;
  const columns = terminalColumns();
  // The y labels take pad + 2 columns; the plot gets the rest of the terminal, at least 20.
  const width = opts.width ?? (columns === undefined ? 72 : Math.max(20, Math.min(72, columns - pad - 3)));
  const height = opts.height ?? 12;
  const points = downsampleLast(s.values, width);
  const first = points.findIndex((v) => !Number.isNaN(v));
  if (first < 0 || points.length - first < 2) return '';
  const valid = points.slice(first);
  const max = Math.max(...valid);
  const decimals = autoDecimals(max);
  const plot = asciichart.plot(valid, {
    height,
    padding: ' '.repeat(pad),
    format: (x: number) => x.toFixed(decimals).padStart(pad),
  });
  const d0 = toIso(s.dates[0] as number);
  const d1 = toIso(s.dates[s.dates.length - 1] as number);
  const axis = `${' '.repeat(pad + 2)}${d0}${' '.repeat(Math.max(1, valid.length - d0.length - d1.length))}${d1}`;
  return `${plot}\n${axis}`;
}
