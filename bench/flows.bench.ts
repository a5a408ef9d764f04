// Benchmark of the scenario engine (issue #3): 10 assets × 100,000 paths × 21 days of correlated
// GBM Monte Carlo (CTA flows per asset + a vol-control fund on asset 0, mean and 5/25/50/75/95
// percentiles of every flow), on 1 and 2 threads, against the same model written with numpy
// (bench/reference/flows_numpy.py, vectorised across paths) on the same inputs in the same run.
// The deterministic tapes must agree with numpy's to 1e-9. Targets: ≥ 3× numpy on one thread,
// ≥ 1.7× from 1 to 2 threads. Inputs: 300 days of a seeded, correlated synthetic GBM history.
// Times are the best of REPEATS runs after a warm-up (the machine is shared: see the load line).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCtaParams } from '../src/models/cta.ts';
import { cholesky, generatePaths } from '../src/sim/paths.ts';
import { closePool, runMonteCarloParallel } from '../src/sim/pool.ts';
import { runMonteCarlo, runTapes, type MonteCarloOptions, type ScenarioSetup } from '../src/sim/scenario.ts';

const ASSETS = 10;
const DAYS = 300;
const PATHS = Number(process.env.BENCH_PATHS ?? 100_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const SIGMAS = [-2, -1, 0, 1, 2];

/** One-factor correlation ρ_ab = β_a β_b (bond-like assets get a negative β). */
function factorCorrelation(): Float64Array {
  const beta = Float64Array.from({ length: ASSETS }, (_, a) => (a % 4 === 3 ? -0.3 : 0.3 + 0.06 * a));
  const c = new Float64Array(ASSETS * ASSETS);
  for (let a = 0; a < ASSETS; a++) for (let b = 0; b < ASSETS; b++) c[a * ASSETS + b] = a === b ? 1 : (beta[a] as number) * (beta[b] as number);
  return c;
}

// Seeded synthetic history: 299 joint daily log returns with vols 0.6–1.8% a day, then prices.
const dailyVol = Float64Array.from({ length: ASSETS }, (_, a) => 0.006 + 0.002 * (a % 7));
const histReturns = generatePaths({ method: 'gbm', gbm: { dailyVol, dailyDrift: Float64Array.from({ length: ASSETS }, (_, a) => 0.0004 * ((a % 5) - 2)), cholesky: cholesky(factorCorrelation(), ASSETS) } }, 20240601, ASSETS, DAYS - 1, 0, 1);
const history = Array.from({ length: DAYS - 1 }, (_, d) => Float64Array.from({ length: ASSETS }, (_, a) => histReturns[a * (DAYS - 1) + d] as number));
const assets = Array.from({ length: ASSETS }, (_, a) => {
  const px = new Float64Array(DAYS);
  px[0] = 100;
  for (let d = 1; d < DAYS; d++) px[d] = (px[d - 1] as number) * Math.exp((history[d - 1] as Float64Array)[a] as number);
  return { id: `A${a}`, prices: px, weight: 1 / ASSETS };
});
const cta = resolveCtaParams({ aumBn: 350 });
const volControl = { assetIndex: 0, targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25, aumBn: 400, exposure: 0.8 };
const setup: ScenarioSetup = { assets, cta, volControl, horizons: [5, 21] };
const opts: MonteCarloOptions = { paths: PATHS, seed: 1, method: 'gbm', history };

/** Best wall time and best CPU time (all threads of this process) of REPEATS runs, seconds. */
async function best(threads: number): Promise<{ wall: number; cpu: number }> {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await runMonteCarloParallel(setup, opts, threads);
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

function numpyPython(): string {
  const ok = (py: string) => spawnSync(py, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  if (ok('python3')) return 'python3';
  if (ok('/usr/bin/python3')) return '/usr/bin/python3';
  console.log('numpy not found: installing Debian python3-numpy …');
  spawnSync('apt-get', ['install', '-y', '-qq', 'python3-numpy'], { stdio: 'inherit' });
  if (ok('/usr/bin/python3')) return '/usr/bin/python3';
  throw new Error('numpy is not available for the reference run (apt-get install -y python3-numpy failed)');
}

// Flowlens: tapes, a warm-up of both configurations (JIT, worker start), then the timed runs.
const tapes = runTapes(setup, SIGMAS);
runMonteCarlo(setup, { ...opts, paths: 5000 });
await runMonteCarloParallel(setup, { ...opts, paths: 5000 }, 2);
const one = await best(1);
const two = await best(2);
const result = await runMonteCarloParallel(setup, opts, 2);
await closePool();

// numpy on the same inputs, through a temp JSON file.
const py = numpyPython();
const dir = mkdtempSync(join(tmpdir(), 'flowlens-bench-'));
const input = join(dir, 'inputs.json');
writeFileSync(
  input,
  JSON.stringify({
    histories: assets.map((a) => Array.from(a.prices)),
    jointReturns: history.map((r) => Array.from(r)),
    weights: assets.map((a) => a.weight),
    lookbacks: cta.lookbacks,
    volWindow: cta.volWindow,
    volTarget: cta.volTarget,
    cap: cta.cap,
    aumBn: cta.aumBn,
    volControl,
    horizons: setup.horizons,
    sigmas: SIGMAS,
    tapeShape: 'swing',
    paths: PATHS,
    repeats: Math.min(REPEATS, 2),
  }),
);
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE; // the house's OpenBLAS pinning: unset for the numpy process only
const ref = spawnSync(py, [join(import.meta.dirname, 'reference', 'flows_numpy.py'), input], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
rmSync(dir, { recursive: true, force: true });
if (ref.status !== 0) throw new Error(`numpy reference failed: ${ref.stderr}`);
const np = JSON.parse(ref.stdout) as { tapes: number[][][]; mcSeconds: number; mcCpuSeconds: number; mean: number[][]; numpy: string };

// Tapes: every flow (per asset, CTA total, vol-control, total) at every horizon.
let maxDiff = 0;
tapes.forEach((t, i) => {
  const f = t.flows;
  const rows = [...Array.from({ length: ASSETS }, (_, a) => f.perAsset.map((h) => h[a] as number)), Array.from(f.ctaTotal), Array.from(f.volControl), Array.from(f.total)];
  rows.forEach((row, s) => row.forEach((v, h) => (maxDiff = Math.max(maxDiff, Math.abs(v - (np.tapes[i]?.[s]?.[h] ?? Number.NaN))))));
});

const cores = availableParallelism();
const load = loadavg()[0] ?? 0;
const rate = (sec: number) => Math.round(PATHS / sec).toLocaleString('en-US').padStart(9);
const mark = (ok: boolean, target: string) => (ok ? 'OK' : `MISSED (target ${target})`);
const f3 = (x: number) => x.toFixed(3).padStart(7);
const vsWall = np.mcSeconds / one.wall;
const vsCpu = np.mcCpuSeconds / one.cpu;
const speedup = one.wall / two.wall;
console.log(`bench:flows — ${ASSETS} assets × ${PATHS.toLocaleString('en-US')} paths × 21 days, correlated GBM; CTA per asset + vol-control; mean and 5 percentiles of ${(ASSETS + 3) * 2} flows`);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cores} cores; best of ${REPEATS} after a warm-up; numpy ${np.numpy} (${py})`);
console.log('');
console.log('run                  wall s    paths/s  CPU s   vs numpy (wall / CPU)');
console.log(`numpy (vectorised)  ${f3(np.mcSeconds)}  ${rate(np.mcSeconds)}  ${f3(np.mcCpuSeconds)}   1.00× / 1.00×`);
console.log(`flowlens, 1 thread  ${f3(one.wall)}  ${rate(one.wall)}  ${f3(one.cpu)}   ${vsWall.toFixed(2)}× / ${vsCpu.toFixed(2)}×`);
console.log(`flowlens, 2 threads ${f3(two.wall)}  ${rate(two.wall)}  ${f3(two.cpu)}   ${(np.mcSeconds / two.wall).toFixed(2)}× / —`);
console.log('');
console.log(`1 thread vs numpy:     ${vsWall.toFixed(2)}× wall, ${vsCpu.toFixed(2)}× CPU   ${mark(vsWall >= 3, '3×')}`);
console.log(`speed-up 1 → 2 threads: ${speedup.toFixed(2)}× wall   ${mark(speedup >= 1.7, '1.7×')}${load > cores ? `   (load ${load.toFixed(1)} > ${cores} cores: other processes share the CPUs)` : ''}`);
console.log(`deterministic tapes vs numpy: max |difference| ${maxDiff.toExponential(2)} bn over ${SIGMAS.length} tapes × ${(ASSETS + 3) * 2} flows   ${mark(maxDiff <= 1e-9, '1e-9')}`);
const m = result.ctaTotal[1]?.mean ?? Number.NaN;
console.log(`Monte Carlo sanity (different generators): mean CTA 21-day flow ${m.toFixed(2)} bn (flowlens) vs ${(np.mean[ASSETS]?.[1] ?? Number.NaN).toFixed(2)} bn (numpy)`);
