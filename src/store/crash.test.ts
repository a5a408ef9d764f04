import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mulberry32 } from '../core/random.ts';
import { openStore, storePaths } from './parquetStore.ts';

const CHILD = join(import.meta.dirname, 'testing', 'crashChild.ts');
const COUNT = 120;
const SIZE = 2000;
/** Seed of the kill moment: the test is random in where it kills, but repeats exactly. */
const SEED = 20260824;

/** Sum of a series' values in a version (see crashChild.valueOf): Σ_j (v·1e6 + i·1000 + j). */
function expectedSum(version: number, i: number): number {
  return SIZE * (version * 1e6 + i * 1000) + (SIZE * (SIZE - 1)) / 2;
}

/** Which version a series' values are: 1 (old), 2 (new) or 0 (neither: torn or mixed). */
function versionOf(values: ArrayLike<number>, i: number): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k] as number;
  return values.length !== SIZE ? 0 : sum === expectedSum(2, i) ? 2 : sum === expectedSum(1, i) ? 1 : 0;
}

describe('crash safety', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-crash-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('leaves every series wholly old or wholly new after a SIGKILL mid-sync', async () => {
    const first = spawnSync(process.execPath, ['--import', 'tsx', CHILD, home, String(COUNT), String(SIZE), '1'], { encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);

    // The second sync rewrites every value of every series. Kill it once it reports a seeded
    // random number of finished series: the kill lands during the next ones.
    const killAfter = 20 + Math.floor(mulberry32(SEED)() * (COUNT - 60));
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, String(COUNT), String(SIZE), '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let written = 0;
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      written += (chunk.match(/wrote/g) ?? []).length;
      if (written >= killAfter) child.kill('SIGKILL');
    });
    assert.equal(await exited, 'SIGKILL', stderr);

    // A finished-looking temp file holding another series' data must never be read as data.
    const series = storePaths(home).series;
    copyFileSync(join(series, 'S1.parquet'), join(series, 'S0.parquet.tmp-424242'));

    // A reader right after the crash (no cleanup, the dead writer's lock still there).
    const reader = await openStore({ home, mode: 'read' });
    let updated = 0;
    try {
      const listed = await reader.list();
      assert.deepEqual(
        listed.map((s) => s.seriesId),
        Array.from({ length: COUNT }, (_, i) => `S${i}`).sort(),
      );
      assert.ok(listed.every((s) => s.count === SIZE));
      const all = await reader.readManyArrays(Array.from({ length: COUNT }, (_, i) => `S${i}`));
      for (let i = 0; i < COUNT; i++) {
        const v = versionOf(all.get(`S${i}`)?.values ?? [], i);
        assert.notEqual(v, 0, `S${i} is torn or a mix of versions`);
        if (v === 2) updated++;
      }
      assert.ok(updated >= killAfter && updated < COUNT, `${updated} series updated, killed after ${killAfter}`);
      // The per-series read path agrees on a series on each side of the cut.
      for (const i of [0, COUNT - 1]) assert.equal(versionOf((await reader.read(`S${i}`)).map((p) => p.value), i), i === 0 ? 2 : 1);
    } finally {
      await reader.close();
    }

    // The next writer takes over the dead child's lock, removes temp files, and can write.
    const store = await openStore({ home, mode: 'write' });
    try {
      assert.deepEqual(readdirSync(series).filter((f) => f.includes('.tmp-')), []);
      const r = await store.write({ seriesId: 'S0', points: [{ date: '1997-05-19' as never, value: 1 }], origin: 'test' }, '2026-02-01T00:00:00Z');
      assert.equal(r.revised, 1);
    } finally {
      await store.close();
    }
  });
});
