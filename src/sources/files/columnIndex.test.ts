import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CatalogEntry } from '../../series/catalog.ts';
import { fileStamp, importDirectory } from '../files.ts';
import { ColumnIndex } from './columnIndex.ts';

const entry = (id: string, files?: CatalogEntry['files']): CatalogEntry => ({
  id,
  title: id,
  unit: '',
  frequency: 'daily',
  source: files ? 'yahoo' : 'fred',
  key: id,
  group: 'rates',
  ...(files ? { files } : {}),
});

// EFFR comes from a FRED JSON bundle; ZQA and ZQB are optional columns of one family file, and
// the file has only ZQA.
const catalog: CatalogEntry[] = [entry('EFFR'), entry('ZQA', [{ file: 'family.csv', column: 'ZQA', optional: true }]), entry('ZQB', [{ file: 'family.csv', column: 'ZQB', optional: true }])];
const BUNDLE = JSON.stringify({ fetched_at: 'x', series: { EFFR: [['2026-06-03', 3.63], ['2026-06-04', 3.62]] } });

describe('ColumnIndex: what an import learnt of each file, by file stamp', () => {
  const root = mkdtempSync(join(tmpdir(), 'flowlens-colindex-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('records the bundle and the family file, and a second import finds the same series without them', async () => {
    const d = mkdtempSync(join(root, 'a-'));
    writeFileSync(join(d, 'cache.json'), BUNDLE);
    writeFileSync(join(d, 'family.csv'), 'date,ZQA\n2026-06-03,96.37\n');
    const index = ColumnIndex.empty();
    const first = await importDirectory(d, { catalog, columns: index });
    const bundle = index.get((await fileStamp(join(d, 'cache.json'))).stamp);
    assert.equal(bundle?.format, 'fred-json-bundle');
    assert.deepEqual(bundle.columns, ['EFFR']);
    assert.deepEqual(index.get((await fileStamp(join(d, 'family.csv'))).stamp)?.columns, ['ZQA']);
    const second = await importDirectory(d, { catalog, columns: index });
    for (const imp of [first, second]) {
      assert.deepEqual(imp.series.map((s) => s.seriesId), ['EFFR', 'ZQA']);
      assert.deepEqual(imp.missing, ['ZQB']);
    }
    assert.deepEqual(second.series[0]?.points, first.series[0]?.points);
  });

  it('is trusted for the same bytes (the file is not parsed), and not once the file changed', async () => {
    const d = mkdtempSync(join(root, 'b-'));
    writeFileSync(join(d, 'cache.json'), BUNDLE);
    writeFileSync(join(d, 'family.csv'), 'date,ZQA\n2026-06-03,96.37\n');
    // An index that says the bundle holds no series and the family file lacks ZQA: an import
    // that believes it has not parsed either file.
    const index = ColumnIndex.empty();
    const b = await fileStamp(join(d, 'cache.json'));
    const f = await fileStamp(join(d, 'family.csv'));
    index.set(b.stamp, b.id, { format: 'fred-json-bundle', columns: [] });
    index.set(f.stamp, f.id, { format: 'dated-csv', columns: ['ZQB'] });
    const trusted = await importDirectory(d, { catalog, columns: index });
    assert.deepEqual(trusted.series.map((s) => s.seriesId), []);
    assert.deepEqual(trusted.missing, ['EFFR', 'ZQA', 'ZQB']);
    // New bytes (another SHA-256): parsed again, and the index learns the truth.
    writeFileSync(join(d, 'cache.json'), BUNDLE.replace('3.62', '3.61'));
    writeFileSync(join(d, 'family.csv'), 'date,ZQA\n2026-06-03,96.38\n');
    const fresh = await importDirectory(d, { catalog, columns: index });
    assert.deepEqual(fresh.series.map((s) => s.seriesId), ['EFFR', 'ZQA']);
    assert.deepEqual(index.get((await fileStamp(join(d, 'cache.json'))).stamp)?.columns, ['EFFR']);
  });

  it("gives a file's SHA-256 without reading it only while inode, size, mtime and ctime are the same", async () => {
    const d = mkdtempSync(join(root, 'c-'));
    const path = join(d, 'family.csv');
    writeFileSync(path, 'date,ZQA\n2026-06-03,96.37\n');
    const index = ColumnIndex.empty();
    const s = await fileStamp(path);
    index.set(s.stamp, s.id, { format: 'dated-csv', columns: ['ZQA'] });
    const st = statSync(path);
    assert.equal(index.knownSha256(s.stamp.path, st.size, st.mtimeMs, { ino: st.ino, ctimeMs: st.ctimeMs }), s.stamp.sha256);
    assert.equal(index.knownSha256(s.stamp.path, st.size, st.mtimeMs, { ino: st.ino, ctimeMs: st.ctimeMs + 1 }), undefined);
    assert.equal(index.knownSha256(s.stamp.path, st.size + 1, st.mtimeMs, { ino: st.ino, ctimeMs: st.ctimeMs }), undefined);
    // Known: the stamp taken through the index is the hashed one.
    assert.deepEqual((await fileStamp(path, index)).stamp, s.stamp);
  });

  it('saves and loads itself; a damaged or missing file is an empty index', async () => {
    const d = mkdtempSync(join(root, 'd-'));
    const path = join(d, 'family.csv');
    writeFileSync(path, 'date,ZQA\n2026-06-03,96.37\n');
    const s = await fileStamp(path);
    const index = ColumnIndex.empty();
    index.set(s.stamp, s.id, { format: 'dated-csv', columns: ['ZQA'] });
    const at = join(d, 'file-columns.json');
    index.save(at);
    assert.deepEqual(ColumnIndex.load(at).get(s.stamp)?.columns, ['ZQA']);
    writeFileSync(at, '{"version":');
    assert.equal(ColumnIndex.load(at).get(s.stamp), undefined);
    assert.equal(ColumnIndex.load(join(d, 'none.json')).get(s.stamp), undefined);
  });
});
