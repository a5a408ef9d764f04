// Pure helpers of the client (tested in Node): date conversion, ranges, CSV, the last value.
import type { ChartData } from '../../app/screens/chartData.ts';

/** The chart JSON the page embeds: the screen's ChartData (a type only, erased from the bundle). */
export type ClientChart = ChartData;

/** `YYYY-MM-DD` → Unix seconds at 00:00 UTC (uPlot's time axis). */
export function toSeconds(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 1000;
}

/** The first x (seconds) of a 1Y / 5Y / Max range ending at the last x. */
export function rangeStart(xs: readonly number[], range: string): number {
  const first = xs[0] ?? 0;
  const last = xs[xs.length - 1] ?? 0;
  const years = range === '1y' ? 1 : range === '5y' ? 5 : 0;
  return years ? Math.max(first, last - years * 365.25 * 86400) : first;
}

/** The chart as CSV: a date column and one column per line (with the unit), empty where a line has no value. */
export function chartCsv(c: ClientChart): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = [c.x === 'days' ? 'trading_days_after' : c.x === 'maturity' ? 'maturity_days' : 'date', ...c.lines.map((l) => q(`${l.label} (${c.unit})`))].join(',');
  const rows = c.dates.map((d, i) => [d, ...c.lines.map((l) => (l.values[i] === null || l.values[i] === undefined ? '' : String(l.values[i])))].join(','));
  return `${[head, ...rows].join('\n')}\n`;
}

/** The last non-null value of a line and its date. */
export function lastValue(c: ClientChart, line: number): { date: string; value: number } | undefined {
  const vs = c.lines[line]?.values ?? [];
  for (let i = vs.length - 1; i >= 0; i--) {
    const v = vs[i];
    if (v !== null && v !== undefined) return { date: c.dates[i] ?? '', value: v };
  }
  return undefined;
}

/** The name of the x at index i: the date, "day N" after an event, or the maturity's name ("3 months"). */
export function xName(c: ClientChart, i: number): string {
  const d = c.dates[i] ?? '';
  return c.x === 'days' ? `day ${d}` : c.x === 'maturity' ? (c.xLabels?.[i] ?? `${d} days`) : d;
}
