import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeParquetColumn, type ParquetColumn, ParquetCorrupt, type ParquetFile, ParquetUnsupported, readParquetFooter } from './parquetDecode.ts';
import { num, sub, type TStruct } from './thriftCompact.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowlens-parquet-decode-'));
const N = 5000;

/**
 * 5,000 rows whose every value follows from the row number i (so the test knows them without
 * DuckDB): ROW_GROUP_SIZE 2048 gives row groups of 2048, 2048 and 904 rows; `x` has five values
 * and NULLs (DuckDB writes it dictionary-encoded), `y` is PLAIN with NULLs, `z` a dictionary of
 * 300 values without NULLs (indices 9 bits wide).
 */
const SELECT = `SELECT
  TIMESTAMP '2024-01-01 13:00' + INTERVAL (i) DAY AS ts,
  DATE '1969-12-25' + i::INTEGER AS d,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 5) * 1.5 END::DOUBLE AS x,
  CASE WHEN i % 1000 = 999 THEN NULL ELSE i * 0.25 END::DOUBLE AS y,
  ((i * 7) % 300 * 0.5)::DOUBLE AS z,
  (i - 2500)::INTEGER AS n,
  (i * 1000000000000)::BIGINT AS big,
  (i / 4)::FLOAT AS f,
  (4294967295 - i)::UINTEGER AS u,
  CAST(TIMESTAMP '1969-12-31 23:00' + INTERVAL (i) HOUR AS TIMESTAMP_NS) AS tns,
  CAST(TIMESTAMP '1969-12-31 23:00' - INTERVAL (7 * i) HOUR AS TIMESTAMP_MS) AS tms,
  'a' || i AS s,
  i % 2 = 0 AS b
FROM range(${N}) t(i)`;

/** Each column's value at row i, NaN for NULL (dates and timestamps as day numbers). */
const EXPECTED: Readonly<Record<string, (i: number) => number>> = {
  ts: (i) => 19723 + i, // 2024-01-01 is day 19723
  d: (i) => -7 + i, // 1969-12-25 is day -7
  x: (i) => (i % 7 === 3 ? NaN : (i % 5) * 1.5),
  y: (i) => (i % 1000 === 999 ? NaN : i * 0.25),
  z: (i) => ((i * 7) % 300) * 0.5,
  n: (i) => i - 2500,
  big: (i) => i * 1e12,
  f: (i) => i / 4,
  u: (i) => 4294967295 - i,
  tns: (i) => Math.floor((i - 1) / 24), // 23:00 on day -1, plus i hours
  tms: (i) => Math.floor((-1 - 7 * i) / 24), // 23:00 on day -1, minus 7·i hours
};

