// Worker thread of the scenario pool (pool.ts): simulates a path range into a buffer of its own
// and answers with copies of the rows the other threads summarise, keeping its buffer until the
// run's 'summarise' job, which summarises its rows from every thread's part and hands every
// buffer back to the main thread (transferred), so a worker holds no result between runs.
import { parentPort } from 'node:worker_threads';
import { partFor, rowsOfThread, summariseParts, type PoolJob, type PoolReply } from './pool.ts';
import { MonteCarloRun } from './scenario.ts';

/** The buffer of the run being summarised next (at most one: a new run replaces it). */
let kept: { run: number; thread: number; threads: number; rows: number; buf: Float64Array } | undefined;

parentPort?.on('message', (job: PoolJob) => {
  let reply: PoolReply;
  try {
    if (job.kind === 'simulate') {
      kept = undefined;
      const run = new MonteCarloRun(job.setup, job.opts);
      const m = job.end - job.start;
      const buf = new Float64Array(run.rows * m);
      run.simulate(job.start, job.end, buf, job.start);
      kept = { run: job.run, thread: job.thread, threads: job.threads, rows: run.rows, buf };
      reply = { id: job.id, buffers: Array.from({ length: job.threads }, (_, t) => (t === job.thread ? undefined : partFor(buf, run.rows, m, job.threads, t))) };
    } else {
      const k = kept;
      kept = undefined;
      if (!k || k.run !== job.run) throw new Error(`no simulated paths kept for run ${job.run}`);
      const mine = rowsOfThread(k.rows, k.threads, k.thread);
      const whole = job.parts.map((_, t) => (t === k.thread ? k.buf : undefined));
      const parts = job.parts.map((b) => (b ? new Float64Array(b) : undefined));
      reply = { id: job.id, dists: summariseParts(mine, job.paths, whole, parts), buffers: [k.buf.buffer as ArrayBuffer, ...job.parts.filter((b): b is ArrayBuffer => b !== undefined)] };
    }
  } catch (err) {
    kept = undefined;
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply, (reply.buffers ?? []).filter((b): b is ArrayBuffer => b !== undefined));
});
