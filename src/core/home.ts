import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/**
 * flowlens's data directory: `$FLOWLENS_HOME` if set, else the platform's per-user data
 * directory (XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows). An empty
 * variable counts as unset, as the XDG spec says. The store lives in `<home>/store/`.
 */
export function flowlensHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.FLOWLENS_HOME) return env.FLOWLENS_HOME;
  // Paths are joined with the target platform's separator, so every branch is testable anywhere.
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), 'flowlens');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'flowlens');
  return posix.join(env.XDG_DATA_HOME || posix.join(home, '.local', 'share'), 'flowlens');
}
