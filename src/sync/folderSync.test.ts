import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importDirectory, type ImportedSeries } from '../sources/files.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';
import { syncFromFolder } from './folderSync.ts';
import type { SyncRow } from './runSync.ts';

// FRED's CSV download format (observation_date,ID): three days each.
const EFFR = 'observation_date,EFFR\n2024-08-01,5.33\n2024-08-02,5.33\n2024-08-05,5.33\n';
const DGS10 = 'observation_date,DGS10\n2024-08-01,3.98\n2024-08-02,3.80\n2024-08-05,3.78\n';

describe('syncFromFolder: series are stored as the import hands them over', () => {
  let dir: string;
  let home: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlens-folder-data-'));
    home = mkdtempSync(join(tmpdir(), 'flowlens-folder-home-'));
    writeFileSync(join(dir, 'EFFR.csv'), EFFR);
    writeFileSync(join(dir, 'DGS10.csv'), DGS10);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('importDirectory with onSeries hands each series over in catalog order and returns none', async () => {
    const seen: ImportedSeries[] = [];
    let planned: readonly string[] = [];
    const imported = await importDirectory(dir, { onPlan: (ids) => (planned = ids), onSeries: async (s) => void seen.push(s) });
    assert.deepEqual(imported.series, []);
    assert.deepEqual([...planned].sort(), ['DGS10', 'EFFR']);
    assert.deepEqual(seen.map((s) => s.seriesId), planned);
    const dgs10 = seen.find((s) => s.seriesId === 'DGS10');
    assert.deepEqual([...(dgs10?.columns.value ?? [])], [3.98, 3.8, 3.78]);
  });

  it('stores only the wanted series, counts progress over them, and leaves the others', async () => {
    const store = await openStore({ home, mode: 'write' });
    const starts: number[] = [];
    const done: SyncRow[] = [];
    try {
      const r = await syncFromFolder(store, dir, { wanted: new Set(['DGS10']), columnsAt: storePaths(home).fileColumns, progress: { start: (_, n) => starts.push(n), done: (_, row) => done.push(row) } });
      assert.deepEqual(starts, [1]);
      assert.deepEqual(r.rows.map((x) => [x.seriesId, x.added, x.lastDate]), [['DGS10', 3, '2024-08-05']]);
      assert.deepEqual(done.map((x) => x.seriesId), ['DGS10']);
      assert.equal(r.calendar.status, 'absent');
      assert.deepEqual(r.imported.series, []);
    } finally {
      await store.close();
    }
    const reader = await openStore({ home, mode: 'read' });
    try {
      assert.deepEqual((await reader.read('DGS10')).map((p) => p.value), [3.98, 3.8, 3.78]);
      assert.deepEqual(await reader.read('EFFR'), []);
    } finally {
      await reader.close();
    }
  });

  it('again over all series: the stored one is unchanged (not parsed), the new one written; written rows first', async () => {
    const store = await openStore({ home, mode: 'write' });
    try {
      const r = await syncFromFolder(store, dir, { columnsAt: storePaths(home).fileColumns });
      assert.deepEqual(r.rows.map((x) => [x.seriesId, x.added, x.unchanged ?? false]), [['EFFR', 3, false], ['DGS10', 0, true]]);
      assert.equal(r.rows[1]?.lastDate, '2024-08-05');
      assert.deepEqual([...(await store.lastSync()).keys()].sort(), ['DGS10', 'EFFR']);
    } finally {
      await store.close();
    }
  });
});
