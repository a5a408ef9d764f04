import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, storePaths } from './parquetStore.ts';

const CHILD = join(import.meta.dirname, 'testing', 'crashChild.ts');
const COUNT = 60;
const SIZE = 5000;

/** Sum of a series' values in a version: Σ_j (v·1e6 + i·1000 + j). */
function expectedSum(version: number, i: number): number {
  return SIZE * (version * 1e6 + i * 1000) + (SIZE * (SIZE - 1)) / 2;
}

describe('crash safety', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-crash-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('leaves every series wholly old or wholly new after a SIGKILL mid-sync', async () => {
    const first = spawnSync(process.execPath, ['--import', 'tsx', CHILD, home, String(COUNT), String(SIZE), '1'], { encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);

    // Second sync rewrites every value; kill it once it has written a fixed number of series,
    // so the kill lands while the next series is being written.
    const killAfter = 17;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, String(COUNT), String(SIZE), '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let written = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      written += (chunk.match(/wrote/g) ?? []).length;
      if (written >= killAfter) child.kill('SIGKILL');
    });
    assert.equal(await exited, 'SIGKILL');

    const store = await openStore({ home, mode: 'write' }); // takes over the dead child's lock
    try {
      let updated = 0;
      for (let i = 0; i < COUNT; i++) {
        const points = await store.read(`S${i}`);
        assert.equal(points.length, SIZE, `S${i} has ${points.length} points`);
        const sum = points.reduce((s, p) => s + p.value, 0);
        const version = sum === expectedSum(2, i) ? 2 : sum === expectedSum(1, i) ? 1 : 0;
        assert.notEqual(version, 0, `S${i} is a mix of versions (sum ${sum})`);
        if (version === 2) updated++;
      }
      assert.ok(updated >= killAfter && updated < COUNT, `${updated} series updated`);
      assert.deepEqual(readdirSync(storePaths(home).series).filter((f) => f.includes('.tmp-')), []);
    } finally {
      await store.close();
    }
  });
});
