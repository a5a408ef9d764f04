// A Parquet decoder for flat tables of numbers and dates (apache/parquet-format: the footer's
// Thrift in parquet.thrift, the encodings in Encodings.md), enough for the files pandas/pyarrow
// and DuckDB write by default: a wide table of DOUBLE columns and a timestamp index. Importing
// DuckDB and querying one such file (0.8 MB) cost ~0.37 s of CPU in a sync; this reads it in
// ~0.1 s cold (~10 ms once compiled). Anything else is a ParquetUnsupported (the caller then asks
// DuckDB), and bytes that contradict themselves a ParquetCorrupt.
import { createRequire } from 'node:module';
import { snappyUncompress, SnappyError } from './snappy.ts';
import { num, optNum, Reader, str, structs, sub, ThriftError, type TStruct } from './thriftCompact.ts';

/** A valid file in a layout this decoder does not read (nested columns, another codec or encoding, DECIMAL…). */
export class ParquetUnsupported extends Error {
  override name = 'ParquetUnsupported';
}

/** Bytes that are not a readable Parquet file: a missing magic, a footer or page that does not parse, counts that disagree. */
export class ParquetCorrupt extends Error {
  override name = 'ParquetCorrupt';
}

const corrupt = (what: string) => new ParquetCorrupt(what);

/**
 * Throws ParquetCorrupt unless `s` has every field of `ids`: parquet.thrift's required fields,
 * which Apache Thrift's reader (DuckDB's) insists on even where this decoder needs none of them.
 */
function required(s: TStruct, ids: readonly number[], what: string): void {
  for (const id of ids) if (!s.has(id)) throw corrupt(`${what} without its field ${id}`);
}

/**
 * Throws ParquetCorrupt when field `id` of `s` (or each element, for a list) is present and not a
 * value of its enum, 0…`max` (DuckDB's reader refuses such a file, e.g. a repetition-level
 * encoding of -2): Type 7, FieldRepetitionType 2, ConvertedType 21, Encoding 9, CompressionCodec 7, PageType 3.
 */
function enumIn(s: TStruct, id: number, max: number, what: string): void {
  const v = s.get(id);
  for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > max) throw corrupt(`${what}: field ${id} is ${typeof x === 'number' ? x : typeof x}, not one of 0–${max}`);
  }
}
const TYPE = 7;
const REPETITION = 2;
const CONVERTED = 21;
const ENCODING = 9;
const CODEC = 7;
const PAGE_TYPE = 3;

/**
 * What a column holds, as DuckDB's `read_parquet` types it: `double`/`float`/`int`/`uint` are
 * numbers (DOUBLE, FLOAT, the signed and unsigned integers), `date` a DATE, `timestamp` any
 * TIMESTAMP, `text` a VARCHAR, `other` a column this decoder never reads (BOOLEAN, BLOB, TIME),
 * `unsupported` one it cannot classify or decode (DECIMAL, INT96, FIXED_LEN_BYTE_ARRAY…).
 */
export type ParquetKind = 'double' | 'float' | 'int' | 'uint' | 'date' | 'timestamp' | 'text' | 'other' | 'unsupported';

/** One leaf column of a flat file. */
export interface ParquetColumn {
  readonly name: string;
  /** Position among the leaves (and in each row group's column chunks). */
  readonly index: number;
  /** parquet.thrift `Type`: 0 BOOLEAN, 1 INT32, 2 INT64, 3 INT96, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY, 7 FIXED_LEN_BYTE_ARRAY. */
  readonly physical: number;
  readonly kind: ParquetKind;
  /** OPTIONAL (definition levels present) rather than REQUIRED. */
  readonly optional: boolean;
  /** For a timestamp: its units per day (86 400 × 10³, 10⁶ or 10⁹). */
  readonly perDay?: number;
  /** For a timestamp: isAdjustedToUTC (DuckDB's TIMESTAMP WITH TIME ZONE). */
  readonly utc?: boolean;
  /** Why the column is `unsupported`. */
  readonly why?: string;
}

/** A file's footer as this decoder needs it: the leaves, the row count and the row groups. */
export interface ParquetFile {
  readonly bytes: Uint8Array;
  readonly rows: number;
  readonly columns: readonly ParquetColumn[];
  /** Each row group's row count and column chunks (Thrift ColumnChunk structs). */
  readonly rowGroups: readonly { readonly rows: number; readonly chunks: readonly TStruct[] }[];
}

/** Row counts past this are left to DuckDB (it guards the arrays allocated from a footer's claim). */
const MAX_ROWS = 2 ** 27;

