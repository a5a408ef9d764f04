/**
 * Fitting a table to a terminal width: a pure layout step (cells and a width in, cells and the
 * columns left out out), kept apart from the renderer so it is tested without a terminal.
 *
 * The rule, as `ls` and `gh` do: when the output is not a terminal (no width), nothing changes.
 * Otherwise, while even the narrowest layout is too wide, a column empty in every row is left
 * out, then the column with the highest declared priority number (0 = never); then text cells are wrapped on word boundaries,
 * widest column first, down to what fits; a column never gets narrower than MIN_WRAP or its
 * longest word (words past MAX_UNCUT_WORD, URLs, are cut).
 */

/** Narrowest a wrapped column gets: below this, text is harder to read than a dropped column. */
export const MIN_WRAP = 10;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const LEADING_ANSI = /^(?:\u001b\[[0-9;]*m)+/;
// eslint-disable-next-line no-control-regex
const TRAILING_ANSI = /(?:\u001b\[[0-9;]*m)+$/;

/** Visible length of a cell: ANSI colour codes take no columns. */
export function visibleLength(s: string): number {
  let n = 0;
  for (const line of s.replace(ANSI, '').split('\n')) n = Math.max(n, [...line].length);
  return n;
}

/** How a table is to be fitted: per column, its priority (0 never left out; higher goes first). */
export interface FitOptions {
  readonly priority?: readonly number[];
}

/** A fitted table: the columns kept (indices into the input), wrapped cells, and the names left out. */
export interface FittedTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly kept: readonly number[];
  readonly dropped: readonly string[];
}

/**
 * Width of a rendered table of column widths `w` as `renderTable` draws it (drawTable.ts, with
 * one space of padding each side and a border between columns): Σ(w + 2) + columns + 1.
 */
export function tableWidth(w: readonly number[]): number {
  return w.reduce((a, x) => a + x + 2, 0) + w.length + 1;
}

/** Wraps plain-or-coloured text to `width` columns on spaces; a word longer than `width` is cut. */
export function wrapCell(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  // One colour for the whole cell (as the commands use them): reapplied to every line.
  const open = LEADING_ANSI.exec(text)?.[0] ?? '';
  const close = open ? (TRAILING_ANSI.exec(text)?.[0] ?? '') : '';
  const plain = text.replace(ANSI, '');
  const lines: string[] = [];
  for (const para of plain.split('\n')) {
    let line = '';
    for (let word of para.split(' ')) {
      while ([...word].length > width) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push([...word].slice(0, width).join(''));
        word = [...word].slice(width).join('');
      }
      const next = line ? `${line} ${word}` : word;
      if ([...next].length <= width) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.map((l) => `${open}${l}${close}`).join('\n');
}

/** Longest word cut by wrapping: a URL is cut, a number or a date never is. */
const MAX_UNCUT_WORD = 20;

/**
 * The narrowest a column wraps to: its longest word (up to MAX_UNCUT_WORD), and no less than
 * MIN_WRAP unless the column is narrower than that anyway.
 */
function minWidth(cells: readonly string[], natural: number): number {
  let w = 0;
  for (const c of cells) for (const word of c.replace(ANSI, '').split(/[ \n]/)) w = Math.max(w, [...word].length);
  return Math.min(natural, Math.max(MIN_WRAP, Math.min(w, MAX_UNCUT_WORD)));
}

/**
 * Fits `head` + `rows` into `columns` terminal columns (undefined: unchanged). See the module
 * comment for the rule; a table that cannot fit even then is returned at its narrowest.
 */
export function fitTable(head: readonly string[], rows: readonly (readonly string[])[], columns: number | undefined, opts: FitOptions = {}): FittedTable {
  const all = head.map((_, i) => i);
  if (columns === undefined) return { head, rows, kept: all, dropped: [] };
  const cellsOf = (i: number) => [head[i] ?? '', ...rows.map((r) => r[i] ?? '')];
  const natural = all.map((i) => Math.max(...cellsOf(i).map(visibleLength)));
  const narrow = all.map((i) => minWidth(cellsOf(i), natural[i] ?? 0));
  let kept = [...all];
  // A column with no value in any row loses nothing when left out: it goes before any other.
  const empty = (i: number) => rows.length > 0 && rows.every((r) => (r[i] ?? '').replace(ANSI, '').trim() === '');
  const rank = (i: number) => (empty(i) ? Number.POSITIVE_INFINITY : (opts.priority?.[i] ?? 0));
  const droppable = () => kept.filter((i) => rank(i) > 0).sort((a, b) => rank(b) - rank(a) || b - a);
  while (tableWidth(kept.map((i) => narrow[i] ?? 0)) > columns) {
    const drop = droppable()[0];
    if (drop === undefined) break;
    kept = kept.filter((i) => i !== drop);
  }
  // Shrink the widest kept column one step at a time until the table fits (or nothing shrinks).
  const width = new Map(kept.map((i) => [i, natural[i] ?? 0]));
  const total = () => tableWidth([...width.values()]);
  while (total() > columns) {
    let widest = -1;
    for (const i of kept) if ((width.get(i) ?? 0) > (narrow[i] ?? 0) && (widest < 0 || (width.get(i) ?? 0) > (width.get(widest) ?? 0))) widest = i;
    if (widest < 0) break;
    width.set(widest, (width.get(widest) ?? 0) - 1);
  }
  const fit = (cell: string, i: number) => {
    const w = width.get(i) ?? 0;
    return w < (natural[i] ?? 0) ? wrapCell(cell, w) : cell;
  };
  return {
    head: kept.map((i) => fit(head[i] ?? '', i)),
    rows: rows.map((r) => kept.map((i) => fit(r[i] ?? '', i))),
    kept,
    dropped: all.filter((i) => !kept.includes(i)).map((i) => (head[i] ?? '').replace(ANSI, '') || `column ${i + 1}`),
  };
}

/** Box-drawing and chart characters: a line holding them is a table or chart row, never re-wrapped. */
const DRAWN = /[┌┐└┘│─┬┴┼├┤╭╮╰╯]/;

/**
 * Wraps the prose lines of a command's output to `columns` (undefined: unchanged) on word
 * boundaries, continuation lines indented two more than the line's own indent; table and chart
 * lines are left alone (they are fitted where they are drawn).
 */
export function wrapText(text: string, columns: number | undefined): string {
  if (columns === undefined) return text;
  return text
    .split('\n')
    .map((line) => {
      if (visibleLength(line) <= columns || DRAWN.test(line)) return line;
      const indent = /^ */.exec(line.replace(ANSI, ''))?.[0] ?? '';
      const hang = `${indent}  `;
      const body = wrapCell(line.slice(line.indexOf(indent) + indent.length), Math.max(20, columns - hang.length)).split('\n');
      // The first line keeps its own indent and may use the two columns the others indent by.
      return body.map((l, k) => `${k === 0 ? indent : hang}${l}`).join('\n');
    })
    .join('\n');
}
