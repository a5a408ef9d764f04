import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SnappyError, snappyUncompress } from './snappy.ts';

const bytes = (...xs: (number | string)[]): Uint8Array => Uint8Array.from(xs.flatMap((x) => (typeof x === 'string' ? [...Buffer.from(x, 'latin1')] : [x])));
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('snappyUncompress', () => {
  it('decodes the Snappy example of the Wikipedia article byte for byte (a 1-byte-length literal, a copy-1 back into "Wikipedia", a short literal)', () => {
    // 0x51 = 81 bytes; 0xf0 0x42: literal of 0x42+1 = 67 bytes; 0x09 0x3f: copy 6 bytes from 63 back ("pedia "); 0x1c: literal of 8.
    const block = bytes(0x51, 0xf0, 0x42, 'Wikipedia is a free, web-based, collaborative, multilingual encyclo', 0x09, 0x3f, 0x1c, 'project.');
    assert.equal(text(snappyUncompress(block)), 'Wikipedia is a free, web-based, collaborative, multilingual encyclopedia project.');
  });

  it('decodes each tag: literal, copy-1 overlapping its own output, copy-2, copy-4, a literal with a 2-byte length', () => {
    // "ab", then copy-1 len 8 (tag (8-4)<<2|1) offset 2: the pattern repeats over itself.
    assert.equal(text(snappyUncompress(bytes(10, 0x04, 'ab', 0x11, 2))), 'ababababab');
    // "hello world " (12), then copy-2 len 5 (tag (5-1)<<2|2) offset 12 (little-endian 0x0c 0x00).
    assert.equal(text(snappyUncompress(bytes(17, 11 << 2, 'hello world ', 0x12, 12, 0))), 'hello world hello');
    // A copy of 20 bytes that does not overlap (tag (20-1)<<2|2, offset 20): copied natively.
    assert.equal(text(snappyUncompress(bytes(40, 19 << 2, '0123456789abcdefghij', (19 << 2) | 2, 20, 0))), '0123456789abcdefghij'.repeat(2));
    // An overlapping copy of 20 bytes at offset 3: the pattern repeats byte by byte.
    assert.equal(text(snappyUncompress(bytes(23, 2 << 2, 'xyz', (19 << 2) | 2, 3, 0))), 'xyz'.repeat(8).slice(0, 23));
    // The same copy with a 4-byte offset (tag (5-1)<<2|3).
    assert.equal(text(snappyUncompress(bytes(17, 11 << 2, 'hello world ', 0x13, 12, 0, 0, 0))), 'hello world hello');
    // A literal of 300 bytes: tag 61<<2 (length−1 in the next 2 bytes, little-endian 299 = 0x2b 0x01); 300 = varint 0xac 0x02.
    const long = 'x'.repeat(150) + 'y'.repeat(150);
    assert.equal(text(snappyUncompress(bytes(0xac, 0x02, 61 << 2, 0x2b, 0x01, long))), long);
    // Copy-1 with the offset's high bits in the tag: 11 bytes (tag bits 2–4 = 7) from 256+4 back.
    const head = 'abcd' + 'z'.repeat(256);
    const out = snappyUncompress(bytes(0x8f, 0x02, 61 << 2, 0x03, 0x01, head, (1 << 5) | (7 << 2) | 1, 4));
    assert.equal(text(out), head + 'abcdzzzzzzz');
    assert.equal(snappyUncompress(bytes(0)).length, 0);
  });

  it('refuses damaged blocks with a SnappyError naming the fault', () => {
    const bad: [string, Uint8Array, RegExp, number?][] = [
      ['empty input', bytes(), /truncated length/],
      ['copy before the start', bytes(6, 0x04, 'ab', 0x01, 3), /copy offset 3 at output byte 2/],
      ['copy offset 0', bytes(6, 0x04, 'ab', 0x01, 0), /copy offset 0/],
      ['literal past the input', bytes(5, 0x10, 'ab'), /literal past the end of the input/],
      ['literal past the declared length', bytes(1, 0x04, 'ab'), /literal past the declared length/],
      ['copy past the declared length', bytes(5, 0x04, 'ab', 0x11, 2), /copy past the declared length/],
      ['output shorter than declared', bytes(4, 0x04, 'ab'), /2 bytes decoded, the block declares 4/],
      ['truncated copy', bytes(6, 0x04, 'ab', 0x02, 2), /truncated copy/],
      ['truncated literal length', bytes(6, 61 << 2, 1), /truncated literal length/],
      ['a length varint of six bytes', bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0), /length varint too long/],
      ['a length no input could hold', bytes(0xff, 0xff, 0x03, 0), /declares 65535 bytes from 4/],
      ['another length than the page header', bytes(2, 0x04, 'ab'), /declares 2 bytes, expected 3/, 3],
    ];
    for (const [what, block, message, expected] of bad) assert.throws(() => snappyUncompress(block, expected), (e: unknown) => e instanceof SnappyError && message.test(e.message), what);
  });
});
