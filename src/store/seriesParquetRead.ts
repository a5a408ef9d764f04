// Reads back the data files flowlens writes itself (seriesParquet.ts) without DuckDB: a reader's
// first scan of ~110 files through DuckDB (query, chunks, copies) cost ~0.3 s of a cold
// dashboard page; decoding the known layout here takes a few ms. Any file that is not exactly
// that layout (an older file written by DuckDB's COPY, another writer, damage the checksum did
// not catch) is left to DuckDB: the caller gets undefined.
import { readFileSync } from 'node:fs';
import { num, Reader, str, structs, sub, type TStruct } from '../core/thriftCompact.ts';

/** The columns a store read scans: day number, value (NaN for NULL), retrieval time in ms. */
export interface DecodedRows {
  readonly day: Int32Array;
  readonly value: Float64Array;
  readonly retrieved: Float64Array;
}

/** A malformed or unexpected file: caught by readSeriesFile, which then answers undefined. */
class NotOurLayout extends Error {}

/**
 * `n` values of `width` bits in Parquet's RLE / bit-packed hybrid from `r`, up to byte `end`, as
 * seriesParquet writes it: runs only (`varint(len·2)`, then the value in ⌈width/8⌉ bytes); a
 * bit-packed group is not ours. A single run of all `n` is answered by its value (a number).
 */
function hybrid(r: Reader, end: number, width: number, n: number): Int32Array | number {
  const bytes = Math.ceil(width / 8);
  if (n === 0) return new Int32Array(0);
  // One run of every value (a column without NULL, a file with one retrieval): its value.
  const at = r.at;
  const h0 = r.varint();
  if (h0 % 2 === 0 && h0 / 2 >= n) {
    let v = 0;
    for (let i = 0; i < bytes; i++) v += r.byte() * 2 ** (8 * i);
    if (r.at > end) throw new NotOurLayout('levels past their length');
    return v;
  }
  r.at = at;
  const out = new Int32Array(n);
  let k = 0;
  while (k < n) {
    if (r.at >= end) throw new NotOurLayout('levels end early');
    const h = r.varint();
    if (h % 2 === 0) {
      let v = 0;
      for (let i = 0; i < bytes; i++) v += r.byte() * 2 ** (8 * i);
      const len = Math.min(h / 2, n - k);
      out.fill(v, k, k + len);
      k += len;
    } else throw new NotOurLayout('bit-packed levels'); // seriesParquet writes runs only
  }
  if (r.at > end) throw new NotOurLayout('levels past their length');
  return out;
}

/**
 * The `w`-bit value (w ≤ 24) starting `bit` bits after byte `start`, bits LSB first: one 32-bit
 * little-endian window holds shift (≤ 7) + w bits; bytes past the end read as 0.
 */
function unpack(b: Uint8Array, start: number, bit: number, w: number): number {
  const p = start + (bit >> 3);
  const word = ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;
  return (word >>> (bit & 7)) & ((1 << w) - 1);
}

/** DELTA_BINARY_PACKED int32 values (parquet-format Encodings.md), `n` of them. */
function deltaBinaryPacked(r: Reader, n: number): Int32Array {
  const block = r.varint();
  const miniblocks = r.varint();
  const total = r.varint();
  let last = r.zigzag();
  if (total !== n || miniblocks === 0 || block % miniblocks !== 0 || (block / miniblocks) % 32 !== 0) throw new NotOurLayout('delta header');
  const per = block / miniblocks;
  const out = new Int32Array(n);
  if (n > 0) out[0] = last;
  let k = 1;
  const widths = new Int32Array(miniblocks);
  while (k < n) {
    const min = r.zigzag();
    for (let m = 0; m < miniblocks; m++) widths[m] = r.byte();
    for (let m = 0; m < miniblocks && k < n; m++) {
      const w = widths[m] as number;
      // Day steps need far fewer bits; wider miniblocks are left to DuckDB.
      if (w > 24) throw new NotOurLayout('delta width');
      const start = r.at;
      const take = Math.min(per, n - k);
      for (let i = 0; i < take; i++) {
        last += min + unpack(r.b, start, i * w, w);
        out[k++] = last;
      }
      r.at = start + (per * w) / 8;
    }
  }
  if (r.at > r.b.length) throw new NotOurLayout('delta past the end');
  return out;
}

/** One column chunk's pages: an optional dictionary page, then one data page (v1) of all rows. */
function columnPages(b: Uint8Array, meta: TStruct, rows: number): { dict?: { r: Reader; count: number }; page: Reader; end: number; encoding: number; defined: Int32Array | number } {
  if (num(meta, 4) !== 0) throw new NotOurLayout('compressed column');
  const dictAt = meta.get(11);
  const r = new Reader(b, typeof dictAt === 'number' ? dictAt : num(meta, 9));
  let dict: { r: Reader; count: number } | undefined;
  let h = r.struct();
  if (num(h, 1) === 2) {
    const dh = sub(h, 7);
    if (!dh || num(dh, 2) !== 0) throw new NotOurLayout('dictionary page');
    dict = { r: new Reader(b, r.at), count: num(dh, 1) };
    r.at += num(h, 3);
    h = r.struct();
  }
  const dp = sub(h, 5);
  if (num(h, 1) !== 0 || !dp || num(dp, 1) !== rows || num(dp, 3) !== 3 || num(h, 2) !== num(h, 3)) throw new NotOurLayout('data page');
  const end = r.at + num(h, 3);
  if (end > b.length) throw new NotOurLayout('page past the end');
  // Definition levels (max level 1: every column is OPTIONAL, none repeated), length-prefixed.
  const len = (r.b[r.at] as number) | ((r.b[r.at + 1] as number) << 8) | ((r.b[r.at + 2] as number) << 16) | ((r.b[r.at + 3] as number) << 24);
  r.at += 4;
  const levelsEnd = r.at + len;
  const defined = hybrid(r, levelsEnd, 1, rows);
  r.at = levelsEnd;
  return { ...(dict ? { dict } : {}), page: r, end, encoding: num(dp, 2), defined };
}

