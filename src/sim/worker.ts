// Worker of the scenario pool: waits for jobs (a path range of a setup), simulates them and posts
// the raw flows back, transferring the buffers (no copy). It lives as long as the pool keeps it.
import { parentPort } from 'node:worker_threads';
import { simulatePaths, type MonteCarloOptions, type ScenarioSetup } from './scenario.ts';

interface Job {
  readonly id: number;
  readonly setup: ScenarioSetup;
  readonly opts: MonteCarloOptions;
  readonly start: number;
  readonly end: number;
}

parentPort?.on('message', (job: Job) => {
  try {
    const raw = simulatePaths(job.setup, job.opts, job.start, job.end);
    const buffers = [...raw.perAsset.flat(), ...raw.ctaTotal, ...raw.volControl].map((a) => a.buffer as ArrayBuffer);
    parentPort?.postMessage({ id: job.id, raw }, buffers);
  } catch (err) {
    parentPort?.postMessage({ id: job.id, error: (err as Error).message });
  }
});
