import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataFormatError } from '../core/errors.ts';
import type { EarningsCalendar, ReferenceSource } from '../series/earningsCalendar.ts';
import { buildEarningsCalendar, findEarningsCalendarFiles } from '../sources/earningsCalendar.ts';
import { StoreWriteError } from '../store/storeErrors.ts';
import { sameSources } from '../store/parquetStore.ts';

/** The part of the store the calendar import needs (ParquetStore). */
export interface CalendarStore {
  earningsCalendar(): EarningsCalendar | undefined;
  putEarningsCalendar(cal: EarningsCalendar): 'written' | 'unchanged';
}

/** What `sync --from` did with the S&P 500 earnings calendar. */
export type CalendarImport =
  /** Neither file in the folder. */
  | { readonly status: 'absent' }
  /** One of the two files only: nothing imported, the other is named. */
  | { readonly status: 'incomplete'; readonly present: string; readonly missing: string }
  /** Parsed, joined and stored (`files`: the two paths relative to the folder). */
  | { readonly status: 'imported'; readonly calendar: EarningsCalendar; readonly files: readonly [string, string] }
  /** The same files as the stored calendar's: not parsed, nothing written. */
  | { readonly status: 'unchanged'; readonly calendar: EarningsCalendar; readonly files: readonly [string, string] }
  /** A bad line in a file: the one-line error (file and line); the stored calendar is kept. */
  | { readonly status: 'failed'; readonly file: string; readonly error: string; readonly files: readonly [string, string] };

async function source(path: string): Promise<{ text: string; source: ReferenceSource }> {
  const bytes = await readFile(path);
  return { text: bytes.toString('utf8'), source: { file: basename(path), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
}

/**
 * Imports the S&P 500 earnings calendar of a folder (`sync --from DIR`) into the store when both
 * of its files are there (findEarningsCalendarFiles): when the stored calendar came from files
 * with the same names, sizes and SHA-256 they are not parsed and nothing is written; else they
 * are parsed, joined (buildEarningsCalendar) and stored whole (putEarningsCalendar). A bad line is
 * a 'failed' outcome naming file and line, the stored calendar untouched; a store that cannot be
 * written is a StoreWriteError (the sync stops).
 */
export async function importEarningsCalendar(store: CalendarStore, dir: string, rels: readonly string[], now: Date = new Date()): Promise<CalendarImport> {
  const found = findEarningsCalendarFiles(rels);
  if (found.dates === undefined && found.weights === undefined) return { status: 'absent' };
  if (found.dates === undefined || found.weights === undefined) {
    return found.dates !== undefined
      ? { status: 'incomplete', present: found.dates, missing: 'an S&P 500 weights file (sp500_weights*.csv)' }
      : { status: 'incomplete', present: found.weights ?? '', missing: 'an S&P 500 earnings dates file (sp500_earnings_dates*.csv)' };
  }
  const files = [found.dates, found.weights] as const;
  let file = found.dates;
  try {
    const dates = await source(join(dir, found.dates));
    file = found.weights;
    const weights = await source(join(dir, found.weights));
    let stored: EarningsCalendar | undefined;
    try {
      stored = store.earningsCalendar();
    } catch {
      stored = undefined; // damaged: imported again below
    }
    if (stored && sameSources(stored.sources, { dates: dates.source, weights: weights.source })) return { status: 'unchanged', calendar: stored, files };
    file = found.dates;
    const calendar = buildEarningsCalendar({ ...dates, origin: join(dir, found.dates) }, { ...weights, origin: join(dir, found.weights) }, now.toISOString());
    store.putEarningsCalendar(calendar);
    return { status: 'imported', calendar, files };
  } catch (err) {
    if (err instanceof StoreWriteError) throw err;
    if (err instanceof DataFormatError) file = err.origin === join(dir, found.weights) ? found.weights : found.dates;
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'failed', file, error: message.split('\n')[0] ?? message, files };
  }
}
