import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { realStore, runCli } from './economy/testkit.ts';
import { exportEntries, exportFormat, idList } from './export.ts';

/** Rows of a query over an exported file, through DuckDB as a user would read it. */
async function duck(sql: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowsJS();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** The last `date,value` line of a file of the shared data, as the source published it. */
function lastLine(file: string): [string, number] {
  const lines = readFileSync(join(realDataDir() as string, file), 'utf8').trim().split('\n');
  const [date, value] = (lines[lines.length - 1] as string).split(',');
  return [date as string, Number(value)];
}

describe('export flags', () => {
  it('takes ids and a group (their union, each once), and names what is wrong', () => {
    assert.deepEqual(exportEntries('WALCL, RRPONTSYD,WALCL', undefined).map((e) => e.id), ['WALCL', 'RRPONTSYD']);
    const liquidity = exportEntries('SPY', 'liquidity').map((e) => e.id);
    assert.equal(liquidity[0], 'SPY');
    assert.ok(liquidity.includes('WALCL') && liquidity.includes('RRPONTSYD'));
    assert.throws(() => exportEntries(undefined, undefined), /^FlowlensError: export needs --ids A,B or --group NAME/);
    assert.throws(() => exportEntries('WALCLX', undefined), /unknown series "WALCLX" \(did you mean WALCL\?\)/);
    assert.throws(() => exportEntries(undefined, 'nope'), /^FlowlensError: unknown group "nope" \(groups: liquidity, /);
    assert.throws(() => exportEntries('WALCL,,SPY', undefined), /--ids has an empty id/);
  });

  it('the format comes from --format, else from the file name', () => {
    assert.equal(exportFormat(undefined, 'a.parquet'), 'parquet');
    assert.equal(exportFormat(undefined, 'A.PARQUET'), 'parquet');
    assert.equal(exportFormat(undefined, 'a.csv'), 'csv');
    assert.equal(exportFormat(undefined, undefined), 'csv');
    assert.equal(exportFormat('csv', 'a.parquet'), 'csv');
    assert.throws(() => exportFormat('xlsx', 'a.xlsx'), /^FlowlensError: --format must be csv or parquet, got "xlsx"/);
  });
});

describe('flowlens export on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  let out: string;
  before(async () => {
    cleanup = await realStore(['WALCL', 'RRPONTSYD']);
    out = mkdtempSync(join(tmpdir(), 'flowlens-export-'));
  });
  after(() => {
    cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  it('long CSV: WALCL and RRPONTSYD end on the rows of the files they came from', async () => {
    const file = join(out, 'liq.csv');
    const r = await runCli('export', '--ids', 'WALCL,RRPONTSYD', '--out', file);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'series_id,date,value');
    const [walclDate, walcl] = lastLine('macro/WALCL.csv');
    const [rrpDate, rrp] = lastLine('macro/RRPONTSYD.csv');
    assert.deepEqual([walclDate, walcl], ['2026-08-19', 6745699]);
    const walclRows = lines.filter((l) => l.startsWith('WALCL,'));
    assert.equal(walclRows[walclRows.length - 1], `WALCL,${walclDate},${walcl}`);
    assert.equal(walclRows[0], 'WALCL,2002-12-18,719542');
    assert.equal(lines[lines.length - 1], `RRPONTSYD,${rrpDate},${rrp}`);
    assert.match(r.stdout, new RegExp(`^Wrote 2 series, ${lines.length - 1} rows \\(long\\) to .*liq\\.csv as csv\\.\\n$`));
  });

  it('wide CSV to stdout from a date: one row per date, empty where a series has no value', async () => {
    const r = await runCli('export', '--ids', 'WALCL,RRPONTSYD', '--layout', 'wide', '--from', '2026-08-12');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'date,WALCL,RRPONTSYD');
    assert.match(lines[1] as string, /^2026-08-12,6759955,\d/);
    assert.ok(lines.includes('2026-08-19,6745699,0.317'), lines.join('\n'));
    assert.ok(lines.includes('2026-08-20,,0.225'), lines.join('\n'));
  });

  it('Parquet (long) reads back in DuckDB with the same rows and types', async () => {
    const csv = join(out, 'all.csv');
    const pq = join(out, 'all.parquet');
    assert.equal((await runCli('export', '--ids', 'WALCL,RRPONTSYD', '--out', csv)).code, 0);
    const r = await runCli('export', '--ids', 'WALCL,RRPONTSYD', '--out', pq);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /as parquet\.\n$/);
    const types = await duck(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${pq}'))`);
    assert.deepEqual(types, [['series_id', 'VARCHAR'], ['date', 'DATE'], ['value', 'DOUBLE']]);
    const last = await duck(`SELECT strftime(date, '%Y-%m-%d'), value FROM read_parquet('${pq}') WHERE series_id = 'WALCL' ORDER BY date DESC LIMIT 1`);
    assert.deepEqual(last, [lastLine('macro/WALCL.csv')]);
    // Every row equal to the CSV export's, read by DuckDB's own CSV reader.
    const diff = await duck(
      `SELECT count(*)::INTEGER FROM (SELECT series_id, date, value FROM read_parquet('${pq}') EXCEPT SELECT series_id, date, value FROM read_csv('${csv}', columns = {'series_id': 'VARCHAR', 'date': 'DATE', 'value': 'DOUBLE'}, header = true))`,
    );
    const n = await duck(`SELECT count(*)::INTEGER FROM read_parquet('${pq}')`);
    assert.deepEqual(diff, [[0]]);
    assert.deepEqual(n, [[readFileSync(csv, 'utf8').trim().split('\n').length - 1]]);
  });

  it('Parquet (wide) has a DATE column and a DOUBLE column per series, NULL where missing', async () => {
    const pq = join(out, 'wide.parquet');
    const r = await runCli('export', '--ids', 'WALCL,RRPONTSYD', '--layout', 'wide', '--from', '2026-08-19', '--out', pq);
    assert.equal(r.code, 0, r.stderr);
    const rows = await duck(`SELECT strftime(date, '%Y-%m-%d'), WALCL, RRPONTSYD FROM read_parquet('${pq}') ORDER BY date`);
    assert.deepEqual(rows.slice(0, 2), [
      ['2026-08-19', 6745699, 0.317],
      ['2026-08-20', null, 0.225],
    ]);
  });

  it('fails with one line, and writes nothing, on a series never stored, parquet to stdout, or a bad flag', async () => {
    const file = join(out, 'none.csv');
    const never = await runCli('export', '--ids', 'WALCL,SPY', '--out', file);
    assert.equal(never.code, 1);
    assert.match(never.stderr, /^flowlens: no data stored for SPY; run `flowlens sync --only SPY`\n$/);
    assert.equal(existsSync(file), false);
    assert.match((await runCli('export', '--ids', 'WALCL', '--format', 'parquet')).stderr, /^flowlens: --format parquet needs --out FILE\n$/);
    assert.match((await runCli('export', '--ids', 'WALCL', '--layout', 'tall')).stderr, /^flowlens: --layout must be long or wide, got "tall"\n$/);
    assert.match((await runCli('export', '--ids', 'WALCL', '--from', '2026/01/01')).stderr, /^flowlens: --from must be a date YYYY-MM-DD, got "2026\/01\/01"/);
    // --out '' wrote the CSV to stdout; a directory or a missing folder were named by the temporary file (DIR.tmp-PID).
    assert.equal((await runCli('export', '--ids', 'WALCL', '--out', '')).stderr, 'flowlens: --out needs a file name, got ""\n');
    assert.equal((await runCli('export', '--ids', 'WALCL', '--out', out)).stderr, `flowlens: --out ${out} is a directory: give a file name inside it, e.g. ${out}/series.csv\n`);
    assert.equal((await runCli('export', '--ids', 'WALCL', '--out', '/nonexistent/x.parquet')).stderr, 'flowlens: --out /nonexistent/x.parquet: the folder /nonexistent does not exist: create it first or choose another path\n');
    // --from after --to said "no data stored … run `flowlens sync`".
    assert.equal((await runCli('export', '--ids', 'WALCL', '--from', '2026-01-01', '--to', '2020-01-01')).stderr, 'flowlens: --from 2026-01-01 is after --to 2020-01-01\n');
  });

  it('a group exports what is stored and names the rest on stderr', async () => {
    const r = await runCli('export', '--group', 'liquidity', '--layout', 'long', '--from', '2026-08-19', '--to', '2026-08-19');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'series_id,date,value\nWALCL,2026-08-19,6745699\nRRPONTSYD,2026-08-19,0.317\n');
    assert.match(r.stderr, /^flowlens export: no data in the requested window for WTREGEN, WDTGAL, .*: left out\n$/);
  });

  it('a large group names ten ids left out and the count of the rest; --json gives the whole account', async () => {
    // The rates group holds ~600 ids (every fed funds future since 1998); this store has WALCL and RRPONTSYD only.
    const rates = await runCli('export', '--group', 'rates', '--ids', 'WALCL', '--out', join(out, 'rates.csv'));
    assert.equal(rates.code, 0, rates.stderr);
    const leftOut = exportEntries(undefined, 'rates').map((e) => e.id);
    assert.equal(rates.stderr, `flowlens export: no data for ${leftOut.slice(0, 10).join(', ')} and ${leftOut.length - 10} more: left out (--json lists them all)\n`);
    const file = join(out, 'liq.parquet');
    const j = await runCli('export', '--group', 'liquidity', '--from', '2026-08-19', '--to', '2026-08-19', '--out', file, '--json');
    assert.equal(j.code, 0, j.stderr);
    assert.equal(j.stderr, '');
    const got = JSON.parse(j.stdout) as { file: string; format: string; layout: string; rows: number; series: string[]; leftOut: string[] };
    assert.deepEqual({ ...got, leftOut: got.leftOut.length }, { file, format: 'parquet', layout: 'long', rows: 2, series: ['WALCL', 'RRPONTSYD'], leftOut: exportEntries(undefined, 'liquidity').length - 2 });
    assert.match((await runCli('export', '--ids', 'WALCL', '--json')).stderr, /^flowlens: --json needs --out FILE/);
    assert.equal(idList(['A', 'B', 'C'], 2), 'A, B and 1 more');
  });

  it('--as-of before the import finds nothing and says so', async () => {
    const r = await runCli('export', '--ids', 'WALCL', '--as-of', '2020-01-01');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: no data stored for WALCL in the requested window; run `flowlens sync`/);
  });
});
