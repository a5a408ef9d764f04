import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DataFormatError } from '../core/errors.ts';
import { mulberry32 } from '../core/random.ts';
import { plausibleRange, splitPlausible } from '../series/plausible.ts';
import type { Point } from '../series/types.ts';
import type { DayNumber } from '../series/units.ts';
import { readParquetTable } from './formats/parquet.ts';
import { FuzzTally, invariantViolations, type FuzzOutcome, type FuzzSummary } from './fuzz.ts';

/**
 * The seeded fuzzer's Parquet half: each input is a small wide table as pandas writes it (a
 * TIMESTAMP `Date` column plus one DOUBLE column per ticker, like global_indices_close_daily.parquet)
 * with damages made in the table (±Infinity, NaN, NULL, ±1.79e308, edge dates, a repeated date,
 * no rows) or in the file's bytes (truncation, byte flips), read by the importer's
 * `readParquetTable` and the plausibility split. Same invariants as the text formats
 * (see invariantViolations), and the file's path opens every error.
 */

/** The series the fuzzed column stands for: the S&P 500 close. */
const ENTRY = { id: 'GSPC', unit: 'index', frequency: 'daily' } as const;
const COLUMN = '^GSPC';

/** Real closes of the S&P 500 and the Nifty 50, 1–9 August 2024. */
const BASE: readonly (readonly [string, number, number])[] = [
  ['2024-08-01', 5446.68, 25010.9],
  ['2024-08-02', 5346.56, 24717.7],
  ['2024-08-05', 5186.33, 24055.6],
  ['2024-08-06', 5240.03, 23992.55],
  ['2024-08-07', 5199.5, 24297.5],
  ['2024-08-08', 5319.31, 24117.0],
  ['2024-08-09', 5344.16, 24367.5],
];

const EDGE_VALUES = ["'Infinity'::DOUBLE", "'-Infinity'::DOUBLE", "'NaN'::DOUBLE", 'NULL', '1.79e308', '-1.79e308', '0'];
const EDGE_DATES = ['9999-12-31', '1900-01-01', '0001-01-01', '1799-12-31', '2024-02-29', '2099-01-01'];

type Row = [date: string | null, gspc: string, nsei: string];
type TableMutation = (rows: Row[], rnd: () => number) => Row[];
type ByteMutation = (bytes: Uint8Array, rnd: () => number) => Uint8Array;

const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)] as T;
const anyRow = (rows: readonly Row[], rnd: () => number): number => Math.floor(rnd() * rows.length);

const TABLE_MUTATIONS: Readonly<Record<string, TableMutation>> = {
  edgeValue: (rows, r) => rows.map((row, i, all) => (i === anyRow(all, r) ? [row[0], pick(EDGE_VALUES, r), row[2]] : row)),
  edgeDate: (rows, r) => {
    const i = anyRow(rows, r);
    return rows.map((row, k) => (k === i ? [pick(EDGE_DATES, r), row[1], row[2]] : row));
  },
  nullDate: (rows, r) => {
    const i = anyRow(rows, r);
    return rows.map((row, k) => (k === i ? [null, row[1], row[2]] : row));
  },
  duplicateDate: (rows, r) => {
    const i = anyRow(rows, r);
    const row = rows[i];
    // The same date again with another value (a SQL literal, so an edge value stays valid SQL).
    return row ? [...rows.slice(0, i + 1), [row[0], `(${row[1]}) + 1`, row[2]], ...rows.slice(i + 1)] : rows;
  },
  noRows: () => [],
};

const BYTE_MUTATIONS: Readonly<Record<string, ByteMutation>> = {
  truncate: (b, r) => b.slice(0, Math.floor(r() * b.length)),
  flipBytes: (b, r) => {
    const out = Uint8Array.from(b);
    const n = 1 + Math.floor(r() * 4);
    for (let k = 0; k < n; k++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
    return out;
  },
};

/** The Parquet mutation names (table damages, then byte damages). */
export const PARQUET_MUTATION_NAMES: readonly string[] = [...Object.keys(TABLE_MUTATIONS), ...Object.keys(BYTE_MUTATIONS)];

async function writeTable(conn: DuckDBConnection, path: string, rows: readonly Row[]): Promise<void> {
  const sql = path.replaceAll("'", "''");
  if (rows.length === 0) {
    await conn.run(`COPY (SELECT NULL::TIMESTAMP AS "Date", NULL::DOUBLE AS "^GSPC", NULL::DOUBLE AS "^NSEI" WHERE false) TO '${sql}' (FORMAT parquet)`);
    return;
  }
  const values = rows.map(([d, a, b]) => `(${d === null ? 'NULL::TIMESTAMP' : `TIMESTAMP '${d} 00:00:00'`}, ${a}::DOUBLE, ${b}::DOUBLE)`).join(',\n');
  await conn.run(`COPY (SELECT * FROM (VALUES ${values}) t("Date", "^GSPC", "^NSEI")) TO '${sql}' (FORMAT parquet)`);
}

/** What one Parquet input did: the same record as a text input's. */
export type ParquetOutcome = FuzzOutcome;

/** Reads one Parquet file as the importer does and checks the invariants; `path` must open every error. */
export async function runParquetInput(path: string, mutations: readonly string[], today: DayNumber): Promise<ParquetOutcome> {
  const t0 = performance.now();
  const rowErrors: DataFormatError[] = [];
  const range = plausibleRange(ENTRY, today);
  let kept: Point[] = [];
  let fileError: DataFormatError | undefined;
  let uncaught: unknown;
  try {
    const table = await readParquetTable(path, path, rowErrors);
    // A damaged file may lose the column (a flipped name): the importer reports that per file.
    kept = splitPlausible(table.points(table.columns.includes(COLUMN) ? COLUMN : undefined), range).kept;
  } catch (e) {
    if (e instanceof DataFormatError) fileError = e;
    else uncaught = e;
  }
  const violations = invariantViolations(path, rowErrors, fileError, kept, range, false);
  return { mutations, kept, rowErrors, ...(fileError ? { fileError } : {}), ...(uncaught !== undefined ? { uncaught } : {}), violations, ms: performance.now() - t0 };
}

/**
 * Runs `count` seeded Parquet inputs in `dir`: input i draws 1–3 mutations from stream
 * `seed + i` (reproducible from its index), writes the table, damages its bytes if drawn, reads it.
 */
export async function runParquetCampaign(count: number, opts: { dir: string; seed?: number; today: DayNumber; slowMs?: number; start?: number }): Promise<FuzzSummary> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const tally = new FuzzTally(opts.slowMs);
  const start = opts.start ?? 0;
  try {
    for (let i = start; i < start + count; i++) {
      const rnd = mulberry32((opts.seed ?? 1) * 1_000_003 + i + 0x5eed);
      const n = 1 + Math.floor(rnd() * 3);
      const names = Array.from({ length: n }, () => pick(PARQUET_MUTATION_NAMES, rnd));
      let rows: Row[] = BASE.map(([d, a, b]) => [d, String(a), String(b)]);
      for (const name of names) {
        const m = TABLE_MUTATIONS[name];
        if (m) rows = m(rows, rnd);
      }
      const path = join(opts.dir, `fuzz-${i}.parquet`);
      await writeTable(conn, path, rows);
      let bytes: Uint8Array = readFileSync(path);
      for (const name of names) {
        const m = BYTE_MUTATIONS[name];
        if (m) bytes = m(bytes, rnd);
      }
      writeFileSync(path, bytes);
      tally.add(`#${i} parquet [${names.join(', ')}]`, await runParquetInput(path, names, opts.today));
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return tally.summary(count);
}
