/// <reference lib="dom" />
// The dashboard's only script: draws each chart's embedded data with uPlot (hover, crosshair,
// drag to zoom, 1Y/5Y/Max, labelled bands, units, last value) and offers CSV and PNG downloads.
// The page is whole without it: the static SVG and tables stay for readers without script.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartCsv, drawBandLabels, drawLastLabel, keepTickLabels, lastValue, rangeStart, toSeconds, unitAfter, valueText, withUnit, xName, type ClientChart } from './chartMath.ts';

const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}

/**
 * The chart's canvas on the page's background: uPlot's canvas is transparent, so a PNG of it has
 * no background and, in dark mode, light axis labels that vanish on a white viewer.
 */
function opaque(src: HTMLCanvasElement): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height;
  const g = out.getContext('2d');
  if (!g) return src;
  g.fillStyle = getComputedStyle(document.body).backgroundColor || '#fff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(src, 0, 0);
  return out;
}

/** Bands (labelled) and reference lines, under the series. */
function bandsPlugin(c: ClientChart, xOf: (d: string) => number): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: [
        (u: uPlot) => {
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, top, width, height);
          ctx.clip();
          ctx.fillStyle = cssVar('--band', 'rgba(244,162,97,0.22)');
          const dpr = devicePixelRatio;
          const labelled: { x0: number; label: string }[] = [];
          for (const b of c.bands ?? []) {
            const x0 = u.valToPos(xOf(b.from), 'x', true);
            const x1 = Math.max(u.valToPos(xOf(b.to) + 86400, 'x', true), x0 + dpr);
            if (x1 < left || x0 > left + width) continue;
            ctx.fillRect(x0, top, x1 - x0, height);
            labelled.push({ x0, label: b.label });
          }
          drawBandLabels(ctx, labelled, { left, top, width }, dpr, cssVar('--muted', '#59636e'));
          ctx.strokeStyle = cssVar('--muted', '#888');
          ctx.setLineDash([4 * dpr, 3 * dpr]);
          for (const r of c.rules ?? []) {
            const y = u.valToPos(r, 'y', true);
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
      draw: [
        (u: uPlot) => {
          // The last value of the first line, labelled at its point (a curve's legend and tip name its values).
          if (c.x === 'maturity') return;
          const last = lastValue(c, 0);
          if (!last) return;
          const x = u.valToPos(xOf(last.date), 'x', true);
          const y = u.valToPos(last.value, 'y', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
          drawLastLabel(u.ctx, withUnit(last.value, c.unit), x, y, u.bbox, devicePixelRatio, { bg: cssVar('--bg', '#fff'), fg: cssVar('--fg', '#1b1f24') });
        },
      ],
    },
  };
}

function draw(fig: HTMLElement): void {
  const script = fig.querySelector('script.chart-data');
  const plot = fig.querySelector<HTMLElement>('.plot');
  const tip = fig.querySelector<HTMLElement>('.tip');
  if (!script?.textContent || !plot || !tip) return;
  const c = JSON.parse(script.textContent) as ClientChart;
  // Trading days after an event, or a maturity in days: a numeric x; otherwise dates.
  const numeric = c.x === 'days' || c.x === 'maturity';
  const curve = c.x === 'maturity';
  const xs = numeric ? c.dates.map(Number) : c.dates.map(toSeconds);
  const xOf = (d: string) => (numeric ? Number(d) : toSeconds(d));
  const data: uPlot.AlignedData = [xs, ...c.lines.map((l) => l.values.map((v) => (v === null ? null : v)))];
  const fg = cssVar('--fg', '#1b1f24');
  const grid = cssVar('--line', '#d1d9e0');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '12px system-ui, sans-serif' };
  const width = () => Math.max(200, plot.clientWidth);
  // A curve's maturities, named; on a narrow plot a label that would overprint its left neighbour is left out (the legend and tip still name every point).
  const curveTickLabels = (u: uPlot, splits: number[]): string[] => {
    const names = splits.map((v) => xName(c, xs.indexOf(v)));
    const keep = keepTickLabels(
      splits.map((v) => u.valToPos(v, 'x')),
      names.map((n) => 7 * n.length),
      6,
    );
    return names.map((n, i) => (keep[i] ? n : ''));
  };
  const opts: uPlot.Options = {
    width: width(),
    height: 260,
    legend: { show: c.lines.length > 1, live: false },
    cursor: { drag: { x: true, y: false, setScale: true } },
    // A curve's first and last points stand off the plot's edges.
    scales: { x: curve ? { time: false, range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - 0.05 * (max - min), max + 0.05 * (max - min)] } : { time: !numeric } },
    series: [
      { label: c.x === 'days' ? 'trading days after' : curve ? 'maturity' : 'date', ...(curve ? { value: (_u: uPlot, v: number | null) => (v === null ? '' : xName(c, xs.indexOf(v))) } : {}) },
      ...c.lines.map((l, i) => ({ label: l.label, stroke: PALETTE[i % PALETTE.length] as string, width: curve ? 2 : 1.5, spanGaps: true, ...(curve ? { points: { show: true, size: 7 } } : {}) })),
    ],
    axes: [
      // A curve's ticks are its maturities, named ("9 days", "3 months").
      curve ? { ...axis, label: 'maturity', labelSize: 18, labelFont: '12px system-ui, sans-serif', splits: () => xs, values: curveTickLabels } : axis,
      { ...axis, label: c.unit, labelSize: 18, labelFont: '12px system-ui, sans-serif', size: 56 },
    ],
    plugins: [bandsPlugin(c, xOf)],
    hooks: {
      setCursor: [
        (u: uPlot) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined) return;
          const parts = c.lines.map((l) => `${l.label} ${valueText(l.values[i], c.unit)}`);
          tip.textContent = `${xName(c, i)}: ${parts.join(' · ')} ${unitAfter(c.unit)}`.trim();
        },
      ],
    },
  };
  plot.textContent = '';
  const u = new uPlot(opts, data, plot);
  fig.classList.add('live');
  new ResizeObserver(() => u.setSize({ width: width(), height: 260 })).observe(plot);
  // The range shown is marked pressed (Max at first), so the buttons say which one is on.
  const ranges = [...fig.querySelectorAll<HTMLButtonElement>('[data-range]')];
  const press = (on: HTMLButtonElement) => ranges.forEach((x) => x.setAttribute('aria-pressed', String(x === on)));
  ranges.forEach((b) => {
    if (b.dataset.range === 'max') press(b);
    b.addEventListener('click', () => {
      const max = xs[xs.length - 1] ?? 0;
      const min = rangeStart(xs, b.dataset.range ?? 'max');
      u.setScale('x', { min, max });
      press(b);
    });
  });
  fig.querySelector('[data-download="csv"]')?.addEventListener('click', () => download(`${c.id}.csv`, new Blob([chartCsv(c)], { type: 'text/csv' })));
  fig.querySelector('[data-download="png"]')?.addEventListener('click', () => opaque(u.ctx.canvas).toBlob((blob) => blob && download(`${c.id}.png`, blob)));
}

function start(): void {
  document.querySelectorAll<HTMLElement>('figure.chart[data-chart]').forEach((f) => {
    try {
      draw(f);
    } catch (err) {
      // A chart that cannot be drawn keeps its static fallback.
      f.classList.remove('live');
      console.warn(`flowlens: chart ${f.dataset.chart ?? ''} not drawn: ${String(err)}`);
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
