/** A log that takes one line at a time and writes them in batches. */
export interface LineLog {
  /** Queues `line` (without its newline); written at the end of this turn of the event loop. */
  readonly log: (line: string) => void;
  /** Writes every queued line now (on close, so nothing queued is lost). */
  readonly flush: () => void;
}

/**
 * Lines written together once per turn of the event loop (setImmediate), in the order logged:
 * `serve` logs a line per request, and stderr to a file or a pipe is a synchronous write — one
 * system call per request under load cost about as much as the rest of a cached answer. A turn
 * that answers 50 requests now makes one write of 50 lines. A process that dies inside a turn
 * loses that turn's lines (not its error, which Node writes itself).
 */
export function lineLog(write: (text: string) => void): LineLog {
  let queued: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queued.length === 0) return;
    const text = `${queued.join('\n')}\n`;
    queued = [];
    write(text);
  };
  return {
    log: (line) => {
      queued.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