const PER_DAY_MS = 86_400_000;

/** The kind of a leaf from its physical type, ConvertedType (6) and LogicalType (10). */
function classify(e: TStruct, name: string, index: number): ParquetColumn {
  const physical = num(e, 1, corrupt);
  const repetition = optNum(e, 3) ?? 0;
  const converted = optNum(e, 6);
  const logical = sub(e, 10);
  const base = { name, index, physical, optional: repetition === 1 };
  const unsupported = (why: string): ParquetColumn => ({ ...base, kind: 'unsupported', why });
  if (repetition === 2) return unsupported('repeated column');
  if (repetition !== 0 && repetition !== 1) throw corrupt(`repetition ${repetition}`);
  // LogicalType is a union: its one set field says which (parquet.thrift field ids: 1 STRING,
  // 5 DECIMAL, 6 DATE, 7 TIME, 8 TIMESTAMP, 10 INTEGER…). ConvertedType: 0 UTF8, 5 DECIMAL,
  // 6 DATE, 7/8 TIME_MILLIS/MICROS, 9/10 TIMESTAMP_MILLIS/MICROS, 11–14 UINT_8…64, 15–18 INT_8…64.
  const lt = logical ? [...logical.keys()][0] : undefined;
  const ltBody = lt !== undefined ? sub(logical as TStruct, lt) : undefined;
  // A union of other than one struct (a damaged type byte) is what Apache Thrift's reader skips.
  if (logical && (logical.size !== 1 || !ltBody)) return unsupported('logical type');
  const intType = (): ParquetColumn | undefined => {
    if (lt === 10 && ltBody) {
      required(ltBody, [1, 2], 'IntType');
      return { ...base, kind: ltBody.get(2) === false ? 'uint' : 'int' };
    }
    if (converted !== undefined && converted >= 11 && converted <= 14) return { ...base, kind: 'uint' }; // UINT_8…UINT_64
    if (converted !== undefined && converted >= 15 && converted <= 18) return { ...base, kind: 'int' }; // INT_8…INT_64
    return undefined;
  };
  switch (physical) {
    case 0:
      return lt === undefined && converted === undefined ? { ...base, kind: 'other' } : unsupported('annotated BOOLEAN');
    case 1: {
      if (lt === undefined && converted === undefined) return { ...base, kind: 'int' };
      if (lt === 6 || (lt === undefined && converted === 6)) return { ...base, kind: 'date' };
      if (lt === 7 || (lt === undefined && converted === 7)) return { ...base, kind: 'other' }; // TIME (millis)
      return intType() ?? unsupported(`INT32 annotated ${lt ?? ''}/${converted ?? ''}`);
    }
    case 2: {
      if (lt === undefined && converted === undefined) return { ...base, kind: 'int' };
      if (lt === 7 || (lt === undefined && converted === 8)) return { ...base, kind: 'other' }; // TIME (micros, nanos)
      if (lt === 8 || (lt === undefined && (converted === 9 || converted === 10))) {
        // TimestampType {1: isAdjustedToUTC, 2: unit {1: MILLIS, 2: MICROS, 3: NANOS}}; ConvertedType 9/10 are UTC millis/micros.
        if (ltBody) required(ltBody, [1, 2], 'TimestampType');
        const unit = ltBody ? sub(ltBody, 2) : undefined;
        if (ltBody && (!unit || unit.size !== 1 || !([...unit.values()][0] instanceof Map))) return unsupported('timestamp unit');
        const u = unit ? [...unit.keys()][0] : converted === 9 ? 1 : 2;
        const perDay = u === 1 ? PER_DAY_MS : u === 2 ? PER_DAY_MS * 1e3 : u === 3 ? PER_DAY_MS * 1e6 : undefined;
        if (perDay === undefined) return unsupported('timestamp unit');
        return { ...base, kind: 'timestamp', perDay, utc: ltBody?.get(1) === true };
      }
      return intType() ?? unsupported(`INT64 annotated ${lt ?? ''}/${converted ?? ''}`);
    }
    case 4:
    case 5:
      return lt === undefined && converted === undefined ? { ...base, kind: physical === 5 ? 'double' : 'float' } : unsupported('annotated floating point');
    case 6:
      if (lt === undefined && converted === undefined) return { ...base, kind: 'other' }; // BLOB
      if (lt === 1 || (lt === undefined && converted === 0)) return { ...base, kind: 'text' }; // STRING / UTF8
      return unsupported('annotated BYTE_ARRAY');
    default:
      return unsupported(`physical type ${physical}`);
  }
}

