import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonOf, runCli } from '../cli/economy/testkit.ts';
import type { Manifest } from '../store/manifest.ts';
import { forgetChecks } from '../store/checksum.ts';
import { storePaths } from '../store/parquetStore.ts';
import type { SyncRow } from './runSync.ts';

// `sync --from DIR` again over the same files: the files of a series whose size, time and SHA-256
// match what the manifest recorded at its last import are not parsed, and nothing is written.
interface SyncJson {
  readonly rows: readonly SyncRow[];
  readonly rowErrors: readonly { readonly file: string; readonly message: string }[];
}

const EFFR = 'observation_date,EFFR\n2024-08-01,5.33\n2024-08-02,5.33\n2024-08-05,5.33\n';
const DGS10 = 'observation_date,DGS10\n2024-08-01,3.98\n2024-08-02,3.80\n2024-08-05,3.78\n';
// Line 3 holds no number: reported and left out at every import.
const DGS2 = 'observation_date,DGS2\n2024-08-01,4.16\n2024-08-02,abc\n2024-08-05,3.88\n';

describe('sync --from over files that did not change', () => {
  let dir: string;
  let home: string;
  let before_: string | undefined;
  const sync = async (from = dir) => {
    const r = await runCli('sync', '--from', from, '--only', 'EFFR,DGS10,DGS2', '--json');
    return { code: r.code, out: JSON.parse(r.stdout) as SyncJson };
  };
  const row = (out: SyncJson, id: string): SyncRow => {
    const r = out.rows.find((x) => x.seriesId === id);
    assert.ok(r, `${id} in the summary`);
    return r;
  };
  const manifest = () => JSON.parse(readFileSync(storePaths(home).manifest, 'utf8')) as Manifest;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlens-resync-data-'));
    home = mkdtempSync(join(tmpdir(), 'flowlens-resync-home-'));
    before_ = process.env.FLOWLENS_HOME;
    process.env.FLOWLENS_HOME = home;
    writeFileSync(join(dir, 'EFFR.csv'), EFFR);
    writeFileSync(join(dir, 'DGS10.csv'), DGS10);
    writeFileSync(join(dir, 'DGS2.csv'), DGS2);
  });
  after(() => {
    if (before_ === undefined) delete process.env.FLOWLENS_HOME;
    else process.env.FLOWLENS_HOME = before_;
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('records each imported file with its size, time and SHA-256 in the manifest', async () => {
    const first = await sync();
    assert.equal(first.code, 1, 'a row was left out');
    assert.equal(row(first.out, 'EFFR').added, 3);
    assert.equal(row(first.out, 'EFFR').unchanged, undefined);
    const e = manifest().series.EFFR;
    assert.ok(e?.imported);
    assert.equal(e.imported.files.length, 1);
    assert.deepEqual(
      { path: e.imported.files[0]?.path, bytes: e.imported.files[0]?.bytes, sha256: e.imported.files[0]?.sha256 },
      { path: join(dir, 'EFFR.csv'), bytes: EFFR.length, sha256: createHash('sha256').update(EFFR).digest('hex') },
    );
    // A file with a row left out is not recorded: its problem must be reported again next time.
    assert.equal(manifest().series.DGS2?.imported, undefined);
  });

  it('says "unchanged" for series whose files are the same, parses the others and reports their problems again', async () => {
    const generation = manifest().generation;
    const second = await sync();
    assert.equal(second.code, 1);
    for (const id of ['EFFR', 'DGS10']) {
      const r = row(second.out, id);
      assert.equal(r.unchanged, true, `${id} unchanged`);
      assert.deepEqual([r.added, r.revised, r.lastDate, r.origin], [0, 0, '2024-08-05', join(dir, `${id}.csv`)]);
    }
    assert.equal(row(second.out, 'DGS2').unchanged, undefined);
    assert.deepEqual(second.out.rowErrors.map((e) => e.message), [`${join(dir, 'DGS2.csv')}:3: column "DGS2": not a number: "abc"; row skipped`]);
    // Nothing was written: the sync log's swap is the only new generation.
    assert.ok(manifest().generation <= generation + 1);
    const table = await runCli('sync', '--from', dir, '--only', 'EFFR,DGS10');
    assert.match(table.stdout, /│ EFFR +│ files +│ +0 │ +0 │ 2024-08-05 │ unchanged: EFFR\.csv as last imported/);
    assert.match(table.stdout, /Imported 2 series \(2 unchanged: the same files as at their last import, not parsed again\)/);
  });

  it('parses a file again when its content, its time or the folder differs', async () => {
    appendFileSync(join(dir, 'EFFR.csv'), '2024-08-06,5.33\n');
    const changed = await sync();
    assert.deepEqual([row(changed.out, 'EFFR').added, row(changed.out, 'EFFR').unchanged], [1, undefined]);
    assert.equal(row(changed.out, 'DGS10').unchanged, true);

    // The same bytes with a new modification time: parsed (nothing new), then recorded again.
    const t = new Date('2025-01-01T00:00:00Z');
    utimesSync(join(dir, 'DGS10.csv'), t, t);
    const touched = await sync();
    assert.deepEqual([row(touched.out, 'DGS10').added, row(touched.out, 'DGS10').unchanged], [0, undefined]);
    assert.equal(manifest().series.DGS10?.imported?.files[0]?.mtimeMs, t.getTime());
    assert.equal(row((await sync()).out, 'DGS10').unchanged, true);

    // Identical copies in another folder: another origin, so read.
    const copy = mkdtempSync(join(tmpdir(), 'flowlens-resync-copy-'));
    try {
      cpSync(dir, copy, { recursive: true });
      const elsewhere = await sync(copy);
      assert.equal(row(elsewhere.out, 'DGS10').unchanged, undefined);
      assert.equal(row(elsewhere.out, 'DGS10').origin, join(copy, 'DGS10.csv'));
      assert.equal(manifest().series.DGS10?.imported?.files[0]?.path, join(copy, 'DGS10.csv'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('reads the files again when the stored data file is damaged, and repairs it', async () => {
    await sync();
    assert.equal(row((await sync()).out, 'DGS10').unchanged, true);
    const file = join(storePaths(home).series, manifest().series.DGS10?.file ?? '');
    writeFileSync(file, 'not parquet');
    forgetChecks(); // this process verified the file before; a new `flowlens` process would not have
    const warn = process.stderr.write.bind(process.stderr);
    let repaired: SyncJson;
    try {
      process.stderr.write = (() => true) as typeof process.stderr.write;
      repaired = (await sync()).out;
    } finally {
      process.stderr.write = warn;
    }
    assert.equal(row(repaired, 'DGS10').unchanged, undefined);
    assert.equal(row(repaired, 'DGS10').added, 3);
    const shown = jsonOf<{ dates: string[]; values: number[] }>(await runCli('series', 'show', 'DGS10', '--json'));
    assert.deepEqual([shown.dates, shown.values], [['2024-08-01', '2024-08-02', '2024-08-05'], [3.98, 3.8, 3.78]]);
  });
});
