import { FlowlensError } from './errors.ts';

/** The fix to suggest for each operating-system error code a user can meet. */
const FIXES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory: check the path (and that its folder exists)',
  EISDIR: 'is a directory: give a file name inside it',
  ENOTDIR: 'a part of the path is a file, not a directory: check the path',
  EACCES: 'permission denied: choose a path you can write to, or fix its permissions',
  EPERM: 'operation not permitted: choose a path you own, or fix its permissions',
  EROFS: 'read-only file system: choose a writable path',
  ENOSPC: 'no space left on the device: free some space or choose another disk',
  EDQUOT: 'disk quota exceeded: free some space or choose another disk',
  EMFILE: 'too many open files: raise the limit (ulimit -n) or close other programs',
  ENAMETOOLONG: 'the file name is too long: choose a shorter path',
  ELOOP: 'too many symbolic links: check the path',
  EEXIST: 'already exists: remove it or choose another name',
  EADDRINUSE: 'the address is already in use: choose another --port or stop the other server',
  EADDRNOTAVAIL: 'the address is not available on this machine: check --host',
};

/** True when `err` is a Node system error (it carries a `code` such as ENOENT and a `syscall`). */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * One line for an operating-system error: the path (or address) it concerns, what the code means
 * and what to do, instead of Node's raw "ENOENT: no such file or directory, scandir '/x'".
 * `what` names the thing (e.g. "--html", "FLOWLENS_HOME") when the caller knows it.
 */
export function describeSystemError(err: NodeJS.ErrnoException, what?: string): string {
  const code = err.code ?? 'error';
  const target = err.path ?? (err as { address?: string }).address;
  const fix = FIXES[code] ?? err.message.replace(/^[A-Z]+: /, '');
  const subject = [what, target].filter(Boolean).join(' ');
  return `${subject ? `${subject}: ` : ''}${fix} (${code})`;
}

/** Rethrows a system error as a one-line FlowlensError naming `what`; other errors pass unchanged. */
export function explainSystemError(err: unknown, what?: string): never {
  if (isSystemError(err)) throw new FlowlensError(describeSystemError(err, what), { cause: err });
  throw err;
}
