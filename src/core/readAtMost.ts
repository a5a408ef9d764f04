import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The bytes of a file, or undefined past `max` bytes: `/dev/zero`, a FIFO that never ends or a
 * disk image must not fill the memory (readFileSync reads to the end, however far).
 */
export function readAtMost(file: string, max: number): Buffer | undefined {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(2 ** 20, max + 1));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > max) return undefined;
      chunks.push(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