const files: Record<string, string> = {};
before(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  for (const codec of ['snappy', 'uncompressed', 'gzip', 'brotli', 'zstd']) {
    files[codec] = join(dir, `${codec}.parquet`);
    await c.run(`COPY (${SELECT}) TO '${files[codec]}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`);
  }
  // Parquet format v2: DuckDB then writes integers DELTA_BINARY_PACKED and floating point BYTE_STREAM_SPLIT.
  files.v2 = join(dir, 'v2-encodings.parquet');
  await c.run(`COPY (${SELECT}) TO '${files.v2}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 2048)`);
  c.closeSync();
  db.closeSync();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const footer = (codec: string): ParquetFile => readParquetFooter(readFileSync(files[codec] as string));
const column = (f: ParquetFile, name: string): ParquetColumn => f.columns.find((c) => c.name === name) as ParquetColumn;
/** The column chunk metadata (ColumnMetaData) of `name` in row group `g`. */
const chunkMeta = (f: ParquetFile, g: number, name: string): TStruct => sub(f.rowGroups[g]?.chunks[column(f, name).index] as TStruct, 3) as TStruct;

function assertColumn(f: ParquetFile, name: string): void {
  const got = decodeParquetColumn(f, column(f, name));
  const want = EXPECTED[name] as (i: number) => number;
  assert.equal(got.length, N, name);
  for (let i = 0; i < N; i++) assert.ok(Object.is(got[i], want(i)), `${name}[${i}]: ${got[i]} ≠ ${want(i)}`);
}

describe('readParquetFooter', () => {
  it('reads the schema as DuckDB types it, the rows and the row groups', () => {
    const f = footer('snappy');
    assert.equal(f.rows, N);
    assert.deepEqual(f.rowGroups.map((g) => g.rows), [2048, 2048, 904]);
    assert.deepEqual(
      f.columns.map((c) => [c.name, c.kind, c.optional]),
      [['ts', 'timestamp', true], ['d', 'date', true], ['x', 'double', true], ['y', 'double', true], ['z', 'double', true], ['n', 'int', true], ['big', 'int', true], ['f', 'float', true], ['u', 'uint', true], ['tns', 'timestamp', true], ['tms', 'timestamp', true], ['s', 'text', true], ['b', 'other', true]],
    );
    assert.deepEqual(['ts', 'tns', 'tms'].map((n) => column(f, n).perDay), [86_400e6, 86_400e9, 86_400e3]);
  });
});

describe('decodeParquetColumn', () => {
  it('decodes every numeric, date and timestamp column of a SNAPPY file over three row groups, NULL as NaN, dictionary pages included', () => {
    const f = footer('snappy');
    // The fixture does exercise the dictionary path (x, z) and the PLAIN one (y).
    assert.ok(chunkMeta(f, 0, 'x').has(11), 'x has a dictionary page');
    assert.ok(chunkMeta(f, 0, 'z').has(11), 'z has a dictionary page');
    assert.ok(!chunkMeta(f, 0, 'y').has(11), 'y has none');
    for (const name of Object.keys(EXPECTED)) assertColumn(f, name);
  });

  it('decodes the same values uncompressed, GZIP and BROTLI', () => {
    for (const codec of ['uncompressed', 'gzip', 'brotli']) {
      const f = footer(codec);
      assert.equal(num(chunkMeta(f, 0, 'y'), 4), { uncompressed: 0, gzip: 2, brotli: 4 }[codec]);
      for (const name of Object.keys(EXPECTED)) assertColumn(f, name);
    }
  });

  it('decodes DELTA_BINARY_PACKED (INT32, INT64, timestamps, dates) and BYTE_STREAM_SPLIT (DOUBLE, FLOAT) pages', () => {
    const f = footer('v2');
    const encodings = (name: string): unknown => chunkMeta(f, 0, name).get(2);
    for (const name of ['ts', 'd', 'n', 'big', 'u', 'tns', 'tms']) assert.ok((encodings(name) as number[]).includes(5), `${name} is DELTA_BINARY_PACKED`);
    for (const name of ['y', 'f']) assert.ok((encodings(name) as number[]).includes(9), `${name} is BYTE_STREAM_SPLIT`);
    for (const name of Object.keys(EXPECTED)) assertColumn(f, name);
  });

  it('refuses ZSTD and text columns as unsupported (the caller asks DuckDB)', () => {
    const f = footer('zstd');
    assert.throws(() => decodeParquetColumn(f, column(f, 'y')), (e: unknown) => e instanceof ParquetUnsupported && e.message === 'compression codec 6');
    assert.throws(() => decodeParquetColumn(f, column(f, 's')), (e: unknown) => e instanceof ParquetUnsupported && e.message === 'column s is text');
  });

  it('calls damaged bytes corrupt: truncation, a bad magic, a page that does not decompress, a short footer', () => {
    const bytes = readFileSync(files.snappy as string);
    const corrupt = (b: Uint8Array, message: RegExp, name = 'y') => assert.throws(() => decodeParquetColumn(readParquetFooter(b), column(readParquetFooter(b), name)), (e: unknown) => e instanceof ParquetCorrupt && message.test(e.message), String(message));
    corrupt(bytes.subarray(0, bytes.length - 10), /^no PAR1 magic at the end$/);
    corrupt(Uint8Array.from(bytes, (x, i) => (i === 1 ? 0 : x)), /^no PAR1 magic at the start$/);
    // y's first data page: its header, then a snappy body overwritten with zeros (a block of length 0).
    const f = readParquetFooter(bytes);
    const at = num(chunkMeta(f, 0, 'y'), 9);
    const zeroed = Uint8Array.from(bytes);
    zeroed.fill(0, at + 20, at + 60);
    corrupt(zeroed, /^column y: (page header|snappy)/);
    // The footer's length field pointing before the file's start.
    const long = Uint8Array.from(bytes);
    long.set([0xff, 0xff, 0xff, 0x0f], bytes.length - 8);
    corrupt(long, /^footer length \d+ in a file of \d+ bytes$/);
    // A footer cut in the middle (the length field says fewer bytes than the footer has).
    const short = Uint8Array.from(bytes);
    const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 8, true);
    new DataView(short.buffer).setUint32(bytes.length - 8, len - 30, true);
    assert.throws(() => readParquetFooter(short), ParquetCorrupt);
    // A footer whose Thrift ends before its declared length (one stray byte after it).
    const stray = new Uint8Array(bytes.length + 1);
    stray.set(bytes.subarray(0, bytes.length - 8));
    new DataView(stray.buffer).setUint32(bytes.length - 7, len + 1, true);
    stray.set(Buffer.from('PAR1'), bytes.length - 3);
    assert.throws(() => readParquetFooter(stray), (e: unknown) => e instanceof ParquetCorrupt && e.message === 'footer ends 1 bytes before its length');
  });
});