/**
 * Reads the footer of a Parquet file (`PAR1`, pages, FileMetaData, its length, `PAR1`): the flat
 * schema's leaves with their kinds, the row count, the row groups. ParquetCorrupt when the bytes
 * are not a Parquet file or the footer does not parse or add up; ParquetUnsupported for an
 * encrypted footer, nested columns, columns in other files or more than 2^27 rows.
 */
export function readParquetFooter(bytes: Uint8Array): ParquetFile {
  // A plain view: a Buffer's subarray makes a Buffer, costlier per page and per literal.
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = b.length;
  const magicAt = (at: number, m: string) => b[at] === 0x50 && b[at + 1] === 0x41 && b[at + 2] === 0x52 && b[at + 3] === m.charCodeAt(3);
  if (n < 12 || !magicAt(0, 'PAR1')) throw corrupt('no PAR1 magic at the start');
  if (magicAt(n - 4, 'PARE')) throw new ParquetUnsupported('encrypted footer');
  if (!magicAt(n - 4, 'PAR1')) throw corrupt('no PAR1 magic at the end');
  const footerLen = ((b[n - 8] as number) | ((b[n - 7] as number) << 8) | ((b[n - 6] as number) << 16) | ((b[n - 5] as number) << 24)) >>> 0;
  if (footerLen === 0 || footerLen > n - 12) throw corrupt(`footer length ${footerLen} in a file of ${n} bytes`);
  const footerAt = n - 8 - footerLen;
  try {
    const r = new Reader(b.subarray(0, n - 8), footerAt);
    const meta = r.struct();
    // A writer's footer is exactly its declared length: ending short means a damaged byte was read
    // as something else (DuckDB, reading the same bytes by the schema, runs past the end instead).
    if (r.at !== n - 8) throw corrupt(`footer ends ${n - 8 - r.at} bytes before its length`);
    return footerOf(b, meta, footerAt);
  } catch (e) {
    if (e instanceof ThriftError) throw corrupt(`footer: ${e.message}`);
    throw e;
  }
}

/** The ParquetFile of a parsed FileMetaData `meta` (parquet.thrift field ids) over `b`, whose footer starts at `footerAt`. */
function footerOf(b: Uint8Array, meta: TStruct, footerAt: number): ParquetFile {
  required(meta, [1, 2, 3, 4], 'FileMetaData');
  if (meta.has(8)) throw new ParquetUnsupported('encrypted columns');
  const schema = structs(meta, 2, corrupt);
  const root = schema[0];
  if (!root) throw corrupt('empty schema');
  const leaves = num(root, 5, corrupt);
  if (schema.length !== leaves + 1) throw new ParquetUnsupported('nested columns');
  const names = new Set<string>();
  for (const e of schema) {
    required(e, [4], 'SchemaElement');
    enumIn(e, 1, TYPE, 'SchemaElement');
    enumIn(e, 3, REPETITION, 'SchemaElement');
    enumIn(e, 6, CONVERTED, 'SchemaElement');
  }
  const kv = meta.get(5);
  if (Array.isArray(kv)) for (const x of kv) if (!(x instanceof Map) || !x.has(1)) throw corrupt('KeyValue without its key');
  const columns = schema.slice(1).map((e, i) => {
    if (e.has(5)) throw new ParquetUnsupported('nested columns');
    const name = str(e, 4);
    if (name === undefined) throw corrupt(`column ${i} has no name`);
    if (names.has(name)) throw new ParquetUnsupported(`two columns named ${name}`);
    names.add(name);
    return classify(e, name, i);
  });
  const rows = num(meta, 3, corrupt);
  if (rows < 0) throw corrupt(`${rows} rows`);
  if (rows > MAX_ROWS) throw new ParquetUnsupported(`${rows} rows`);
  let total = 0;
  const rowGroups = structs(meta, 4, corrupt).map((g) => {
    required(g, [1, 2, 3], 'RowGroup');
    const chunks = structs(g, 1, corrupt);
    const groupRows = num(g, 3, corrupt);
    if (chunks.length !== columns.length) throw corrupt(`a row group of ${chunks.length} columns for ${columns.length}`);
    if (groupRows < 0) throw corrupt(`a row group of ${groupRows} rows`);
    for (const c of chunks) {
      required(c, [2], 'ColumnChunk');
      if (c.has(1)) throw new ParquetUnsupported('a column chunk in another file');
    }
    total += groupRows;
    return { rows: groupRows, chunks };
  });
  if (total !== rows) throw corrupt(`row groups of ${total} rows in a file of ${rows}`);
  return { bytes: b.subarray(0, footerAt), rows, columns, rowGroups };
}

