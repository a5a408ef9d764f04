import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { DataFormatError } from '../core/errors.ts';
import { CATALOG, type CatalogEntry, type FileMatch } from '../series/catalog.ts';
import { VERSION } from '../core/version.ts';
import { sameImport } from '../series/importStamp.ts';
import { toIso } from '../series/dates.ts';
import type { DayColumns, FetchedSeries, FileStamp, ImportStamp, Point } from '../series/types.ts';
import type { DayNumber } from '../series/units.ts';
import type { ColumnIndex, FileColumns, FileIdentity } from './files/columnIndex.ts';
import { isDocumentation, unmatchedReason } from './files/unmatchedReasons.ts';
import { isCompanyYearsCsv, parseCompanyYearsCsv } from './formats/companyYears.ts';
import { parseCsvFile } from './formats/datedCsv.ts';
import { isFuturesContractsCsv, parseFuturesContractsCsv } from './formats/futuresContracts.ts';
import { parseJsonFile } from './formats/json.ts';
import { readParquetTable } from './formats/parquet.ts';
import { type ParsedFile, pointsOf } from './formats/table.ts';
import { plausibleRange, splitPlausibleColumns } from '../series/plausible.ts';

/**
 * One catalog series built from files; `files` are the paths (relative to the folder) that
 * matched, in priority order. Its values are `columns` (day numbers and values); `points` are
 * made from them when first asked for (the store writes the columns).
 */
export interface ImportedSeries extends FetchedSeries {
  readonly files: readonly string[];
  readonly columns: DayColumns;
}

/** An imported series whose `points` are made from its columns on first use. */
class ImportedColumns implements ImportedSeries {
  private made: Point[] | undefined;
  readonly imported?: ImportStamp;

  constructor(
    readonly seriesId: string,
    readonly columns: DayColumns,
    readonly origin: string,
    readonly files: readonly string[],
    imported: ImportStamp | undefined,
  ) {
    if (imported !== undefined) this.imported = imported;
  }

  get points(): Point[] {
    return (this.made ??= pointsOf(this.columns));
  }
}

/** How many files the import reads ahead of the one it parses (see importDirectory). */
const READ_AHEAD = 3;

/** A file (or one series' column of it) that could not be read. */
export interface FileProblem {
  /** Path relative to the imported folder. */
  readonly file: string;
  /** Set when only this series' column failed (the rest of the file was fine). */
  readonly seriesId?: string;
  readonly error: Error;
}

/**
 * One row left out of an import (a bad date or number, a repeated date, an implausible value, a
 * cut-off last row) or a file that gave no rows; the rest of the file is imported. `message`
 * names the file and, where the format has lines, the line.
 */
export interface RowProblem {
  readonly file: string;
  readonly seriesId?: string;
  readonly message: string;
}

/** A series whose files are the same as at its last import (see ImportOptions.previous): not parsed again. */
export interface UnchangedSeries {
  readonly seriesId: string;
  /** Paths relative to the folder, in priority order. */
  readonly files: readonly string[];
}

/** A data file no catalog series uses, with the reason. */
export interface UnmatchedFile {
  readonly file: string;
  readonly reason: string;
}

/** Everything `importDirectory` found in a folder. */
export interface DirectoryImport {
  readonly dir: string;
  /** Catalog series with at least one file, in catalog order (those in `unchanged` excepted; none when ImportOptions.onSeries took them). */
  readonly series: readonly ImportedSeries[];
  /** Series whose files match what `previous` recorded: their files were hashed, not parsed. */
  readonly unchanged: readonly UnchangedSeries[];
  readonly problems: readonly FileProblem[];
  /** Rows skipped (and files with no rows), each with file and line; the other rows were imported. */
  readonly rowProblems: readonly RowProblem[];
  /** SOURCES.md, README, *.txt definitions… (relative paths). */
  readonly documentation: readonly string[];
  readonly unmatched: readonly UnmatchedFile[];
  /** Catalog ids that no file in the folder provides. */
  readonly missing: readonly string[];
}

