import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowlensError } from '../core/errors.ts';
import { replaceFile } from '../store/durable.ts';
import { acquireWriteLock } from '../store/lock.ts';
import type { FiredAlert, RuleOutcome, RuleState } from './evaluate.ts';

/** A delivery that failed every attempt of a check: kept and retried at the next check. */
export interface PendingDelivery {
  readonly alert: FiredAlert;
  readonly channel: string;
  /** Attempts so far, over all checks. */
  readonly attempts: number;
  readonly lastError: string;
  readonly lastAttemptAt: string;
}

/** Everything the alerts keep between runs, in one JSON file under FLOWLENS_HOME. */
export interface AlertState {
  readonly version: 1;
  readonly rules: Readonly<Record<string, RuleState>>;
  readonly pending: readonly PendingDelivery[];
  /** Alerts fired (and test messages), oldest first, at most HISTORY_MAX. */
  readonly history: readonly FiredAlert[];
  readonly lastCheck?: { readonly at: string; readonly asOf: string | null; readonly outcomes: readonly RuleOutcome[] };
}

/** How many past alerts the state keeps (the Atom feed and `alerts history` read them). */
export const HISTORY_MAX = 500;

export const EMPTY_STATE: AlertState = { version: 1, rules: {}, pending: [], history: [] };

/** The alert state file: `$FLOWLENS_HOME/alerts/state.json`. */
export function alertStatePath(home: string): string {
  return join(home, 'alerts', 'state.json');
}

/** The alert log: `$FLOWLENS_HOME/alerts/alerts.log` (every alert, test message and failed delivery, one line each). */
export function alertLogPath(home: string): string {
  return join(home, 'alerts', 'alerts.log');
}

/** Reads the state (an empty state when the file does not exist yet); a damaged file is an error naming it, never silently reset. */
export function loadAlertState(home: string): AlertState {
  const file = alertStatePath(home);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_STATE;
    throw err;
  }
  let s: Partial<AlertState>;
  try {
    s = JSON.parse(text) as Partial<AlertState>;
  } catch (err) {
    throw new FlowlensError(`${file}: not valid JSON (${(err as Error).message}); move it away to start afresh`);
  }
  if (s.version !== 1 || typeof s.rules !== 'object' || !Array.isArray(s.pending) || !Array.isArray(s.history)) throw new FlowlensError(`${file}: not a flowlens alert state (version 1); move it away to start afresh`);
  return s as AlertState;
}

/** Writes the state atomically (a temporary file beside it, fsync, rename): a crash leaves the old or the new state, whole. */
export function saveAlertState(home: string, state: AlertState): void {
  const file = alertStatePath(home);
  mkdirSync(join(home, 'alerts'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const kept = state.history.length > HISTORY_MAX ? { ...state, history: state.history.slice(-HISTORY_MAX) } : state;
  writeFileSync(tmp, `${JSON.stringify(kept, null, 1)}\n`);
  replaceFile(tmp, file);
}

/** The lock that one check (or test message) holds on the alert state: `$FLOWLENS_HOME/alerts/state.lock`. */
export function alertLockPath(home: string): string {
  return join(home, 'alerts', 'state.lock');
}

/**
 * Runs `work` holding the alert state's lock, so two checks (say `serve --refresh` and an
 * `alerts check` from cron) never both read the same state and both send the same alert. A live
 * holder makes this an error naming its pid (the caller tries again at its next check); a lock
 * left by a dead process is taken over, as the store's writer lock is.
 */
export async function withAlertStateLock<T>(home: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(join(home, 'alerts'), { recursive: true });
  const path = alertLockPath(home);
  const lock = acquireWriteLock(path, (pid) => `another alerts check (pid ${pid}) is running on ${alertStatePath(home)}; try again when it has finished (none running? remove ${path})`);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/**
 * What the alerts page shows besides the store, as one key: a hash of the rules file's bytes and
 * of the alert state's (each "none" when absent). The server keys the cached page by it, so an
 * edited rules file or a check that saved a new state shows on the next visit. Both files are
 * small (the state keeps at most HISTORY_MAX alerts): reading them costs a millisecond.
 */
export function alertFilesKey(home: string, rulesFile: string): string {
  const hash = (file: string) => {
    try {
      return createHash('sha1').update(readFileSync(file)).digest('hex').slice(0, 16);
    } catch {
      return 'none';
    }
  };
  return `rules=${hash(rulesFile)} state=${hash(alertStatePath(home))}`;
}
