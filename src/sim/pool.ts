import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { assembleResult, checkOptions, distributionOfSegments, MonteCarloRun, runMonteCarlo, type FlowDistribution, type MonteCarloOptions, type MonteCarloResult, type ScenarioSetup } from './scenario.ts';

/**
 * Monte Carlo on several threads: this one plus `workers − 1` worker threads (node:worker_threads).
 * The paths are cut into one contiguous range per thread; path p always draws from stream p of
 * the seed, so the raw numbers — and the statistics computed from them — are bit-identical
 * whatever the number of threads. Each thread simulates its range into a buffer of its own
 * (rows × its paths). The rows are dealt to the threads for summarising (row r to thread
 * r mod n); each thread copies out, from its own buffer, the rows the others summarise (one
 * buffer per other thread, in parallel), this thread hands each worker the parts of its rows, and
 * each summarises its rows from the n parts in path order (the mean sums in path order, so the
 * numbers are those of one thread). Nothing is merged on this thread and nothing is copied twice.
 * Buffers are transferred, never shared: a SharedArrayBuffer stays alive while any thread still
 * references it, and an idle worker that never collects garbage kept every run's result (peak
 * RSS grew by one result per run); a worker hands every buffer back with its last answer of a
 * run. Worker threads are kept for the next run (starting one costs ~0.4 s, most of it loading
 * TypeScript through tsx) and do not keep the process alive.
 */

/** The rows thread t of n summarises: r ≡ t (mod n), so the cheap constant rows spread out too. */
export function rowsOfThread(rows: number, n: number, t: number): number[] {
  const out: number[] = [];
  for (let r = t; r < rows; r += n) out.push(r);
  return out;
}

/** A job for a worker thread (see worker.ts). */
export type PoolJob =
  /**
   * Simulate paths start … end − 1 as thread `thread` of `threads`; answer with one buffer per
   * other thread holding the rows it summarises (rowsOfThread), and keep the own buffer for
   * the 'summarise' job of the same run.
   */
  | { readonly kind: 'simulate'; readonly id: number; readonly run: number; readonly setup: ScenarioSetup; readonly opts: MonteCarloOptions; readonly start: number; readonly end: number; readonly thread: number; readonly threads: number }
  /**
   * Summarise this thread's rows of run `run` from the parts of every thread, in thread order
   * (the own slot is undefined: the kept buffer), `paths` paths each; hand every buffer back.
   */
  | { readonly kind: 'summarise'; readonly id: number; readonly run: number; readonly parts: readonly (ArrayBuffer | undefined)[]; readonly paths: readonly number[] };

/** A worker thread's answer; `buffers` are handed over (parts for the other threads, or buffers given back). */
export interface PoolReply {
  readonly id: number;
  readonly error?: string;
  readonly dists?: FlowDistribution[];
  readonly buffers?: (ArrayBuffer | undefined)[];
}

/**
 * The rows of `rows` (row-major, `paths` paths per row, in `buf`) that thread `t` of `n`
 * summarises, copied into a buffer of their own: the part this thread sends it.
 */
export function partFor(buf: Float64Array, rows: number, paths: number, n: number, t: number): ArrayBuffer {
  const mine = rowsOfThread(rows, n, t);
  const out = new Float64Array(mine.length * paths);
  mine.forEach((r, i) => out.set(buf.subarray(r * paths, (r + 1) * paths), i * paths));
  return out.buffer;
}

/**
 * The distributions of rows `mine` from the parts of every thread (thread order = path order):
 * own[t] is thread t's whole buffer (every row) or undefined, parts[t] its part for these rows.
 */
export function summariseParts(mine: readonly number[], paths: readonly number[], whole: readonly (Float64Array | undefined)[], parts: readonly (Float64Array | undefined)[]): FlowDistribution[] {
  const scratch = new Float64Array(paths.reduce((s, m) => s + m, 0));
  return mine.map((r, i) =>
    distributionOfSegments(
      paths.map((m, t) => {
        const w = whole[t];
        if (w) return w.subarray(r * m, (r + 1) * m);
        return (parts[t] as Float64Array).subarray(i * m, (i + 1) * m);
      }),
      scratch,
    ),
  );
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
  const P = opts.paths;
  const bounds = Array.from({ length: n + 1 }, (_, k) => Math.round((k * P) / n));
  const paths = Array.from({ length: n }, (_, t) => (bounds[t + 1] as number) - (bounds[t] as number));
  const ws = Array.from({ length: n - 1 }, takeWorker);
  const runId = nextJob++;
  try {
    // The workers start first (thread t = k + 1 simulates range t); range 0 runs here meanwhile.
    const sims = ws.map((w, k) => runOnWorker(w, { kind: 'simulate', id: nextJob++, run: runId, setup, opts, start: bounds[k + 1] as number, end: bounds[k + 2] as number, thread: k + 1, threads: n }));
    const run = new MonteCarloRun(setup, opts);
    const rows = run.rows;
    const own = new Float64Array(rows * paths[0]!);
    run.simulate(0, paths[0]!, own);
    // This thread's parts for the workers' rows, copied while they copy theirs.
    const ownParts = ws.map((_, k) => partFor(own, rows, paths[0]!, n, k + 1));
    const replies = await Promise.all(sims);
    for (const r of replies) if ((r.buffers ?? []).length !== n) throw new Error(`scenario worker: ${(r.buffers ?? []).length} parts for ${n} threads`);
    // Worker k + 1 gets, for its rows, the part of every other thread (thread order).
    const sums = ws.map((w, k) => {
      const t = k + 1;
      const parts = Array.from({ length: n }, (_, u) => (u === t ? undefined : u === 0 ? ownParts[k] : replies[u - 1]?.buffers?.[t]));
      return runOnWorker(w, { kind: 'summarise', id: nextJob++, run: runId, parts, paths }, parts.filter((b): b is ArrayBuffer => b !== undefined));
    });
    const mine = rowsOfThread(rows, n, 0);
    const whole = Array.from({ length: n }, (_, t) => (t === 0 ? own : undefined));
    const parts = Array.from({ length: n }, (_, t) => (t === 0 ? undefined : new Float64Array(replies[t - 1]?.buffers?.[0] as ArrayBuffer)));
    const dists: FlowDistribution[] = new Array<FlowDistribution>(rows);
    summariseParts(mine, paths, whole, parts).forEach((d, i) => (dists[mine[i]!] = d));
    const theirs = await Promise.all(sums);
    theirs.forEach((reply, k) => {
      const rs = rowsOfThread(rows, n, k + 1);
      if ((reply.dists ?? []).length !== rs.length) throw new Error(`scenario worker: ${(reply.dists ?? []).length} distributions for ${rs.length} rows`);
      reply.dists?.forEach((d, i) => (dists[rs[i]!] = d));
    });
    return assembleResult(dists, run.engine.A, setup.horizons.length, opts, run.correlated);
  } finally {
    for (const w of ws) if (!dead.has(w)) idle.push(w);
  }
}

/** Stops the kept worker threads (for tests and processes that want a prompt, clean exit). */
export async function closePool(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}