export interface ImportOptions {
  /** The catalog to match against (default: CATALOG); tests pass a small one. */
  readonly catalog?: readonly CatalogEntry[];
  /** "Today" as a day number, for the latest plausible date (default: the clock). */
  readonly today?: DayNumber;
  /**
   * What the store recorded of a series' last import (ParquetStore.importStamp). When the
   * series' files, their sizes, times and SHA-256 and the recipe all match, the series is listed
   * in `unchanged` and its files are not parsed for it.
   */
  readonly previous?: (seriesId: string) => ImportStamp | undefined;
  /**
   * What earlier imports found in each file (format, columns), by file stamp: a file known here
   * is not parsed just to learn which series it holds (a FRED JSON bundle's ids, a family
   * file's contract columns). Files parsed without a problem are added to it.
   */
  readonly columns?: ColumnIndex;
  /**
   * Hands each series over as soon as its files are merged, instead of returning it in
   * `series` (which then stays empty): a sync stores one series, and its files' fsyncs run,
   * while the next files are parsed. Awaited before the next entry; a throw ends the import.
   */
  readonly onSeries?: (series: ImportedSeries) => Promise<void>;
  /** Called once, before the first file is parsed, with the catalog ids that have files (to be parsed, or unchanged). */
  readonly onPlan?: (seriesIds: readonly string[]) => void;
}

/**
 * Imports a folder of files in the sources' own formats (`flowlens sync --from DIR`).
 *
 * Matching, per catalog entry: its `files` list (base name + optional column) in priority order;
 * then, for FRED entries, a file `<ID>.csv` (value column: the format's, or the one named ID) and
 * every FRED JSON bundle holding ID. Merging: for each date the first file listing it wins; a
 * later file only adds dates the earlier lack, or fills a date an earlier file lists as missing.
 * Each file is parsed once however many series use it; a file that fails is reported in
 * `problems` and the others go on.
 */