/** node:zlib, loaded on the first GZIP or BROTLI page (its load is ~8 ms a SNAPPY file need not pay). */
const zlib = (): typeof import('node:zlib') => createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');

/** A page of `col` uncompressed with codec `codec` (CompressionCodec: 0 none, 1 SNAPPY, 2 GZIP, 4 BROTLI) to its `size` bytes. */
function uncompress(codec: number, page: Uint8Array, size: number, col: ParquetColumn): Uint8Array {
  let out: Uint8Array;
  try {
    if (codec === 0) out = page;
    else if (codec === 1) return snappyUncompress(page, size);
    else if (codec === 2) out = zlib().gunzipSync(page, { maxOutputLength: Math.max(size, 1) });
    else if (codec === 4) out = zlib().brotliDecompressSync(page, { maxOutputLength: Math.max(size, 1) });
    else throw new ParquetUnsupported(`compression codec ${codec}`);
  } catch (e) {
    if (e instanceof ParquetUnsupported) throw e;
    throw corrupt(`column ${col.name}: ${e instanceof SnappyError ? e.message : `page does not decompress (${e instanceof Error ? e.message : String(e)})`}`);
  }
  if (out.length !== size) throw corrupt(`column ${col.name}: page of ${out.length} bytes, its header says ${size}`);
  return out;
}

/**
 * Decodes `n` values of `width` bits (0–32) in the RLE / bit-packed hybrid (Encodings.md) from
 * `b[at, end)` into `out` (unsigned values as int32: 2^31 and up come out negative). A run is
 * `varint(len << 1)` and the value in ⌈width/8⌉ little-endian bytes; a bit-packed group is
 * `varint(groups << 1 | 1)` then groups × 8 values, LSB first. Returns the sum of the values
 * (for definition levels of width 1: how many are defined).
 */
function hybrid(b: Uint8Array, at: number, end: number, width: number, n: number, out: Int32Array): number {
  const bytes = (width + 7) >> 3;
  const mask = width === 32 ? -1 : (1 << width) - 1;
  let k = 0;
  let sum = 0;
  while (k < n) {
    // The run header (a varint), inline: a helper returning [value, position] allocated per run.
    let h = 0;
    for (let mul = 1; ; mul *= 0x80) {
      if (at >= end) throw corrupt('run header past the end of its section');
      if (mul > 2 ** 35) throw corrupt('run header too long');
      const x = b[at++] as number;
      h += (x & 0x7f) * mul;
      if (x < 0x80) break;
    }
    if (h % 2 === 0) {
      const len = Math.min(h / 2, n - k);
      if (at + bytes > end) throw corrupt('run value past the end of its section');
      let v = 0;
      for (let i = 0; i < bytes; i++) v |= (b[at + i] as number) << (8 * i);
      // A level of 2 in a column whose levels are 0 or 1 would misalign every value after it.
      if ((v & mask) !== v) throw corrupt(`run value ${v >>> 0} wider than ${width} bits`);
      at += bytes;
      out.fill(v, k, k + len);
      sum += v * len;
      k += len;
    } else {
      const groups = (h - 1) / 2;
      const m = Math.min(groups * 8, n - k);
      // The last group may stop at its last needed byte.
      const need = Math.ceil((m * width) / 8);
      if (at + need > end) throw corrupt('bit-packed values past the end of their section');
      sum += width === 1 ? unpackBits(b, at, m, out, k) : unpack(b, at, width, mask, m, out, k);
      at = Math.min(at + groups * width, end);
      k += m;
    }
  }
  return sum;
}

/** `m` one-bit values from byte `at` (LSB first) into `out` from `k`; their sum. */
function unpackBits(b: Uint8Array, at: number, m: number, out: Int32Array, k: number): number {
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const v = ((b[at + (i >> 3)] as number) >> (i & 7)) & 1;
    out[k + i] = v;
    sum += v;
  }
  return sum;
}

/** `m` values of `width` bits (2–32) from byte `at` (LSB first) into `out` from `k`; their sum. */
function unpack(b: Uint8Array, at: number, width: number, mask: number, m: number, out: Int32Array, k: number): number {
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const bit = i * width;
    const p = at + (bit >> 3);
    const s = bit & 7;
    // Bytes past the section read as 0 or are masked off; the 5th byte only for widths over 24.
    let v = ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> s;
    if (s + width > 32) v |= (b[p + 4] as number) << (32 - s);
    v &= mask;
    out[k + i] = v;
    sum += v;
  }
  return sum;
}

