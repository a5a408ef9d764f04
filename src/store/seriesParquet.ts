// One series' data file in Parquet, encoded here instead of by DuckDB's COPY: the store's files
// have four fixed columns, and building them in JavaScript from typed arrays skips DuckDB's
// appender, partitioned COPY and start (2.3 of the 2.8 s an import of ../shared/data spent writing).
/**
 * The rows of one data file as columns, in file order (retrieval, then date): the store's
 * schema `(date DATE, value DOUBLE, retrieved_at TIMESTAMP, origin VARCHAR)`.
 */
export interface SeriesFileColumns {
  /** Days since 1970-01-01 (DATE). */
  readonly day: Int32Array;
  /** Values; NaN (a listed-but-missing observation) is stored as NULL. */
  readonly value: Float64Array;
  /** Retrieval time, epoch milliseconds (stored as TIMESTAMP, microseconds, not UTC-adjusted: DuckDB's `TIMESTAMP`). */
  readonly retrievedMs: Float64Array;
  /** Index of each row's origin in `origins`; -1 for NULL (rows stored before provenance was kept). */
  readonly origin: Int32Array;
  readonly origins: readonly string[];
}

// Parquet's enums (parquet.thrift).
const TYPE_INT32 = 1;
const TYPE_INT64 = 2;
const TYPE_DOUBLE = 5;
const TYPE_BYTE_ARRAY = 6;
const OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const CONVERTED_DATE = 6;
const CONVERTED_TIMESTAMP_MICROS = 10;
const ENC_PLAIN = 0;
const ENC_RLE = 3;
const ENC_DELTA_BINARY_PACKED = 5;
const ENC_RLE_DICTIONARY = 8;
const CODEC_UNCOMPRESSED = 0;
const PAGE_DATA = 0;
const PAGE_DICTIONARY = 2;

// Thrift compact protocol field types.
const T_TRUE = 1;
const T_FALSE = 2;
const T_I32 = 5;
const T_I64 = 6;
const T_BINARY = 8;
const T_LIST = 9;
const T_STRUCT = 12;

