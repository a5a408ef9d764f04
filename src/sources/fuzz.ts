import { DataFormatError } from '../core/errors.ts';
import { mulberry32 } from '../core/random.ts';
import { plausibleRange, splitPlausible, type PlausibleRange } from '../series/plausible.ts';
import type { Frequency, Point } from '../series/types.ts';
import type { DayNumber } from '../series/units.ts';
import { parseCsvFile } from './formats/datedCsv.ts';
import { parseJsonFile } from './formats/json.ts';
import type { ParsedFile } from './formats/table.ts';

/**
 * A seeded mutation fuzzer for the importer's text formats (CSV flavours, FRED JSON bundle,
 * OHLC JSON): each input is a valid seed file with one or more of the damages real downloads
 * suffer, run through the same lenient parse → column → plausibility path as `sync --from`.
 * Used by sources/fuzz.test.ts (a few thousand inputs) and qa/fuzz.ts (10⁵).
 */

/** A valid file to start from, and the catalog-like entry its values belong to. */
export interface FuzzSeed {
  readonly name: string;
  readonly text: string;
  readonly entry: { readonly id: string; readonly unit: string; readonly frequency: Frequency };
  /** The value column to read (undefined: the format's default). */
  readonly column?: string;
}

/** What one input did. */
export interface FuzzOutcome {
  readonly mutations: readonly string[];
  /** Points kept after plausibility (what would be stored). */
  readonly kept: readonly Point[];
  readonly rowErrors: readonly DataFormatError[];
  /** A whole-file DataFormatError (one line naming the file). */
  readonly fileError?: DataFormatError;
  /** Anything else thrown: a defect. */
  readonly uncaught?: unknown;
  /** Invariants broken by this input (implausible value kept, an error without the file name…). */
  readonly violations: readonly string[];
  readonly ms: number;
}

const EDGE_DATES = ['9999-12-31', '1900-01-01', '0001-01-01', '2024-02-30', '2024-01-05 junk', '2024-01-05T25:99', '1799-12-31', '2024-13-01', '', '20240105'];
const EDGE_VALUES = ['NaN', 'Infinity', '-Infinity', '.', '1.79e308', '-1.79e308', '1e309', '0x10', 'abc', '', '--1', '1e', '4.', '"12,5"'];

type Mutation = (text: string, rnd: () => number, opts: { bigLine: number }) => string;

const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)] as T;

/** Lines of a text (keeping the header as line 0). */
function lines(text: string): string[] {
  return text.split('\n');
}

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (t, r) => t.slice(0, Math.floor(r() * t.length)),
  flipBytes: (t, r) => {
    const a = [...t];
    const n = 1 + Math.floor(r() * 4);
    for (let k = 0; k < n; k++) {
      const i = Math.floor(r() * a.length);
      a[i] = String.fromCharCode(Math.floor(r() * 128));
    }
    return a.join('');
  },
  swapColumns: (t) => lines(t).map((l) => l.split(',').reverse().join(',')).join('\n'),
  edgeValue: (t, r) => {
    const ls = lines(t);
    const i = 1 + Math.floor(r() * Math.max(1, ls.length - 2));
    const cells = (ls[i] ?? '').split(',');
    if (cells.length > 1) cells[cells.length - 1] = pick(EDGE_VALUES, r);
    ls[i] = cells.join(',');
    return ls.join('\n');
  },
  edgeDate: (t, r) => {
    const ls = lines(t);
    const i = 1 + Math.floor(r() * Math.max(1, ls.length - 2));
    const cells = (ls[i] ?? '').split(',');
    cells[0] = pick(EDGE_DATES, r);
    ls[i] = cells.join(',');
    return ls.join('\n');
  },
  jsonEdge: (t, r) => t.replace(/-?\d{1,30}\.\d{1,30}/, () => pick(['null', '"."', '1e309', '"Infinity"', '"abc"', '[]', '{}', '1.79e308'], r)).replace(/"\d{4}-\d{2}-\d{2}"/, () => `"${pick(EDGE_DATES, r)}"`),
  bom: (t) => `\uFEFF${t}`,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  utf16: (t) => Buffer.from(t, 'utf16le').toString('utf8'),
  bigLine: (t, _r, o) => {
    const ls = lines(t);
    ls.splice(Math.min(2, ls.length), 0, `2024-01-05,${'9'.repeat(o.bigLine)}`);
    return ls.join('\n');
  },
  headerOnly: (t) => `${lines(t)[0] ?? ''}\n`,
  duplicateRow: (t, r) => {
    const ls = lines(t);
    const i = 1 + Math.floor(r() * Math.max(1, ls.length - 2));
    ls.splice(i, 0, ls[i] ?? '');
    return ls.join('\n');
  },
  dropNewline: (t) => t.replace(/\n+$/, ''),
};