/** Scratch arrays for levels and indices, grown as needed (one decode at a time: all of it is synchronous). */
let scratchDefs: Int32Array = new Int32Array(1024);
let scratchIdx: Int32Array = new Int32Array(1024);
const grown = (a: Int32Array, n: number): Int32Array => (a.length >= n ? a : new Int32Array(Math.max(n, 2 * a.length)));

/** Writes `values` (the defined ones, in order) into `out` from `at`, NaN where `defs[i]` is 0. */
function scatter(values: Float64Array, defs: Int32Array, n: number, out: Float64Array, at: number): void {
  for (let i = 0, k = 0; i < n; i++) out[at + i] = defs[i] === 1 ? (values[k++] as number) : Number.NaN;
}

/**
 * Writes `dict[idx[k]]` for the defined rows (all `n` when `defs` is undefined) into `out` from
 * `at`, NaN for the others. False when an index is outside the dictionary.
 */
function gather(dict: Float64Array, idx: Int32Array, defs: Int32Array | undefined, n: number, out: Float64Array, at: number): boolean {
  const size = dict.length;
  if (defs === undefined) {
    for (let i = 0; i < n; i++) {
      const k = idx[i] as number;
      if (k < 0 || k >= size) return false;
      out[at + i] = dict[k] as number;
    }
    return true;
  }
  for (let i = 0, j = 0; i < n; i++) {
    if (defs[i] === 1) {
      const k = idx[j++] as number;
      if (k < 0 || k >= size) return false;
      out[at + i] = dict[k] as number;
    } else out[at + i] = Number.NaN;
  }
  return true;
}

/** Bytes per PLAIN value of a physical type this decoder reads. */
const WIDTH: Readonly<Record<number, number>> = { 1: 4, 2: 8, 4: 4, 5: 8 };

/**
 * `count` PLAIN values of `col` at `b[at…]` as numbers: DOUBLE as is, FLOAT widened, integers
 * (unsigned for `uint`) rounded to the nearest double like a C cast, dates as day numbers,
 * timestamps as the day number of their calendar date (floor of units / units per day).
 */
function plainValues(col: ParquetColumn, b: Uint8Array, at: number, count: number): Float64Array {
  const width = WIDTH[col.physical] as number;
  // Copied into an aligned buffer (a view needs its offset to be a multiple of the width).
  const raw = new Uint8Array(width * count);
  raw.set(b.subarray(at, at + width * count));
  if (col.kind === 'double') return new Float64Array(raw.buffer);
  if (col.physical === 4) return Float64Array.from(new Float32Array(raw.buffer));
  if (col.physical === 1) return col.kind === 'uint' ? Float64Array.from(new Uint32Array(raw.buffer)) : Float64Array.from(new Int32Array(raw.buffer));
  const lo = new Uint32Array(raw.buffer);
  const hi = col.kind === 'uint' ? lo : new Int32Array(raw.buffer);
  const out = new Float64Array(count);
  const perDay = col.perDay;
  let big: BigInt64Array | undefined;
  for (let i = 0; i < count; i++) {
    // hi·2^32 is exact and adding lo rounds once: the int64 → double of a C cast.
    const v = (hi[2 * i + 1] as number) * 4294967296 + (lo[2 * i] as number);
    if (perDay === undefined) out[i] = v;
    else if (Math.abs(v) < 2 ** 53) {
      let d = Math.floor(v / perDay);
      // The quotient of two doubles may round across a whole day: settle it with exact products.
      if (d * perDay > v) d--;
      else if ((d + 1) * perDay <= v) d++;
      out[i] = d;
    } else {
      // Past 2^53 (every nanosecond timestamp after 1970-04-15) the division is exact in BigInt.
      big ??= new BigInt64Array(raw.buffer);
      const x = big[i] as bigint;
      const p = BigInt(perDay);
      out[i] = Number(x / p - (x % p < 0n ? 1n : 0n));
    }
  }
  return out;
}

/**
 * BYTE_STREAM_SPLIT (Encodings.md): byte k of value i is at `p + k·count + i`; answered as the
 * PLAIN bytes of the `count` values.
 */
function byteStreamSplit(page: Uint8Array, p: number, count: number, width: number, col: ParquetColumn): Uint8Array {
  if (p + width * count > page.length) throw corrupt(`column ${col.name}: ${count} split values past the end of the page`);
  const out = new Uint8Array(width * count);
  for (let k = 0; k < width; k++) {
    const from = p + k * count;
    for (let i = 0; i < count; i++) out[i * width + k] = page[from + i] as number;
  }
  return out;
}

