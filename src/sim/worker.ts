// Worker entry of the scenario pool: simulates its share of the paths and posts the raw flows
// back, transferring the buffers (no copy).
import { parentPort, workerData } from 'node:worker_threads';
import { simulatePaths, type MonteCarloOptions, type ScenarioSetup } from './scenario.ts';

interface Job {
  readonly setup: ScenarioSetup;
  readonly opts: MonteCarloOptions;
  readonly start: number;
  readonly end: number;
}

const job = workerData as Job;
const raw = simulatePaths(job.setup, job.opts, job.start, job.end);
const buffers = [...raw.perAsset.flat(), ...raw.ctaTotal, ...raw.volControl].map((a) => a.buffer as ArrayBuffer);
parentPort?.postMessage(raw, buffers);
