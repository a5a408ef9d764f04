import { toDay, toIso } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';

/** One line of a chart, on the chart's shared date grid (null where it has no value). */
export interface ChartLine {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/** A shaded, labelled date range (an inversion episode, a blackout window…). */
export interface ChartBand {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly label: string;
}

/**
 * A time-series chart as a screen returns it: every line on one date grid, the unit of the y
 * axis, event bands, reference lines, and a one-line summary a reader without the chart gets.
 */
export interface ChartData {
  /** Stable id within a page (the HTML id and the CSV/PNG file name). */
  readonly id: string;
  /** The chart's accessible name. */
  readonly title: string;
  /** One sentence saying what the chart shows now (the text alternative). */
  readonly summary: string;
  /** Unit of the y axis, e.g. "USD bn", "%", "ratio". */
  readonly unit: string;
  /**
   * The x axis: calendar dates (default); trading days after an event ("0", "1", …) in `dates`;
   * or a maturity in calendar days ("9", "30", …, a term structure) named by `xLabels`.
   */
  readonly x?: 'days' | 'maturity';
  readonly dates: readonly string[];
  /** With `x: 'maturity'`: the name of each x (e.g. "3 months"), parallel to `dates`. */
  readonly xLabels?: readonly string[];
  readonly lines: readonly ChartLine[];
  readonly bands?: readonly ChartBand[];
  /** Horizontal reference lines (e.g. 1 for VIX/VIX3M). */
  readonly rules?: readonly number[];
}

/** A line given on its own dates (day numbers or ISO dates), before alignment. */
export interface DatedLine {
  readonly label: string;
  readonly dates: ArrayLike<number> | readonly IsoDate[];
  readonly values: ArrayLike<number>;
}


/**
 * Puts lines with their own dates on one sorted grid (the union of their dates), null where a
 * line has no value (NaN counts as none), values to six significant digits, optionally from
 * `from` on. uPlot wants aligned
 * columns; a table fallback wants one row per date.
 */
export function alignLines(lines: readonly DatedLine[], from?: IsoDate): { dates: IsoDate[]; lines: ChartLine[] } {
  // The lines of a chart share most dates: each day number is written as a date once.
  const iso = new Map<number, IsoDate>();
  const dayKey = (d: number | string): IsoDate => {
    if (typeof d !== 'number') return d as IsoDate;
    let s = iso.get(d);
    if (s === undefined) iso.set(d, (s = toIso(d)));
    return s;
  };
  const merged = mergeDayLines(lines, from);
  if (merged) return merged;
  // Points before `from` are skipped before their date is written (a 5-year chart of a series
  // since 1928 keeps a fifth of it); a day number is before `from` exactly when its date is.
  const fromDay = from ? toDay(from) : Number.NEGATIVE_INFINITY;
  const maps = lines.map((l) => {
    const m = new Map<IsoDate, number>();
    for (let i = 0; i < l.values.length; i++) {
      const v = l.values[i] as number;
      if (!Number.isFinite(v)) continue;
      const raw = l.dates[i] as number | string;
      if (typeof raw === 'number' ? raw < fromDay : from !== undefined && raw < from) continue;
      // Six significant digits: what a chart or its CSV can show, a third of the page's JSON.
      m.set(dayKey(raw), Number(v.toPrecision(6)));
    }
    return m;
  });
  const dates = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  return { dates, lines: lines.map((l, i) => ({ label: l.label, values: dates.map((d) => maps[i]?.get(d) ?? null) })) };
}

/**
 * alignLines for lines dated by strictly ascending day numbers (every Series is): a merge of the
 * days in day order, which is date order, instead of maps, a set and a sort of strings; the same
 * grid and values. Undefined when a line's dates are not such day numbers.
 */
function mergeDayLines(lines: readonly DatedLine[], from?: IsoDate): { dates: IsoDate[]; lines: ChartLine[] } | undefined {
  const fromDay = from ? toDay(from) : Number.NEGATIVE_INFINITY;
  const kept: { days: Int32Array; values: Float64Array }[] = [];
  for (const l of lines) {
    const n = l.values.length;
    const days = new Int32Array(n);
    const values = new Float64Array(n);
    let k = 0;
    let prev = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const d = l.dates[i];
      if (typeof d !== 'number' || !(d > prev)) return undefined;
      prev = d;
      const v = l.values[i] as number;
      if (!Number.isFinite(v) || d < fromDay) continue;
      days[k] = d;
      values[k++] = Number(v.toPrecision(6));
    }
    kept.push({ days: days.subarray(0, k), values: values.subarray(0, k) });
  }
  // The union of the days, ascending: repeatedly the smallest next day over the lines.
  const pos = new Int32Array(kept.length);
  const grid: number[] = [];
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    for (let j = 0; j < kept.length; j++) {
      const kj = kept[j] as { days: Int32Array };
      const p = pos[j] as number;
      if (p < kj.days.length && (kj.days[p] as number) < next) next = kj.days[p] as number;
    }
    if (next === Number.POSITIVE_INFINITY) break;
    grid.push(next);
    for (let j = 0; j < kept.length; j++) if ((kept[j] as { days: Int32Array }).days[pos[j] as number] === next) pos[j] = (pos[j] as number) + 1;
  }
  const out = kept.map((kl, j) => {
    const vs: (number | null)[] = new Array<number | null>(grid.length);
    let p = 0;
    for (let g = 0; g < grid.length; g++) {
      if (p < kl.days.length && kl.days[p] === grid[g]) vs[g] = kl.values[p++] as number;
      else vs[g] = null;
    }
    return { label: (lines[j] as DatedLine).label, values: vs };
  });
  return { dates: grid.map((d) => toIso(d)), lines: out };
}

/** A chart from dated lines (see alignLines). */
export function chartOf(spec: Omit<ChartData, 'dates' | 'lines'> & { readonly from?: IsoDate }, lines: readonly DatedLine[]): ChartData {
  const { from, ...rest } = spec;
  return { ...rest, ...alignLines(lines, from) };
}

/** The last non-null value of a chart line and its date, or undefined. */
export function lastPoint(c: ChartData, line = 0): { date: IsoDate; value: number } | undefined {
  const vs = c.lines[line]?.values ?? [];
  for (let i = vs.length - 1; i >= 0; i--) {
    const v = vs[i];
    if (v !== null && v !== undefined) return { date: c.dates[i] as IsoDate, value: v };
  }
  return undefined;
}
