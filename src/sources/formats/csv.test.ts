import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertFormatError } from './assertFormatError.ts';
import { readCsv } from './csv.ts';

function cells(text: string, col: number): readonly string[] {
  return readCsv(text, 'x.csv').column(col);
}

describe('readCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    const t = readCsv('"Date","Name"\n2024-01-02,"a, ""b"""\n2024-01-03,"two\nlines"\n2024-01-04,plain\n', 'q.csv');
    assert.deepEqual(t.header, ['Date', 'Name']);
    assert.deepEqual(t.column(1), ['a, "b"', 'two\nlines', 'plain']);
    assert.deepEqual([...t.lines], [2, 3, 5]);
  });

  it('handles CRLF, a BOM, spaces after commas, blank lines and no final newline', () => {
    const text = '\uFEFFDATE, CALLS, Ratio\r\n11/1/2006,1401036,0.91\r\n\r\n  \r\n10/04/2019, 2175006, 1.05';
    const t = readCsv(text, 'pc.csv');
    assert.deepEqual(t.header, ['DATE', 'CALLS', 'Ratio']);
    assert.deepEqual(t.column(0), ['11/1/2006', '10/04/2019']);
    assert.deepEqual(t.column(2), ['0.91', '1.05']);
    assert.deepEqual([...t.lines], [2, 5]);
  });

  it('keeps empty cells, including an empty first header cell', () => {
    const t = readCsv(',uranium\n1992-01,8.75\n1992-02,\n', 'u.csv');
    assert.deepEqual(t.header, ['', 'uranium']);
    assert.deepEqual(t.column(1), ['8.75', '']);
  });

  it('rejects an empty file', () => {
    assertFormatError(() => readCsv('', 'e.csv'), 'e.csv', 1, /empty file/);
    assertFormatError(() => readCsv('\uFEFF \r\n\n', 'e.csv'), 'e.csv', 1, /empty file/);
  });

  it('rejects an HTML page saved instead of the data', () => {
    assertFormatError(() => readCsv('\n<!DOCTYPE html>\n<html><body>Rate limited</body></html>\n', 'h.csv'), 'h.csv', 2, /HTML page/);
    assertFormatError(() => readCsv('<html lang="en">', 'h.csv'), 'h.csv', 1, /HTML page/);
  });

  it('rejects a row with fewer cells than the header (a truncated last row)', () => {
    assertFormatError(() => readCsv('Date,Open,Close\n2024-01-02,1,2\n2024-01-03,1', 't.csv'), 't.csv', 3, /2 cells but the header has 3 \(truncated row\?\)/);
  });

  it('rejects a row with more cells than the header', () => {
    assertFormatError(() => readCsv('date,value\n2024-01-02,1,2\n', 'm.csv'), 'm.csv', 2, /3 cells but the header has 2/);
  });

  it('rejects a last row cut off in the middle of a number when the file has no final newline', () => {
    assertFormatError(() => readCsv('date,value\n2024-01-02,4.25\n2024-01-03,4.', 'c.csv'), 'c.csv', 3, /cut off/);
    // The same row with a final newline is a complete (if odd) number.
    assert.deepEqual(cells('date,value\n2024-01-03,4.\n', 1), ['4.']);
  });

  it('rejects an unterminated quoted cell', () => {
    assertFormatError(() => readCsv('date,name\n2024-01-02,"abc\n', 'u.csv'), 'u.csv', 2, /unterminated quoted cell/);
  });
});
