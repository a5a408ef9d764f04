// A FLOWLENS_HOME that turns read-only: the sync stops with one line naming the path, and nothing
// already stored is lost. chmod does not bind root, so as root the CLI runs as `nobody` (uid
// 65534) on files it owns; the test is skipped only where that is impossible.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toIso } from '../series/dates.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';

const MAIN = join(import.meta.dirname, '..', 'cli', 'main.ts');
const IDS = ['WALCL', 'UNRATE', 'DGS10'];
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Why the test cannot run here, or undefined: as root it needs to run a child as nobody. */
function skipReason(): string | undefined {
  if (process.getuid === undefined) return 'no POSIX permissions on this platform';
  if (!asRoot) return undefined;
  const probe = spawnSync(process.execPath, ['-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { uid: NOBODY, gid: NOBODY });
  return probe.status === 0 ? undefined : 'running as root and cannot start a process as nobody (uid 65534), where chmod would bind';
}

/** A folder of FRED-style `ID.csv` files, version `v`: 200 days from 1997, values 10v + k + j/100. */
function version(dir: string, v: number): void {
  mkdirSync(dir, { recursive: true });
  IDS.forEach((id, k) => {
    const lines = ['date,value'];
    for (let j = 0; j < 200 + v * 10; j++) lines.push(`${toIso(10_000 + j)},${10 * v + k + j / 100}`);
    writeFileSync(join(dir, `${id}.csv`), `${lines.join('\n')}\n`);
  });
}

function ownAll(path: string): void {
  if (!asRoot) return;
  chownSync(path, NOBODY, NOBODY);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) ownAll(p);
    else chownSync(p, NOBODY, NOBODY);
  }
}

function chmodAll(path: string, dirMode: number, fileMode: number): void {
  chmodSync(path, dirMode);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) chmodAll(p, dirMode, fileMode);
    else chmodSync(p, fileMode);
  }
}

function sync(home: string, from: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', '--from', from], {
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', FLOWLENS_HOME: home },
    encoding: 'utf8',
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

async function values(home: string): Promise<Record<string, number[]>> {
  const s = await openStore({ home, mode: 'read' });
  try {
    const out: Record<string, number[]> = {};
    for (const [id, a] of await s.readManyArrays(IDS)) out[id] = Array.from(a.values);
    return out;
  } finally {
    await s.close();
  }
}

const skip = skipReason();
describe('a read-only FLOWLENS_HOME during a sync', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'flowlens-readonly-'));
  after(() => {
    chmodAll(root, 0o755, 0o644);
    rmSync(root, { recursive: true, force: true });
  });
  const v1 = join(root, 'v1');
  const v2 = join(root, 'v2');
  version(v1, 1);
  version(v2, 2);
  ownAll(root);

  for (const [what, readOnly] of [
    ['the whole home', (home: string) => chmodAll(home, 0o555, 0o444)],
    ['the series folder only (the lock is taken, the first write fails)', (home: string) => chmodSync(storePaths(home).series, 0o555)],
  ] as const) {
    it(`${what}: one line naming the path, and nothing already stored lost`, async () => {
      const home = join(root, `home-${what.length}`);
      const first = sync(home, v1);
      assert.equal(first.status, 0, first.stderr);
      const before = await values(home);
      assert.equal(before.WALCL?.length, 210);
      readOnly(home);
      const r = sync(home, v2);
      assert.equal(r.status, 1);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.equal(lines[0], `flowlens: ${storePaths(home).root}: could not write the store (permission denied); nothing already stored was lost — fix that and run the sync again`);
      assert.deepEqual(await values(home), before);
      // Writable again, the same sync goes through.
      chmodAll(home, 0o755, 0o644);
      const again = sync(home, v2);
      assert.equal(again.status, 0, again.stderr);
      assert.equal((await values(home)).WALCL?.length, 220);
    });
  }
});
