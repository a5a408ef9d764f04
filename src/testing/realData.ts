import { statSync } from 'node:fs';
import { catalogEntry } from '../series/catalog.ts';
import { makeSeries, metaOf } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { importDirectory, type DirectoryImport } from '../sources/files.ts';

/**
 * The real-data folder for tests: `FLOWLENS_DATA_DIR` when it names an existing directory,
 * else undefined. The data is third-party and never copied into the project.
 */
export function realDataDir(): string | undefined {
  const dir = process.env.FLOWLENS_DATA_DIR;
  if (!dir) return undefined;
  try {
    return statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

function skipReason(): string | false {
  const dir = process.env.FLOWLENS_DATA_DIR;
  if (!dir) return 'FLOWLENS_DATA_DIR not set: real-data test skipped';
  return realDataDir() === undefined ? `FLOWLENS_DATA_DIR=${dir} is not a directory: real-data test skipped` : false;
}

/** For `test(name, { skip: skipWithoutRealData }, fn)`: a one-line reason, or false when the data is there. */
export const skipWithoutRealData: string | false = skipReason();

let cached: { dir: string; result: Promise<DirectoryImport> } | undefined;

/** The whole real-data folder imported once per process (see importDirectory). */
export function importRealData(): Promise<DirectoryImport> {
  const dir = realDataDir();
  if (dir === undefined) return Promise.reject(new Error(skipReason() || 'FLOWLENS_DATA_DIR not usable'));
  if (!cached || cached.dir !== dir) cached = { dir, result: importDirectory(dir) };
  return cached.result;
}

/**
 * The catalog series `id` (e.g. SPY, VIX, VIX3M, WALCL, WTREGEN, RRPONTSYD, BAMLH0A0HYM2, DGS2)
 * built from the files in FLOWLENS_DATA_DIR through the file importer, all matching files
 * merged by priority. Throws when the folder is missing or holds no file for `id`.
 */
export async function loadRealSeries(id: string): Promise<Series> {
  const entry = catalogEntry(id);
  const imp = await importRealData();
  const found = imp.series.find((s) => s.seriesId === entry.id);
  if (!found) {
    const why = imp.problems.filter((p) => p.seriesId === entry.id || p.seriesId === undefined).map((p) => p.error.message);
    throw new Error(`${entry.id}: no file in ${imp.dir} provides it${why.length > 0 ? ` (problems: ${why.join('; ')})` : ''}`);
  }
  return makeSeries(metaOf(entry), found.points, '');
}
