import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { toIso } from '../series/dates.ts';
import type { Series } from '../series/types.ts';

/** A shaded date range drawn behind a chart (an inversion episode, a drawdown…). */
export interface Band {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

/** Options of a static SVG line chart. */
export interface LineChartOptions {
  readonly title?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
  /** Horizontal reference lines, e.g. 1.0 for the VIX/VIX3M ratio. */
  readonly rules?: readonly number[];
  readonly bands?: readonly Band[];
}

interface Row {
  readonly date: Date;
  readonly value: number;
  readonly series: string;
}

function rows(s: Series): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < s.dates.length; i++) {
    const v = s.values[i] as number;
    if (!Number.isNaN(v)) out.push({ date: new Date(`${toIso(s.dates[i] as number)}T00:00:00Z`), value: v, series: s.title || s.id });
  }
  return out;
}

/**
 * Renders one or more series as a static SVG line chart with Observable Plot in Node (linkedom
 * stands in for the browser DOM). The output is byte-stable for the same input, so it can be
 * compared with a golden file, and needs no script to display.
 */
export function lineChartSvg(series: readonly Series[], opts: LineChartOptions = {}): string {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const data = series.flatMap(rows);
  const marks: Plot.Markish[] = [];
  for (const b of opts.bands ?? []) {
    marks.push(
      Plot.rectX([b], { x1: (d: Band) => new Date(`${d.from}T00:00:00Z`), x2: (d: Band) => new Date(`${d.to}T00:00:00Z`), fill: '#f4a261', fillOpacity: 0.25 }),
    );
  }
  for (const r of opts.rules ?? []) marks.push(Plot.ruleY([r], { stroke: '#888', strokeDasharray: '4,3' }));
  marks.push(Plot.lineY(data, { x: 'date', y: 'value', stroke: series.length > 1 ? 'series' : '#1f6feb', strokeWidth: 1.4 }));
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: opts.width ?? 760,
    height: opts.height ?? 260,
    marginLeft: 56,
    ...(opts.title ? { title: opts.title } : {}),
    x: { type: 'utc' },
    y: { grid: true, ...(opts.yLabel ? { label: opts.yLabel } : {}) },
    ...(series.length > 1 ? { color: { legend: true } } : {}),
    marks,
  }) as unknown as { outerHTML: string };
  return svg.outerHTML;
}

/** One line of a curve chart: a value per x (null where there is none). */
export interface CurveLine {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/**
 * Renders curves over a numeric x that has names (a term structure: x = maturity in days, ticks
 * "9 days", "3 months") as a static SVG with Observable Plot: a line and dots per curve, a legend,
 * the y unit as its label. Byte-stable like lineChartSvg.
 */
export function curveChartSvg(xs: readonly number[], xLabels: readonly string[], lines: readonly CurveLine[], opts: { readonly yLabel?: string; readonly xLabel?: string; readonly width?: number; readonly height?: number } = {}): string {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const data = lines.flatMap((l) => xs.flatMap((x, i) => (l.values[i] === null || l.values[i] === undefined ? [] : [{ x, value: l.values[i] as number, series: l.label }])));
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: opts.width ?? 760,
    height: opts.height ?? 260,
    marginLeft: 56,
    x: { type: 'linear', inset: 14, ticks: [...xs], tickFormat: (d: number) => xLabels[xs.indexOf(d)] ?? String(d), ...(opts.xLabel ? { label: opts.xLabel } : {}) },
    y: { grid: true, ...(opts.yLabel ? { label: opts.yLabel } : {}) },
    color: { legend: true, domain: lines.map((l) => l.label) },
    marks: [Plot.lineY(data, { x: 'x', y: 'value', stroke: 'series', strokeWidth: 1.6 }), Plot.dot(data, { x: 'x', y: 'value', fill: 'series', r: 3 })],
  }) as unknown as { outerHTML: string };
  return svg.outerHTML;
}
