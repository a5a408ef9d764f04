import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Table from 'cli-table3';
import { mulberry32 } from '../core/random.ts';
import { drawTable, lineWidth, type Align } from './drawTable.ts';

/** The table as cli-table3 0.6 drew it for renderTable before drawTable replaced it: the reference. */
function cliTable3(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const table = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true },
    ...(align.length ? { colAligns: [...align] } : {}),
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) table.push([...r]);
  return table.toString();
}

const BOLD = (s: string) => `\u001b[1m${s}\u001b[22m`;
const GREEN = (s: string) => `\u001b[32m${s}\u001b[39m`;

describe('drawTable', () => {
  it('draws a table as cli-table3 did: borders, padding, right-aligned columns, header included', () => {
    const t = drawTable(['id', 'count'], [['WALCL', '1236'], ['SPY', '8000']], ['left', 'right']);
    assert.equal(
      t,
      ['┌───────┬───────┐', '│ id    │ count │', '│ WALCL │  1236 │', '│ SPY   │  8000 │', '└───────┴───────┘'].join('\n'),
    );
  });

  it('counts colour codes as no columns, and wide characters and emoji as two', () => {
    assert.equal(lineWidth(GREEN('ok')), 2);
    assert.equal(lineWidth('東京'), 4);
    assert.equal(lineWidth('a✅b'), 4);
    assert.equal(lineWidth('✔ — …'), 5);
    assert.equal(lineWidth('e\u0301'), 1);
  });

  it('is byte for byte what cli-table3 drew, on 300 seeded random tables (colours, several lines, wide text)', () => {
    const rnd = mulberry32(11);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const words = ['WALCL', 'ok', 'stale', '—', '1,234.5', 'Fed total assets', '✔', '◐', '東京', 'σ 20d', '', 'a b c', '−2%', '…', 'x'];
    const cell = (): string => {
      const n = 1 + Math.floor(rnd() * 3);
      let s = Array.from({ length: n }, () => pick(words)).join(pick([' ', ' ', '\n']));
      if (rnd() < 0.2) s = GREEN(s);
      if (rnd() < 0.1) s = BOLD(s);
      // A colour left open across a line break: carried to the next line, closed at each end.
      if (rnd() < 0.05) s = `\u001b[33m${s}\nmore`;
      return s;
    };
    for (let k = 0; k < 300; k++) {
      const ncol = 1 + Math.floor(rnd() * 6);
      const head = Array.from({ length: ncol }, () => (rnd() < 0.5 ? BOLD(pick(words)) : pick(words)));
      const rows = Array.from({ length: Math.floor(rnd() * 8) }, () => Array.from({ length: ncol }, cell));
      const align: Align[] = rnd() < 0.3 ? [] : Array.from({ length: ncol }, () => pick(['left', 'right'] as const));
      assert.equal(drawTable(head, rows, align), cliTable3(head, rows, align), `table ${k}`);
    }
  });

  it('draws nothing for a table without columns', () => {
    assert.equal(drawTable([], []), '');
  });
});
