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

/** A value as the chart shows it: 1,234 / 123.4 / 12.34 / 0.123, with "%" when the unit is a percentage ("%", "% of AUM"). */
export function valueText(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const n = a >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toFixed(a >= 100 ? 1 : a >= 1 ? 2 : 3);
  return unit === '%' || unit.startsWith('% ') ? `${n}%` : n;
}

/** What follows a valueText to name the unit: "" for "%", "of AUM" for "% of AUM" (its "%" is already on the number), else the unit. */
export function unitAfter(unit: string): string {
  return unit === '%' ? '' : unit.startsWith('% ') ? unit.slice(2) : unit;
}

/** A value with its unit, said once: "73.61% of AUM", "0.874 USD bn", "12.50%". */
export function withUnit(v: number | null | undefined, unit: string): string {
  return `${valueText(v, unit)} ${unitAfter(unit)}`.trim();
}

/** The part of a 2-D canvas context the last-value label uses. */
export interface LabelContext {
  font: string;
  textAlign: string;
  textBaseline: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: string;
  save(): void;
  restore(): void;
  measureText(text: string): { width: number };
  strokeText(text: string, x: number, y: number): void;
  fillText(text: string, x: number, y: number): void;
}

/**
 * Draws the label of a chart's last value at its point (x, y in canvas pixels), kept inside the
 * plot: the text in `fg` with a thin halo in `bg` (not an opaque box, which at 390 px hid the
 * line's last years under the label), starting just right of the point. The alignment and
 * baseline are set here, not inherited: uPlot leaves the context right-aligned after drawing
 * the y axis, which drew the text a label's width left of where it was meant to be.
 */
export function drawLastLabel(ctx: LabelContext, text: string, x: number, y: number, plot: { left: number; width: number }, dpr: number, colors: { bg: string; fg: string }): void {
  ctx.save();
  ctx.font = `600 ${12 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  const w = ctx.measureText(text).width;
  const tx = Math.max(plot.left + 2 * dpr, Math.min(x + 4 * dpr, plot.left + plot.width - w - 2 * dpr));
  ctx.strokeStyle = colors.bg;
  ctx.lineWidth = 3 * dpr;
  ctx.lineJoin = 'round';
  ctx.strokeText(text, tx, y - 4 * dpr);
  ctx.fillStyle = colors.fg;
  ctx.fillText(text, tx, y - 4 * dpr);
  ctx.restore();
}

/**
 * Draws the labels of a chart's bands (event episodes) along the top of the plot, left to right:
 * each starts 2 px right of its band's left edge (a band that starts before the plot, at the
 * plot's left edge; near the right edge, ending at it) and is drawn only when it starts after the last drawn one ended plus 6 px,
 * so close bands do not overprint (their tooltips and the table still name them). Left-aligned
 * here, not inherited: uPlot leaves the context right-aligned after the y axis, which ended each
 * label at its band and made "stress (peak 1.25)" and "hedging flow (peak 1.07)" overprint.
 * `bands`: left edges in canvas pixels, in date order.
 */
export function drawBandLabels(ctx: LabelContext, bands: readonly { readonly x0: number; readonly label: string }[], plot: { left: number; top: number; width: number }, dpr: number, color: string): void {
  ctx.save();
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = color;
  let lastEnd = -Infinity;
  for (const b of bands) {
    const w = ctx.measureText(b.label).width;
    // Near the right edge the label ends at the edge instead of being cut.
    const x = Math.min(Math.max(b.x0, plot.left) + 2 * dpr, plot.left + plot.width - w - 2 * dpr);
    if (x < lastEnd || x < plot.left) continue;
    ctx.fillText(b.label, x, plot.top + 12 * dpr);
    lastEnd = x + w + 6 * dpr;
  }
  ctx.restore();
}

/**
 * Which tick labels to draw so that none overprints another: walking left to right, a label is
 * kept when its left edge (centred at `pos[i]`, `widths[i]` wide) starts at least `gap` after
 * the right edge of the last kept one. The first label is always kept. Positions and widths in
 * the same unit (CSS pixels). A curve's maturities (9 days, 30 days, 3 months) crowd together on
 * a phone: "9 days" and "30 days" overprinted at 390 px.
 */
export function keepTickLabels(pos: readonly number[], widths: readonly number[], gap: number): boolean[] {
  let lastEnd = -Infinity;
  return pos.map((p, i) => {
    const half = (widths[i] ?? 0) / 2;
    if (p - half < lastEnd + gap) return false;
    lastEnd = p + half;
    return true;
  });
}
