// What a write appends to a series, decided in memory before any file is touched.

/** One stored observation: day number, value (NaN = missing), retrieval time in epoch ms. */
export interface StoredRow {
  readonly day: number;
  readonly value: number;
  readonly retrievedMs: number;
}

/** Points retrieved at one instant: a plain fetch, or one ALFRED vintage (its realtime start). */
export interface Batch {
  readonly retrievedMs: number;
  readonly points: readonly { readonly day: number; readonly value: number }[];
}

/** The rows to append and what they change, counted once per date. */
export interface WritePlan {
  readonly append: StoredRow[];
  /** Dates the store had no row for. */
  readonly added: number;
  /** Known dates whose latest value changed. */
  readonly revised: number;
  /** Known dates whose latest value stayed the same (history before it may have gained rows). */
  readonly unchanged: number;
  /** Last day with a non-missing latest value after the write, or null. */
  readonly lastDay: number | null;
}

/**
 * Two stored values are the same observation when both are missing, or when they agree to
 * 1e-12 relative: float noise from a source's decimal formatting is not a revision.
 */
export function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/** Index of the last entry with retrievedMs <= ms in a list sorted by retrievedMs, or -1. */
function lastAtOrBefore(history: readonly StoredRow[], ms: number): number {
  let i = history.length - 1;
  while (i >= 0 && (history[i] as StoredRow).retrievedMs > ms) i--;
  return i;
}

/**
 * Plans an append-only write. A point is appended only when it differs from the value the store
 * held for its date as of the point's retrieval time, so re-sending the same ALFRED vintages, or
 * the same values, appends nothing. Batches are applied oldest first.
 */
export function planWrite(existing: readonly StoredRow[], batches: readonly Batch[]): WritePlan {
  if (existing.length === 0 && batches.length === 1) return firstWrite(batches[0] as Batch);
  const history = new Map<number, StoredRow[]>();
  for (const r of existing) {
    const h = history.get(r.day);
    if (h) h.push(r);
    else history.set(r.day, [r]);
  }
  for (const h of history.values()) h.sort((a, b) => a.retrievedMs - b.retrievedMs);
  const latestBefore = new Map<number, number>();
  for (const [day, h] of history) latestBefore.set(day, (h[h.length - 1] as StoredRow).value);

  const append: StoredRow[] = [];
  const touched = new Set<number>();
  for (const b of [...batches].sort((x, y) => x.retrievedMs - y.retrievedMs)) {
    for (const p of b.points) {
      touched.add(p.day);
      const h = history.get(p.day) ?? [];
      const k = lastAtOrBefore(h, b.retrievedMs);
      if (k >= 0 && sameValue((h[k] as StoredRow).value, p.value)) continue;
      const row = { day: p.day, value: p.value, retrievedMs: b.retrievedMs };
      append.push(row);
      h.splice(k + 1, 0, row);
      history.set(p.day, h);
    }
  }

  let added = 0;
  let revised = 0;
  let unchanged = 0;
  for (const day of touched) {
    const h = history.get(day) ?? [];
    const before = latestBefore.get(day);
    if (before === undefined) added++;
    else if (sameValue(before, (h[h.length - 1] as StoredRow).value)) unchanged++;
    else revised++;
  }
  let lastDay: number | null = null;
  for (const [day, h] of history) {
    if (!Number.isNaN((h[h.length - 1] as StoredRow).value) && (lastDay === null || day > lastDay)) lastDay = day;
  }
  return { append, added, revised, unchanged, lastDay };
}

/**
 * The plan of a first write of one batch (a new series, no vintages: most of an import): every
 * point is appended and added, without the per-date history the general case builds. Dates in a
 * batch are unique (the store checks that before planning).
 */
function firstWrite(b: Batch): WritePlan {
  const append = new Array<StoredRow>(b.points.length);
  let lastDay: number | null = null;
  for (let i = 0; i < b.points.length; i++) {
    const p = b.points[i] as { day: number; value: number };
    append[i] = { day: p.day, value: p.value, retrievedMs: b.retrievedMs };
    if (!Number.isNaN(p.value) && (lastDay === null || p.day > lastDay)) lastDay = p.day;
  }
  return { append, added: append.length, revised: 0, unchanged: 0, lastDay };
}

/** Rows as columns, one typed array per field: what a commit appends, without an object per row. */
export interface RowColumns {
  readonly day: Int32Array;
  readonly value: Float64Array;
  readonly retrievedMs: Float64Array;
}

/** Rows as columns. */
export function rowColumns(rows: readonly StoredRow[]): RowColumns {
  const n = rows.length;
  const c = { day: new Int32Array(n), value: new Float64Array(n), retrievedMs: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as StoredRow;
    c.day[i] = r.day;
    c.value[i] = r.value;
    c.retrievedMs[i] = r.retrievedMs;
  }
  return c;
}

/** Points retrieved at one instant as columns (day numbers, values): a plain fetch as the store first reads it. */
export interface ColumnBatch {
  readonly retrievedMs: number;
  readonly day: Int32Array;
  readonly value: Float64Array;
}

/** A batch as columns. */
export function batchColumns(b: Batch): ColumnBatch {
  const n = b.points.length;
  const c = { retrievedMs: b.retrievedMs, day: new Int32Array(n), value: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const p = b.points[i] as { day: number; value: number };
    c.day[i] = p.day;
    c.value[i] = p.value;
  }
  return c;
}

/** A column batch as rows (what planWrite reads). */
export function batchRows(c: ColumnBatch): Batch {
  const points = new Array<{ day: number; value: number }>(c.day.length);
  for (let i = 0; i < points.length; i++) points[i] = { day: c.day[i] as number, value: c.value[i] as number };
  return { retrievedMs: c.retrievedMs, points };
}

/**
 * What the first write of one batch appends (a new series, no vintages: most of an import): every
 * point, with the batch's retrieval time, its columns used as they are (not copied). The plan's
 * counts are firstWrite's: all added, and the last day with a value. Dates in a batch are unique
 * (checked before).
 */
export function firstWriteColumns(b: ColumnBatch): { readonly columns: RowColumns; readonly lastDay: number | null } {
  const n = b.day.length;
  let lastDay: number | null = null;
  for (let i = 0; i < n; i++) if (!Number.isNaN(b.value[i]) && (lastDay === null || (b.day[i] as number) > lastDay)) lastDay = b.day[i] as number;
  return { columns: { day: b.day, value: b.value, retrievedMs: new Float64Array(n).fill(b.retrievedMs) }, lastDay };
}