/** An unsigned varint (up to 64 bits) at `r.at`, advancing it: DELTA_BINARY_PACKED's header fields. */
function deltaVarint(page: Uint8Array, r: { at: number }, col: ParquetColumn): bigint {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (r.at >= page.length) throw corrupt(`column ${col.name}: delta header past the end of the page`);
    if (shift > 63n) throw corrupt(`column ${col.name}: delta varint too long`);
    const x = page[r.at++] as number;
    v |= BigInt(x & 0x7f) << shift;
    if (x < 0x80) return v;
    shift += 7n;
  }
}

/**
 * DELTA_BINARY_PACKED (Encodings.md) INT32 or INT64 values, `count` of them, answered as their
 * PLAIN bytes: a header (values per block, miniblocks per block, total count, first value
 * zigzag), then blocks of a zigzag minimum delta, one bit width per miniblock and the miniblocks
 * (deltas minus the minimum, bit-packed LSB first). Arithmetic wraps at the type's width, as
 * the writer's did; in BigInt, so 64-bit values stay exact.
 */
function deltaBinaryPacked(page: Uint8Array, p: number, count: number, col: ParquetColumn): Uint8Array {
  const bits = col.physical === 1 ? 32 : 64;
  const r = { at: p };
  const block = Number(deltaVarint(page, r, col));
  const miniblocks = Number(deltaVarint(page, r, col));
  const total = Number(deltaVarint(page, r, col));
  const zig = (u: bigint): bigint => (u & 1n ? -((u + 1n) >> 1n) : u >> 1n);
  let last = BigInt.asIntN(bits, zig(deltaVarint(page, r, col)));
  if (block <= 0 || block % 128 !== 0 || miniblocks <= 0 || block % miniblocks !== 0 || (block / miniblocks) % 32 !== 0) throw corrupt(`column ${col.name}: delta blocks of ${block} in ${miniblocks}`);
  if (total !== count) throw corrupt(`column ${col.name}: ${total} delta values for ${count}`);
  const per = block / miniblocks;
  const out = bits === 32 ? new Int32Array(count) : new BigInt64Array(count);
  const put = (i: number, v: bigint) => {
    if (out instanceof Int32Array) out[i] = Number(v);
    else out[i] = v;
  };
  if (count > 0) put(0, last);
  let k = 1;
  while (k < count) {
    const min = zig(deltaVarint(page, r, col));
    if (r.at + miniblocks > page.length) throw corrupt(`column ${col.name}: delta widths past the end of the page`);
    const widths = page.subarray(r.at, r.at + miniblocks);
    r.at += miniblocks;
    for (let m = 0; m < miniblocks && k < count; m++) {
      const w = widths[m] as number;
      if (w > bits) throw corrupt(`column ${col.name}: delta width ${w}`);
      const take = Math.min(per, count - k);
      if (r.at + Math.ceil((take * w) / 8) > page.length) throw corrupt(`column ${col.name}: delta values past the end of the page`);
      for (let i = 0; i < take; i++) {
        // The w-bit value at bit i·w, LSB first, gathered byte by byte (w up to 64).
        let u = 0n;
        const start = i * w;
        for (let b = 0; b < w; ) {
          const bit = start + b;
          const byte = page[r.at + (bit >> 3)] as number;
          const s = bit & 7;
          const n = Math.min(8 - s, w - b);
          u |= BigInt((byte >> s) & ((1 << n) - 1)) << BigInt(b);
          b += n;
        }
        last = BigInt.asIntN(bits, last + min + u);
        put(k++, last);
      }
      r.at += (per * w) / 8;
    }
  }
  return new Uint8Array(out.buffer);
}

/** Whether `col`'s values are ones this decoder reads (numbers, dates, timestamps). */
export function decodable(col: ParquetColumn): boolean {
  return col.kind === 'double' || col.kind === 'float' || col.kind === 'int' || col.kind === 'uint' || col.kind === 'date' || col.kind === 'timestamp';
}

/**
 * Every value of a numeric, date or timestamp column, in file order across row groups and
 * pages, as a Float64Array: numbers as DuckDB's CAST(… AS DOUBLE) gives them, a date or
 * timestamp as the day number (days since 1970-01-01) of its calendar date — whole numbers, in
 * a Float64Array because a damaged timestamp can lie past the int32 range; NULL → NaN. Reads
 * PLAIN, dictionary (PLAIN_DICTIONARY / RLE_DICTIONARY), DELTA_BINARY_PACKED and
 * BYTE_STREAM_SPLIT data pages v1 and v2 with RLE definition levels, uncompressed, SNAPPY, GZIP
 * or BROTLI. ParquetUnsupported for anything else, ParquetCorrupt for pages that do not parse
 * or add up.
 */
