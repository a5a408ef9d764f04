// Crash proof of a LIVE incremental sync (mirrors store/crash.test.ts for imports): `flowlens
// sync` against a 127.0.0.1 replay server serving FRED's fredgraph.csv, killed with SIGKILL at
// seeded random points while it syncs a new version over a stored one. After each kill every
// read works, every series is wholly old or wholly new, and a resumed sync equals an
// uninterrupted one. FLOWLENS_CRASH_ROUNDS sets the kills (CI: 2; the full proof: 10).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mulberry32 } from '../core/random.ts';
import { CATALOG } from '../series/catalog.ts';
import { toIso } from '../series/dates.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';
import { ReplayServer } from '../testing/replayServer.ts';

const MAIN = join(import.meta.dirname, '..', 'cli', 'main.ts');
const ROUNDS = Number(process.env.FLOWLENS_CRASH_ROUNDS ?? 2);
const ENTRIES = CATALOG.filter((e) => e.source === 'fred' && !e.filesOnly && !e.live).slice(0, 24);
const IDS = ENTRIES.map((e) => e.id);
const SIZE = 3000;
const SEED = 20261201;

/** As in store/crash.test.ts: version 2 changes every other series and adds 10 dates; plausible for every unit. */
function valueOf(version: number, i: number, j: number): number {
  return (version === 2 && i % 2 === 0 ? 2000 : 1000) + i + (j % 997) / 1000;
}
function lengthOf(version: number, i: number): number {
  return version === 2 && i % 2 === 0 ? SIZE + 10 : SIZE;
}
/** fredgraph.csv of series i in a version, as FRED sends it. */
function fredCsv(version: number, i: number): string {
  const id = IDS[i] ?? '';
  const lines = [`observation_date,${id}`];
  for (let j = 0; j < lengthOf(version, i); j++) lines.push(`${toIso(10_000 + j)},${valueOf(version, i, j)}`);
  return `${lines.join('\n')}\n`;
}

type Run = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

describe('crash safety of a live incremental sync (SIGKILL at random points, replay server)', () => {
  const root = mkdtempSync(join(tmpdir(), 'flowlens-livecrash-'));
  const server = new ReplayServer();
  let version = 1;
  let env: Record<string, string> = {};
  const random = mulberry32(SEED);
  let clean1: Awaited<ReturnType<typeof contents>>;
  let clean2: Awaited<ReturnType<typeof contents>>;
  let window2 = 0;

  /** Runs a live sync of IDS into `home`; with `killAfterMs`, kills it that long after it took the store's lock. */
  function sync(home: string, killAfterMs?: number): Promise<Run & { killed: boolean }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sync', '--only', IDS.join(','), '--json'], { env: { ...process.env, ...env, FLOWLENS_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      let timer: NodeJS.Timeout | undefined;
      const poll = killAfterMs === undefined ? undefined : setInterval(() => {
        if (timer || !existsSync(storePaths(home).lock)) return;
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }, 1);
      child.on('exit', (code, signal) => {
        if (poll) clearInterval(poll);
        if (timer) clearTimeout(timer);
        resolve({ code, signal, stderr, killed: signal === 'SIGKILL' });
      });
    });
  }

  /** Everything a read shows of the store, minus retrieval times. */
  async function contents(home: string): Promise<{ list: unknown[]; values: Map<string, number[]> }> {
    const store = await openStore({ home, mode: 'read', warn: (l) => assert.fail(`damaged after a crash: ${l}`) });
    try {
      const list = (await store.list()).map((s) => [s.seriesId, s.firstDate, s.lastDate, s.count, s.rows]);
      const values = new Map<string, number[]>();
      for (const [id, a] of await store.readManyArrays(IDS)) values.set(id, Array.from(a.values));
      return { list, values };
    } finally {
      await store.close();
    }
  }

  before(async () => {
    server.route(
      (p, q) => p === '/graph/fredgraph.csv' && IDS.includes(q.get('id') ?? ''),
      (req) => ({ body: fredCsv(version, IDS.indexOf(req.query.get('id') ?? '')) }),
    );
    env = { TZ: 'UTC', NO_COLOR: '1', FLOWLENS_FRED_URL: await server.start() };
    const ref = join(root, 'ref');
    version = 1;
    assert.equal((await sync(ref)).code, 0);
    clean1 = await contents(ref);
    version = 2;
    const t0 = performance.now();
    assert.equal((await sync(ref)).code, 0);
    window2 = performance.now() - t0;
    clean2 = await contents(ref);
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('the uninterrupted syncs store every version as served', () => {
    assert.equal(clean1.values.size, IDS.length);
    IDS.forEach((id, i) => {
      assert.deepEqual(clean1.values.get(id), Array.from({ length: SIZE }, (_, j) => valueOf(1, i, j)));
      assert.deepEqual(clean2.values.get(id), Array.from({ length: lengthOf(2, i) }, (_, j) => valueOf(2, i, j)));
    });
  });

  it(`after ${ROUNDS} kills: the previous data survives, every series is wholly old or new, a resumed sync equals an uninterrupted one`, async () => {
    const base = join(root, 'base');
    version = 1;
    assert.equal((await sync(base)).code, 0);
    version = 2;
    let landed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const home = join(root, `incr-${round}`);
      cpSync(base, home, { recursive: true });
      // The first kill right as the sync takes the lock (it lands whatever the load), the others at random.
      if ((await sync(home, round === 0 ? 0 : random() * window2)).killed) landed++;
      const after = await contents(home);
      assert.equal(after.values.size, IDS.length, 'a series stored before the sync was lost');
      for (const [id, values] of after.values) {
        const i = IDS.indexOf(id);
        const old = JSON.stringify(clean1.values.get(id));
        const fresh = JSON.stringify(clean2.values.get(id));
        assert.ok([old, fresh].includes(JSON.stringify(values)), `${id} (${i}) is neither its old nor its new version`);
      }
      const resumed = await sync(home);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.deepEqual(await contents(home), clean2);
      rmSync(home, { recursive: true, force: true });
    }
    assert.ok(landed > 0, 'no kill landed before its sync finished');
  });
});
