// The real CLI case of bench:flows (issue #11): `flowlens flows --paths N` as a user runs it —
// the block bootstrap (the default method) over the joint days since 2010, CTA positions on the
// seven assets of the CTA universe, the vol-control fund and the risk-parity fund — on a store
// imported from the real data folder (only the universe's series). Measured two ways, interleaved:
//   - in process: the Monte Carlo of that scenario (runMonteCarloParallel, 1 and 2 threads, after a
//     warm-up), wall and CPU time of this process;
//   - the installed command (bin/flowlens.js over a fresh dist/) in a fresh process, --workers 1
//     and 2: the whole process's wall and CPU time (GNU time), and the Monte Carlo's own wall time
//     as the command prints it (JIT warm-up included: a user's run is a cold one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CTA_UNIVERSE } from '../src/app/ctaUniverse.ts';
import { runFlowModels, scenarioSetup } from '../src/app/flowModels.ts';
import { loadForModel } from '../src/app/pointInTime.ts';
import { cleanPrices } from '../src/models/cta.ts';
import { toDay } from '../src/series/dates.ts';
import { CATALOG } from '../src/series/catalog.ts';
import { jointReturns } from '../src/sim/history.ts';
import { runMonteCarloParallel } from '../src/sim/pool.ts';
import type { MonteCarloOptions } from '../src/sim/scenario.ts';
import { importDirectory } from '../src/sources/files.ts';
import { openStore } from '../src/store/parquetStore.ts';
import { syncFromFetched } from '../src/sync/runSync.ts';

type Timing = { wall: number; cpu: number };

const root = join(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

/** One run of the installed command: process wall (here) and CPU (GNU time), and the Monte Carlo's seconds as printed. */
function cliOnce(args: readonly string[], env: NodeJS.ProcessEnv): Timing & { mc: number } {
  const argv = [process.execPath, join(root, 'bin', 'flowlens.js'), ...args];
  const t0 = performance.now();
  const r = spawnSync(TIME, ['-f', 'cpu %U %S', ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`flowlens ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  const mc = /Monte Carlo \([^)]*?, ([\d.]+) s\)/.exec(r.stdout);
  if (!cpu || !mc) throw new Error(`flowlens ${args.join(' ')}: no CPU time or Monte Carlo time in its output`);
  return { wall, cpu: Number(cpu[1]) + Number(cpu[2]), mc: Number(mc[1]) };
}

async function timed(f: () => Promise<unknown>): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** The least of each field over the runs. */
function best<T extends Record<string, number>>(xs: readonly T[]): T {
  const out: Record<string, number> = {};
  for (const x of xs) for (const [k, v] of Object.entries(x)) out[k] = Math.min(out[k] ?? v, v);
  return out as T;
}

/**
 * Measures the CLI case with `paths` paths, `repeats` interleaved runs of each configuration,
 * and returns the lines to print (or one line saying why it was not measured).
 */
export async function measureCliCase(paths: number, repeats: number): Promise<string[]> {
  const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(root, '..', 'shared', 'data'));
  if (!existsSync(dir)) return [`the CLI case: not measured (no data folder at ${dir}; set FLOWLENS_DATA_DIR)`];
  if (!existsSync(TIME)) return ['the CLI case: not measured (no /usr/bin/time for the process CPU time; apt-get install time)'];
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-cli-'));
  const homeBefore = process.env.FLOWLENS_HOME;
  try {
    const ids = new Set(CTA_UNIVERSE.flatMap((a) => a.ids));
    const w = await openStore({ home, mode: 'write' });
    await syncFromFetched(w, (await importDirectory(dir, { catalog: CATALOG.filter((e) => ids.has(e.id)) })).series);
    await w.close();
    // The scenario exactly as `flows` builds it (src/cli/flows.ts, default flags).
    process.env.FLOWLENS_HOME = home;
    const data = await loadForModel([...ids], { laterVintages: [] });
    const params = { volControl: {}, cta: {}, riskParity: {} };
    const models = runFlowModels(data, { ...params, wanted: CTA_UNIVERSE.map((a) => a.key) });
    const setup = scenarioSetup(models, params, [5, 21]);
    const opts: MonteCarloOptions = { paths, seed: 1, method: 'bootstrap', history: jointReturns(models.chosen.map((c) => cleanPrices(c.series)), toDay('2010-01-01')) };
    const rp = setup.riskParity;
    await runMonteCarloParallel(setup, { ...opts, paths: 5000 }, 1);
    await runMonteCarloParallel(setup, { ...opts, paths: 5000 }, 2);
    const env = { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1' };
    const args = (workers: number) => ['flows', '--paths', String(paths), '--workers', String(workers)];
    cliOnce(args(1), env); // the file cache warm, as for a user's second call
    const runs = { one: [] as Timing[], two: [] as Timing[], cli1: [] as (Timing & { mc: number })[], cli2: [] as (Timing & { mc: number })[] };
    for (let i = 0; i < repeats; i++) {
      runs.one.push(await timed(() => runMonteCarloParallel(setup, opts, 1)));
      runs.two.push(await timed(() => runMonteCarloParallel(setup, opts, 2)));
      runs.cli1.push(cliOnce(args(1), env));
      runs.cli2.push(cliOnce(args(2), env));
    }
    const f3 = (x: number) => x.toFixed(3).padStart(7);
    const [one, two, cli1, cli2] = [best(runs.one), best(runs.two), best(runs.cli1), best(runs.cli2)];
    return [
      `the real CLI case: flowlens flows --paths ${paths.toLocaleString('en-US')} — bootstrap (5-day blocks of ${opts.history?.length ?? 0} joint days since 2010), CTA on ${setup.assets.length} assets, vol-control, risk parity on ${rp ? rp.assetIndices.length : 0} assets (${rp ? `${rp.windowReturns.length}-day window` : 'left out'}); store from ${dir}; best of ${repeats}`,
      'run                                  wall s    CPU s   Monte Carlo wall s (as printed)',
      `in process, Monte Carlo, 1 thread   ${f3(one.wall)}  ${f3(one.cpu)}`,
      `in process, Monte Carlo, 2 threads  ${f3(two.wall)}  ${f3(two.cpu)}`,
      `flowlens flows, --workers 1         ${f3(cli1.wall)}  ${f3(cli1.cpu)}   ${f3(cli1.mc)}`,
      `flowlens flows, --workers 2         ${f3(cli2.wall)}  ${f3(cli2.cpu)}   ${f3(cli2.mc)}`,
    ];
  } finally {
    if (homeBefore === undefined) delete process.env.FLOWLENS_HOME;
    else process.env.FLOWLENS_HOME = homeBefore;
    rmSync(home, { recursive: true, force: true });
  }
}
