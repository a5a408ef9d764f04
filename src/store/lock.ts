import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
 * Takes the store's exclusive writer lock: a file created with O_EXCL holding the pid and time.
 * A lock left by a dead process (a crash, kill -9) is stale and taken over; a live one is an
 * error naming its pid, so two syncs never write at once.
 */
export function acquireWriteLock(path: string): WriteLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
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
      try {
        pid = Number((JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid);
      } catch {
        /* unreadable lock: a writer died while creating it; treat as stale */
      }
      if (Number.isInteger(pid) && alive(pid)) {
        throw new FlowlensError(`another flowlens sync (pid ${pid}) is writing to ${path.replace(/[/\\]write\.lock$/, '')}; wait for it to finish`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new FlowlensError(`could not take the store lock ${path}`);
}
