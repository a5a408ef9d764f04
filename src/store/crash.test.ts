// Crash proof: `flowlens sync --from DIR` killed with SIGKILL at random points, into an empty
// store and over a stored one (an incremental sync). After each kill every read works, every
// series is wholly its old or wholly its new version, and a resumed sync equals a clean import.
// FLOWLENS_CRASH_ROUNDS sets the kills per kind (CI: 2 + 2; the full proof: 10 + 10).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mulberry32 } from '../core/random.ts';
import { toIso } from '../series/dates.ts';
import { CATALOG } from '../series/catalog.ts';
import { openStore, storePaths } from './parquetStore.ts';

const MAIN = join(import.meta.dirname, '..', 'cli', 'main.ts');
const ROUNDS = Number(process.env.FLOWLENS_CRASH_ROUNDS ?? 2);
const IDS = CATALOG.filter((e) => e.source === 'fred' && !e.filesOnly)
  .slice(0, 40)
  .map((e) => e.id);
const SIZE = 3000;
/** Seed of the kill moments: random in where they kill, but the same every run. */
const SEED = 20261130;

/**
 * Value of series i at point j in a version: version 2 changes every other series and adds 10
 * dates. At most ~2,040, so plausible for every unit (a % series refuses |value| > 1e4 on import).
 */
function valueOf(version: number, i: number, j: number): number {
  return (version === 2 && i % 2 === 0 ? 2000 : 1000) + i + (j % 997) / 1000;
}
function lengthOf(version: number, i: number): number {
  return version === 2 && i % 2 === 0 ? SIZE + 10 : SIZE;
}

/** A folder of FRED-style `ID.csv` files holding a version of every series. */
function writeVersion(dir: string, version: number): void {
  mkdirSync(dir, { recursive: true });
  IDS.forEach((id, i) => {
    const lines = ['date,value'];
    for (let j = 0; j < lengthOf(version, i); j++) lines.push(`${toIso(10_000 + j)},${valueOf(version, i, j)}`);
    writeFileSync(join(dir, `${id}.csv`), `${lines.join('\n')}\n`);
  });
}

const env = (home: string) => ({ ...process.env, TZ: 'UTC', FLOWLENS_HOME: home });

function syncTo(home: string, dir: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', '--from', dir, '--json'], { env: env(home), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/**
 * Starts `sync --from dir` and kills it `delayMs` after it took the store's lock (the moment its
 * writing phase begins); resolves with whether the kill landed before it finished.
 */
function killedSync(home: string, dir: string, delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sync', '--from', dir, '--json'], { env: env(home), stdio: 'ignore' });
    const lock = storePaths(home).lock;
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (timer || !existsSync(lock)) return;
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    }, 1);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve(signal === 'SIGKILL');
    });
  });
}

/**
 * When to kill in a round: the first round right as the writing phase starts (so at least one kill
 * lands whatever the machine's load), the others at a seeded random point of a clean sync's window.
 */
function killDelay(round: number, window: number, random: () => number): number {
  return round === 0 ? 0 : random() * window;
}

/** Everything a read shows of the store, minus retrieval times (they differ between runs). */
async function contents(home: string): Promise<{ list: unknown[]; values: Map<string, number[]> }> {
  const store = await openStore({ home, mode: 'read', warn: (l) => assert.fail(`damaged after a crash: ${l}`) });
  try {
    const list = (await store.list()).map((s) => [s.seriesId, s.firstDate, s.lastDate, s.count, s.rows]);
    const all = await store.readManyArrays(IDS);
    const values = new Map<string, number[]>();
    for (const [id, a] of all) values.set(id, Array.from(a.values));
    return { list, values };
  } finally {
    await store.close();
  }
}

describe('crash safety of sync --from (SIGKILL at random points)', () => {
  const root = mkdtempSync(join(tmpdir(), 'flowlens-crash-'));
  const v1 = join(root, 'v1');
  const v2 = join(root, 'v2');
  let clean1: Awaited<ReturnType<typeof contents>>;
  let clean2: Awaited<ReturnType<typeof contents>>;
  /** How long the writing phase of a clean sync lasts (lock taken → exit), ms. */
  let window1 = 0;
  let window2 = 0;
  const random = mulberry32(SEED);
  after(() => rmSync(root, { recursive: true, force: true }));

  before(async () => {
    writeVersion(v1, 1);
    writeVersion(v2, 2);
    const ref = join(root, 'ref');
    const t0 = performance.now();
    syncTo(ref, v1);
    window1 = performance.now() - t0;
    clean1 = await contents(ref);
    const t1 = performance.now();
    syncTo(ref, v2);
    window2 = performance.now() - t1;
    clean2 = await contents(ref);
  });

  it('a clean import holds every version as written', () => {
    assert.equal(clean1.values.size, IDS.length);
    IDS.forEach((id, i) => {
      assert.deepEqual(clean1.values.get(id), Array.from({ length: SIZE }, (_, j) => valueOf(1, i, j)));
      assert.deepEqual(clean2.values.get(id), Array.from({ length: lengthOf(2, i) }, (_, j) => valueOf(2, i, j)));
    });
  });

  it(`into an empty store: after ${ROUNDS} kills every read works and a resumed sync equals a clean import`, async () => {
    let landed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const home = join(root, `empty-${round}`);
      if (await killedSync(home, v1, killDelay(round, window1, random))) landed++;
      const after = await contents(home); // reads work: no damage, no error
      for (const [id, values] of after.values) assert.deepEqual(values, clean1.values.get(id), `${id} torn after a kill`);
      syncTo(home, v1);
      assert.deepEqual(await contents(home), clean1);
      rmSync(home, { recursive: true, force: true });
    }
    assert.ok(landed > 0, 'no kill landed before its sync finished');
  });

  it(`over a stored version (incremental): after ${ROUNDS} kills every series is wholly old or new, and a resumed sync equals a clean one`, async () => {
    const base = join(root, 'base');
    syncTo(base, v1);
    let landed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const home = join(root, `incr-${round}`);
      spawnSync('cp', ['-a', base, home]);
      if (await killedSync(home, v2, killDelay(round, window2, random))) landed++;
      const after = await contents(home);
      assert.equal(after.values.size, IDS.length, 'a series stored before the sync was lost');
      for (const [id, values] of after.values) {
        const old = clean1.values.get(id);
        const fresh = clean2.values.get(id);
        assert.ok(JSON.stringify(values) === JSON.stringify(old) || JSON.stringify(values) === JSON.stringify(fresh), `${id} is neither its old nor its new version`);
      }
      syncTo(home, v2);
      assert.deepEqual(await contents(home), clean2);
      // The command line reads the store too.
      if (round === 0) {
        const list = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'series', 'list', '--json'], { env: env(home), encoding: 'utf8' });
        assert.equal(list.status, 0, list.stderr);
      }
      rmSync(home, { recursive: true, force: true });
    }
    assert.ok(landed > 0, 'no kill landed before its sync finished');
  });
});