/** The mutation names, in a fixed order (the seed of an input picks among them). */
export const MUTATION_NAMES: readonly string[] = Object.keys(MUTATIONS);

/** Parses `text` as the importer does (lenient: bad rows reported and skipped). */
function parseLenient(name: string, text: string, rowErrors: DataFormatError[]): ParsedFile {
  return name.endsWith('.json') ? parseJsonFile(text, name, rowErrors) : parseCsvFile(text, name, rowErrors);
}

/** Runs one input: parse, read the column, split off implausible points, check the invariants. */
export function runInput(seed: FuzzSeed, text: string, mutations: readonly string[], today: DayNumber): FuzzOutcome {
  const t0 = performance.now();
  const rowErrors: DataFormatError[] = [];
  const violations: string[] = [];
  const range: PlausibleRange = plausibleRange(seed.entry, today);
  let kept: Point[] = [];
  let fileError: DataFormatError | undefined;
  let uncaught: unknown;
  try {
    const file = parseLenient(seed.name, text, rowErrors);
    const read = file.points(seed.column);
    const split = splitPlausible(read, range);
    kept = split.kept;
  } catch (e) {
    if (e instanceof DataFormatError) fileError = e;
    else uncaught = e;
  }
  violations.push(...invariantViolations(seed.name, rowErrors, fileError, kept, range, !seed.name.endsWith('.json')));
  return { mutations, kept, rowErrors, ...(fileError ? { fileError } : {}), ...(uncaught !== undefined ? { uncaught } : {}), violations, ms: performance.now() - t0 };
}

/**
 * The invariants every fuzzed input must keep, whatever its format: each error one line of at
 * most 400 characters starting with the file's name (and `file:line: ` when `withLines`), and
 * the kept points plausible for `range`, with no date twice.
 */
export function invariantViolations(
  origin: string,
  rowErrors: readonly DataFormatError[],
  fileError: DataFormatError | undefined,
  kept: readonly Point[],
  range: PlausibleRange,
  withLines: boolean,
): string[] {
  const violations: string[] = [];
  for (const e of [...rowErrors, ...(fileError ? [fileError] : [])]) {
    if (!e.message.startsWith(origin)) violations.push(`error without the file name: ${e.message.slice(0, 120)}`);
    if (e.message.includes('\n')) violations.push(`error on several lines: ${e.message.slice(0, 120)}`);
    if (e.message.length > 400) violations.push(`error of ${e.message.length} characters`);
  }
  // Dates reported by line for CSV: a row error names `file:line`.
  if (withLines) for (const e of rowErrors) if (!/^[^:]+:\d+: /.test(e.message)) violations.push(`row error without a line: ${e.message.slice(0, 120)}`);
  const seen = new Set<string>();
  for (const p of kept) {
    if (p.date < range.firstDate || p.date > range.lastDate) violations.push(`implausible date kept: ${p.date}`);
    if (!Number.isNaN(p.value) && (!Number.isFinite(p.value) || Math.abs(p.value) > range.maxAbs)) violations.push(`implausible value kept: ${p.value}`);
    if (seen.has(p.date)) violations.push(`duplicated date kept: ${p.date}`);
    seen.add(p.date);
  }
  return violations;
}

/** Campaign totals. */
export interface FuzzSummary {
  readonly inputs: number;
  readonly uncaught: number;
  readonly violations: number;
  readonly fileErrors: number;
  readonly rowErrors: number;
  /** Inputs that took longer than `slowMs` (a hang guard: recorded, never raced). */
  readonly slow: number;
  readonly examples: readonly string[];
}

/** Adds up the outcomes of a campaign, keeping the first 10 problems as examples. */
export class FuzzTally {
  private uncaught = 0;
  private violations = 0;
  private fileErrors = 0;
  private rowErrors = 0;
  private slow = 0;
  private readonly examples: string[] = [];

  constructor(private readonly slowMs = 10_000) {}

