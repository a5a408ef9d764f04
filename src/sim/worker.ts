// Worker thread of the scenario pool (pool.ts): simulates a path range into the shared result
// buffer, or summarises a range of its rows, and answers with the job id. It lives as long as
// the pool keeps it.
import { parentPort } from 'node:worker_threads';
import type { PoolJob, PoolReply } from './pool.ts';
import { MonteCarloRun, summariseRows } from './scenario.ts';

parentPort?.on('message', (job: PoolJob) => {
  let reply: PoolReply;
  try {
    const raw = new Float64Array(job.raw);
    if (job.kind === 'simulate') {
      new MonteCarloRun(job.setup, job.opts).simulate(job.start, job.end, raw);
      reply = { id: job.id };
    } else reply = { id: job.id, dists: summariseRows(raw, job.rows, job.from, job.to) };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
