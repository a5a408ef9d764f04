import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDirectoryOrAbsent, flowlensHome } from './home.ts';

describe('flowlensHome', () => {
  it('prefers FLOWLENS_HOME', () => {
    assert.equal(flowlensHome({ FLOWLENS_HOME: '/data/fl' }, 'linux', '/home/u'), '/data/fl');
  });
  it('uses the platform data directory otherwise', () => {
    assert.equal(flowlensHome({}, 'linux', '/home/u'), '/home/u/.local/share/flowlens');
    assert.equal(flowlensHome({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u'), '/x/flowlens');
    assert.equal(flowlensHome({ XDG_DATA_HOME: '' }, 'linux', '/home/u'), '/home/u/.local/share/flowlens');
    assert.equal(flowlensHome({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/flowlens');
    assert.equal(flowlensHome({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\flowlens');
    assert.equal(flowlensHome({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\flowlens');
  });
});

describe('assertDirectoryOrAbsent', () => {
  it('accepts a directory and a path that does not exist yet, and refuses a file or a path under a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-home-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'x');
      assert.equal(assertDirectoryOrAbsent(dir, 'FLOWLENS_HOME'), dir);
      assert.equal(assertDirectoryOrAbsent(join(dir, 'new'), 'FLOWLENS_HOME'), join(dir, 'new'));
      assert.throws(() => assertDirectoryOrAbsent(file, 'FLOWLENS_HOME'), /^FlowlensError: FLOWLENS_HOME=.*a-file is not a directory/);
      assert.throws(() => flowlensHome({ FLOWLENS_HOME: join(file, 'sub') }), /FLOWLENS_HOME=.*a-file\/sub is not a directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