  /** Counts one input's outcome; `label` names it in the examples (index, seed, mutations). */
  add(label: string, out: FuzzOutcome): void {
    const example = (what: string) => {
      if (this.examples.length < 10) this.examples.push(`${label}: ${what}`);
    };
    if (out.uncaught !== undefined) {
      this.uncaught++;
      example(`uncaught ${(out.uncaught instanceof Error ? out.uncaught.message : (JSON.stringify(out.uncaught) ?? '')).slice(0, 200)}`);
    }
    if (out.violations.length > 0) {
      this.violations++;
      example(out.violations[0] ?? '');
    }
    if (out.fileError) this.fileErrors++;
    this.rowErrors += out.rowErrors.length;
    if (out.ms > this.slowMs) {
      this.slow++;
      example(`${out.ms.toFixed(0)} ms`);
    }
  }

  /** The totals over `inputs` inputs. */
  summary(inputs: number): FuzzSummary {
    return { inputs, uncaught: this.uncaught, violations: this.violations, fileErrors: this.fileErrors, rowErrors: this.rowErrors, slow: this.slow, examples: [...this.examples] };
  }
}

/**
 * Runs `count` seeded inputs over `seeds`: input i draws its seed file and 1–3 mutations from
 * stream `seed + i`, so any failing input is reproducible from its index.
 */
export function runCampaign(seeds: readonly FuzzSeed[], count: number, opts: { seed?: number; today: DayNumber; bigLine?: number; slowMs?: number; start?: number }): FuzzSummary {
  const tally = new FuzzTally(opts.slowMs);
  const start = opts.start ?? 0;
  for (let i = start; i < start + count; i++) {
    const rnd = mulberry32((opts.seed ?? 1) * 1_000_003 + i);
    const seed = pick(seeds, rnd);
    const n = 1 + Math.floor(rnd() * 3);
    const names: string[] = [];
    let text = seed.text;
    for (let k = 0; k < n; k++) {
      const name = pick(MUTATION_NAMES, rnd);
      // The 10 MB line only now and then: it is the slow case, not the common one.
      if (name === 'bigLine' && rnd() > 0.01) continue;
      names.push(name);
      text = (MUTATIONS[name] as Mutation)(text, rnd, { bigLine: opts.bigLine ?? 10_000_000 });
    }
    tally.add(`#${i} ${seed.name} [${names.join(', ')}]`, runInput(seed, text, names, opts.today));
  }
  return tally.summary(count);
}

/** Small valid files in each text format the importer reads (real values: WALCL, VIX, SPY, EFFR). */
export const FUZZ_SEEDS: readonly FuzzSeed[] = [
  { name: 'WALCL.csv', text: 'observation_date,WALCL\n2026-07-29,6642512\n2026-08-05,6648567\n2026-08-12,6659955\n2026-08-19,6745699\n', entry: { id: 'WALCL', unit: 'USD mn', frequency: 'weekly' } },
  { name: 'VIX_History.csv', text: 'DATE,OPEN,HIGH,LOW,CLOSE\n08/01/2024,17.51,18.90,16.84,18.59\n08/02/2024,19.22,29.66,18.71,23.39\n08/05/2024,23.39,65.73,23.39,38.57\n08/06/2024,28.65,32.52,23.69,27.71\n', entry: { id: 'VIX', unit: 'index', frequency: 'daily' } },
  { name: 'SPY.csv', text: 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-08-01,552.57,554.87,539.43,543.01,536.93,76428700\n2024-08-02,535.75,536.99,528.60,532.90,526.93,82789100\n2024-08-05,511.64,523.58,510.27,517.38,511.59,146267400\n', entry: { id: 'SPY', unit: 'USD', frequency: 'daily' } },
  { name: 'cache.json', text: '{"fetched_at":"2026-08-20","series":{"EFFR":[["2026-08-17",3.61],["2026-08-18",3.62],["2026-08-19",3.61]]}}\n', entry: { id: 'EFFR', unit: '%', frequency: 'daily' }, column: 'EFFR' },
  { name: 'precios.json', text: '{"series":{"NDX":{"tf":{"1D":[[1722484800000,19500.1,19600.2,19300.3,19362.5,1000],[1722571200000,19300.1,19350.2,18900.3,18997.1,1200]]}}}}\n', entry: { id: 'NDX', unit: 'index', frequency: 'daily' }, column: 'NDX' },
];
