import { DataFormatError } from '../../core/errors.ts';

/**
 * A CSV file checked row by row, with cells read per column on demand (most files have several
 * columns and flowlens reads one or two, so cells nobody asks for are never allocated).
 * `lines[i]` is the 1-based line of row `i`, so later steps can point at a bad cell's line.
 */
export interface CsvTable {
  readonly origin: string;
  readonly header: readonly string[];
  /** Line of the header row (1-based; > 1 when the file starts with blank lines). */
  readonly headerLine: number;
  readonly lines: Int32Array;
  readonly rowCount: number;
  /** True when the file does not end with a newline: its last row may be cut off (checked against its neighbours later). */
  readonly unterminated: boolean;
  /** The trimmed cells of column `c` (0-based), one per row (made on each call: hold what you need). */
  column(c: number): readonly string[];
  /** The trimmed cell of row `row`, column `c`: read one at a time, no cell outlives its use. */
  cell(row: number, c: number): string;
}

/**
 * Throws a DataFormatError when `text` is not CSV at all: an empty file, or an HTML page
 * (what a server sends instead of data on an error or login page).
 */
export function assertNotHtmlOrEmpty(text: string, origin: string): void {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i >= text.length) throw new DataFormatError(origin, 'empty file', 1);
  // UTF-16 text read as UTF-8 (or a binary file) is full of NUL and replacement characters.
  const head = text.slice(i, i + 4096);
  if (head.includes('\u0000') || (head.match(/\uFFFD/g)?.length ?? 0) > 8) {
    throw new DataFormatError(origin, 'not UTF-8 text (UTF-16 or a binary file?): save it as UTF-8 CSV or JSON', 1);
  }
  const start = text.slice(i, i + 15).toLowerCase();
  if (start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<?xml') || start.startsWith('<head')) {
    throw new DataFormatError(origin, 'an HTML page, not data (an error or login page was saved instead of the file)', lineOf(text, i));
  }
}

/**
 * Reads CSV text (RFC 4180 quoting, CRLF or LF, UTF-8 BOM, spaces around cells, blank lines,
 * no final newline). Every row must have as many cells as the header; a shorter row is reported
 * as truncated. A last row without a final newline that ends in a cut-off number (`4.`) is
 * reported too. Cells are trimmed.
 */
export function readCsv(text: string, origin: string, rowErrors?: DataFormatError[]): CsvTable {
  assertNotHtmlOrEmpty(text, origin);
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let header: string[] | undefined;
  let headerLine = 0;
  let width = 0;
  let line = 0;
  let cap = 1024;
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let lines = new Int32Array(cap);
  let rows = 0;
  // Rows with quotes are parsed when read, and kept here by row index.
  const quoted = new Map<number, string[]>();
  // Position of the next quote in the text (n when none): looked up again only once passed,
  // so a file without quotes is scanned for them once, not once per line.
  let nextQuote = text.indexOf('"', pos);
  if (nextQuote < 0) nextQuote = n;
  while (pos < n) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let stop = end;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    const rowLine = line;
    if (nextQuote < pos) {
      nextQuote = text.indexOf('"', pos);
      if (nextQuote < 0) nextQuote = n;
    }
    let cells: string[] | undefined;
    let count: number;
    if (nextQuote < stop) {
      const r = readQuotedRow(text, pos, origin, rowLine);
      cells = r.cells;
      count = cells.length;
      line += r.extraLines;
      end = r.end;
      stop = end;
    } else {
      if (isBlankRange(text, pos, stop)) {
        pos = end + 1;
        continue;
      }
      count = 1;
      for (let i = text.indexOf(',', pos); i >= 0 && i < stop; i = text.indexOf(',', i + 1)) count++;
    }
    if (header === undefined) {
      header = cells ?? text.slice(pos, stop).split(',').map((h) => h.trim());
      headerLine = rowLine;
      width = header.length;
      pos = end + 1;
      continue;
    }
    if (count !== width) {
      const what = count < width ? 'truncated row?' : 'a cell contains an unquoted comma?';
      const error = new DataFormatError(origin, `row has ${count} cells but the header has ${width} (${what})`, rowLine);
      // Lenient read (the folder import): the row is reported and skipped, the rest is kept.
      if (!rowErrors) throw error;
      rowErrors.push(error);
      pos = end + 1;
      continue;
    }
    if (rows === cap) {
      cap *= 2;
      starts = grow(starts, cap);
      ends = grow(ends, cap);
      lines = grow(lines, cap);
    }
    if (cells) quoted.set(rows, cells);
    starts[rows] = pos;
    ends[rows] = stop;
    lines[rows] = rowLine;
    rows++;
    pos = end + 1;
  }
  if (header === undefined) throw new DataFormatError(origin, 'empty file', 1);
  let table = new LazyCsv(text, origin, header, headerLine, starts.slice(0, rows), ends.slice(0, rows), lines.slice(0, rows), quoted, false);
  const endsWithNewline = n > 0 && (text.charCodeAt(n - 1) === 10 || text.charCodeAt(n - 1) === 13);
  if (!endsWithNewline && rows > 0) {
    const last = table.cell(rows - 1, width - 1);
    if (/^[-+]?\d*\.$|^[-+]$|[eE][-+]?$/.test(last)) {
      const error = new DataFormatError(origin, `last row is cut off (cell ${JSON.stringify(last)} and no final newline: truncated file?)`, table.lines[rows - 1]);
      if (!rowErrors) throw error;
      rowErrors.push(error);
      rows--;
    }
    table = new LazyCsv(text, origin, header, headerLine, starts.slice(0, rows), ends.slice(0, rows), lines.slice(0, rows), quoted, true);
  }
  return table;
}