export function decodeParquetColumn(file: ParquetFile, col: ParquetColumn): Float64Array {
  if (!decodable(col)) throw new ParquetUnsupported(`column ${col.name} is ${col.kind}`);
  const out = new Float64Array(file.rows);
  let row = 0;
  for (const g of file.rowGroups) {
    chunkInto(file.bytes, g.chunks[col.index] as TStruct, g.rows, col, out, row);
    row += g.rows;
  }
  return out;
}

/** Decodes one column chunk of `rows` rows into `out` from `row` on. */
function chunkInto(b: Uint8Array, chunk: TStruct, rows: number, col: ParquetColumn, out: Float64Array, row: number): void {
  const meta = sub(chunk, 3);
  if (!meta) throw corrupt(`column ${col.name}: no chunk metadata`);
  required(meta, [1, 2, 3, 4, 5, 6, 7, 9], `column ${col.name}: ColumnMetaData`);
  enumIn(meta, 1, TYPE, `column ${col.name}: ColumnMetaData`);
  enumIn(meta, 2, ENCODING, `column ${col.name}: ColumnMetaData`);
  enumIn(meta, 4, CODEC, `column ${col.name}: ColumnMetaData`);
  const encodingStats = meta.get(13);
  if (encodingStats !== undefined) {
    if (!Array.isArray(encodingStats)) throw corrupt(`column ${col.name}: encoding_stats is not a list`);
    for (const e of encodingStats) {
      if (!(e instanceof Map)) throw corrupt(`column ${col.name}: encoding_stats is not a list of structs`);
      required(e, [1, 2, 3], `column ${col.name}: PageEncodingStats`);
      enumIn(e, 1, PAGE_TYPE, `column ${col.name}: PageEncodingStats`);
      enumIn(e, 2, ENCODING, `column ${col.name}: PageEncodingStats`);
    }
  }
  const stats = sub(meta, 12);
  // Statistics min/max of a fixed-width type are one value wide (DuckDB refuses the file otherwise).
  if (stats) for (const id of [1, 2, 5, 6]) {
    const v = stats.get(id);
    if (v instanceof Uint8Array && v.length !== WIDTH[col.physical]) throw corrupt(`column ${col.name}: statistics of ${v.length} bytes`);
  }
  if (num(meta, 1, corrupt) !== col.physical) throw corrupt(`column ${col.name}: chunk type differs from the schema`);
  const codec = num(meta, 4, corrupt);
  if (num(meta, 5, corrupt) !== rows) throw corrupt(`column ${col.name}: chunk of ${num(meta, 5, corrupt)} values in a row group of ${rows}`);
  const dataAt = num(meta, 9, corrupt);
  const dictAt = optNum(meta, 11);
  // Some writers set dictionary_page_offset to 0 for none: the chunk starts at its first page.
  const start = dictAt !== undefined && dictAt > 0 && dictAt < dataAt ? dictAt : dataAt;
  const end = start + num(meta, 7, corrupt);
  if (start < 4 || end > b.length) throw corrupt(`column ${col.name}: chunk at ${start}–${end} outside the data`);
  const width = WIDTH[col.physical] as number;
  let dict: Float64Array | undefined;
  let done = 0;
  let at = start;
  while (done < rows) {
    if (at >= end) throw corrupt(`column ${col.name}: pages end after ${done} of ${rows} values`);
    const r = new Reader(b.subarray(0, end), at);
    let h: TStruct;
    try {
      h = r.struct();
    } catch (e) {
      if (e instanceof ThriftError) throw corrupt(`column ${col.name}: page header: ${e.message}`);
      throw e;
    }
    required(h, [1, 2, 3], `column ${col.name}: PageHeader`);
    enumIn(h, 1, PAGE_TYPE, `column ${col.name}: PageHeader`);
    const type = num(h, 1, corrupt);
    const size = num(h, 2, corrupt);
    const stored = num(h, 3, corrupt);
    const bodyAt = r.at;
    at = bodyAt + stored;
    if (stored < 0 || size < 0 || at > end) throw corrupt(`column ${col.name}: page past the end of its chunk`);
    const body = b.subarray(bodyAt, at);
    if (type === 2) {
      const dh = sub(h, 7);
      if (!dh || dict) throw corrupt(`column ${col.name}: dictionary page`);
      required(dh, [1, 2], `column ${col.name}: DictionaryPageHeader`);
      enumIn(dh, 2, ENCODING, `column ${col.name}: DictionaryPageHeader`);
      const enc = optNum(dh, 2) ?? 0;
      if (enc !== 0 && enc !== 2) throw new ParquetUnsupported(`dictionary encoding ${enc}`);
      const count = num(dh, 1, corrupt);
      const page = uncompress(codec, body, size, col);
      if (count < 0 || count * width > page.length) throw corrupt(`column ${col.name}: dictionary of ${count} values in ${page.length} bytes`);
      dict = plainValues(col, page, 0, count);
      continue;
    }
    if (type === 1) continue; // an index page: nothing to read
    if (type !== 0 && type !== 3) throw new ParquetUnsupported(`page type ${type}`);
    const v2 = type === 3;
    const dp = sub(h, v2 ? 8 : 5);
    if (!dp) throw corrupt(`column ${col.name}: data page without its header`);
    const header = `column ${col.name}: ${v2 ? 'DataPageHeaderV2' : 'DataPageHeader'}`;
    required(dp, v2 ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4], header);
    for (const id of v2 ? [4] : [2, 3, 4]) enumIn(dp, id, ENCODING, header);
    const n = num(dp, 1, corrupt);
    if (n <= 0 || n > rows - done) throw corrupt(`column ${col.name}: page of ${n} values with ${rows - done} left`);
    const encoding = num(dp, v2 ? 4 : 2, corrupt);
    let page: Uint8Array;
    let p = 0;
    let present = n;
    const defs = col.optional ? (scratchDefs = grown(scratchDefs, n)) : undefined;
    if (v2) {
      // v2: levels first and never compressed, then the values, compressed unless is_compressed is false.
      const repLen = num(dp, 6, corrupt);
      const defLen = num(dp, 5, corrupt);
      if (repLen !== 0) throw new ParquetUnsupported('repetition levels');
      if (defLen < 0 || defLen > body.length) throw corrupt(`column ${col.name}: levels longer than the page`);
      if (defs) present = hybrid(body, 0, defLen, 1, n, defs);
      else if (defLen !== 0) throw corrupt(`column ${col.name}: levels in a required column`);
      const values = body.subarray(defLen);
      page = dp.get(7) === false ? values : uncompress(codec, values, size - defLen, col);
    } else {
      page = uncompress(codec, body, size, col);
      if (defs) {
        if ((optNum(dp, 3) ?? 3) !== 3) throw new ParquetUnsupported('definition levels not RLE');
        if (page.length < 4) throw corrupt(`column ${col.name}: page too short for its levels`);
        const len = ((page[0] as number) | ((page[1] as number) << 8) | ((page[2] as number) << 16) | ((page[3] as number) << 24)) >>> 0;
        if (4 + len > page.length) throw corrupt(`column ${col.name}: levels longer than the page`);
        present = hybrid(page, 4, 4 + len, 1, n, defs);
        p = 4 + len;
      }
    }
    const dst = row + done;
    if (encoding === 0 || encoding === 5 || encoding === 9) {
      let plain: Uint8Array;
      let at = p;
      if (encoding === 0) plain = page;
      else {
        // DELTA_BINARY_PACKED (integers) and BYTE_STREAM_SPLIT, rewritten as PLAIN bytes: one conversion for all three.
        if (encoding === 5 && col.physical !== 1 && col.physical !== 2) throw corrupt(`column ${col.name}: DELTA_BINARY_PACKED for physical type ${col.physical}`);
        plain = encoding === 5 ? deltaBinaryPacked(page, p, present, col) : byteStreamSplit(page, p, present, width, col);
        at = 0;
      }
      if (at + present * width > plain.length) throw corrupt(`column ${col.name}: ${present} values past the end of the page`);
      const values = plainValues(col, plain, at, present);
      if (present === n) out.set(values, dst);
      else scatter(values, defs as Int32Array, n, out, dst);
    } else if (encoding === 2 || encoding === 8) {
      if (!dict) throw corrupt(`column ${col.name}: dictionary-encoded page without a dictionary`);
      if (p >= page.length && present > 0) throw corrupt(`column ${col.name}: page ends before its indices`);
      const bits = present > 0 ? (page[p] as number) : 0;
      if (bits > 32) throw corrupt(`column ${col.name}: index width ${bits}`);
      const idx = (scratchIdx = grown(scratchIdx, present));
      hybrid(page, p + 1, page.length, bits, present, idx);
      if (!gather(dict, idx, present === n ? undefined : defs, n, out, dst)) throw corrupt(`column ${col.name}: a dictionary index past its ${dict.length} values`);
    } else throw new ParquetUnsupported(`encoding ${encoding}`);
    done += n;
  }
}
