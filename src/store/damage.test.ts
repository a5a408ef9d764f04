// Damage on a store imported from the shared data: a truncated file, a stray file, random byte
// flips, a damaged manifest and store.json. Every command keeps reading the rest, a damaged series
// is named, no flipped byte ever reads back as a changed number, and doctor + sync restore it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildReport, REPORT_INPUTS } from '../cli/report.ts';
import { readForModel } from '../cli/data.ts';
import { mulberry32 } from '../core/random.ts';
import { importDirectory, type ImportedSeries } from '../sources/files.ts';
import { syncFromFetched } from '../sync/runSync.ts';
import { catalogRows } from './catalogRows.ts';
import { forgetChecks } from './checksum.ts';
import { runDoctor } from './doctor.ts';
import { readManifest } from './manifest.ts';
import { openStore, storePaths } from './parquetStore.ts';

const DATA = process.env.FLOWLENS_DATA_DIR;
/** Random flips checked (FLOWLENS_FLIPS raises it for a longer proof). */
const FLIPS = Number(process.env.FLOWLENS_FLIPS ?? 60);
const skip = DATA ? false : 'FLOWLENS_DATA_DIR is not set (the shared data folder)';

type Values = Map<string, number[]>;

/** Every stored series' latest values, with the lines the store reported as damaged. */
async function readAll(home: string): Promise<{ values: Values; warnings: string[] }> {
  const warnings: string[] = [];
  const store = await openStore({ home, mode: 'read', warn: (l) => warnings.push(l) });
  try {
    const ids = (await store.list()).map((s) => s.seriesId);
    const all = await store.readManyArrays(Object.keys(store.snapshot().series).length > ids.length ? Object.keys(store.snapshot().series) : ids);
    const values: Values = new Map();
    for (const [id, a] of all) values.set(id, Array.from(a.values));
    return { values, warnings };
  } finally {
    await store.close();
  }
}

function copyHome(from: string, root: string, name: string): string {
  const to = join(root, name);
  spawnSync('cp', ['-a', from, to]);
  return to;
}

async function syncOnly(home: string, series: readonly ImportedSeries[], ids: readonly string[]): Promise<void> {
  const store = await openStore({ home, mode: 'write', warn: () => {} });
  try {
    await syncFromFetched(
      store,
      series.filter((s) => ids.includes(s.seriesId)),
    );
  } finally {
    await store.close();
  }
}

