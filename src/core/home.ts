import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { FlowlensError } from './errors.ts';

/**
 * flowlens's data directory: `$FLOWLENS_HOME` if set, else the platform's per-user data
 * directory (XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows). An empty
 * variable counts as unset, as the XDG spec says. The store lives in `<home>/store/`.
 */
export function flowlensHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.FLOWLENS_HOME) return assertDirectoryOrAbsent(env.FLOWLENS_HOME, 'FLOWLENS_HOME');
  // Paths are joined with the target platform's separator, so every branch is testable anywhere.
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), 'flowlens');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'flowlens');
  return posix.join(env.XDG_DATA_HOME || posix.join(home, '.local', 'share'), 'flowlens');
}

/**
 * `path` unchanged when it is a directory or does not exist yet (the store creates it); a one-line
 * error when it, or a folder above it, is a file — otherwise a reader would see "nothing synced"
 * and a writer fail with a raw ENOTDIR.
 */
export function assertDirectoryOrAbsent(path: string, name: string): string {
  try {
    if (statSync(path).isDirectory()) return path;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return path;
    if (code !== 'ENOTDIR') throw err;
  }
  throw new FlowlensError(`${name}=${path} is not a directory (it or a folder above it is a file): set ${name} to a directory (it is created if missing)`);
}