/** A growable byte buffer with the little-endian, varint and Thrift compact writes Parquet needs. */
class Bytes {
  buf = new Uint8Array(256);
  len = 0;
  private view = new DataView(this.buf.buffer);
  /** Last field id of each open struct (Thrift compact encodes field ids as deltas). */
  private readonly fields: number[] = [0];

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  int32le(v: number): void {
    this.room(4);
    this.view.setInt32(this.len, v, true);
    this.len += 4;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53. */
  varint(v: number): void {
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  /** Zigzag varint (Thrift i32 and i64) of an integer in ±2^52. */
  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  private field(id: number, type: number): void {
    const last = this.fields[this.fields.length - 1] as number;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.fields[this.fields.length - 1] = id;
  }

  i32(id: number, v: number): void {
    this.field(id, T_I32);
    this.zigzag(v);
  }

  i64(id: number, v: number): void {
    this.field(id, T_I64);
    this.zigzag(v);
  }

  bool(id: number, v: boolean): void {
    this.field(id, v ? T_TRUE : T_FALSE);
  }

  binary(id: number, b: Uint8Array): void {
    this.field(id, T_BINARY);
    this.varint(b.length);
    this.bytes(b);
  }

  string(id: number, s: string): void {
    this.binary(id, utf8.encode(s));
  }

  /** A struct field: `body` writes its fields. */
  struct(id: number, body: () => void): void {
    this.field(id, T_STRUCT);
    this.fields.push(0);
    body();
    this.byte(0);
    this.fields.pop();
  }

  /** A list field of `n` elements of `type`; `each(i)` writes element i (a struct body, or a bare value). */
  list(id: number, type: number, n: number, each: (i: number) => void): void {
    this.field(id, T_LIST);
    if (n < 15) this.byte((n << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(n);
    }
    for (let i = 0; i < n; i++) {
      if (type === T_STRUCT) {
        this.fields.push(0);
        each(i);
        this.byte(0);
        this.fields.pop();
      } else each(i);
    }
  }

  /** Ends the top-level struct. */
  stop(): void {
    this.byte(0);
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

const utf8 = new TextEncoder();

/** A bare zigzag varint list element (i32 or i64). */
function zigzagElement(b: Bytes, v: number): void {
  b.zigzag(v);
}

/**
 * Definition levels (bit width 1: 1 = a value, 0 = NULL) in the RLE/bit-packed hybrid, as runs:
 * a series with no NULL is one run of a few bytes. `present(i)` says whether row i has a value.
 */
function definitionLevels(n: number, present: (i: number) => boolean): Uint8Array {
  const b = new Bytes();
  let i = 0;
  while (i < n) {
    const p = present(i);
    let j = i + 1;
    while (j < n && present(j) === p) j++;
    b.varint((j - i) * 2);
    b.byte(p ? 1 : 0);
    i = j;
  }
  return b.result();
}

/** Bits needed for dictionary indices below `size` (at least 1). */
function bitWidth(size: number): number {
  let w = 1;
  while (1 << w < size) w++;
  return w;
}

/** Dictionary indices (the non-NULL rows' only) as RLE runs of the hybrid encoding, after their bit width. */
function dictionaryIndices(indices: ArrayLike<number>, dictionarySize: number): Uint8Array {
  const w = bitWidth(dictionarySize);
  const valueBytes = Math.ceil(w / 8);
  const b = new Bytes();
  b.byte(w);
  let i = 0;
  while (i < indices.length) {
    const v = indices[i] as number;
    let j = i + 1;
    while (j < indices.length && indices[j] === v) j++;
    b.varint((j - i) * 2);
    for (let k = 0; k < valueBytes; k++) b.byte((v >>> (8 * k)) & 0xff);
    i = j;
  }
  return b.result();
}

/** Values per block and miniblocks per block of the delta encoding (32 values a miniblock). */
const DELTA_BLOCK = 128;
const DELTA_MINIBLOCKS = 4;

/**
 * Int32 values in Parquet's DELTA_BINARY_PACKED encoding: a header (block size, miniblocks per
 * block, count, first value), then per block of 128 deltas its smallest delta and four
 * miniblocks of 32 (delta − smallest) bit-packed at the width the miniblock needs (LSB first).
 * The last block's unused miniblocks keep a width byte (0) and no body.
 */
export function deltaBinaryPacked(values: Int32Array): Uint8Array {
  const b = new Bytes();
  const n = values.length;
  b.varint(DELTA_BLOCK);
  b.varint(DELTA_MINIBLOCKS);
  b.varint(n);
  b.zigzag(n > 0 ? (values[0] as number) : 0);
  const per = DELTA_BLOCK / DELTA_MINIBLOCKS;
  const deltas = new Float64Array(DELTA_BLOCK);
  for (let start = 1; start < n; start += DELTA_BLOCK) {
    const count = Math.min(DELTA_BLOCK, n - start);
    let min = Infinity;
    for (let i = 0; i < count; i++) {
      const d = (values[start + i] as number) - (values[start + i - 1] as number);
      deltas[i] = d;
      if (d < min) min = d;
    }
    b.zigzag(min);
    const widths: number[] = [];
    for (let m = 0; m < DELTA_MINIBLOCKS; m++) {
      let max = 0;
      for (let i = m * per; i < Math.min(count, (m + 1) * per); i++) max = Math.max(max, (deltas[i] as number) - min);
      let w = 0;
      while (w < 32 && 2 ** w <= max) w++;
      widths.push(m * per < count ? w : 0);
    }
    for (const w of widths) b.byte(w);
    for (let m = 0; m * per < count; m++) {
      const w = widths[m] as number;
      // 32 values of w bits: exactly 4·w bytes, padded with zeros past the last value.
      const body = new Uint8Array(4 * w);
      for (let k = 0; k < per; k++) {
        const i = m * per + k;
        if (i >= count) break;
        const v = (deltas[i] as number) - min;
        for (let bit = 0; bit < w; bit++) {
          if (Math.floor(v / 2 ** bit) % 2 === 1) {
            const at = k * w + bit;
            body[at >> 3] = (body[at >> 3] as number) | (1 << (at & 7));
          }
        }
      }
      b.bytes(body);
    }
  }
  return b.result();
}

/** One column chunk: its pages (header + body each) and what its metadata needs. */
interface Chunk {
  readonly name: string;
  readonly type: number;
  readonly pages: Uint8Array[];
  readonly encodings: readonly number[];
  readonly codec: number;
  readonly uncompressed: number;
  readonly compressed: number;
  /** Byte offset of the dictionary page within the chunk, when there is one. */
  readonly hasDictionary: boolean;
  readonly dataPageAt: number;
}

function pageHeader(type: number, uncompressed: number, compressed: number, body: (b: Bytes) => void): Uint8Array {
  const b = new Bytes();
  b.i32(1, type);
  b.i32(2, uncompressed);
  b.i32(3, compressed);
  body(b);
  b.stop();
  return b.result();
}

/** A data page (v1) of `rows` rows, uncompressed: definition levels (length-prefixed), then values. */
function dataPage(rows: number, levels: Uint8Array, values: Uint8Array, encoding: number): { header: Uint8Array; body: Uint8Array } {
  const raw = new Uint8Array(4 + levels.length + values.length);
  new DataView(raw.buffer).setInt32(0, levels.length, true);
  raw.set(levels, 4);
  raw.set(values, 4 + levels.length);
  const header = pageHeader(PAGE_DATA, raw.length, raw.length, (b) =>
    b.struct(5, () => {
      b.i32(1, rows);
      b.i32(2, encoding);
      b.i32(3, ENC_RLE);
      b.i32(4, ENC_RLE);
    }),
  );
  return { header, body: raw };
}

/** A column of one data page with the non-NULL values (`value` PLAIN, `date` delta-encoded). */
function valueChunk(name: string, type: number, rows: number, levels: Uint8Array, values: Uint8Array, encoding: number): Chunk {
  const page = dataPage(rows, levels, values, encoding);
  const size = page.header.length + page.body.length;
  return {
    name,
    type,
    pages: [page.header, page.body],
    encodings: [encoding, ENC_RLE],
    codec: CODEC_UNCOMPRESSED,
    uncompressed: size,
    compressed: size,
    hasDictionary: false,
    dataPageAt: 0,
  };
}

/** A dictionary-encoded column (retrieved_at, origin: a few distinct values): dictionary page, then indices. */
function dictionaryChunk(name: string, type: number, rows: number, levels: Uint8Array, dictionary: Uint8Array, dictionarySize: number, indices: ArrayLike<number>): Chunk {
  const dictHeader = pageHeader(PAGE_DICTIONARY, dictionary.length, dictionary.length, (b) =>
    b.struct(7, () => {
      b.i32(1, dictionarySize);
      b.i32(2, ENC_PLAIN);
    }),
  );
  const page = dataPage(rows, levels, dictionaryIndices(indices, dictionarySize), ENC_RLE_DICTIONARY);
  const size = dictHeader.length + dictionary.length + page.header.length + page.body.length;
  return {
    name,
    type,
    pages: [dictHeader, dictionary, page.header, page.body],
    encodings: [ENC_PLAIN, ENC_RLE, ENC_RLE_DICTIONARY],
    codec: CODEC_UNCOMPRESSED,
    uncompressed: size,
    compressed: size,
    hasDictionary: true,
    dataPageAt: dictHeader.length + dictionary.length,
  };
}

/**
 * The Parquet file of one series (format version 1, one row group, one page per column), as
 * DuckDB's COPY wrote it before: every column OPTIONAL; `date` INT32 DATE, delta-encoded (a
 * day or a few between rows: ~2 bits a row); `value` DOUBLE, PLAIN; `retrieved_at` INT64 TIMESTAMP_MICROS (not UTC-adjusted, DuckDB's TIMESTAMP)
 * and `origin` UTF-8 BYTE_ARRAY dictionary-encoded, as they repeat a few values. Rows are
 * written in the order given. Nothing is compressed: zlib's setup per series cost more CPU than
 * the bytes it saved were worth (zstd in DuckDB took values to ~40%, but Node 20 has no zstd), so
 * the store of ../shared/data is 8.3 MB instead of 5.3 MB. No statistics: readers scan the
 * whole (small) file.
 */
export function seriesParquet(c: SeriesFileColumns): Uint8Array {
  const n = c.day.length;
  if (c.value.length !== n || c.retrievedMs.length !== n || c.origin.length !== n) throw new Error('seriesParquet: columns of different lengths');
  const allPresent = definitionLevels(n, () => true);

  const dates = deltaBinaryPacked(c.day);

  let present = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(c.value[i])) present++;
  const values = new Float64Array(present);
  for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(c.value[i])) values[k++] = c.value[i] as number;
  const valueLevels = present === n ? allPresent : definitionLevels(n, (i) => !Number.isNaN(c.value[i]));

  // Retrieval times: a dictionary of the distinct ones (a first write has one).
  const times: number[] = [];
  const timeIndex = new Map<number, number>();
  const timeOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ms = c.retrievedMs[i] as number;
    if (!Number.isSafeInteger(ms)) throw new Error(`seriesParquet: retrieval time ${ms} is not whole milliseconds`);
    let k = timeIndex.get(ms);
    if (k === undefined) {
      k = times.length;
      times.push(ms);
      timeIndex.set(ms, k);
    }
    timeOf[i] = k;
  }
  const timeDictionary = new BigInt64Array(times.length);
  for (let k = 0; k < times.length; k++) timeDictionary[k] = BigInt(times[k] as number) * 1000n;

  // Origins: the dictionary holds only those used (and NULL rows have no index).
  const used = new Int32Array(c.origins.length).fill(-1);
  const originList: Uint8Array[] = [];
  let originRows = 0;
  for (let i = 0; i < n; i++) {
    const o = c.origin[i] as number;
    if (o < 0) continue;
    originRows++;
    if (used[o] === -1) {
      used[o] = originList.length;
      originList.push(utf8.encode(c.origins[o] as string));
    }
  }
  const originIndices = new Int32Array(originRows);
  for (let i = 0, k = 0; i < n; i++) if ((c.origin[i] as number) >= 0) originIndices[k++] = used[c.origin[i] as number] as number;
  const originDictionary = new Bytes();
  for (const o of originList) {
    originDictionary.int32le(o.length);
    originDictionary.bytes(o);
  }
  const originLevels = originRows === n ? allPresent : definitionLevels(n, (i) => (c.origin[i] as number) >= 0);

  const chunks = [
    valueChunk('date', TYPE_INT32, n, allPresent, dates, ENC_DELTA_BINARY_PACKED),
    valueChunk('value', TYPE_DOUBLE, n, valueLevels, new Uint8Array(values.buffer), ENC_PLAIN),
    dictionaryChunk('retrieved_at', TYPE_INT64, n, allPresent, new Uint8Array(timeDictionary.buffer), times.length, timeOf),
    // An all-NULL origin column still has a one-entry dictionary (a reader expects one).
    originList.length > 0
      ? dictionaryChunk('origin', TYPE_BYTE_ARRAY, n, originLevels, originDictionary.result(), originList.length, originIndices)
      : dictionaryChunk('origin', TYPE_BYTE_ARRAY, n, originLevels, new Uint8Array(4), 1, originIndices),
  ];

  const out = new Bytes();
  out.bytes(utf8.encode('PAR1'));
  const offsets: number[] = [];
  for (const ch of chunks) {
    offsets.push(out.len);
    for (const p of ch.pages) out.bytes(p);
  }
  const meta = new Bytes();
  meta.i32(1, 1);
  meta.list(2, T_STRUCT, 5, (i) => {
    if (i === 0) {
      meta.i32(3, 0);
      meta.string(4, 'duckdb_schema');
      meta.i32(5, 4);
      return;
    }
    const name = ['date', 'value', 'retrieved_at', 'origin'][i - 1] as string;
    meta.i32(1, [TYPE_INT32, TYPE_DOUBLE, TYPE_INT64, TYPE_BYTE_ARRAY][i - 1] as number);
    meta.i32(3, OPTIONAL);
    meta.string(4, name);
    if (name === 'date') meta.i32(6, CONVERTED_DATE);
    if (name === 'origin') meta.i32(6, CONVERTED_UTF8);
    if (name === 'retrieved_at') {
      meta.i32(6, CONVERTED_TIMESTAMP_MICROS);
      // LogicalType.TIMESTAMP { isAdjustedToUTC: false, unit: MICROS }.
      meta.struct(10, () =>
        meta.struct(8, () => {
          meta.bool(1, false);
          meta.struct(2, () => meta.struct(2, () => undefined));
        }),
      );
    }
  });
  meta.i64(3, n);
  const total = chunks.reduce((s, ch) => s + ch.uncompressed, 0);
  meta.list(4, T_STRUCT, 1, () => {
    meta.list(1, T_STRUCT, chunks.length, (k) => {
      const ch = chunks[k] as Chunk;
      const at = offsets[k] as number;
      meta.i64(2, at);
      meta.struct(3, () => {
        meta.i32(1, ch.type);
        meta.list(2, T_I32, ch.encodings.length, (e) => zigzagElement(meta, ch.encodings[e] as number));
        meta.list(3, T_BINARY, 1, () => {
          const b = utf8.encode(ch.name);
          meta.varint(b.length);
          meta.bytes(b);
        });
        meta.i32(4, ch.codec);
        meta.i64(5, n);
        meta.i64(6, ch.uncompressed);
        meta.i64(7, ch.compressed);
        meta.i64(9, at + ch.dataPageAt);
        if (ch.hasDictionary) meta.i64(11, at);
      });
    });
    meta.i64(2, total);
    meta.i64(3, n);
  });
  meta.string(6, 'flowlens');
  meta.stop();
  const footer = meta.result();
  out.bytes(footer);
  out.int32le(footer.length);
  out.bytes(utf8.encode('PAR1'));
  return out.result();
}
