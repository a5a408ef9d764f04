import { unzipSync } from 'fflate';
import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries } from '../series/types.ts';
import { parseCsvFile } from './formats/index.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** The Fed's bulk download of the Distributional Financial Accounts (all CSVs in one zip). */
export const DFA_ZIP_URL = 'https://www.federalreserve.gov/releases/z1/dataviz/download/zips/dfa.zip';

/** A DFA catalog key `file-stem:Category:Column`, e.g. `generation-shares:Millennial:Net worth`. */
export function parseDfaKey(key: string): { file: string; selector: string } {
  const i = key.indexOf(':');
  if (i < 0) throw new DataFormatError(key, 'DFA key must be `file-stem:Category:Column`');
  return { file: `dfa-${key.slice(0, i)}.csv`, selector: key.slice(i + 1) };
}

/** The CSV files of the DFA zip by base name (folders inside the zip are ignored). */
export function unzipDfa(bytes: Uint8Array, origin: string): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new DataFormatError(origin, `not a readable zip file (${(err as Error).message})`);
  }
  const out = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  for (const [name, data] of Object.entries(entries)) if (name.endsWith('.csv')) out.set(name.split('/').pop() ?? name, decoder.decode(data));
  return out;
}

/** Options of the DFA adapter. */
export interface DfaOptions {
  /** The zip's URL (default DFA_ZIP_URL). */
  readonly url?: string;
  readonly http?: HttpClient;
}

/**
 * Fed Distributional Financial Accounts: the zip is downloaded once per sync (the promise is
 * shared by every DFA series) and each series is a `Category:Column` of one of its CSVs.
 */
export function createDfaSource(opts: DfaOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 1, timeoutMs: 120_000 });
  const url = opts.url ?? DFA_ZIP_URL;
  let zip: Promise<Map<string, string>> | undefined;
  return {
    name: 'dfa',
    concurrency: 2,
    description: 'Federal Reserve DFA bulk zip (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      zip ??= http.bytes(url, signal).then((b) => unzipDfa(b, url));
      const files = await zip.catch((err: unknown) => {
        zip = undefined; // let a later series try again
        throw err;
      });
      const { file, selector } = parseDfaKey(entry.key);
      const text = files.get(file);
      if (text === undefined) throw new DataFormatError(url, `the zip has no ${file} (it holds ${[...files.keys()].slice(0, 6).join(', ')}…)`);
      const origin = `${url}#${file}`;
      return { seriesId: entry.id, points: parseCsvFile(text, origin).points(selector), origin };
    },
  };
}
