import type { Point } from '../series/types.ts';

/**
 * Series side by side as CSV: a header `date,ID1,ID2…`, then one row per date any of them has
 * (an outer join on dates, ascending), an empty cell where a series has no value that day or the
 * source lists the day without one (NaN). Numbers are written as JavaScript prints them (shortest
 * round-trip form), so `pandas.read_csv` reads back the stored doubles exactly.
 */
export function seriesCsv(columns: readonly { readonly id: string; readonly points: readonly Point[] }[]): string {
  const byDate = new Map<string, (number | undefined)[]>();
  columns.forEach(({ points }, k) => {
    for (const p of points) {
      let row = byDate.get(p.date);
      if (!row) byDate.set(p.date, (row = new Array<number | undefined>(columns.length)));
      row[k] = p.value;
    }
  });
  const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));
  const dates = [...byDate.keys()].sort();
  const lines = [['date', ...columns.map((c) => c.id)].join(',')];
  for (const d of dates) {
    const row = byDate.get(d) ?? [];
    lines.push([d, ...columns.map((_c, k) => cell(row[k]))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