class LazyCsv implements CsvTable {
  constructor(
    private readonly text: string,
    readonly origin: string,
    readonly header: readonly string[],
    readonly headerLine: number,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    readonly lines: Int32Array,
    private readonly quoted: ReadonlyMap<number, readonly string[]>,
    readonly unterminated: boolean,
  ) {}

  get rowCount(): number {
    return this.lines.length;
  }

  column(c: number): readonly string[] {
    // Not cached: a parsed file is kept while the import runs, and 10⁵ cells kept with it cost
    // more in garbage collection than reading them again.
    const out = new Array<string>(this.lines.length);
    for (let i = 0; i < out.length; i++) out[i] = this.cell(i, c);
    return out;
  }

  /** Cell (row, column), trimmed. */
  cell(row: number, c: number): string {
    const q = this.quoted.get(row);
    if (q) return q[c] ?? '';
    const text = this.text;
    let a = this.starts[row] as number;
    const stop = this.ends[row] as number;
    for (let k = 0; k < c; k++) a = text.indexOf(',', a) + 1;
    let b = text.indexOf(',', a);
    if (b < 0 || b > stop) b = stop;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    return text.slice(a, b);
  }
}

function grow(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function isBlankRange(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

function readQuotedRow(text: string, pos: number, origin: string, line: number): { cells: string[]; end: number; extraLines: number } {
  const cells: string[] = [];
  let cell = '';
  let i = pos;
  let extraLines = 0;
  const n = text.length;
  for (;;) {
    // Skip leading spaces of a cell.
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) === 34) {
      i++;
      // Whole runs up to the next quote at once: a character at a time took 17 s on a 10 MB cell.
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new DataFormatError(origin, 'unterminated quoted cell (truncated file?)', line);
        for (let k = text.indexOf('\n', i); k >= 0 && k < q; k = text.indexOf('\n', k + 1)) extraLines++;
        cell += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          cell += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
    } else {
      let j = i;
      while (j < n && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 10) j++;
      cell = text.slice(i, j).trim();
      i = j;
    }
    cells.push(cell);
    cell = '';
    if (i >= n || text.charCodeAt(i) === 10) return { cells, end: i, extraLines };
    if (text.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    throw new DataFormatError(origin, `unexpected character ${JSON.stringify(text[i])} after a quoted cell`, line + extraLines);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xa0;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
