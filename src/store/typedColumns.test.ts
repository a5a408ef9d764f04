import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { typedColumns } from './typedColumns.ts';

describe('typedColumns', () => {
  it('copies INTEGER and DOUBLE columns over several chunks exactly as getColumnsJS reads them, NaN for a coalesced NULL', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      // 5000 rows = three chunks of at most 2048; every 7th value NULL.
      const sql = `SELECT (i - 2500)::INTEGER AS a, coalesce(CASE WHEN i % 7 = 0 THEN NULL ELSE i / 3.0 - 1e9 END, 'NaN'::DOUBLE)::DOUBLE AS b FROM range(5000) t(i) ORDER BY i`;
      const chunks = await (await conn.run(sql)).fetchAllChunks();
      assert.ok(chunks.length >= 3);
      const [a, b] = typedColumns(chunks, ['int32', 'float64']) as [Int32Array, Float64Array];
      const js = (await conn.runAndReadAll(sql)).getColumnsJS() as [number[], number[]];
      assert.deepEqual(Array.from(a), js[0]);
      assert.deepEqual(Array.from(b), js[1]);
      assert.equal(a[0], -2500);
      assert.ok(Number.isNaN(b[7]));
      assert.equal(b[3], 3 / 3.0 - 1e9);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('refuses a column of another type, naming it', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const chunks = await (await conn.run(`SELECT 1::BIGINT AS a`)).fetchAllChunks();
      assert.throws(() => typedColumns(chunks, ['int32']), /column 0 is BIGINT, expected INTEGER/);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