/**
 * A Thrift compact field: id, compact type (1 true, 2 false, 5 i32, 6 i64, 8 binary, 9 list,
 * 12 struct) and value (a number, a string, a struct's fields, a list of i32, strings or structs).
 */
type Field = [id: number, type: number, value?: unknown];

const varintBytes = (v: number): number[] => {
  const out: number[] = [];
  for (; v >= 0x80; v = Math.floor(v / 0x80)) out.push((v % 0x80) | 0x80);
  out.push(v);
  return out;
};
const zigzagBytes = (v: number): number[] => varintBytes(v >= 0 ? 2 * v : -2 * v - 1);

/** A struct in the Thrift compact protocol (the writer side of core/thriftCompact.ts, for hand-built files). */
function thrift(fields: readonly Field[]): number[] {
  const out: number[] = [];
  let last = 0;
  for (const [id, type, value] of fields) {
    out.push(id - last > 0 && id - last <= 15 ? ((id - last) << 4) | type : type, ...(id - last > 0 && id - last <= 15 ? [] : zigzagBytes(id)));
    last = id;
    if (type === 5 || type === 6) out.push(...zigzagBytes(value as number));
    else if (type === 8) {
      const b = typeof value === 'string' ? Buffer.from(value) : (value as Uint8Array);
      out.push(...varintBytes(b.length), ...b);
    } else if (type === 12) out.push(...thrift(value as Field[]));
    else if (type === 9) {
      // Lists here are of i32 (numbers), binaries (strings) or structs (field arrays).
      const items = value as (number | string | Field[])[];
      const et = typeof items[0] === 'number' ? 5 : typeof items[0] === 'string' ? 8 : 12;
      out.push((items.length << 4) | et);
      for (const x of items) out.push(...(et === 5 ? zigzagBytes(x as number) : et === 8 ? [...varintBytes(Buffer.from(x as string).length), ...Buffer.from(x as string)] : thrift(x as Field[])));
    }
  }
  out.push(0);
  return out;
}

const f64 = (...xs: number[]): number[] => [...new Uint8Array(Float64Array.from(xs).buffer)];
const i32 = (...xs: number[]): number[] => [...new Uint8Array(Int32Array.from(xs).buffer)];

/**
 * A file of two columns written by hand, in layouts DuckDB's writer does not use: a REQUIRED DATE
 * column, dictionary-encoded (dictionary 19727, 19723, 19725, 19724, 19726; indices 1, 3, 2, 4, 0
 * bit-packed 3 bits wide) in a DATA_PAGE_V2, uncompressed; an OPTIONAL DOUBLE column in a
 * DATA_PAGE_V2 whose levels (by default bit-packed: 1, 0, 1, 0, 1) are stored plain and whose values
 * (1.5, -2.25, 1e300) are SNAPPY-compressed (one literal).
 */
