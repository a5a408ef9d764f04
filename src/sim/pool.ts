import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ParameterError } from '../core/errors.ts';
import { runMonteCarlo, simulatePaths, summarise, type MonteCarloOptions, type MonteCarloResult, type RawPathFlows, type ScenarioSetup } from './scenario.ts';

/** Joins raw flows of consecutive path ranges, in order. */
function concat(parts: readonly RawPathFlows[]): RawPathFlows {
  const join = (xs: readonly Float64Array[]) => {
    const out = new Float64Array(xs.reduce((n, x) => n + x.length, 0));
    let o = 0;
    for (const x of xs) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  const first = parts[0] as RawPathFlows;
  return {
    perAsset: first.perAsset.map((row, h) => row.map((_, a) => join(parts.map((p) => (p.perAsset[h] as Float64Array[])[a] as Float64Array)))),
    ctaTotal: first.ctaTotal.map((_, h) => join(parts.map((p) => p.ctaTotal[h] as Float64Array))),
    volControl: first.volControl.map((_, h) => join(parts.map((p) => p.volControl[h] as Float64Array))),
  };
}

/** Worker threads kept between runs: starting one costs ~0.4 s (loading TypeScript). */
const idle: Worker[] = [];
let nextJob = 0;

function takeWorker(): Worker {
  const w = idle.pop() ?? new Worker(new URL('./worker.mjs', import.meta.url));
  // An idle worker must not keep the process alive.
  w.unref();
  return w;
}

function runOnWorker(setup: ScenarioSetup, opts: MonteCarloOptions, start: number, end: number): Promise<RawPathFlows> {
  const w = takeWorker();
  const id = nextJob++;
  w.ref();
  return new Promise<RawPathFlows>((resolve, reject) => {
    const onMessage = (msg: { id: number; raw?: RawPathFlows; error?: string }) => {
      if (msg.id !== id) return;
      w.off('message', onMessage);
      w.off('error', onError);
      w.unref();
      idle.push(w);
      if (msg.raw) resolve(msg.raw);
      else reject(new Error(`scenario worker: ${msg.error ?? 'no result'}`));
    };
    const onError = (err: Error) => {
      w.off('message', onMessage);
      reject(err);
    };
    w.on('message', onMessage);
    w.once('error', onError);
    w.postMessage({ id, setup, opts, start, end });
  });
}

/**
 * Monte Carlo on `workers` threads (default: the machine's available parallelism), this one
 * included: the paths are cut into one contiguous range per thread, each simulates its range with
 * the same per-path streams, and the ranges are joined in order — so the result is bit-identical
 * to one thread's. Worker threads (worker.mjs, which loads the TypeScript through tsx's API) are
 * kept for the next run.
 */
export async function runMonteCarloParallel(setup: ScenarioSetup, opts: MonteCarloOptions, workers = availableParallelism()): Promise<MonteCarloResult> {
  if (!Number.isInteger(opts.paths) || opts.paths < 1) throw new ParameterError(`paths must be a whole number ≥ 1, got ${opts.paths}`);
  const n = Math.max(1, Math.min(workers, opts.paths));
  if (n === 1) return runMonteCarlo(setup, opts);
  const bounds = Array.from({ length: n + 1 }, (_, k) => Math.round((k * opts.paths) / n));
  // Range 0 runs on this thread while the workers (started first) run the others.
  const started = bounds.slice(1, n).map((start, k) => runOnWorker(setup, opts, start, bounds[k + 2] as number));
  const own = simulatePaths(setup, opts, 0, bounds[1] as number);
  const parts = [own, ...(await Promise.all(started))];
  return summarise(concat(parts), opts);
}

/** Stops the kept worker threads (tests and long-lived processes that want a clean exit). */
export async function closePool(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}
