// Snappy's raw block format (google/snappy format_description.txt), as Parquet stores a
// SNAPPY page: no framing, no checksum. Decoding is a loop of literals and back-copies; every
// length and offset is checked against the input and the declared output size, so damaged input
// is a SnappyError, never a read or write out of bounds.

/** Input that is not a valid Snappy block (truncated, a copy before the start, a wrong length). */
export class SnappyError extends Error {
  override name = 'SnappyError';
}

/** The uncompressed length a block declares (its leading varint) and where the elements begin. */
function preamble(b: Uint8Array): { length: number; at: number } {
  let length = 0;
  let shift = 0;
  for (let at = 0; at < 5; at++) {
    if (at >= b.length) throw new SnappyError('snappy: truncated length');
    const x = b[at] as number;
    length += (x & 0x7f) * 2 ** shift;
    if (x < 0x80) {
      if (length > 0xffffffff) throw new SnappyError('snappy: length over 2^32');
      return { length, at: at + 1 };
    }
    shift += 7;
  }
  throw new SnappyError('snappy: length varint too long');
}

/**
 * Decompresses one raw Snappy block: a varint uncompressed length, then elements whose tag's low
 * two bits are 00 literal (length−1 in the tag's upper six bits, or in the 1–4 bytes after when
 * those are 60–63), 01 copy of 4–11 bytes at an 11-bit offset, 10 copy of 1–64 bytes at a 16-bit
 * offset, 11 the same at a 32-bit offset (offsets back from the current end; a copy may overlap
 * its own output, repeating a pattern). Throws SnappyError on anything malformed, or when the
 * result's length is not `expected` (when given, e.g. a page header's uncompressed size).
 */
export function snappyUncompress(block: Uint8Array, expected?: number): Uint8Array {
  const { length, at: start } = preamble(block);
  if (expected !== undefined && length !== expected) throw new SnappyError(`snappy: block declares ${length} bytes, expected ${expected}`);
  // Each input byte yields at most 64 output bytes (a 2-byte copy of 64): a longer claim is damage, not a buffer to allocate.
  if (length > 64 * block.length) throw new SnappyError(`snappy: block declares ${length} bytes from ${block.length}`);
  const out = new Uint8Array(length);
  const n = block.length;
  let i = start;
  let o = 0;
  while (i < n) {
    const tag = block[i++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >> 2;
      if (len >= 60) {
        const bytes = len - 59;
        if (i + bytes > n) throw new SnappyError('snappy: truncated literal length');
        len = 0;
        for (let k = 0; k < bytes; k++) len += (block[i + k] as number) * 2 ** (8 * k);
        i += bytes;
      }
      len += 1;
      if (i + len > n) throw new SnappyError('snappy: literal past the end of the input');
      if (o + len > length) throw new SnappyError('snappy: literal past the declared length');
      // Short literals byte by byte: a subarray (a Buffer's especially) costs more than the copy.
      if (len < 16) for (let k = 0; k < len; k++) out[o + k] = block[i + k] as number;
      else out.set(block.subarray(i, i + len), o);
      i += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (i >= n) throw new SnappyError('snappy: truncated copy');
      len = 4 + ((tag >> 2) & 7);
      offset = ((tag >> 5) << 8) | (block[i++] as number);
    } else if (kind === 2) {
      if (i + 2 > n) throw new SnappyError('snappy: truncated copy');
      len = (tag >> 2) + 1;
      offset = (block[i] as number) | ((block[i + 1] as number) << 8);
      i += 2;
    } else {
      if (i + 4 > n) throw new SnappyError('snappy: truncated copy');
      len = (tag >> 2) + 1;
      offset = ((block[i] as number) | ((block[i + 1] as number) << 8) | ((block[i + 2] as number) << 16) | ((block[i + 3] as number) << 24)) >>> 0;
      i += 4;
    }
    if (offset === 0 || offset > o) throw new SnappyError(`snappy: copy offset ${offset} at output byte ${o}`);
    if (o + len > length) throw new SnappyError('snappy: copy past the declared length');
    // At most 64 bytes. One that overlaps its own output (a repeated pattern) goes byte by byte, forward.
    if (offset >= len && len >= 16) out.copyWithin(o, o - offset, o - offset + len);
    else for (let k = 0; k < len; k++) out[o + k] = out[o + k - offset] as number;
    o += len;
  }
  if (o !== length) throw new SnappyError(`snappy: ${o} bytes decoded, the block declares ${length}`);
  return out;
}