export async function importDirectory(dir: string, opts: ImportOptions = {}): Promise<DirectoryImport> {
  const catalog = opts.catalog ?? CATALOG;
  const all = await listFiles(dir);
  const documentation: string[] = [];
  const byBase = new Map<string, string>();
  const unmatched: UnmatchedFile[] = [];
  for (const rel of all) {
    const base = basename(rel);
    if (isDocumentation(base)) documentation.push(rel);
    else if (byBase.has(base)) unmatched.push({ file: rel, reason: `same file name as ${byBase.get(base) ?? ''}, which is the one imported` });
    else byBase.set(base, rel);
  }

  const problems: FileProblem[] = [];
  /** Per parsed file: moves the row errors its column reads added into rowProblems, for a series. */
  const rowErrorSinks = new WeakMap<ParsedFile, (seriesId: string) => void>();
  const rowProblems: RowProblem[] = [];
  // Each file's size, time and SHA-256, read once (for the import stamps; see ImportOptions.previous).
  const stamps = new Map<string, Promise<{ stamp: FileStamp; id: FileIdentity }>>();
  // The bytes a stamp read to hash a file, kept for its parse (taken by it): each file is read once.
  const bytesRead = new Map<string, Buffer>();
  const statOf = (rel: string): Promise<{ stamp: FileStamp; id: FileIdentity }> => {
    let p = stamps.get(rel);
    if (!p) {
      p = fileStamp(join(dir, rel), opts.columns, (bytes) => {
        if (!released.has(rel) && extname(rel).toLowerCase() !== '.parquet') bytesRead.set(rel, bytes);
      });
      stamps.set(rel, p);
    }
    return p;
  };
  const stampOf = (rel: string): Promise<FileStamp> => statOf(rel).then((s) => s.stamp);
  const parsed = new Map<string, Promise<ParsedFile | undefined>>();
  /** What each cleanly or partly parsed file held (format, columns), for the column index: kept after the file itself is let go. */
  const shapes = new Map<string, FileColumns>();
  /** Files let go after the last series that reads them (see below); parsing one again would be a bug. */
  const released = new Set<string>();
  const parse = (rel: string): Promise<ParsedFile | undefined> => {
    let p = parsed.get(rel);
    if (!p) {
      if (released.has(rel)) throw new Error(`importDirectory: ${rel} was parsed again after its last use`);
      const rowErrors: DataFormatError[] = [];
      // Stamped before it is parsed: a file changed in between then fails its stamp next time,
      // never the reverse (a stamp of new bytes over data parsed from the old ones).
      p = stampOf(rel).then(() => {
        const bytes = bytesRead.get(rel);
        bytesRead.delete(rel);
        return parseFile(join(dir, rel), rowErrors, bytes);
      }).then((file) => {
        for (const e of rowErrors) rowProblems.push({ file: rel, message: e.message });
        // Reported once per file: the errors array keeps growing as columns are read (below).
        rowErrors.length = 0;
        if (file) {
          rowErrorSinks.set(file, (seriesId) => {
            for (const e of rowErrors) rowProblems.push({ file: rel, seriesId, message: e.message });
            rowErrors.length = 0;
          });
          shapes.set(rel, { format: file.format, columns: file.columns });
        }
        return file;
      }).catch((error: unknown) => {
        problems.push({ file: rel, error: asError(error) });
        return undefined;
      });
      parsed.set(rel, p);
    }
    return p;
  };

  /** What the column index knows of a file as it is now (undefined: parse it to know). */
  const known = async (rel: string): Promise<FileColumns | undefined> => {
    const index = opts.columns;
    if (index === undefined) return undefined;
    return stampOf(rel).then((stamp) => index.get(stamp), () => undefined);
  };

  /** Files that gave a problem (a row left out, a column that failed): series reading them are not stamped, so the next import reports it again. */
  const noisy = (rel: string): boolean => rowProblems.some((p) => p.file === rel) || problems.some((p) => p.file === rel);

  // JSON files are opened up front: whether a bundle holds a FRED id is only known from inside.
  // (Or from the column index, for the same bytes as an earlier import.)
  const bundles: { rel: string; columns: readonly string[] }[] = [];
  for (const [base, rel] of byBase) {
    if (extname(base).toLowerCase() !== '.json') continue;
    const file = (await known(rel)) ?? (await parse(rel));
    if (file?.format === 'fred-json-bundle') bundles.push({ rel, columns: file.columns });
  }

  const used = new Set<string>();
  const series: ImportedSeries[] = [];
  const unchanged: UnchangedSeries[] = [];
  const today = opts.today;
  const missing: string[] = [];
  // Each entry's files, and the last entry that reads each file: a parsed file is let go once
  // that entry is done, so the import holds a few parsed files at a time, not all of them.
  const matchesOf = catalog.map((entry) => candidates(entry, byBase, bundles));
  const lastUse = new Map<string, number>();
  matchesOf.forEach((matches, k) => {
    for (const m of matches) lastUse.set(m.rel, k);
  });
  const release = (k: number): void => {
    for (const m of matchesOf[k] ?? []) {
      if (lastUse.get(m.rel) !== k) continue;
      parsed.delete(m.rel);
      bytesRead.delete(m.rel);
      released.add(m.rel);
    }
  };
  // Files in the order entries first read them. The next few are stamped (read and hashed)
  // ahead, so reading a file overlaps parsing the one before instead of waiting for the disk.
  const order = [...new Set(matchesOf.flatMap((matches) => matches.map((m) => m.rel)))];
  const place = new Map(order.map((rel, i) => [rel, i]));
  let reached = -1;
  opts.onPlan?.(catalog.filter((_, k) => (matchesOf[k]?.length ?? 0) > 0).map((e) => e.id));
  const readAhead = (matches: readonly Match[]): void => {
    for (const m of matches) reached = Math.max(reached, place.get(m.rel) ?? -1);
    for (let i = reached + 1; i <= reached + READ_AHEAD && i < order.length; i++) {
      // A file that cannot be read is reported where its series reads it.
      statOf(order[i] as string).catch(() => undefined);
    }
  };
  for (let k = 0; k < catalog.length; k++) {
    const entry = catalog[k] as CatalogEntry;
    const matches = matchesOf[k] ?? [];
    readAhead(matches);
    const outcome = await importEntry(entry, matches);
    release(k);
    if (outcome === 'missing') missing.push(entry.id);
    else if ('unchanged' in outcome) unchanged.push(outcome.unchanged);
    else if (opts.onSeries) await opts.onSeries(outcome.series);
    else series.push(outcome.series);
  }

  /** One catalog entry from its files: its series, unchanged (the files of its last import), or missing. */
  async function importEntry(entry: CatalogEntry, matches: readonly Match[]): Promise<'missing' | { unchanged: UnchangedSeries } | { series: ImportedSeries }> {
    if (matches.length === 0) return 'missing';
    const recipe = importRecipe(entry, matches);
    const before = opts.previous?.(entry.id);
    if (before !== undefined && before.recipe === recipe && before.files.length === matches.length) {
      // A file that cannot be read now is not unchanged: the parse below reports it.
      const files = await Promise.all(matches.map((m) => stampOf(m.rel))).catch(() => undefined);
      if (files && sameImport(before, { recipe, files })) {
        for (const m of matches) used.add(m.rel);
        return { unchanged: { seriesId: entry.id, files: matches.map((m) => m.rel) } };
      }
    }
    const lists: DayColumns[] = [];
    const files: string[] = [];
    for (const m of matches) {
      used.add(m.rel);
      // A family file known to lack this series' column need not be parsed to find that out.
      if (m.optional && m.column !== undefined && (await known(m.rel))?.columns.includes(m.column) === false) continue;
      const file = await parse(m.rel);
      if (!file) continue;
      // A family file (one column per contract) that lacks this series' column does not hold it.
      if (m.optional && m.column !== undefined && !file.columns.includes(m.column)) continue;
      try {
        const column = m.column ?? (file.columns.includes(entry.id) && file.defaultColumn === undefined ? entry.id : undefined);
        const read = file.dayValues(column);
        rowErrorSinks.get(file)?.(entry.id);
        if (read.day.length === 0) {
          rowProblems.push({ file: m.rel, seriesId: entry.id, message: `${join(dir, m.rel)}: no data rows for ${entry.id} (a header only?); nothing imported from this file` });
          continue;
        }
        // Dates before 1800 or past today, non-finite or absurd values: reported per row, left out.
        const { kept, rejected } = splitPlausibleColumns(read, plausibleRange(entry, today));
        for (const r of rejected) {
          const line = file.lineOf?.(toIso(r.day));
          rowProblems.push({ file: m.rel, seriesId: entry.id, message: `${join(dir, m.rel)}${line !== undefined ? `:${line}` : ''}: ${entry.id}: ${r.reason}; row skipped` });
        }
        // A file marked extendOnly (another vendor's copy) only adds dates after the files before it.
        const after = m.extendOnly ? lastDayOf(lists) : undefined;
        lists.push(after === undefined ? kept : daysAfter(kept, after));
        files.push(m.rel);
      } catch (error) {
        problems.push({ file: m.rel, seriesId: entry.id, error: asError(error) });
      }
    }
    if (files.length === 0) return 'missing';
    const clean = !matches.some((m) => noisy(m.rel));
    const imported = clean ? { recipe, files: await Promise.all(matches.map((m) => stampOf(m.rel))) } : undefined;
    return { series: new ImportedColumns(entry.id, mergeByPriority(lists), files.map((f) => join(dir, f)).join(','), files, imported) };
  }

  if (opts.columns) {
    for (const [rel, shape] of shapes) {
      if (!noisy(rel)) {
        const { stamp, id } = await statOf(rel);
        opts.columns.set(stamp, id, shape);
      }
    }
  }
  for (const rel of byBase.values()) if (!used.has(rel)) unmatched.push({ file: rel, reason: unmatchedReason(basename(rel)) });
  unmatched.sort((a, b) => (a.file < b.file ? -1 : 1));
  return { dir, series, unchanged, problems, rowProblems, documentation, unmatched, missing };
}

