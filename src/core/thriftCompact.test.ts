import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { num, Reader, str, structs, sub, ThriftError } from './thriftCompact.ts';

const read = (...bytes: number[]) => new Reader(Uint8Array.from(bytes), 0).struct();

describe('thriftCompact Reader', () => {
  it('reads a struct: i32 by short field delta, a long field id, a string, a list of structs, a nested struct, booleans', () => {
    const s = read(
      0x15, 0x04, //            field 1 i32: zigzag 4 → 2
      0x05, 0x28, 0x01, //      field 20 (long form: type 5, zigzag id 40 → 20) i32: zigzag 1 → -1
      0x16, 0xfe, 0xff, 0x03, // field 21 i64: zigzag 65534 → 32767
      0x18, 0x02, 0x68, 0x69, // field 22 binary "hi"
      0x19, 0x2c, 0x15, 0x06, 0x00, 0x11, 0x00, // field 23 list of 2 structs: {1: 3}, {1: true}
      0x1c, 0x12, 0x00, //      field 24 struct {1: false}
      0x00,
    );
    assert.equal(num(s, 1), 2);
    assert.equal(num(s, 20), -1);
    assert.equal(num(s, 21), 32767);
    assert.equal(str(s, 22), 'hi');
    assert.deepEqual(structs(s, 23).map((x) => x.get(1)), [3, true]);
    assert.equal(sub(s, 24)?.get(1), false);
  });

  it('refuses what Apache Thrift refuses: an i32 over 32 bits, a list longer than the bytes, bytes past the end, deep nesting, a name not UTF-8', () => {
    assert.throws(() => read(0x15, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00), (e: unknown) => e instanceof ThriftError && e.message === 'i32 over 32 bits');
    assert.throws(() => read(0x19, 0xf5, 0x64, 0x00), (e: unknown) => e instanceof ThriftError && e.message === 'list longer than the bytes left');
    assert.throws(() => read(0x18, 0x05, 0x61), (e: unknown) => e instanceof ThriftError && e.message === 'binary past the end');
    assert.throws(() => read(...Array<number>(40).fill(0x1c)), (e: unknown) => e instanceof ThriftError && e.message === 'structs nested too deep');
    assert.throws(() => str(read(0x18, 0x02, 0xc3, 0x28, 0x00), 1), (e: unknown) => e instanceof ThriftError && e.message === 'field 1 is not UTF-8');
    assert.throws(() => num(read(0x18, 0x00, 0x00), 1), ThriftError);
  });
});
