import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { uptime } from 'node:os';
import { FlowlensError } from '../core/errors.ts';

/** A held writer lock; `release` removes it. */
export interface WriteLock {
  release(): void;
}

/** True when a process with this pid is alive (signal 0 checks without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat), or null
 * where /proc is not available. With the pid it names one process: a reused pid has another
 * start time.
 */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** When this machine booted, in epoch ms, with a minute of slack for clock and uptime rounding. */
function bootTimeMs(): number {
  return Date.now() - uptime() * 1000 - 60_000;
}

/**
 * Takes the store's exclusive writer lock: a file created with O_EXCL holding the pid, the
 * process start time and the time. A lock left by a dead process (a crash, kill -9), from before
 * the last boot, or whose pid now belongs to a process with another start time is stale and
 * taken over; a live one is an error naming its pid, so two syncs never write at once.
 * (Two writers that find the same stale lock at the same instant could both take it over; a
 * sync is started by hand or by cron, so that race is not guarded against.) `busy` words the
 * error for a live holder (default: a sync writing the store).
 */
export function acquireWriteLock(path: string, busy: (pid: number) => string = (pid) => `another flowlens sync (pid ${pid}) is writing to ${path.replace(/[/\\]write\.lock$/, '')}; wait for it to finish (no sync running? remove ${path})`): WriteLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, start: processStartTicks(process.pid), at: new Date().toISOString() }));
      closeSync(fd);
      let held = true;
      return {
        release() {
          if (held) rmSync(path, { force: true });
          held = false;
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = Number.NaN;
      let at = Number.NaN;
      let start: unknown = null;
      try {
        const held = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; at?: unknown; start?: unknown };
        pid = Number(held.pid);
        at = typeof held.at === 'string' ? Date.parse(held.at) : Number.NaN;
        start = held.start ?? null;
      } catch {
        /* unreadable lock: a writer died while creating it; treat as stale */
      }
      // A lock taken before this machine booted is stale even if its pid now belongs to
      // another process (pids are reused after a reboot).
      // A pid alive with another start time is an unrelated process that reused the number.
      const reused = typeof start === 'string' && Number.isInteger(pid) && processStartTicks(pid) !== null && processStartTicks(pid) !== start;
      if (Number.isInteger(pid) && alive(pid) && !(at < bootTimeMs()) && !reused) {
        throw new FlowlensError(busy(pid));
      }
      rmSync(path, { force: true });
    }
  }
  throw new FlowlensError(`could not take the store lock ${path}`);
}
