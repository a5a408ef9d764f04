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

/**
 * Monte Carlo on `workers` threads (default: the machine's available parallelism), this one
 * included: the paths are cut into one contiguous range per thread, each simulates its range with the same per-path
 * streams, and the ranges are joined in order — so the result is bit-identical to one thread's.
 * Workers start from worker.mjs, which loads the TypeScript through tsx's API.
 */
export async function runMonteCarloParallel(setup: ScenarioSetup, opts: MonteCarloOptions, workers = availableParallelism()): Promise<MonteCarloResult> {
  if (!Number.isInteger(opts.paths) || opts.paths < 1) throw new ParameterError(`paths must be a whole number ≥ 1, got ${opts.paths}`);
  const n = Math.max(1, Math.min(workers, opts.paths));
  if (n === 1) return runMonteCarlo(setup, opts);
  const bounds = Array.from({ length: n + 1 }, (_, k) => Math.round((k * opts.paths) / n));
  // Range 0 runs on this thread while the workers (started first) run the others.
  const started = bounds.slice(1, n).map(
      (start, k0) => {
        const k = k0 + 1;
        return new Promise<RawPathFlows>((resolve, reject) => {
          const w = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { setup, opts, start, end: bounds[k + 1] } });
          w.once('message', (raw: RawPathFlows) => resolve(raw));
          w.once('error', reject);
          w.once('exit', (code) => {
            if (code !== 0) reject(new Error(`scenario worker ${k} exited with code ${code}`));
          });
        });
      },
  );
  const own = simulatePaths(setup, opts, 0, bounds[1] as number);
  const parts = [own, ...(await Promise.all(started))];
  return summarise(concat(parts), opts);
}