function handBuilt(levels = [0x03, 0b10101]): Uint8Array {
  const bytes: number[] = [...Buffer.from('PAR1')];
  const dictAt = bytes.length;
  const dictBody = i32(19727, 19723, 19725, 19724, 19726);
  bytes.push(...thrift([[1, 5, 2], [2, 5, dictBody.length], [3, 5, dictBody.length], [7, 12, [[1, 5, 5], [2, 5, 0]]]]), ...dictBody);
  const dateAt = bytes.length;
  // Bit width 3, one bit-packed group (header 1 << 1 | 1), 8 values × 3 bits: 1 | 3 << 3 | 2 << 6 | 4 << 9 = 0x0899.
  const dateBody = [3, 0x03, 0x99, 0x08, 0x00];
  bytes.push(...thrift([[1, 5, 3], [2, 5, dateBody.length], [3, 5, dateBody.length], [8, 12, [[1, 5, 5], [2, 5, 0], [3, 5, 5], [4, 5, 8], [5, 5, 0], [6, 5, 0], [7, 2]]]]), ...dateBody);
  const dateEnd = bytes.length;
  const vAt = bytes.length;
  const values = f64(1.5, -2.25, 1e300);
  const snappy = [values.length, (values.length - 1) << 2, ...values];
  bytes.push(...thrift([[1, 5, 3], [2, 5, levels.length + values.length], [3, 5, levels.length + snappy.length], [8, 12, [[1, 5, 5], [2, 5, 2], [3, 5, 5], [4, 5, 0], [5, 5, levels.length], [6, 5, 0]]]]), ...levels, ...snappy);
  const vEnd = bytes.length;
  // A chunk starts at its dictionary page when it has one: its sizes count from there.
  const chunk = (name: string, type: number, codec: number, at: number, end: number, dict?: number): Field[] => [
    [2, 6, at],
    [3, 12, [[1, 5, type], [2, 9, dict === undefined ? [0, 3] : [8, 3]], [3, 9, [name]], [4, 5, codec], [5, 6, 5], [6, 6, end - (dict ?? at)], [7, 6, end - (dict ?? at)], [9, 6, at], ...(dict === undefined ? [] : ([[11, 6, dict]] as Field[]))]],
  ];
  const footer = thrift([
    [1, 5, 2],
    [2, 9, [[[4, 8, 'schema'], [5, 5, 2]], [[1, 5, 1], [3, 5, 0], [4, 8, 'Date'], [6, 5, 6]], [[1, 5, 5], [3, 5, 1], [4, 8, 'v']]]],
    [3, 6, 5],
    [4, 9, [[[1, 9, [chunk('Date', 1, 0, dateAt, dateEnd, dictAt), chunk('v', 5, 1, vAt, vEnd)]], [2, 6, vEnd - 4], [3, 6, 5]]]],
    [6, 8, 'flowlens test'],
  ]);
  return Uint8Array.from([...bytes, ...footer, ...i32(footer.length), ...Buffer.from('PAR1')]);
}

describe('a hand-built file: DATA_PAGE_V2, a REQUIRED column, bit-packed levels and indices', () => {
  it('decodes the values written, and DuckDB reads the same', async () => {
    const path = join(dir, 'v2.parquet');
    writeFileSync(path, handBuilt());
    const f = readParquetFooter(readFileSync(path));
    assert.deepEqual(f.columns.map((c) => [c.name, c.kind, c.optional]), [['Date', 'date', false], ['v', 'double', true]]);
    assert.deepEqual([...decodeParquetColumn(f, column(f, 'Date'))], [19723, 19724, 19725, 19726, 19727]);
    assert.deepEqual([...decodeParquetColumn(f, column(f, 'v'))], [1.5, NaN, -2.25, NaN, 1e300]);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = (await c.runAndReadAll(`SELECT (Date - DATE '1970-01-01')::INTEGER AS d, v FROM read_parquet('${path}')`)).getRowsJS();
    c.closeSync();
    db.closeSync();
    assert.deepEqual(rows, [[19723, 1.5], [19724, null], [19725, -2.25], [19726, null], [19727, 1e300]]);
  });

  it('calls a definition level of 2 in a flat column corrupt (a run of five 2s: header 5 << 1, value 2)', () => {
    const f = readParquetFooter(handBuilt([0x0a, 0x02]));
    assert.throws(() => decodeParquetColumn(f, column(f, 'v')), (e: unknown) => e instanceof ParquetCorrupt && e.message === 'run value 2 wider than 1 bits');
  });
});