/**
 * The recipe of an import stamp: flowlens's version, the catalog entry and how its files matched.
 * A new version or a changed entry (another column, another file list) imports the files again.
 */
function importRecipe(entry: CatalogEntry, matches: readonly { rel: string; column?: string; extendOnly?: boolean; optional?: boolean }[]): string {
  return createHash('sha256').update(JSON.stringify([VERSION, entry, matches])).digest('hex');
}

/**
 * A file's absolute path, size, modification time and SHA-256 of its bytes, and its identity
 * (inode, change time). The SHA-256 comes from `index` without reading the file when the file
 * is the one the index hashed (ColumnIndex.knownSha256). When the file is read to hash it, its
 * bytes go to `read`, so a parse that follows need not read it again.
 */
export async function fileStamp(path: string, index?: ColumnIndex, read?: (bytes: Buffer) => void): Promise<{ stamp: FileStamp; id: FileIdentity }> {
  const abs = resolve(path);
  const st = await stat(abs);
  const id = { ino: st.ino, ctimeMs: st.ctimeMs };
  let sha256 = index?.knownSha256(abs, st.size, st.mtimeMs, id);
  if (sha256 === undefined) {
    const bytes = await readFile(abs);
    sha256 = createHash('sha256').update(bytes).digest('hex');
    read?.(bytes);
  }
  return { stamp: { path: abs, bytes: st.size, mtimeMs: st.mtimeMs, sha256 }, id };
}

