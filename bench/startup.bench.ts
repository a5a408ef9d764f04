// Benchmark: how long a user waits for `flowlens …` — whole-process wall and CPU time (user +
// system, all threads) of the installed command (bin/flowlens.js over a fresh dist/) for
// --help, --version and the data commands, on a store imported from ../shared/data (or
// $FLOWLENS_DATA_DIR), against `node -e 0` measured in the same run as the control. CPU comes
// from GNU time (/usr/bin/time; Debian package `time`). Targets: --help ≤ 0.25 s wall, the
// data commands ≤ 0.8 s, `flows --paths 100000` ≤ 1.5 s. The sources run through tsx (the launcher before the build) are shown for scale.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { importDirectory } from '../src/sources/files.ts';
import { openStore } from '../src/store/parquetStore.ts';
import { syncFromFetched } from '../src/sync/runSync.ts';

const root = join(import.meta.dirname, '..');
const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(root, '..', 'shared', 'data'));
if (!existsSync(dir)) {
  console.error(`bench:startup: no data folder at ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

interface Timing {
  wall: number;
  cpu: number | undefined;
}

/** One run of `argv` in a fresh process: wall from here, CPU (user + sys) from GNU time. */
function once(argv: readonly string[], env: NodeJS.ProcessEnv): Timing {
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync(TIME, ['-f', 'cpu %U %S', ...argv], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(argv[0] as string, argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${argv.slice(1).join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = hasTime ? /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) : null;
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : undefined };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/** Median wall and CPU of RUNS runs after one warm-up (the file cache warm, as for a user's second call). */
function measure(argv: readonly string[], env: NodeJS.ProcessEnv, runs = RUNS): Timing {
  once(argv, env);
  const t = Array.from({ length: runs }, () => once(argv, env));
  const cpus = t.map((x) => x.cpu).filter((x): x is number => x !== undefined);
  return { wall: median(t.map((x) => x.wall)), cpu: cpus.length ? median(cpus) : undefined };
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-startup-'));
try {
  const w = await openStore({ home, mode: 'write' });
  await syncFromFetched(w, (await importDirectory(dir)).series);
  await w.close();
  const env = { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1' };
  const bin = join(root, 'bin', 'flowlens.js');
  const targets: { args: string[]; target: number }[] = [
    { args: ['--help'], target: 0.25 },
    { args: ['--version'], target: 0.8 },
    { args: ['series', 'list'], target: 0.8 },
    { args: ['series', 'show', 'SPY'], target: 0.8 },
    { args: ['vol'], target: 0.8 },
    { args: ['fed'], target: 0.8 },
    { args: ['liquidity'], target: 0.8 },
    { args: ['economy', 'labour'], target: 0.8 },
    { args: ['economy', 'kshape'], target: 0.8 },
    // The whole flows screen with the Monte Carlo the issue names: 100k bootstrap paths (the default method).
    { args: ['flows', '--paths', '100000'], target: 1.5 },
  ];
  const fmt = (t: Timing) => `${t.wall.toFixed(3)} s   cpu ${t.cpu === undefined ? '  —  ' : `${t.cpu.toFixed(2)} s`}`;
  const control = measure([process.execPath, '-e', '0'], env);
  console.log(`bench:startup — median of ${RUNS} runs, store imported from ${dir}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}${hasTime ? '' : ' (no /usr/bin/time: CPU not measured; apt-get install time)'}`);
  console.log(`${'control: node -e 0'.padEnd(34)}${fmt(control)}`);
  let missed = 0;
  for (const { args, target } of targets) {
    const t = measure([process.execPath, bin, ...args], env);
    const ok = t.wall <= target;
    if (!ok) missed++;
    console.log(`${`flowlens ${args.join(' ')}`.padEnd(34)}${fmt(t)}   +${(t.wall - control.wall).toFixed(3)} s over control   target ≤ ${target} s ${ok ? 'OK' : 'MISSED'}`);
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const before = measure([process.execPath, tsx, join(root, 'src', 'cli', 'main.ts'), '--help'], env, 3);
  console.log(`${'sources through tsx: --help'.padEnd(34)}${fmt(before)}   (the launcher before the build, for scale)`);
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(missed === 0 ? 'all targets OK' : `${missed} target(s) MISSED (wall time depends on the machine's load: compare with the control)`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
