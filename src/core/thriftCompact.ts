// The Thrift compact protocol as Parquet uses it (parquet.thrift's footer and page headers),
// shared by the reader of flowlens's own data files (store/seriesParquetRead.ts) and the
// importer's Parquet decoder (core/parquetDecode.ts). Fields are kept by id, untyped: each caller
// checks the ids it needs, so one reader serves every struct.
import { Buffer, isUtf8 } from 'node:buffer';

// Thrift compact protocol field types.
const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;

/** Structs nested deeper than this are damage (parquet.thrift nests a few levels). */
const MAX_DEPTH = 32;

/** A Thrift struct as read: field id → value (number, boolean, bytes, list or struct). */
export type TStruct = Map<number, TValue>;
/** One Thrift value: integers and doubles as numbers (i64 below 2^53), binary/string as bytes. */
export type TValue = number | boolean | Uint8Array | TValue[] | TStruct;

/** Bytes that are not Thrift compact (past the end, an unknown type, a varint too long). */
export class ThriftError extends Error {
  override name = 'ThriftError';
}

/** A cursor over bytes with the reads Thrift compact and Parquet's encodings need. */
export class Reader {
  at: number;
  private depth = 0;
  constructor(
    readonly b: Uint8Array,
    at: number,
  ) {
    this.at = at;
  }

  /** The next byte; ThriftError past the end. */
  byte(): number {
    if (this.at >= this.b.length) throw new ThriftError('past the end');
    return this.b[this.at++] as number;
  }

  /** Unsigned LEB128 (below 2^53; longer varints are ThriftError). */
  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = this.byte();
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 0x80;
      if (mul > 2 ** 56) throw new ThriftError('varint too long');
    }
  }

  /** A zigzag varint (Thrift's i16/i32/i64): 0 → 0, 1 → -1, 2 → 1, … */
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** One value of compact type `type` (a double is skipped and read as NaN: Parquet's footer has none we use). */
  value(type: number): TValue {
    switch (type) {
      case T_TRUE:
        return true;
      case T_FALSE:
        return false;
      case T_BYTE:
        return this.byte();
      case T_I16:
      case T_I32: {
        // As Apache Thrift's reader: an i32 is at most 5 varint bytes and 32 bits.
        const at = this.at;
        const v = this.zigzag();
        if (this.at - at > 5 || v < -(2 ** 31) || v >= 2 ** 31) throw new ThriftError('i32 over 32 bits');
        return v;
      }
      case T_I64:
        return this.zigzag();
      case T_DOUBLE:
        if (this.at + 8 > this.b.length) throw new ThriftError('double past the end');
        this.at += 8;
        return Number.NaN;
      case T_BINARY: {
        const n = this.varint();
        if (this.at + n > this.b.length) throw new ThriftError('binary past the end');
        const v = this.b.subarray(this.at, this.at + n);
        this.at += n;
        return v;
      }
      case T_LIST:
      case T_SET: {
        const h = this.byte();
        const n = h >> 4 === 15 ? this.varint() : h >> 4;
        const et = h & 15;
        // Every element takes at least one byte: a longer count is damage, not a list to allocate.
        if (n > this.b.length - this.at) throw new ThriftError('list longer than the bytes left');
        const out: TValue[] = [];
        // A list element of type "true" is written as one byte (1 true, 2 false).
        for (let i = 0; i < n; i++) out.push(et === T_TRUE || et === T_FALSE ? this.byte() === 1 : this.value(et));
        return out;
      }
      case T_MAP:
        throw new ThriftError('map in a Parquet struct');
      case T_STRUCT:
        return this.struct();
      default:
        throw new ThriftError(`thrift type ${type}`);
    }
  }

  /** A struct up to its stop byte: field id → value. */
  struct(): TStruct {
    if (++this.depth > MAX_DEPTH) throw new ThriftError('structs nested too deep');
    const out: TStruct = new Map();
    let id = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) {
        this.depth--;
        return out;
      }
      const type = h & 15;
      id = h >> 4 ? id + (h >> 4) : this.zigzag();
      out.set(id, this.value(type));
    }
  }
}

/** Field `id` of `s` as a number; `fail` builds the error when it is absent or not a number. */
export function num(s: TStruct, id: number, fail: (what: string) => Error = (w) => new ThriftError(w)): number {
  const v = s.get(id);
  if (typeof v !== 'number') throw fail(`field ${id} is not a number`);
  return v;
}

/** Field `id` of `s` as a number, or undefined when absent (or of another type). */
export function optNum(s: TStruct, id: number): number | undefined {
  const v = s.get(id);
  return typeof v === 'number' ? v : undefined;
}


/** Field `id` of `s` as UTF-8 text, or undefined when absent; ThriftError when it is not UTF-8 (as DuckDB refuses it). */
export function str(s: TStruct, id: number): string | undefined {
  const v = s.get(id);
  if (!(v instanceof Uint8Array)) return undefined;
  // isUtf8, then Buffer's decoder over the same bytes: a TextDecoder cost ~5–10 ms on its first call.
  if (!isUtf8(v)) throw new ThriftError(`field ${id} is not UTF-8`);
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
}

/** Field `id` of `s` as a list of structs; `fail` builds the error when it is not one. */
export function structs(s: TStruct, id: number, fail: (what: string) => Error = (w) => new ThriftError(w)): TStruct[] {
  const v = s.get(id);
  if (!Array.isArray(v) || !v.every((x) => x instanceof Map)) throw fail(`field ${id} is not a list of structs`);
  return v as TStruct[];
}

/** Field `id` of `s` as a struct, or undefined when absent. */
export function sub(s: TStruct, id: number): TStruct | undefined {
  const v = s.get(id);
  return v instanceof Map ? v : undefined;
}
