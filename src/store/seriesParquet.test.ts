import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { lit } from './seriesRows.ts';
import { type SeriesFileColumns, seriesParquet } from './seriesParquet.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowlens-series-parquet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

async function written(name: string, c: SeriesFileColumns): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, seriesParquet(c));
  return path;
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('seriesParquet', () => {
  it('writes the store schema, which DuckDB reads as DATE, DOUBLE, TIMESTAMP and VARCHAR', async () => {
    const path = await written('schema.parquet', {
      day: Int32Array.of(day('2026-08-05')),
      value: Float64Array.of(6600000),
      retrievedMs: Float64Array.of(Date.parse('2026-08-20T12:00:00.123Z')),
      origin: Int32Array.of(0),
      origins: ['https://example.test/WALCL'],
    });
    const schema = await query(`SELECT name, duckdb_type, repetition_type FROM parquet_schema(${lit(path)}) WHERE name <> 'duckdb_schema'`);
    assert.deepEqual(
      schema.map((r) => [r.name, r.duckdb_type, r.repetition_type]),
      [
        ['date', 'DATE', 'OPTIONAL'],
        ['value', 'DOUBLE', 'OPTIONAL'],
        ['retrieved_at', 'TIMESTAMP', 'OPTIONAL'],
        ['origin', 'VARCHAR', 'OPTIONAL'],
      ],
    );
    const rows = await query(`SELECT strftime(date, '%Y-%m-%d') AS d, value, strftime(retrieved_at, '%Y-%m-%dT%H:%M:%S.%g') AS r, origin FROM read_parquet(${lit(path)})`);
    assert.deepEqual(rows, [{ d: '2026-08-05', value: 6600000, r: '2026-08-20T12:00:00.123', origin: 'https://example.test/WALCL' }]);
  });

  it('round-trips every row: NaN as NULL, several retrievals and origins, NULL origins, dates before 1970', async () => {
    const n = 5000;
    const c = {
      day: new Int32Array(n),
      value: new Float64Array(n),
      retrievedMs: new Float64Array(n),
      origin: new Int32Array(n),
      origins: ['/data/a.csv', 'https://example.test/é/b.json', 'unused'],
    };
    for (let i = 0; i < n; i++) {
      // Two retrievals, dates restarting at the second (a revision appended to a file).
      c.day[i] = -3000 + (i % 2500) * 3;
      c.value[i] = i % 97 === 0 ? Number.NaN : (i - 2500) * 1.0625 + 1e-9 * i;
      c.retrievedMs[i] = i < 2500 ? Date.UTC(2026, 0, 2, 3, 4, 5, 6) : day('1999-12-31') * 86_400_000;
      c.origin[i] = i < 1000 ? -1 : i < 2500 ? 0 : 1;
    }
    const path = await written('rows.parquet', c);
    const rows = await query(
      `SELECT (date - DATE '1970-01-01')::INTEGER AS d, value, epoch_ms(retrieved_at)::DOUBLE AS r, origin FROM read_parquet(${lit(path)})`,
    );
    assert.equal(rows.length, n);
    for (let i = 0; i < n; i++) {
      const r = rows[i] as { d: number; value: number | null; r: number; origin: string | null };
      assert.equal(r.d, c.day[i], `row ${i} date`);
      assert.equal(r.value, Number.isNaN(c.value[i]) ? null : c.value[i], `row ${i} value`);
      assert.equal(r.r, c.retrievedMs[i], `row ${i} retrieval`);
      assert.equal(r.origin, (c.origin[i] as number) < 0 ? null : c.origins[c.origin[i] as number], `row ${i} origin`);
    }
  });

  it('delta-encodes dates of any count and step: one row, block edges, jumps of centuries both ways', async () => {
    // Seeded LCG: the same dates every run.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const n of [1, 2, 31, 32, 33, 128, 129, 130, 257, 1000]) {
      const day = new Int32Array(n);
      for (let i = 0; i < n; i++) day[i] = i === 0 ? -40000 : (day[i - 1] as number) + (rand() < 0.05 ? Math.round((rand() - 0.5) * 80000) : 1 + Math.floor(rand() * 4));
      const path = await written(`delta-${n}.parquet`, { day, value: new Float64Array(n), retrievedMs: new Float64Array(n), origin: new Int32Array(n).fill(-1), origins: [] });
      const rows = await query(`SELECT (date - DATE '1970-01-01')::INTEGER AS d FROM read_parquet(${lit(path)})`);
      assert.deepEqual(rows.map((r) => r.d), Array.from(day), `${n} dates`);
    }
  });

  it('writes a series whose origins are all NULL and one with every value NULL', async () => {
    const path = await written('nulls.parquet', {
      day: Int32Array.of(0, 1, 2),
      value: Float64Array.of(Number.NaN, Number.NaN, Number.NaN),
      retrievedMs: Float64Array.of(0, 0, 0),
      origin: Int32Array.of(-1, -1, -1),
      origins: [],
    });
    const rows = await query(`SELECT count(*)::INTEGER AS n, count(value)::INTEGER AS v, count(origin)::INTEGER AS o, max(date)::VARCHAR AS last FROM read_parquet(${lit(path)})`);
    assert.deepEqual(rows, [{ n: 3, v: 0, o: 0, last: '1970-01-03' }]);
  });

  it('refuses a retrieval time that is not whole milliseconds', () => {
    assert.throws(
      () => seriesParquet({ day: Int32Array.of(0), value: Float64Array.of(1), retrievedMs: Float64Array.of(0.5), origin: Int32Array.of(-1), origins: [] }),
      /not whole milliseconds/,
    );
  });
});
