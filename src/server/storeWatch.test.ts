import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { storePaths } from '../store/parquetStore.ts';
import { StoreWatch } from './storeWatch.ts';

describe('StoreWatch', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-store-watch-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('gives a new version on every call while the store directory does not exist (the reader stats each time)', () => {
    const w = new StoreWatch(home);
    const a = w.version();
    assert.notEqual(w.version(), a);
    w.close();
  });

  it('keeps its version while nothing changes, and moves it when a manifest is renamed into place', async () => {
    const root = storePaths(home).root;
    mkdirSync(root, { recursive: true });
    const w = new StoreWatch(home);
    const first = w.version();
    assert.equal(w.version(), first, 'no change, same version: no stat needed');
    // A second watch on the same directory: its event comes in the same inotify read as the StoreWatch's.
    const seen = new Promise<void>((resolve) => {
      const probe = watch(root, () => {
        probe.close();
        resolve();
      });
    });
    writeFileSync(join(root, 'manifest.json.tmp'), '{}');
    renameSync(join(root, 'manifest.json.tmp'), storePaths(home).manifest);
    await seen;
    assert.notEqual(w.version(), first);
    w.close();
    const closed = w.version();
    assert.notEqual(w.version(), closed, 'closed: a new version on every call');
  });
});
