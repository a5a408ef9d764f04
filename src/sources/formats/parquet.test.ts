import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataFormatError } from '../../core/errors.ts';
import { ParquetUnsupported } from '../../core/parquetDecode.ts';
import { toDay } from '../../series/dates.ts';
import { runParquetCampaign } from '../fuzzParquet.ts';
import { parquetTableOf, readParquetTable, readParquetTableDuckDB } from './parquet.ts';
import type { DatedTable } from './table.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowlens-parquet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `sql` (COPY … TO) in a throwaway in-memory DuckDB. */
async function duck(sql: string): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

/** Asserts two tables are the same bit for bit: columns, day numbers, every value's 64 bits (so NaN where NaN). */
function assertSameTable(js: DatedTable, ref: DatedTable): void {
  assert.deepEqual(js.columns, ref.columns);
  assert.deepEqual(js.defaultColumn, ref.defaultColumn);
  assert.deepEqual([...js.days], [...ref.days]);
  for (const c of ref.columns) {
    const a = Float64Array.from(js.values(c));
    const b = Float64Array.from(ref.values(c));
    assert.deepEqual(new BigUint64Array(a.buffer), new BigUint64Array(b.buffer), `column ${c}`);
  }
}

/** Both reads of `path` in lenient mode: the JavaScript one and DuckDB's, with their row errors. */
async function bothReads(path: string): Promise<{ js: DatedTable; ref: DatedTable; jsErrors: string[]; refErrors: string[] }> {
  const jsErrors: DataFormatError[] = [];
  const refErrors: DataFormatError[] = [];
  const js = parquetTableOf(readFileSync(path), path, jsErrors);
  const ref = await readParquetTableDuckDB(path, path, refErrors);
  return { js, ref, jsErrors: jsErrors.map((e) => e.message), refErrors: refErrors.map((e) => e.message) };
}

/** Writes a small wide table like global_indices_close_daily.parquet (TIMESTAMP Date + ticker columns). */
async function writeSample(path: string): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  await c.run(`COPY (
    SELECT * FROM (VALUES
      (TIMESTAMP '2008-01-02 00:00:00', 1447.16::DOUBLE, NULL::DOUBLE),
      (TIMESTAMP '2008-01-01 00:00:00', NULL, 6144.35),
      (TIMESTAMP '2008-01-03 00:00:00', 1447.16, 6179.4)
    ) t("Date", "^GSPC", "^NSEI")
  ) TO '${path}' (FORMAT parquet)`);
  c.closeSync();
  inst.closeSync();
}