describe('a damaged store (shared data)', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'flowlens-damage-'));
  const clean = join(root, 'clean');
  let imported: readonly ImportedSeries[] = [];
  let cleanValues: Values = new Map();
  after(() => rmSync(root, { recursive: true, force: true }));

  before(async () => {
    imported = (await importDirectory(DATA as string)).series;
    const store = await openStore({ home: clean, mode: 'write' });
    try {
      await syncFromFetched(store, imported);
    } finally {
      await store.close();
    }
    cleanValues = (await readAll(clean)).values;
  });

  const fileOf = (home: string, id: string) => join(storePaths(home).series, readManifest(storePaths(home).manifest).series[id]?.file ?? 'none');

  it('a truncated SPY and a stray 6-byte file: list, report and the other series work, SPY is named, and sync rewrites it', async () => {
    const home = copyHome(clean, root, 'truncated');
    truncateSync(fileOf(home, 'SPY'), 1000);
    writeFileSync(join(storePaths(home).series, 'NOTASERIES.parquet'), 'PAR1xx');
    forgetChecks();
    const warnings: string[] = [];
    const store = await openStore({ home, mode: 'read', warn: (l) => warnings.push(l) });
    try {
      const rows = await catalogRows(store);
      assert.equal(rows.series.find((r) => r.id === 'SPY')?.status, 'not synced');
      assert.equal(rows.series.find((r) => r.id === 'WALCL')?.count, cleanValues.get('WALCL')?.filter((v) => !Number.isNaN(v)).length);
      assert.match(warnings[0] ?? '', /SPY\.\d+\.parquet: SPY is damaged \(1000 bytes instead of \d+\); skipped — repair with `flowlens sync --only SPY`/);
      const data = await readForModel(store, [...new Set(REPORT_INPUTS)], { laterVintages: [] });
      assert.equal(data.has('SPY'), false);
      assert.deepEqual(Array.from(data.get('WALCL')?.values ?? []), cleanValues.get('WALCL'));
      assert.ok(buildReport(data, { laterVintages: [] }).theses.length > 0);
    } finally {
      await store.close();
    }
    await syncOnly(home, imported, ['SPY']);
    const after = await readAll(home);
    assert.deepEqual(after.warnings, []);
    assert.deepEqual(after.values.get('SPY'), cleanValues.get('SPY'));
    assert.equal(after.values.size, cleanValues.size);
  });

  it(`of ${FLIPS} random 1–3-byte flips in stored files, none reads back as a changed number: each is caught and named`, async () => {
    const home = copyHome(clean, root, 'flips');
    const manifest = readManifest(storePaths(home).manifest);
    const ids = Object.keys(manifest.series);
    const random = mulberry32(20261130);
    let caught = 0;
    for (let k = 0; k < FLIPS; k++) {
      const id = ids[Math.floor(random() * ids.length)] as string;
      const path = fileOf(home, id);
      const original = readFileSync(path);
      const damaged = Buffer.from(original);
      const n = 1 + Math.floor(random() * 3);
      for (let b = 0; b < n; b++) {
        const at = Math.floor(random() * damaged.length);
        damaged[at] = (damaged[at] as number) ^ (1 + Math.floor(random() * 255));
      }
      writeFileSync(path, damaged);
      forgetChecks();
      // A fresh reader, as every command opens one: the flipped series is named and left out, never read changed.
      const warnings: string[] = [];
      const store = await openStore({ home, mode: 'read', warn: (l) => warnings.push(l) });
      try {
        const got = await store.readManyArrays([id]);
        if (got.has(id)) assert.deepEqual(Array.from(got.get(id)?.values ?? []), cleanValues.get(id), `flip ${k} in ${id} read back changed`);
        assert.equal(got.has(id), false, `flip ${k} in ${id} went unnoticed`);
        assert.equal((await store.list()).some((s) => s.seriesId === id), false);
      } finally {
        await store.close();
      }
      assert.match(warnings.join('\n'), new RegExp(`${id}\\.\\d+\\.parquet: ${id} is damaged \\(checksum mismatch\\)`));
      caught++;
      writeFileSync(path, original);
    }
    assert.equal(caught, FLIPS);
  });

  it('doctor names and quarantines damaged files, the rest reads, and sync restores them', async () => {
    const home = copyHome(clean, root, 'doctor');
    const walcl = fileOf(home, 'WALCL');
    const bytes = readFileSync(walcl);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0x40;
    writeFileSync(walcl, bytes);
    truncateSync(fileOf(home, 'SPY'), 1000);
    writeFileSync(join(storePaths(home).series, 'NOTASERIES.parquet'), 'PAR1xx');
    forgetChecks();
    const r = await runDoctor(home);
    assert.equal(r.damaged, true);
    const bad = r.series.filter((s) => s.status === 'damaged');
    assert.deepEqual(bad.map((s) => [s.seriesId, s.reason]).sort(), [
      ['SPY', `1000 bytes instead of ${readManifest(storePaths(clean).manifest).series.SPY?.bytes}`],
      ['WALCL', 'checksum mismatch'],
    ]);
    assert.match(bad[0]?.fix ?? '', /^flowlens sync --only (SPY|WALCL) {2}\(offline: flowlens sync --from DIR --only (SPY|WALCL)\)$/);
    assert.equal(r.series.filter((s) => s.status === 'ok').length, cleanValues.size - 2);
    assert.deepEqual(readdirSync(storePaths(home).quarantine).sort(), ['NOTASERIES.parquet', ...bad.map((s) => s.file.split('/').pop() as string)].sort());
    const after = await readAll(home);
    assert.deepEqual(after.warnings, [], 'after doctor every read is clean');
    assert.equal(after.values.size, cleanValues.size - 2);
    await syncOnly(home, imported, ['SPY', 'WALCL']);
    assert.deepEqual((await readAll(home)).values, cleanValues);
    const again = await runDoctor(home);
    assert.equal(again.damaged, false);
  });

  it('a damaged manifest and store.json: one line naming the file, and doctor rebuilds both from the data files', async () => {
    const home = copyHome(clean, root, 'manifest');
    writeFileSync(storePaths(home).manifest, '{"generation": 3, "ser');
    await assert.rejects(openStore({ home, mode: 'read' }), /manifest\.json: not valid JSON; the store's manifest is damaged: run `flowlens doctor`/);
    writeFileSync(storePaths(home).meta, 'garbage');
    await assert.rejects(openStore({ home, mode: 'read' }), /store\.json: not valid JSON; the store's metadata is damaged: run `flowlens doctor` to repair it/);
    const r = await runDoctor(home);
    assert.deepEqual([r.manifest, r.meta, r.damaged], ['rebuilt', 'repaired', true]);
    assert.deepEqual((await readAll(home)).values, cleanValues);
    assert.equal(existsSync(storePaths(home).lock), false);
  });
});
