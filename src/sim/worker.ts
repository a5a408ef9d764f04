// Worker thread of the scenario pool (pool.ts): simulates a path range into a buffer of its own,
// or summarises rows it is sent, and answers with the job id — handing every buffer back to the
// main thread (transferred), so a worker holds no result between jobs.
import { parentPort } from 'node:worker_threads';
import type { PoolJob, PoolReply } from './pool.ts';
import { MonteCarloRun, summariseRows } from './scenario.ts';

parentPort?.on('message', (job: PoolJob) => {
  let reply: PoolReply;
  try {
    if (job.kind === 'simulate') {
      const run = new MonteCarloRun(job.setup, job.opts);
      const raw = new Float64Array(run.rows * (job.end - job.start));
      run.simulate(job.start, job.end, raw, job.start);
      reply = { id: job.id, raw: raw.buffer };
    } else reply = { id: job.id, dists: summariseRows(new Float64Array(job.raw), job.to - job.from), raw: job.raw };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply, reply.raw ? [reply.raw] : []);
});
