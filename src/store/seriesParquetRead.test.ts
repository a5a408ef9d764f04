import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mulberry32 } from '../core/random.ts';
import { lit } from './seriesRows.ts';
import { type SeriesFileColumns, seriesParquet } from './seriesParquet.ts';
import { decodeSeriesFile, readSeriesFile } from './seriesParquetRead.ts';
import { typedColumns } from './typedColumns.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowlens-series-parquet-read-'));
let db: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
after(() => {
  conn.closeSync();
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** The store's scan of one file through DuckDB (parquetStore.ts fileRows' query). */
async function viaDuckDB(path: string): Promise<{ day: Int32Array; value: Float64Array; retrieved: Float64Array }> {
  const r = await conn.run(`SELECT (date - DATE '1970-01-01')::INTEGER, coalesce(value, 'NaN'::DOUBLE), epoch_ms(retrieved_at)::DOUBLE FROM read_parquet([${lit(path)}], union_by_name = true)`);
  const [day, value, retrieved] = typedColumns(await r.fetchAllChunks(), ['int32', 'float64', 'float64']) as [Int32Array, Float64Array, Float64Array];
  return { day, value, retrieved };
}

function write(name: string, c: SeriesFileColumns): string {
  const path = join(dir, name);
  writeFileSync(path, seriesParquet(c));
  return path;
}

/** A seeded series: `retrievals` appended versions, NaN on a share of the values, some NULL origins. */
function seeded(seed: number, n: number, retrievals: number, nanShare: number): SeriesFileColumns {
  const rand = mulberry32(seed);
  const c = { day: new Int32Array(n), value: new Float64Array(n), retrievedMs: new Float64Array(n), origin: new Int32Array(n), origins: ['/data/a.csv', 'https://example.test/b.json'] };
  const per = Math.ceil(n / retrievals);
  for (let i = 0; i < n; i++) {
    const v = Math.floor(i / per);
    // Each version restarts its dates (a revision appended), steps of 1–4 days with a rare jump of years.
    c.day[i] = i % per === 0 ? -20000 + Math.floor(rand() * 1000) : (c.day[i - 1] as number) + (rand() < 0.01 ? Math.floor(rand() * 9000) : 1 + Math.floor(rand() * 4));
    c.value[i] = rand() < nanShare ? Number.NaN : (rand() - 0.3) * 10 ** Math.floor(rand() * 12 - 4);
    c.retrievedMs[i] = Date.UTC(2000 + v, 0, 1) + Math.floor(rand() * 86_400_000);
    c.origin[i] = rand() < 0.2 ? -1 : v % 2;
  }
  return c;
}

describe('decodeSeriesFile', () => {
  it('reads a file seriesParquet wrote exactly as DuckDB scans it: dates, values with NULL as NaN, retrieval ms, in file order', async () => {
    const cases: [string, SeriesFileColumns][] = [
      ['one retrieval, no NULL', seeded(1, 3000, 1, 0)],
      ['NULL values, five retrievals', seeded(2, 5000, 5, 0.05)],
      ['every value NULL', seeded(3, 40, 1, 1)],
      ['one row', seeded(4, 1, 1, 0)],
      ['block edges', seeded(5, 129, 2, 0.5)],
      ['no rows', seeded(6, 0, 1, 0)],
    ];
    for (const [what, c] of cases) {
      const path = write(`${what}.parquet`, c);
      const js = readSeriesFile(path);
      assert.ok(js, `${what}: decoded`);
      const duck = await viaDuckDB(path);
      assert.deepEqual(js.day, duck.day, `${what}: dates`);
      assert.deepEqual(js.value, duck.value, `${what}: values`);
      assert.deepEqual(js.retrieved, duck.retrieved, `${what}: retrievals`);
      // And the columns written, NaN where a value was missing.
      assert.deepEqual(js.day, c.day);
      assert.deepEqual(js.value, c.value);
      assert.deepEqual(js.retrieved, c.retrievedMs);
    }
  });

  it('reads hand-checked rows: 2024-08-05 and 2024-08-06 as day numbers 19940 and 19941', () => {
    const r = decodeSeriesFile(
      seriesParquet({ day: Int32Array.of(19940, 19941), value: Float64Array.of(5186.33, Number.NaN), retrievedMs: Float64Array.of(Date.parse('2024-08-07T00:00:00.250Z'), Date.parse('2024-08-07T00:00:00.250Z')), origin: Int32Array.of(0, 0), origins: ['x'] }),
    );
    assert.deepEqual(r, { day: Int32Array.of(19940, 19941), value: Float64Array.of(5186.33, Number.NaN), retrieved: Float64Array.of(1722988800250, 1722988800250) });
  });

  it('leaves a file DuckDB wrote (another layout) to DuckDB', async () => {
    const path = join(dir, 'duck.parquet');
    await conn.run(
      `COPY (SELECT DATE '2024-08-05' + i::INTEGER AS date, i * 1.5 AS value, TIMESTAMP '2024-09-01 00:00:00' AS retrieved_at, 'x' AS origin FROM range(100) t(i)) TO ${lit(path)} (FORMAT PARQUET)`,
    );
    assert.equal(readSeriesFile(path), undefined);
    assert.equal(readSeriesFile(join(dir, 'absent.parquet')), undefined);
  });

  it('answers undefined, never throws, for truncated files and seeded random byte flips', () => {
    const good = seriesParquet(seeded(7, 600, 3, 0.1));
    for (const cut of [0, 4, 12, good.length >> 1, good.length - 9, good.length - 1]) assert.equal(decodeSeriesFile(good.subarray(0, cut)), undefined, `cut at ${cut}`);
    const rand = mulberry32(11);
    let decoded = 0;
    for (let k = 0; k < 300; k++) {
      const b = good.slice();
      for (let f = 0; f < 3; f++) {
        const at = Math.floor(rand() * b.length);
        b[at] = (b[at] as number) ^ (1 + Math.floor(rand() * 255));
      }
      // A flip in the values decodes to other numbers (the store's checksum catches those first); in the structure, undefined.
      if (decodeSeriesFile(b) !== undefined) decoded++;
    }
    assert.ok(decoded < 300, 'some flips are refused');
  });
});