const allDefined = (d: Int32Array | number) => {
  if (typeof d === 'number') return d === 1;
  for (let i = 0; i < d.length; i++) if (d[i] !== 1) return false;
  return true;
};

/**
 * The rows of a data file written by seriesParquet (created_by "flowlens": one row group, the
 * columns date INT32 DELTA_BINARY_PACKED, value DOUBLE PLAIN, retrieved_at INT64 TIMESTAMP_MICROS
 * dictionary-encoded, origin; every column OPTIONAL, nothing compressed), as the store's scan
 * selects them: day number, value (NULL → NaN), epoch ms of the retrieval; rows in file order.
 * Undefined for a file of any other layout, a NULL date or retrieval, a retrieval that is not
 * whole milliseconds, or bytes that do not parse (DuckDB then reads it, or reports it).
 */
export function decodeSeriesFile(b: Uint8Array): DecodedRows | undefined {
  try {
    const n = b.length;
    const magic = (at: number) => b[at] === 0x50 && b[at + 1] === 0x41 && b[at + 2] === 0x52 && b[at + 3] === 0x31;
    if (n < 12 || !magic(0) || !magic(n - 4)) return undefined;
    const footerLen = (b[n - 8] as number) | ((b[n - 7] as number) << 8) | ((b[n - 6] as number) << 16) | ((b[n - 5] as number) << 24);
    if (footerLen <= 0 || footerLen > n - 12) return undefined;
    const meta = new Reader(b, n - 8 - footerLen).struct();
    if (str(meta, 6) !== 'flowlens') return undefined;
    const schema = structs(meta, 2);
    const names = ['date', 'value', 'retrieved_at', 'origin'];
    const types = [1, 5, 2, 6];
    if (schema.length !== 5 || num(schema[0] as TStruct, 5) !== 4) return undefined;
    for (let i = 0; i < 4; i++) {
      const e = schema[i + 1] as TStruct;
      if (str(e, 4) !== names[i] || num(e, 1) !== types[i] || num(e, 3) !== 1 || e.has(5)) return undefined;
    }
    const rows = num(meta, 3);
    const groups = structs(meta, 4);
    if (groups.length !== 1) return undefined;
    const chunks = structs(groups[0] as TStruct, 1);
    if (chunks.length !== 4 || num(groups[0] as TStruct, 3) !== rows) return undefined;
    const metaOf = (k: number): TStruct => {
      const m = sub(chunks[k] as TStruct, 3);
      if (!m || num(m, 1) !== types[k] || num(m, 5) !== rows || chunks[k]?.has(1)) throw new NotOurLayout('column chunk');
      return m;
    };

    const date = columnPages(b, metaOf(0), rows);
    if (date.encoding !== 5 || date.dict || !allDefined(date.defined)) return undefined;
    const day = deltaBinaryPacked(date.page, rows);
    if (date.page.at > date.end) return undefined;

    const val = columnPages(b, metaOf(1), rows);
    if (val.encoding !== 0 || val.dict) return undefined;
    const defined = val.defined;
    let present = 0;
    if (typeof defined === 'number') present = defined === 1 ? rows : 0;
    else for (let i = 0; i < rows; i++) present += defined[i] as number;
    if (val.page.at + 8 * present > val.end) return undefined;
    // Copied into an aligned buffer (Buffer.slice would be a view of the file's whole buffer).
    const raw = new Uint8Array(8 * present);
    raw.set(b.subarray(val.page.at, val.page.at + 8 * present));
    const packed = new Float64Array(raw.buffer);
    let value: Float64Array;
    if (present === rows) value = packed;
    else if (typeof defined === 'number') value = new Float64Array(rows).fill(Number.NaN);
    else {
      value = new Float64Array(rows);
      for (let i = 0, k = 0; i < rows; i++) value[i] = defined[i] === 1 ? (packed[k++] as number) : Number.NaN;
    }

    const ret = columnPages(b, metaOf(2), rows);
    if (ret.encoding !== 8 || !ret.dict || !allDefined(ret.defined)) return undefined;
    const { r: dr, count } = ret.dict;
    if (dr.at + 8 * count > b.length) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset + dr.at, 8 * count);
    const ms = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const micros = dv.getBigInt64(8 * k, true);
      if (micros % 1000n !== 0n) return undefined;
      const m = Number(micros / 1000n);
      if (!Number.isSafeInteger(m)) return undefined;
      ms[k] = m;
    }
    const width = ret.page.byte();
    if (width > 32) return undefined;
    const idx = hybrid(ret.page, ret.end, width, rows);
    if (typeof idx === 'number') return idx < count ? { day, value, retrieved: new Float64Array(rows).fill(ms[idx] as number) } : undefined;
    const retrieved = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const k = idx[i] as number;
      if (k >= count) return undefined;
      retrieved[i] = ms[k] as number;
    }
    return { day, value, retrieved };
  } catch {
    // NotOurLayout, or bytes that make no sense (a RangeError): DuckDB reads or reports the file.
    return undefined;
  }
}

/** decodeSeriesFile of the file at `path`; undefined when it cannot be read or decoded here. */
export function readSeriesFile(path: string): DecodedRows | undefined {
  let b: Uint8Array;
  try {
    b = readFileSync(path);
  } catch {
    return undefined;
  }
  return decodeSeriesFile(b);
}
