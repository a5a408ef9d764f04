import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataFormatError } from '../../core/errors.ts';
import { readParquetTable } from './parquet.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowlens-parquet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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
});
