/**
 * Draws a table with box-drawing borders, as `renderTable` shows every command's tables: the
 * layout cli-table3 0.6 draws with `style.compact` and the row separators blanked (a top border,
 * every row's lines, a bottom border; one space of padding each side; a cell's lines split on
 * newlines, each row as tall as its tallest cell), byte for byte (drawTable.test.ts compares the
 * two). cli-table3 lays out row and column spans by comparing every cell with every earlier one
 * (quadratic in rows) and took ~0.7 s of the 1.3 s of `series list` (881 rows); tables here have
 * no spans, so each cell is measured once and each line is joined once.
 *
 * Widths are terminal columns as string-width 4 counts them (what cli-table3 uses): ANSI escapes
 * take none, control and combining characters none, East Asian wide characters and emoji two.
 * (Emoji are found by today's Unicode properties, which for ~130 rare code points differ from
 * the older list string-width carries; no command prints emoji.)
 */

export type Align = 'left' | 'right';

/** Escape sequences that take no columns (the pattern of ansi-regex 5, which string-width strips). */
// eslint-disable-next-line no-control-regex
const ANSI_ANY = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;
/** SGR colour codes, the ones carried from one line of a cell to the next. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[((?:\d*;){0,5}\d*)m/g;
// eslint-disable-next-line no-control-regex
const SGR_PLAIN = /\u001b\[(?:\d*;){0,5}\d*m/g;
// An emoji (shown two columns wide): a flag, a keycap, an emoji-presentation character or a
// pictograph asked to show as emoji (FE0F, a skin tone), with its ZWJ sequence. (\p{RGI_Emoji}
// says it exactly but costs ~0.2 s to compile.)
const EMOJI = /\p{RI}\p{RI}|[#*0-9]\uFE0F?\u20E3|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}(?=\uFE0F|\p{Emoji_Modifier}))(?:\uFE0F|\p{Emoji_Modifier})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)*/gu;

/** East Asian wide and fullwidth code points (is-fullwidth-code-point 3, which string-width 4 uses). */
function isFullwidth(c: number): boolean {
  return (
    c >= 0x1100 &&
    (c <= 0x115f ||
      c === 0x2329 ||
      c === 0x232a ||
      (c >= 0x2e80 && c <= 0x3247 && c !== 0x303f) ||
      (c >= 0x3250 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0xa4c6) ||
      (c >= 0xa960 && c <= 0xa97c) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe10 && c <= 0xfe19) ||
      (c >= 0xfe30 && c <= 0xfe6b) ||
      (c >= 0xff01 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1b000 && c <= 0x1b001) ||
      (c >= 0x1f200 && c <= 0x1f251) ||
      (c >= 0x20000 && c <= 0x3fffd))
  );
}

/** Terminal columns of one line of text (no newline in it). */
export function lineWidth(line: string): number {
  let s = line.includes('\u001b') || line.includes('\u009b') ? line.replace(SGR_PLAIN, '').replace(ANSI_ANY, '') : line;
  let wide = false;
  for (let i = 0; i < s.length && !wide; i++) if (s.charCodeAt(i) >= 0x1100) wide = true;
  if (wide) s = s.replace(EMOJI, '  ');
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x300 && c <= 0x36f)) continue;
    n += wide && isFullwidth(c) ? 2 : 1;
  }
  return n;
}

// Colour state carried across the lines of a multi-line cell (as cli-table3's colorizeLines):
// a line ends with the codes that close what is still open, and the next line opens them again.
interface ColourState {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strikethrough?: boolean;
  fg?: string;
  bg?: string;
}
const STYLES = [
  ['bold', 1, 22],
  ['italics', 3, 23],
  ['underline', 4, 24],
  ['inverse', 7, 27],
  ['strikethrough', 9, 29],
] as const;
const STYLE_OF = new Map<string, { name: (typeof STYLES)[number][0]; on: boolean }>(STYLES.flatMap(([name, on, off]) => [[`\u001b[${on}m`, { name, on: true }] as const, [`\u001b[${off}m`, { name, on: false }] as const]));