/** A file that holds a catalog entry, with how to read it (see FileMatch). */
type Match = { rel: string; column?: string; extendOnly?: boolean; optional?: boolean };

/** The files that hold `entry`, in priority order (see importDirectory). */
function candidates(entry: CatalogEntry, byBase: ReadonlyMap<string, string>, bundles: readonly { rel: string; columns: readonly string[] }[]): Match[] {
  const out: Match[] = [];
  const add = (m: FileMatch): void => {
    const rel = byBase.get(m.file);
    if (rel !== undefined && !out.some((o) => o.rel === rel)) out.push({ ...m, rel });
  };
  for (const m of entry.files ?? []) add(m);
  if (entry.source === 'fred') {
    add({ file: `${entry.id}.csv` });
    for (const b of bundles) if (b.columns.includes(entry.id)) add({ file: basename(b.rel), column: entry.id });
  }
  return out;
}

/** The last day with a value among already-read lists, or undefined when there is none. */
function lastDayOf(lists: readonly DayColumns[]): number | undefined {
  let last: number | undefined;
  for (const list of lists) {
    for (let i = 0; i < list.day.length; i++) if (!Number.isNaN(list.value[i]) && (last === undefined || (list.day[i] as number) > last)) last = list.day[i] as number;
  }
  return last;
}

/** The rows of `c` dated after day `after`. */
function daysAfter(c: DayColumns, after: number): DayColumns {
  const keep: number[] = [];
  for (let i = 0; i < c.day.length; i++) if ((c.day[i] as number) > after) keep.push(i);
  return gather(c, keep);
}

/** Rows `rows` of `c`, in that order. */
function gather(c: DayColumns, rows: readonly number[]): DayColumns {
  const day = new Int32Array(rows.length);
  const value = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    day[k] = c.day[rows[k] as number] as number;
    value[k] = c.value[rows[k] as number] as number;
  }
  return { day, value };
}

