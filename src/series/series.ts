import { NotEnoughDataError } from '../core/errors.ts';
import type { CatalogEntry } from './catalog.ts';
import { toDay, toIso } from './dates.ts';
import type { Frequency, IsoDate, Point, Series, SourceName } from './types.ts';

/** Metadata of a series without its data. */
export type SeriesMeta = Pick<Series, 'id' | 'title' | 'unit' | 'frequency' | 'source'>;

/**
 * Builds a Series from points (any order). Throws on a duplicated date, which is a data error
 * the caller must resolve (the store already returns one value per date).
 */
export function makeSeries(meta: SeriesMeta, points: readonly Point[], retrievedAt = ''): Series {
  const sorted = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const dates = new Int32Array(sorted.length);
  const values = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i] as Point;
    dates[i] = toDay(p.date);
    values[i] = p.value;
    if (i > 0 && dates[i] === dates[i - 1]) throw new RangeError(`${meta.id}: duplicated date ${p.date}`);
  }
  return { ...meta, dates, values, retrievedAt };
}

/** Metadata of a catalog entry, for makeSeries. */
export function metaOf(entry: CatalogEntry): SeriesMeta {
  return { id: entry.id, title: entry.title, unit: entry.unit, frequency: entry.frequency, source: entry.source };
}

/** A series from plain arrays of ISO dates and numbers: handy in tests and small models. */
export function seriesFrom(
  id: string,
  dates: readonly string[],
  values: readonly number[],
  opts: { unit?: string; frequency?: Frequency; source?: SourceName; title?: string } = {},
): Series {
  if (dates.length !== values.length) throw new RangeError(`${id}: ${dates.length} dates but ${values.length} values`);
  return makeSeries(
    { id, title: opts.title ?? id, unit: opts.unit ?? '', frequency: opts.frequency ?? 'daily', source: opts.source ?? 'fred' },
    dates.map((d, i) => ({ date: d as IsoDate, value: values[i] as number })),
  );
}

/** The series' points back as ISO-dated values (NaN kept). */
export function toPoints(s: Series): Point[] {
  const out = new Array<Point>(s.dates.length);
  for (let i = 0; i < s.dates.length; i++) out[i] = { date: toIso(s.dates[i] as number), value: s.values[i] as number };
  return out;
}

/** Index of the last non-NaN value, or -1. */
export function lastValidIndex(s: Series): number {
  for (let i = s.values.length - 1; i >= 0; i--) if (!Number.isNaN(s.values[i])) return i;
  return -1;
}

/** Last non-missing date and value; throws NotEnoughDataError on an empty series. */
export function lastValid(s: Series): { date: IsoDate; value: number } {
  const i = lastValidIndex(s);
  if (i < 0) throw new NotEnoughDataError(`${s.id}: no values`);
  return { date: toIso(s.dates[i] as number), value: s.values[i] as number };
}

/** The part of a series with dates in [from, to] (ISO, inclusive; either may be omitted). */
export function sliceSeries(s: Series, from?: string, to?: string): Series {
  const lo = from ? toDay(from) : -Infinity;
  const hi = to ? toDay(to) : Infinity;
  let a = 0;
  while (a < s.dates.length && (s.dates[a] as number) < lo) a++;
  let b = s.dates.length;
  while (b > a && (s.dates[b - 1] as number) > hi) b--;
  return { ...s, dates: s.dates.slice(a, b), values: s.values.slice(a, b) };
}

/** The series without its NaN entries. */
export function dropMissing(s: Series): Series {
  const keep: number[] = [];
  for (let i = 0; i < s.values.length; i++) if (!Number.isNaN(s.values[i])) keep.push(i);
  return { ...s, dates: Int32Array.from(keep, (i) => s.dates[i] as number), values: Float64Array.from(keep, (i) => s.values[i] as number) };
}

/** The freshest of several candidate series (e.g. the S&P 500 index or SPY). */
export function freshest(data: ReadonlyMap<string, Series>, ids: readonly string[]): Series | undefined {
  return ids
    .map((id) => data.get(id))
    .filter((s): s is Series => s !== undefined)
    .sort((a, b) => (lastValid(b).date < lastValid(a).date ? -1 : 1))[0];
}
