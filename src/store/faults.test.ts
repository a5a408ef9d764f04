// Faults around the store: a full disk during a sync (a file size limit, `ulimit -f`), locks
// left behind by dead or unrelated processes, and the one-line messages for each.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toIso } from '../series/dates.ts';
import { processStartTicks } from './lock.ts';
import { openStore, storePaths } from './parquetStore.ts';
import { StoreWriteError, storeWriteError } from './storeErrors.ts';

const MAIN = join(import.meta.dirname, '..', 'cli', 'main.ts');

/** A FRED-style `ID.csv` of `n` daily values `base + j`. */
function csv(dir: string, id: string, n: number, base: number): void {
  const lines = ['date,value'];
  for (let j = 0; j < n; j++) lines.push(`${toIso(1_000 + j)},${base + j}`);
  writeFileSync(join(dir, `${id}.csv`), `${lines.join('\n')}\n`);
}

async function values(home: string): Promise<Record<string, number[]>> {
  const s = await openStore({ home, mode: 'read' });
  try {
    const out: Record<string, number[]> = {};
    for (const [id, a] of await s.readManyArrays(['WALCL', 'UNRATE', 'DGS10'])) out[id] = Array.from(a.values);
    return out;
  } finally {
    await s.close();
  }
}

describe('store faults', () => {
  const root = mkdtempSync(join(tmpdir(), 'flowlens-faults-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a sync that runs out of space stops with one line and loses nothing already stored', async () => {
    const home = join(root, 'full');
    const v1 = join(root, 'v1');
    const v2 = join(root, 'v2');
    mkdirSync(v1);
    mkdirSync(v2);
    for (const [k, id] of ['WALCL', 'UNRATE', 'DGS10'].entries()) {
      csv(v1, id, 500, 1000 * k);
      csv(v2, id, 60_000, 5000 * k); // ~60k rows: far over the 64 KB file size limit below
    }
    const env = { ...process.env, TZ: 'UTC', FLOWLENS_HOME: home };
    const first = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', '--from', v1, '--json'], { env, encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    const before = await values(home);
    assert.equal(before.WALCL?.length, 500);
    // `ulimit -f 64`: no file may grow past 64 KB, as on a disk that is full.
    const full = spawnSync('bash', ['-c', `ulimit -f 64; exec "${process.execPath}" --import tsx "${MAIN}" sync --from "${v2}"`], { env, encoding: 'utf8' });
    assert.equal(full.status, 1);
    const lines = full.stderr.trim().split('\n');
    assert.equal(lines.length, 1, full.stderr);
    assert.match(lines[0] ?? '', /^flowlens: .*store: could not write the store \(file size limit reached\); nothing already stored was lost — fix that and run the sync again$/);
    assert.deepEqual(await values(home), before);
    // No temp files are left, and the lock is free for the next sync.
    assert.deepEqual(readdirSync(storePaths(home).series).filter((f) => f.includes('.tmp-')), []);
    await (await openStore({ home, mode: 'write' })).close();
  });

  it('names disk full, read-only and permission errors in one line', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    assert.equal(storeWriteError('/h/store', enospc).message, '/h/store: could not write the store (disk full); nothing already stored was lost — fix that and run the sync again');
    assert.match(storeWriteError('/h/store', Object.assign(new Error('x'), { code: 'EROFS' })).message, /\(read-only file system\)/);
    assert.match(storeWriteError('/h/store', new Error('IO Error: Could not write file "x": No space left on device')).message, /\(disk full\)/);
    assert.ok(storeWriteError('/h/store', enospc) instanceof StoreWriteError);
  });

  it('takes over a lock whose pid now belongs to another process (another start time), and respects a live one', async () => {
    const home = join(root, 'lock');
    await (await openStore({ home, mode: 'write' })).close();
    const lock = storePaths(home).lock;
    const start = processStartTicks(process.pid);
    assert.match(start ?? '', /^\d+$/, 'the start time comes from /proc/<pid>/stat');
    // This process's pid, alive, but recorded with another start time: a reused pid.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, start: String(Number(start) + 1), at: new Date().toISOString() }));
    await (await openStore({ home, mode: 'write' })).close();
    // The same pid and start time: the writer is alive, the lock holds, and the message says how out.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, start, at: new Date().toISOString() }));
    await assert.rejects(openStore({ home, mode: 'write' }), new RegExp(`another flowlens sync \\(pid ${process.pid}\\) is writing to .*; wait for it to finish \\(no sync running\\? remove .*write\\.lock\\)`));
    rmSync(lock);
  });
});