describe('readParquetTable', () => {
  it('reads a wide table: date from the timestamp, one column per ticker, null as missing, sorted', async () => {
    const path = join(dir, 'indices.parquet');
    await writeSample(path);
    const t = await readParquetTable(path);
    assert.deepEqual(t.columns, ['^GSPC', '^NSEI']);
    assert.deepEqual(t.dates, ['2008-01-01', '2008-01-02', '2008-01-03']);
    const gspc = t.points('^GSPC');
    assert.ok(Number.isNaN(gspc[0]?.value));
    assert.equal(gspc[1]?.value, 1447.16);
    assert.equal(t.points('^NSEI')[2]?.value, 6179.4);
  });

  it('reports a file that is not Parquet', async () => {
    const path = join(dir, 'bad.parquet');
    writeFileSync(path, '<html>not parquet</html>');
    await assert.rejects(readParquetTable(path), (e: unknown) => e instanceof DataFormatError && e.message.startsWith(`${path}: not a readable Parquet file`));
  });

  it('sorts rows by date and skips an empty, an out-of-range and a repeated date with the same row errors as DuckDB', async () => {
    const path = join(dir, 'rows.parquet');
    await duck(`COPY (SELECT * FROM (VALUES
      (TIMESTAMP '2024-08-05 00:00:00', 3.0::DOUBLE),
      (NULL, 9.0),
      (TIMESTAMP '2024-08-01 16:30:00', 1.0),
      (TIMESTAMP '12000-01-01 00:00:00', 8.0),
      (TIMESTAMP '2024-08-02 00:00:00', NULL),
      (TIMESTAMP '2024-08-05 09:00:00', 4.0)
    ) t("Date", "^GSPC")) TO '${path}' (FORMAT parquet)`);
    const { js, ref, jsErrors, refErrors } = await bothReads(path);
    // Sorted as DuckDB's ORDER BY on the date text: '12000-01-01' first ('1' < '2'), the NULL last.
    assert.deepEqual(jsErrors, [
      `${path}: row 0: date "12000-01-01" is not between 0001-01-01 and 9999-12-31; row skipped`,
      `${path}: row 5: empty date; row skipped`,
      `${path}: row 4: duplicated date 2024-08-05; row skipped`,
    ]);
    assert.deepEqual(jsErrors, refErrors);
    assert.deepEqual(js.dates, ['2024-08-01', '2024-08-02', '2024-08-05']);
    assert.deepEqual(Array.from(js.values('^GSPC'), String), ['1', 'NaN', '3']);
    assertSameTable(js, ref);
    // Without rowErrors the first bad row fails the file, as before.
    assert.throws(() => parquetTableOf(readFileSync(path), path), (e: unknown) => e instanceof DataFormatError && e.message === `${path}: row 0: date "12000-01-01" is not between 0001-01-01 and 9999-12-31`);
  });

  it('takes the DATE column named like a date, the numeric columns only, and names the columns when none is a date', async () => {
    const path = join(dir, 'types.parquet');
    await duck(`COPY (SELECT DATE '2024-01-01' + i::INTEGER AS observation_date, i::INTEGER AS n, (i * 0.5)::FLOAT AS f, 'x' || i AS label, i % 2 = 0 AS even FROM range(5) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION uncompressed)`);
    const { js, ref } = await bothReads(path);
    assert.deepEqual(js.columns, ['n', 'f']);
    assert.deepEqual(js.dates, ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    assert.deepEqual([...js.values('f')], [0, 0.5, 1, 1.5, 2]);
    assertSameTable(js, ref);
    const none = join(dir, 'nodate.parquet');
    await duck(`COPY (SELECT 1.5::DOUBLE AS "Date", 2.0::DOUBLE AS v) TO '${none}' (FORMAT parquet)`);
    const message = `${none}: no date column (columns: Date, v)`;
    assert.throws(() => parquetTableOf(readFileSync(none), none), (e: unknown) => e instanceof DataFormatError && e.message === message);
    await assert.rejects(readParquetTableDuckDB(none), (e: unknown) => e instanceof DataFormatError && e.message === message);
  });

  it('leaves a layout the decoder does not read (a DECIMAL column, ZSTD pages) to DuckDB, with the same result', async () => {
    for (const [name, sql] of [
      ['decimal.parquet', `SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) DAY AS "Date", (i * 1.25)::DECIMAL(10, 2) AS price FROM range(4) t(i)`],
      ['zstd.parquet', `SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) DAY AS "Date", i * 1.25 AS price FROM range(4) t(i)`],
    ] as const) {
      const path = join(dir, name);
      await duck(`COPY (${sql}) TO '${path}' (FORMAT parquet${name.startsWith('zstd') ? ', COMPRESSION zstd' : ''})`);
      assert.throws(() => parquetTableOf(readFileSync(path), path), ParquetUnsupported);
      const t = await readParquetTable(path);
      assert.deepEqual([...t.values('price')], [0, 1.25, 2.5, 3.75]);
      assertSameTable(t, await readParquetTableDuckDB(path));
    }
  });

  it('reads global_indices_close_daily.parquet exactly as DuckDB does: every column, every row, every bit', { skip: process.env.FLOWLENS_DATA_DIR ? false : 'FLOWLENS_DATA_DIR is not set (the shared data folder)' }, async () => {
    const path = join(process.env.FLOWLENS_DATA_DIR ?? '', 'market', 'global_indices_close_daily.parquet');
    const { js, ref, jsErrors, refErrors } = await bothReads(path);
    assert.deepEqual(jsErrors, refErrors);
    assert.ok(js.columns.length >= 20 && js.days.length >= 4000, `${js.columns.length} columns, ${js.days.length} rows`);
    assert.equal(js.dates[0], '2008-01-01');
    assertSameTable(js, ref);
    // Not vacuous: the file has NULLs, and they come out as NaN in both.
    assert.ok(js.columns.some((c) => js.values(c).some(Number.isNaN)));
  });

  it('agrees with DuckDB on 150 damaged files of the seeded fuzzer: what both read is the same table, and none that DuckDB refuses is read', async () => {
    const fuzzDir = join(dir, 'fuzz');
    mkdirSync(fuzzDir);
    await runParquetCampaign(150, { dir: fuzzDir, seed: 7, today: toDay('2026-11-30') });
    let same = 0;
    let refusedByBoth = 0;
    let leftToDuckDB = 0;
    for (const name of readdirSync(fuzzDir)) {
      const path = join(fuzzDir, name);
      let js: DatedTable | undefined;
      const jsErrors: DataFormatError[] = [];
      try {
        js = parquetTableOf(readFileSync(path), path, jsErrors);
      } catch (e) {
        if (e instanceof DataFormatError) js = undefined;
        else leftToDuckDB++;
      }
      const refErrors: DataFormatError[] = [];
      let ref: DatedTable | undefined;
      try {
        ref = await readParquetTableDuckDB(path, path, refErrors);
      } catch (e) {
        if (!(e instanceof DataFormatError)) throw e;
      }
      if (js && ref) {
        assertSameTable(js, ref);
        assert.deepEqual(jsErrors.map((e) => e.message), refErrors.map((e) => e.message), name);
        same++;
      } else assert.equal(js, undefined, `${name}: read here, refused by DuckDB`);
      if (!ref) refusedByBoth++;
    }
    // Not vacuous: many files read, many refused (the decoder leaves those to DuckDB).
    assert.ok(same > 60 && refusedByBoth > 40 && leftToDuckDB > 40, JSON.stringify({ same, refusedByBoth, leftToDuckDB }));
  });
});