/**
 * Merges columns given in priority order: for each date the first list that has a value wins;
 * a date that an earlier list has as NaN takes the first later non-NaN value. Sorted by date.
 * The arrays of a single sorted list are returned as they are.
 */
export function mergeByPriority(lists: readonly DayColumns[]): DayColumns {
  if (lists.length === 1) {
    const only = lists[0] as DayColumns;
    if (isSorted(only)) return only;
    return gather(only, Array.from(only.day.keys()).sort((a, b) => (only.day[a] as number) - (only.day[b] as number)));
  }
  // Sorted lists (every file's, as dates are unique and files are in date order) merge pairwise
  // in priority order, in one pass each and without a map of dates.
  if (lists.every(isSorted)) return lists.reduce<DayColumns>((acc, list) => mergeSorted(acc, list), { day: new Int32Array(0), value: new Float64Array(0) });
  const merged = new Map<number, number>();
  for (const list of lists) {
    for (let i = 0; i < list.day.length; i++) {
      const d = list.day[i] as number;
      const v = list.value[i] as number;
      const have = merged.get(d);
      if (have === undefined || (Number.isNaN(have) && !Number.isNaN(v))) merged.set(d, v);
    }
  }
  const days = [...merged.keys()].sort((a, b) => a - b);
  return { day: Int32Array.from(days), value: Float64Array.from(days, (d) => merged.get(d) as number) };
}

/** Two date-sorted lists as one: `high`'s value for a date unless it is NaN and `low` has a value. */
function mergeSorted(high: DayColumns, low: DayColumns): DayColumns {
  const day = new Int32Array(high.day.length + low.day.length);
  const value = new Float64Array(day.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < high.day.length && j < low.day.length) {
    const a = high.day[i] as number;
    const b = low.day[j] as number;
    if (a < b) {
      day[k] = a;
      value[k++] = high.value[i++] as number;
    } else if (b < a) {
      day[k] = b;
      value[k++] = low.value[j++] as number;
    } else {
      const va = high.value[i++] as number;
      const vb = low.value[j++] as number;
      day[k] = a;
      value[k++] = Number.isNaN(va) && !Number.isNaN(vb) ? vb : va;
    }
  }
  for (; i < high.day.length; i++, k++) {
    day[k] = high.day[i] as number;
    value[k] = high.value[i] as number;
  }
  for (; j < low.day.length; j++, k++) {
    day[k] = low.day[j] as number;
    value[k] = low.value[j] as number;
  }
  return { day: day.slice(0, k), value: value.slice(0, k) };
}

function isSorted(c: DayColumns): boolean {
  for (let i = 1; i < c.day.length; i++) if ((c.day[i - 1] as number) >= (c.day[i] as number)) return false;
  return true;
}

/**
 * Parses one file by its extension: CSV flavours (dated tables, company fiscal years
 * `ticker,fy_end,…`, or fed funds futures by contract), JSON (FRED bundle, OHLC bars) or Parquet.
 */
export async function parseFile(path: string, rowErrors?: DataFormatError[], bytes?: Buffer): Promise<ParsedFile> {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') return readParquetTable(path, path, rowErrors);
  // Decoded in one piece: readFile(path, 'utf8') decodes chunk by chunk into a string that the
  // parser's first character read then copies whole to flatten it. `bytes`: the file as its
  // stamp just read it.
  const text = (bytes ?? (await readFile(path))).toString('utf8');
  if (ext === '.json') return parseJsonFile(text, path, rowErrors);
  if (ext === '.csv' && isCompanyYearsCsv(text)) return parseCompanyYearsCsv(text, path);
  if (ext === '.csv' && isFuturesContractsCsv(text)) return parseFuturesContractsCsv(text, path);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return parseCsvFile(text, path, rowErrors);
  throw new DataFormatError(path, `unknown file type ${JSON.stringify(ext)} (expected .csv, .json or .parquet)`);
}

/** Every regular file under `dir`, as sorted paths relative to it (dot files skipped). */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const rel = prefix ? join(prefix, e.name) : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
