import cliProgress from 'cli-progress';
import type { SyncProgress, SyncRow } from '../sync/runSync.ts';

/**
 * One progress bar per source on stderr when it is a terminal; otherwise (CI, pipes) a line per
 * failed series only, and with `verbose` a line per series.
 */
export function progressReporter(opts: { verbose: boolean; quiet: boolean }): SyncProgress & { stop(): void } {
  if (opts.quiet) return { stop() {} };
  if (!process.stderr.isTTY) {
    return {
      start(group, total) {
        if (opts.verbose) process.stderr.write(`${group}: ${total} series\n`);
      },
      done(group, row: SyncRow) {
        if (row.error) process.stderr.write(`${group} ${row.seriesId}: ${row.error}\n`);
        else if (opts.verbose) process.stderr.write(`${group} ${row.seriesId}: +${row.added} new, ${row.revised} revised\n`);
      },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {group} |{bar}| {value}/{total} {last}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    start(group, total) {
      bars.set(group, multi.create(total, 0, { group: group.padEnd(8), last: '' }));
    },
    done(group, row) {
      bars.get(group)?.increment(1, { last: row.error ? `${row.seriesId} failed` : row.seriesId });
    },
    stop() {
      multi.stop();
    },
  };
}
