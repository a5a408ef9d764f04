import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { renderTable } from '../cli/output.ts';
import { fitTable, tableWidth, wrapCell, wrapText } from './fitTable.ts';

const HEAD = ['id', 'title', 'first', 'last', 'count', 'status'];
const ROWS = [
  ['WALCL', 'Fed total assets (Wednesday level)', '2002-12-18', '2026-08-19', '1236', 'stale'],
  ['RRPONTSYD', 'Overnight reverse repurchase agreements', '2003-02-07', '2026-08-20', '5899', 'ok'],
];
// Widths as the terminal shows them: colour codes (on under CI=true) take no column.
const widest = (s: string) => Math.max(...stripVTControlCharacters(s).split('\n').map((l) => [...l].length));

describe('fitTable', () => {
  it('changes nothing without a width (a pipe or a file, as ls and gh do)', () => {
    const f = fitTable(HEAD, ROWS, undefined, { priority: [0, 0, 2, 0, 1, 0] });
    assert.deepEqual([f.head, f.rows, f.dropped], [HEAD, ROWS, []]);
  });

  it('drops the highest priority number first, then wraps text on word boundaries', () => {
    // Natural widths 9+39+10+10+5+6 = 79, + 2×6 padding + 7 borders = 98.
    assert.equal(tableWidth([9, 39, 10, 10, 5, 6]), 98);
    // Narrowest with every column (title down to its longest word, 10): 9+10+10+10+5+6 + 19 = 69.
    assert.deepEqual(fitTable(HEAD, ROWS, 60, { priority: [0, 0, 2, 0, 1, 0] }).dropped, ['first']);
    // At 50, without "first" still 56: "count" (1) goes too.
    const f = fitTable(HEAD, ROWS, 50, { priority: [0, 0, 2, 0, 1, 0] });
    assert.deepEqual(f.dropped, ['first', 'count']);
    assert.deepEqual(f.kept, [0, 1, 3, 5]);
    // 50 − (9+10+6) − 4×2 − 5 = 12 columns left for the title.
    assert.deepEqual(f.rows[0], ['WALCL', 'Fed total\nassets\n(Wednesday\nlevel)', '2026-08-19', 'stale']);
    assert.deepEqual(f.rows[1], ['RRPONTSYD', 'Overnight\nreverse\nrepurchase\nagreements', '2026-08-20', 'ok']);
  });

  it('leaves out a column that is empty in every row before any other', () => {
    const f = fitTable(['meeting', '350-375', '375-400', '400-425'], [['2026-10-28', '', '77.0%', '23.0%']], 30);
    assert.deepEqual(f.dropped, ['350-375']);
  });

  it('never cuts a number or a date; cuts only words longer than 20 characters (URLs)', () => {
    assert.equal(wrapCell('2026-08-19', 6), '2026-0\n8-19');
    const f = fitTable(['value', 'origin'], [['1,234,567.89', 'https://fred.stlouisfed.org/graph/fredgraph.csv?id=WALCL']], 40);
    assert.equal(f.rows[0]?.[0], '1,234,567.89');
    assert.ok((f.rows[0]?.[1] ?? '').includes('\n'));
  });

  it('keeps one colour over every wrapped line', () => {
    assert.equal(wrapCell('\u001b[31mconnection refused by host\u001b[39m', 12), '\u001b[31mconnection\u001b[39m\n\u001b[31mrefused by\u001b[39m\n\u001b[31mhost\u001b[39m');
  });
});

describe('renderTable at a fixed width', () => {
  it('fits 80 columns and names what it left out, with --wide as the way to see it', () => {
    const out = stripVTControlCharacters(renderTable(HEAD, ROWS, undefined, { priority: [0, 0, 2, 0, 1, 0] }, 50));
    for (const line of out.split('\n')) assert.ok([...line].length <= 50, line);
    assert.match(out, /\n\(left out to fit 50 columns: first, count; --wide\nshows all\)$/);
    assert.equal(widest(renderTable(HEAD, ROWS, undefined, {}, undefined)), 98);
  });
});

describe('wrapText', () => {
  it('wraps prose with a hanging indent and leaves table and chart lines alone', () => {
    const text = `  ✘ flows-dominate: estimated flows explain 0.46% of the variance of daily returns\n│ ${'x'.repeat(90)} │`;
    const out = wrapText(text, 40).split('\n');
    assert.deepEqual(out.slice(0, 3), ['  ✘ flows-dominate: estimated flows', '    explain 0.46% of the variance of', '    daily returns']);
    assert.equal(out[3]?.length, 94);
  });
});
