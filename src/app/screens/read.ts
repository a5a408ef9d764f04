import type { IsoDate, Series } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { readForModel, type PointInTime } from '../pointInTime.ts';

/** One point-in-time read for a screen: the series (as of `asOf`, or the latest) and how it was read. */
export interface ScreenRead {
  readonly data: Map<string, Series>;
  readonly pit: PointInTime;
}

/** Reads `ids` as of `asOf` (app/pointInTime.ts readForModel; ids are de-duplicated). */
export async function readScreen(store: Store, ids: readonly string[], asOf: IsoDate | undefined): Promise<ScreenRead> {
  const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
  const data = await readForModel(store, [...new Set(ids)], pit);
  return { data, pit };
}

/** A part of a screen that could not be computed, and why (shown instead of it). */
export interface ScreenProblem {
  readonly part: string;
  readonly reason: string;
}

/** Runs one part of a screen; a failure becomes a problem line and undefined. */
export function part<T>(name: string, problems: ScreenProblem[], run: () => T): T | undefined {
  try {
    return run();
  } catch (err) {
    problems.push({ part: name, reason: err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err) });
    return undefined;
  }
}

/**
 * A turn of the event loop (setImmediate): a screen computed in a server pauses here between its
 * parts, so the server answers other requests meanwhile (the page's stylesheet, a health check).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
