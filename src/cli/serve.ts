import type { Command } from 'commander';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { isLoopbackHost } from '../server/guard.ts';
import { startServer, type RunningServer } from '../server/server.ts';

interface ServeFlags {
  port: string;
  host: string;
}

/** Validates `--port`: a whole number 0–65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new FlowlensError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

/**
 * Resolves on the first SIGINT or SIGTERM, after closing `running`; the handlers are removed
 * again, so a second Ctrl-C during the close ends the process as usual.
 */
export function closeOnSignal(running: RunningServer, onClosed: (signal: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      running.close().then(() => {
        onClosed(signal);
        resolve();
      }, reject);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `flowlens serve`: the report page and a JSON API over the store, on this machine, while `sync` refreshes it. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('a local web dashboard (the report, rebuilt when the store changes) and a JSON API over the store; read-only, so `flowlens sync` can run meanwhile')
    .option('--port <n>', 'TCP port (0: any free port)', '8787')
    .option('--host <addr>', 'interface to bind (127.0.0.1: this machine only)', '127.0.0.1')
    .action(async (flags: ServeFlags) => {
      const port = parsePort(flags.port);
      if (!isLoopbackHost(flags.host)) {
        process.stderr.write(`flowlens serve: warning: --host ${flags.host} serves the store to ${flags.host === '0.0.0.0' || flags.host === '::' ? 'every network interface' : `the network of ${flags.host}`}, without authentication and with any Host header; see SECURITY.md\n`);
      }
      const running = await startServer({ home: flowlensHome(), port, host: flags.host });
      process.stdout.write(`flowlens serve: ${running.url} (report, /api/report, /api/series, /api/series/ID, /healthz); Ctrl-C to stop\n`);
      await closeOnSignal(running, (signal) => process.stdout.write(`flowlens serve: stopped (${signal})\n`));
    });
}
