import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * flowlens's data directory: `$FLOWLENS_HOME` if set, else the platform's per-user data
 * directory (XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows).
 */
export function flowlensHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.FLOWLENS_HOME) return env.FLOWLENS_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'flowlens');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'flowlens');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'flowlens');
}
