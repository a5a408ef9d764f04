import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readInputFile } from './inputFile.ts';

describe('readInputFile', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlens-input-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads UTF-8 text as it is', () => {
    const f = join(dir, 'dates.csv');
    writeFileSync(f, '\uFEFFdate,label\r\n2024-09-18,fomc\r\n');
    assert.equal(readInputFile('--dates', f), '\uFEFFdate,label\r\n2024-09-18,fomc\r\n');
  });

  it('stops reading past its limit: /dev/zero filled the memory until the process aborted', () => {
    assert.throws(() => readInputFile('--dates', '/dev/zero', 2 ** 20), (e: Error) => e.message === '/dev/zero: more than 1 MB: not a file of figures or dates (the largest flowlens reads are a few MB)');
    assert.throws(() => readInputFile('--dates', dir), /^FlowlensError: --dates .*: cannot read the file \(EISDIR\)$/);
    assert.throws(() => readInputFile('--dates', join(dir, 'none.csv')), /cannot read the file \(ENOENT\)$/);
  });

  it('a binary file (Parquet) or UTF-16 text is one line saying so, not a header of garbage', () => {
    const parquet = join(dir, 'x.parquet');
    writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x00, 0x15, 0xfe, 0xff, 0x00, 0x2c])]));
    assert.throws(() => readInputFile('--dates', parquet), (e: Error) => e.message === `${parquet}:1: not UTF-8 text (UTF-16 or a binary file?): save it as UTF-8 CSV or JSON`);
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.from('\uFEFFdate,label\n2024-09-18,x\n', 'utf16le'));
    assert.throws(() => readInputFile('--dates', utf16), /utf16\.csv:1: not UTF-8 text/);
  });
});
