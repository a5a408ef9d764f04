import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { assembleResult, checkOptions, MonteCarloRun, runMonteCarlo, summariseRows, type FlowDistribution, type MonteCarloOptions, type MonteCarloResult, type ScenarioSetup } from './scenario.ts';

/**
 * Monte Carlo on several threads: this one plus `workers − 1` worker threads (node:worker_threads).
 * The paths are cut into one contiguous range per thread; path p always draws from stream p of
 * the seed, so the raw numbers — and the statistics computed from them — are bit-identical
 * whatever the number of threads. Each worker simulates its range into a buffer of its own and
 * transfers it back; this thread gathers the flows row-major [series·horizon][path] and sends
 * each worker a copy of its share of the rows to summarise (percentiles), which comes back too.
 * Buffers are transferred, never shared: a SharedArrayBuffer stays alive while any thread still
 * references it, and an idle worker that never collects garbage kept every run's result (peak
 * RSS grew by one result per run). Worker threads are kept for the next run (starting one costs
 * ~0.4 s, most of it loading TypeScript through tsx) and do not keep the process alive.
 */

/** A job for a worker thread (see worker.ts). */
export type PoolJob =
  | { readonly kind: 'simulate'; readonly id: number; readonly setup: ScenarioSetup; readonly opts: MonteCarloOptions; readonly start: number; readonly end: number }
  /** Summarise rows from … to − 1 of a raw result, sent as those rows only (row-major, every path). */
  | { readonly kind: 'summarise'; readonly id: number; readonly raw: ArrayBuffer; readonly from: number; readonly to: number };

/** A worker thread's answer; `raw` is a buffer handed back (simulated flows, or the rows it summarised). */
export interface PoolReply {
  readonly id: number;
  readonly error?: string;
  readonly dists?: FlowDistribution[];
  readonly raw?: ArrayBuffer;
}

const idle: Worker[] = [];
/** Workers that failed at top level: never reused. */
const dead = new WeakSet<Worker>();
let nextJob = 0;

/**
 * The worker's entry: the compiled dist/worker.js beside this module in the build (one flat
 * folder, scripts/build.mjs), or worker.mjs under tsx, which loads worker.ts through tsx's API.
 */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.mjs' : './worker.js', import.meta.url);

function takeWorker(): Worker {
  return idle.pop() ?? new Worker(WORKER_URL);
}

/** Runs one job on a worker; the worker returns to the idle list when it answers. */
function runOnWorker(w: Worker, job: PoolJob, transfer: ArrayBuffer[] = []): Promise<PoolReply> {
  w.ref();
  return new Promise<PoolReply>((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.unref();
    };
    const onMessage = (msg: PoolReply) => {
      if (msg.id !== job.id) return;
      done();
      if (msg.error !== undefined) reject(new Error(`scenario worker: ${msg.error}`));
      else resolve(msg);
    };
    const onError = (err: Error) => {
      done();
      // A worker that threw at top level is dead: it is not returned to the idle list.
      dead.add(w);
      reject(err);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage(job, transfer);
  });
}


/**
 * Monte Carlo on `workers` threads (default os.availableParallelism()), this one included;
 * bit-identical to runMonteCarlo (one thread) for the same setup and options.
 */
export async function runMonteCarloParallel(setup: ScenarioSetup, opts: MonteCarloOptions, workers = availableParallelism()): Promise<MonteCarloResult> {
  checkOptions(setup, opts);
  const n = Math.max(1, Math.min(Math.floor(workers), opts.paths));
  if (n === 1) return runMonteCarlo(setup, opts);
  const run = new MonteCarloRun(setup, opts);
  const rows = run.rows;
  const P = opts.paths;
  const raw = new Float64Array(rows * P);
  const ws = Array.from({ length: n - 1 }, takeWorker);
  try {
    const bounds = Array.from({ length: n + 1 }, (_, k) => Math.round((k * P) / n));
    // Range 0 runs here while the workers (started first) run the others.
    const sims = ws.map((w, k) => runOnWorker(w, { kind: 'simulate', id: nextJob++, setup, opts, start: bounds[k + 1] as number, end: bounds[k + 2] as number }));
    run.simulate(0, bounds[1] as number, raw);
    const parts = await Promise.all(sims);
    parts.forEach((reply, k) => {
      const start = bounds[k + 1] as number;
      const m = (bounds[k + 2] as number) - start;
      const part = new Float64Array(reply.raw ?? new ArrayBuffer(0));
      if (part.length !== rows * m) throw new Error(`scenario worker: ${part.length} flows for ${m} paths × ${rows} rows`);
      for (let r = 0; r < rows; r++) raw.set(part.subarray(r * m, (r + 1) * m), r * P + start);
    });
    const rb = Array.from({ length: n + 1 }, (_, k) => Math.round((k * rows) / n));
    const sums = ws.map((w, k) => {
      const from = rb[k + 1] as number;
      const to = rb[k + 2] as number;
      const share = raw.slice(from * P, to * P).buffer;
      return runOnWorker(w, { kind: 'summarise', id: nextJob++, raw: share, from, to }, [share]);
    });
    const own = summariseRows(raw.subarray(0, (rb[1] as number) * P), rb[1] as number);
    const theirs = await Promise.all(sums);
    const dists = [...own, ...theirs.flatMap((r) => r.dists ?? [])];
    return assembleResult(dists, run.engine.A, setup.horizons.length, opts, run.correlated);
  } finally {
    for (const w of ws) if (!dead.has(w)) idle.push(w);
  }
}

/** Stops the kept worker threads (for tests and processes that want a prompt, clean exit). */
export async function closePool(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}