function readState(line: string): ColourState {
  const state: ColourState = {};
  for (const m of line.matchAll(SGR)) {
    const params = m[1] ?? '';
    const code = params ? Number.parseInt(params.split(';')[0] ?? '', 10) : 0;
    if ((code >= 30 && code <= 39) || (code >= 90 && code <= 97)) state.fg = m[0];
    else if ((code >= 40 && code <= 49) || (code >= 100 && code <= 107)) state.bg = m[0];
    else if (code === 0) for (const k of Object.keys(state)) delete state[k as keyof ColourState];
    else {
      const s = STYLE_OF.get(m[0]);
      if (s) state[s.name] = s.on;
    }
  }
  return state;
}

function closeState(state: ColourState, line: string): string {
  let out = line;
  // Styles in the order they were first set on the state object, as cli-table3 walks its keys.
  for (const k of Object.keys(state)) {
    const s = STYLES.find(([name]) => name === k);
    if (s && state[s[0]]) out += `\u001b[${s[2]}m`;
  }
  if (state.bg && state.bg !== '\u001b[49m') out += '\u001b[49m';
  if (state.fg && state.fg !== '\u001b[39m') out += '\u001b[39m';
  return out;
}

function reopenState(state: ColourState, line: string): string {
  let out = line;
  for (const k of Object.keys(state)) {
    const s = STYLES.find(([name]) => name === k);
    if (s && state[s[0]]) out = `\u001b[${s[1]}m${out}`;
  }
  if (state.bg && state.bg !== '\u001b[49m') out = state.bg + out;
  if (state.fg && state.fg !== '\u001b[39m') out = state.fg + out;
  return out;
}

/** The lines of one cell, colours closed at each line end and reopened on the next. */
function cellLines(cell: string): string[] {
  const lines = cell.split('\n');
  if (!cell.includes('\u001b')) return lines;
  let state: ColourState = {};
  return lines.map((l) => {
    const line = reopenState(state, l);
    state = readState(line);
    return closeState(state, line);
  });
}

/**
 * The table as text (lines joined by newlines, no final newline): `head` and `rows` as given
 * (a short row is filled with empty cells), each column as wide as its widest line, `align`
 * per column (left by default, the header too). Empty when there is no column.
 */
export function drawTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const all = head.length > 0 ? [head, ...rows] : rows;
  let ncol = 0;
  for (const r of all) ncol = Math.max(ncol, r.length);
  if (ncol === 0) return '';
  const cells = all.map((r) => {
    const out: string[][] = new Array<string[]>(ncol);
    for (let x = 0; x < ncol; x++) out[x] = cellLines(r[x] ?? '');
    return out;
  });
  const widths = cells.map((r) => r.map((lines) => lines.map(lineWidth)));
  const colWidth = new Array<number>(ncol).fill(0);
  for (const r of widths) for (let x = 0; x < ncol; x++) for (const w of r[x] as number[]) if (w > (colWidth[x] as number)) colWidth[x] = w;
  const rule = (left: string, mid: string, right: string) => `${left}${colWidth.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const out: string[] = [rule('┌', '┬', '┐')];
  for (let y = 0; y < cells.length; y++) {
    const row = cells[y] as string[][];
    const rowWidths = widths[y] as number[][];
    let height = 1;
    for (const lines of row) height = Math.max(height, lines.length);
    for (let k = 0; k < height; k++) {
      let line = '│';
      for (let x = 0; x < ncol; x++) {
        const text = (row[x] as string[])[k] ?? '';
        const pad = ' '.repeat((colWidth[x] as number) - ((rowWidths[x] as number[])[k] ?? 0));
        line += align[x] === 'right' ? ` ${pad}${text} │` : ` ${text}${pad} │`;
      }
      out.push(line);
    }
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
