// The store's reference file of the S&P 500 earnings calendar (reference/sp500-earnings.json):
// written whole by the sync that imports it (temp file, fsync, rename: durable.ts), read by the
// buyback window. Its payload carries its own SHA-256, so a damaged file is told from a whole one.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlowlensError } from '../core/errors.ts';
import { isIsoDate } from '../series/dates.ts';
import type { CalendarReport, EarningsCalendar, ReferenceSource } from '../series/earningsCalendar.ts';
import type { IsoDate } from '../series/types.ts';
import { replaceFile } from './durable.ts';

/** Format of the file; a reader refuses another. */
export const EARNINGS_CALENDAR_FORMAT = 1;

/** The file as written: reports as [ticker, date] pairs, each company's weight once. */
interface OnDisk {
  readonly format: number;
  readonly importedAt: string;
  readonly sources: { readonly dates: ReferenceSource; readonly weights: ReferenceSource };
  readonly weights: Record<string, number>;
  readonly reports: [string, string][];
  readonly withoutWeight: string[];
  readonly withoutDates: string[];
  readonly duplicatesDropped: number;
  /** SHA-256 of JSON.stringify([weights, reports, withoutWeight, withoutDates, duplicatesDropped]), hex. */
  readonly sha256: string;
}

function payloadSha256(d: Pick<OnDisk, 'weights' | 'reports' | 'withoutWeight' | 'withoutDates' | 'duplicatesDropped'>): string {
  return createHash('sha256').update(JSON.stringify([d.weights, d.reports, d.withoutWeight, d.withoutDates, d.duplicatesDropped])).digest('hex');
}

/** The calendar as the file's text (one JSON object and a newline). */
export function serializeEarningsCalendar(cal: EarningsCalendar): string {
  const weights: Record<string, number> = {};
  for (const t of Object.keys(cal.weights).sort()) weights[t] = cal.weights[t] as number;
  const body = {
    weights,
    reports: cal.reports.map((r): [string, string] => [r.ticker, r.date]),
    withoutWeight: [...cal.withoutWeight],
    withoutDates: [...cal.withoutDates],
    duplicatesDropped: cal.duplicatesDropped,
  };
  const out: OnDisk = { format: EARNINGS_CALENDAR_FORMAT, importedAt: cal.importedAt, sources: cal.sources, ...body, sha256: payloadSha256(body) };
  return `${JSON.stringify(out)}\n`;
}

function isSource(v: unknown): v is ReferenceSource {
  const s = v as ReferenceSource;
  return typeof s === 'object' && s !== null && typeof s.file === 'string' && typeof s.bytes === 'number' && typeof s.sha256 === 'string';
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Reads the calendar from the file's text. Anything but a whole file of this format — not JSON,
 * a field missing, a report whose company has no weight, a payload whose SHA-256 does not match —
 * is one line naming the file and the way out (import it again).
 */
export function parseEarningsCalendar(text: string, path: string): EarningsCalendar {
  const damaged = (why: string) => new FlowlensError(`${path}: the stored S&P 500 earnings calendar is damaged (${why}); import it again with \`flowlens sync --from DIR\` (the folder with the earnings dates and index weights files)`);
  let d: OnDisk;
  try {
    d = JSON.parse(text) as OnDisk;
  } catch {
    throw damaged('not valid JSON');
  }
  if (typeof d !== 'object' || d === null) throw damaged('not a JSON object');
  if (d.format !== EARNINGS_CALENDAR_FORMAT) throw damaged(`format ${JSON.stringify(d.format)}, this flowlens reads ${EARNINGS_CALENDAR_FORMAT}`);
  if (typeof d.importedAt !== 'string' || typeof d.sources !== 'object' || d.sources === null || !isSource(d.sources.dates) || !isSource(d.sources.weights)) throw damaged('importedAt or sources missing');
  if (typeof d.weights !== 'object' || d.weights === null || !Array.isArray(d.reports) || !strings(d.withoutWeight) || !strings(d.withoutDates) || !Number.isInteger(d.duplicatesDropped) || typeof d.sha256 !== 'string') {
    throw damaged('weights, reports, withoutWeight, withoutDates, duplicatesDropped or sha256 missing');
  }
  if (payloadSha256(d) !== d.sha256) throw damaged('checksum mismatch');
  const reports: CalendarReport[] = [];
  for (const [i, r] of d.reports.entries()) {
    const w = Array.isArray(r) ? d.weights[r[0]] : undefined;
    if (!Array.isArray(r) || typeof r[0] !== 'string' || !isIsoDate(r[1]) || typeof w !== 'number') throw damaged(`report ${i + 1} malformed`);
    reports.push({ ticker: r[0], date: r[1] as IsoDate, weight: w });
  }
  return { importedAt: d.importedAt, sources: d.sources, reports, weights: d.weights, withoutWeight: d.withoutWeight, withoutDates: d.withoutDates, duplicatesDropped: d.duplicatesDropped };
}

/** Reads the calendar file at `path`; undefined when it was never imported (no file). */
export function readEarningsCalendarFile(path: string): EarningsCalendar | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FlowlensError(`${path}: cannot read the stored S&P 500 earnings calendar (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseEarningsCalendar(text, path);
}

/**
 * Writes the calendar file atomically (temp file beside it, fsync, rename, fsync of the folder):
 * a crash leaves the previous file or the new one, never half of one.
 */
export function writeEarningsCalendarFile(path: string, cal: EarningsCalendar): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, serializeEarningsCalendar(cal));
    replaceFile(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
