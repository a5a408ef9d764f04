import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { DataFormatError } from '../core/errors.ts';
import { CATALOG, type CatalogEntry, type FileMatch } from '../series/catalog.ts';
import { VERSION } from '../core/version.ts';
import { sameImport } from '../series/importStamp.ts';
import type { FetchedSeries, FileStamp, ImportStamp, IsoDate, Point } from '../series/types.ts';
import type { DayNumber } from '../series/units.ts';
import type { ColumnIndex, FileColumns, FileIdentity } from './files/columnIndex.ts';
import { isDocumentation, unmatchedReason } from './files/unmatchedReasons.ts';
import { isCompanyYearsCsv, parseCompanyYearsCsv } from './formats/companyYears.ts';
import { parseCsvFile } from './formats/datedCsv.ts';
import { isFuturesContractsCsv, parseFuturesContractsCsv } from './formats/futuresContracts.ts';
import { parseJsonFile } from './formats/json.ts';
import { readParquetTable } from './formats/parquet.ts';
import type { ParsedFile } from './formats/table.ts';
import { plausibleRange, splitPlausible } from '../series/plausible.ts';

/** One catalog series built from files; `files` are the paths (relative to the folder) that matched, in priority order. */
export interface ImportedSeries extends FetchedSeries {
  readonly files: readonly string[];
}

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
  /** Catalog series with at least one file, in catalog order (those in `unchanged` excepted). */
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
  const rowErrorSinks = new Map<ParsedFile, (seriesId: string) => void>();
  const rowProblems: RowProblem[] = [];
  // Each file's size, time and SHA-256, read once (for the import stamps; see ImportOptions.previous).
  const stamps = new Map<string, Promise<{ stamp: FileStamp; id: FileIdentity }>>();
  const statOf = (rel: string): Promise<{ stamp: FileStamp; id: FileIdentity }> => {
    let p = stamps.get(rel);
    if (!p) {
      p = fileStamp(join(dir, rel), opts.columns);
      stamps.set(rel, p);
    }
    return p;
  };
  const stampOf = (rel: string): Promise<FileStamp> => statOf(rel).then((s) => s.stamp);
  const parsed = new Map<string, Promise<ParsedFile | undefined>>();
  const parse = (rel: string): Promise<ParsedFile | undefined> => {
    let p = parsed.get(rel);
    if (!p) {
      const rowErrors: DataFormatError[] = [];
      // Stamped before it is parsed: a file changed in between then fails its stamp next time,
      // never the reverse (a stamp of new bytes over data parsed from the old ones).
      p = stampOf(rel).then(() => parseFile(join(dir, rel), rowErrors)).then((file) => {
        for (const e of rowErrors) rowProblems.push({ file: rel, message: e.message });
        // Reported once per file: the errors array keeps growing as columns are read (below).
        rowErrors.length = 0;
        if (file) rowErrorSinks.set(file, (seriesId) => {
          for (const e of rowErrors) rowProblems.push({ file: rel, seriesId, message: e.message });
          rowErrors.length = 0;
        });
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
  for (const entry of catalog) {
    const matches = candidates(entry, byBase, bundles);
    if (matches.length === 0) {
      missing.push(entry.id);
      continue;
    }
    const recipe = importRecipe(entry, matches);
    const before = opts.previous?.(entry.id);
    if (before !== undefined && before.recipe === recipe && before.files.length === matches.length) {
      // A file that cannot be read now is not unchanged: the parse below reports it.
      const files = await Promise.all(matches.map((m) => stampOf(m.rel))).catch(() => undefined);
      if (files && sameImport(before, { recipe, files })) {
        for (const m of matches) used.add(m.rel);
        unchanged.push({ seriesId: entry.id, files: matches.map((m) => m.rel) });
        continue;
      }
    }
    const lists: Point[][] = [];
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
        const read = file.points(column);
        rowErrorSinks.get(file)?.(entry.id);
        if (read.length === 0) {
          rowProblems.push({ file: m.rel, seriesId: entry.id, message: `${join(dir, m.rel)}: no data rows for ${entry.id} (a header only?); nothing imported from this file` });
          continue;
        }
        // Dates before 1800 or past today, non-finite or absurd values: reported per row, left out.
        const { kept: points, rejected } = splitPlausible(read, plausibleRange(entry, today));
        for (const r of rejected) {
          const line = file.lineOf?.(r.point.date);
          rowProblems.push({ file: m.rel, seriesId: entry.id, message: `${join(dir, m.rel)}${line !== undefined ? `:${line}` : ''}: ${entry.id}: ${r.reason}; row skipped` });
        }
        // A file marked extendOnly (another vendor's copy) only adds dates after the files before it.
        const after = m.extendOnly ? lastDateOf(lists) : undefined;
        lists.push(after === undefined ? points : points.filter((p) => p.date > after));
        files.push(m.rel);
      } catch (error) {
        problems.push({ file: m.rel, seriesId: entry.id, error: asError(error) });
      }
    }
    if (files.length === 0) {
      missing.push(entry.id);
      continue;
    }
    const clean = !matches.some((m) => noisy(m.rel));
    const imported = clean ? { recipe, files: await Promise.all(matches.map((m) => stampOf(m.rel))) } : undefined;
    series.push({ seriesId: entry.id, points: mergeByPriority(lists), origin: files.map((f) => join(dir, f)).join(','), files, ...(imported ? { imported } : {}) });
  }
  if (opts.columns) {
    for (const [rel, p] of parsed) {
      const file = await p;
      if (file && !noisy(rel)) {
        const { stamp, id } = await statOf(rel);
        opts.columns.set(stamp, id, { format: file.format, columns: file.columns });
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
 * is the one the index hashed (ColumnIndex.knownSha256).
 */
export async function fileStamp(path: string, index?: ColumnIndex): Promise<{ stamp: FileStamp; id: FileIdentity }> {
  const abs = resolve(path);
  const st = await stat(abs);
  const id = { ino: st.ino, ctimeMs: st.ctimeMs };
  const sha256 = index?.knownSha256(abs, st.size, st.mtimeMs, id) ?? createHash('sha256').update(await readFile(abs)).digest('hex');
  return { stamp: { path: abs, bytes: st.size, mtimeMs: st.mtimeMs, sha256 }, id };
}

/** The files that hold `entry`, in priority order (see importDirectory). */
function candidates(
  entry: CatalogEntry,
  byBase: ReadonlyMap<string, string>,
  bundles: readonly { rel: string; columns: readonly string[] }[],
): { rel: string; column?: string; extendOnly?: boolean; optional?: boolean }[] {
  const out: { rel: string; column?: string; extendOnly?: boolean; optional?: boolean }[] = [];
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

/** The last date with a value among already-read lists, or undefined when there is none. */
function lastDateOf(lists: readonly (readonly Point[])[]): IsoDate | undefined {
  let last: IsoDate | undefined;
  for (const list of lists) for (const p of list) if (!Number.isNaN(p.value) && (last === undefined || p.date > last)) last = p.date;
  return last;
}

/**
 * Merges point lists given in priority order: for each date the first list that has a value
 * wins; a date that an earlier list has as NaN takes the first later non-NaN value. Sorted by date.
 */
export function mergeByPriority(lists: readonly (readonly Point[])[]): Point[] {
  if (lists.length === 1) {
    const only = lists[0] as readonly Point[];
    return isSorted(only) ? [...only] : [...only].sort(byDate);
  }
  // Sorted lists (every file's, as dates are unique and files are in date order) merge pairwise
  // in priority order, in one pass each and without a map of dates.
  if (lists.every(isSorted)) return lists.reduce<Point[]>((acc, list) => mergeSorted(acc, list), []);
  const merged = new Map<IsoDate, number>();
  for (const list of lists) {
    for (const p of list) {
      const have = merged.get(p.date);
      if (have === undefined || (Number.isNaN(have) && !Number.isNaN(p.value))) merged.set(p.date, p.value);
    }
  }
  const out: Point[] = [];
  for (const [date, value] of merged) out.push({ date, value });
  return out.sort(byDate);
}

/** Two date-sorted lists as one: `high`'s point for a date unless it is NaN and `low` has a value. */
function mergeSorted(high: readonly Point[], low: readonly Point[]): Point[] {
  const out: Point[] = [];
  let i = 0;
  let j = 0;
  while (i < high.length && j < low.length) {
    const a = high[i] as Point;
    const b = low[j] as Point;
    if (a.date < b.date) {
      out.push(a);
      i++;
    } else if (b.date < a.date) {
      out.push(b);
      j++;
    } else {
      out.push(Number.isNaN(a.value) && !Number.isNaN(b.value) ? b : a);
      i++;
      j++;
    }
  }
  for (; i < high.length; i++) out.push(high[i] as Point);
  for (; j < low.length; j++) out.push(low[j] as Point);
  return out;
}

function isSorted(points: readonly Point[]): boolean {
  for (let i = 1; i < points.length; i++) if ((points[i - 1] as Point).date >= (points[i] as Point).date) return false;
  return true;
}

function byDate(a: Point, b: Point): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Parses one file by its extension: CSV flavours (dated tables, company fiscal years
 * `ticker,fy_end,…`, or fed funds futures by contract), JSON (FRED bundle, OHLC bars) or Parquet.
 */
export async function parseFile(path: string, rowErrors?: DataFormatError[]): Promise<ParsedFile> {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') return readParquetTable(path, path, rowErrors);
  // Decoded in one piece: readFile(path, 'utf8') decodes chunk by chunk into a string that the
  // parser's first character read then copies whole to flatten it.
  const text = (await readFile(path)).toString('utf8');
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
