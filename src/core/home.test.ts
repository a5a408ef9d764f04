import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowlensHome } from './home.ts';

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
