import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetryPolicy } from '../alerts/deliver.ts';
import type { FiredAlert } from '../alerts/evaluate.ts';

/** A real HTTP receiver (for the alert channel tests) on 127.0.0.1: answers each POST with the next status of `plan` (then 200) and keeps the bodies. */
export interface Receiver {
  readonly url: string;
  readonly received: { path: string; contentType: string | undefined; body: unknown }[];
  plan: number[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const state = { plan: [] as number[] };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const status = state.plan.shift() ?? 200;
      if (status === 200) received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(text) as unknown });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get plan() {
      return state.plan;
    },
    set plan(p: number[]) {
      state.plan = p;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const ALERT: FiredAlert = {
  id: 'vix@2024-08-05T22:00:00.000Z',
  rule: 'vix',
  kind: 'vix-ratio',
  firedAt: '2024-08-05T22:00:00.000Z',
  asOf: '2024-08-05',
  title: 'vix: VIX/VIX3M ≥ 1',
  message: 'VIX/VIX3M 1.144 ≥ 1 on 2024-08-05 (VIX 38.57, VIX3M 33.71; hedging flow)',
  channels: ['hook'],
};

/** Retries without waiting: the waits asked for are recorded instead (no test depends on a timer). */
export function instantRetry(attempts = 3): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { attempts, baseDelayMs: 500, waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}
