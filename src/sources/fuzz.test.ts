import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { toDay } from '../series/dates.ts';
import { FUZZ_SEEDS, runCampaign, runInput } from './fuzz.ts';
import { runParquetCampaign, runParquetInput } from './fuzzParquet.ts';

// A fixed "today", so the plausible date range (and every outcome) is the same on any day.
const TODAY = toDay('2026-11-30');

describe('importer fuzz (seeded, CI size)', () => {
  it('3,000 damaged inputs: no uncaught exception, no implausible value kept, every error names the file (and the line in CSV)', () => {
    const s = runCampaign(FUZZ_SEEDS, 3000, { seed: 1, today: TODAY, bigLine: 200_000 });
    assert.deepEqual(s.examples, []);
    assert.equal(s.uncaught, 0);
    assert.equal(s.violations, 0);
    // The campaign did damage files: it is not vacuous.
    assert.ok(s.rowErrors > 500 && s.fileErrors > 100, JSON.stringify(s));
  });

  it('keeps the good rows around a bad one, and names its line', () => {
    const seed = FUZZ_SEEDS[0];
    assert.ok(seed);
    const text = 'observation_date,WALCL\n2026-07-29,6642512\n9999-12-31,1\n2026-08-05 junk,2\n2026-08-12,1.79e308\n2026-08-19,6745699\n';
    const out = runInput(seed, text, [], TODAY);
    assert.deepEqual(out.kept.map((p) => [p.date, p.value]), [['2026-07-29', 6642512], ['2026-08-19', 6745699]]);
    assert.deepEqual(out.rowErrors.map((e) => e.message), [
      'WALCL.csv:4: unknown date "2026-08-05 junk" in column "observation_date" (expected YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY:Qn); row skipped',
    ]);
    assert.deepEqual(out.violations, []);
  });

  it('drops a last value cut off by a truncation (no final newline, a fifth of the one before)', () => {
    const seed = FUZZ_SEEDS[0];
    assert.ok(seed);
    const out = runInput(seed, 'observation_date,WALCL\n2026-08-12,6659955\n2026-08-19,66596', [], TODAY);
    assert.deepEqual(out.kept.map((p) => p.value), [6659955]);
    assert.match(out.rowErrors[0]?.message ?? '', /^WALCL\.csv:3: column "WALCL": last value 66596 on 2026-08-19 is under a fifth of the one before \(6659955\) and the file has no final newline: truncated file\? row skipped$/);
  });

  it('accepts a JSON file with a byte-order mark', () => {
    const seed = FUZZ_SEEDS[3];
    assert.ok(seed);
    const out = runInput(seed, `\uFEFF${seed.text}`, ['bom'], TODAY);
    assert.equal(out.fileError, undefined);
    assert.deepEqual(out.kept.map((p) => p.value), [3.61, 3.62, 3.61]);
  });
});

describe('importer fuzz: Parquet inputs (seeded, CI size)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-fuzz-parquet-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('150 damaged Parquet files (truncation, byte flips, ±Infinity/NaN/NULL, edge and repeated dates, no rows): no uncaught exception, every error names the file', async () => {
    const s = await runParquetCampaign(150, { dir, seed: 1, today: TODAY });
    assert.deepEqual(s.examples, []);
    assert.equal(s.uncaught, 0);
    assert.equal(s.violations, 0);
    // Not vacuous: files were refused and rows skipped.
    assert.ok(s.fileErrors > 20 && s.rowErrors > 20, JSON.stringify(s));
  });

  it('keeps the good rows of a table with ±Infinity, NaN and an edge date, and names a truncated file', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const path = join(dir, 'edges.parquet');
    await conn.run(`COPY (SELECT * FROM (VALUES
      (TIMESTAMP '2024-08-01 00:00:00', 5446.68::DOUBLE), (TIMESTAMP '2024-08-02 00:00:00', 'Infinity'::DOUBLE),
      (TIMESTAMP '2024-08-05 00:00:00', '-Infinity'::DOUBLE), (TIMESTAMP '2024-08-06 00:00:00', 'NaN'::DOUBLE),
      (TIMESTAMP '9999-12-31 00:00:00', 5240.03::DOUBLE), (TIMESTAMP '2024-08-07 00:00:00', 5199.5::DOUBLE)
    ) t("Date", "^GSPC")) TO '${path}' (FORMAT parquet)`);
    conn.closeSync();
    instance.closeSync();
    const out = await runParquetInput(path, [], TODAY);
    assert.deepEqual(out.kept.map((p) => [p.date, Number.isNaN(p.value) ? 'NaN' : p.value]), [['2024-08-01', 5446.68], ['2024-08-06', 'NaN'], ['2024-08-07', 5199.5]]);
    assert.deepEqual(out.violations, []);
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    const cut = await runParquetInput(path, ['truncate'], TODAY);
    assert.match(cut.fileError?.message ?? '', new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable Parquet file \\(.*\\): the file is corrupt or truncated; download or export it again$`));
  });
});
