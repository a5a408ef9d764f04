import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { isLoopbackHost } from '../server/guard.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { dashboardRoutes, PAGES_TO_WARM, preloadDashboard } from '../server/dashboardRoutes.ts';
import { warmPages } from '../server/warm.ts';
import { onStoreSettled } from '../server/storeSettled.ts';
import { buildChannels } from '../alerts/check.ts';
import { parseRefreshCron, refreshJob, refreshSummary, scheduleRefresh } from '../alerts/refresh.ts';
import { alertsConfigPath, loadAlertsFile, parseAlertsFile } from '../alerts/rules.ts';

interface ServeFlags {
  port: string;
  host: string;
  token?: string;
  cors?: string;
  refresh?: string;
  refreshFrom?: string;
  warm: boolean;
}

/**
 * The scheduled refresh of `serve --refresh`: reads the rules file afresh (edits apply at the
 * next run), syncs, evaluates and delivers; any failure is one line on stderr and the server
 * goes on. Without a rules file it still syncs and recomputes (no rule to evaluate), and says so.
 * Returns the line it printed.
 */
export async function refreshOnce(home: string, from: string | undefined, rulesPath = alertsConfigPath()): Promise<string> {
  const stamp = () => new Date().toISOString().slice(0, 19).replace('T', ' ');
  try {
    // No rules file made every refresh fail before its sync.
    const noRules = !existsSync(rulesPath);
    const file = noRules ? parseAlertsFile('{"rules":[]}', rulesPath) : loadAlertsFile(rulesPath);
    const channels = buildChannels(file, home, (l) => process.stderr.write(l));
    const r = await refreshJob({ home, file, channels, now: () => new Date(), ...(from ? { from } : {}) });
    const line = `flowlens serve: refresh ${stamp()} UTC: ${refreshSummary(r)}${noRules ? ` (no alert rules at ${rulesPath}: \`flowlens alerts init\` writes some)` : ''}\n`;
    process.stdout.write(line);
    return line;
  } catch (err) {
    const line = `flowlens serve: refresh ${stamp()} UTC failed: ${(err as Error).message.split('\n')[0]}\n`;
    process.stderr.write(line);
    return line;
  }
}

/** Validates `--port`: a whole number 0–65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new FlowlensError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

/**
 * Validates `--cors`: one origin, `scheme://host[:port]` as a browser sends it in `Origin`
 * (no path, no trailing slash, no `*`: the API is opened to one page, not to every site).
 */
export function parseCorsOrigin(value: string): string {
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin === 'null' || origin !== value || !/^https?:/.test(value)) {
    throw new FlowlensError(`--cors must be one origin like http://localhost:3000 (scheme://host[:port], no path or trailing slash), got "${value}"`);
  }
  return origin;
}

/**
 * The token of `serve`: `--token`, else the environment's FLOWLENS_TOKEN (an empty one is unset).
 * Required when `host` is not loopback: without one the command stops before listening.
 */
export function resolveToken(host: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = flag ?? (env.FLOWLENS_TOKEN ? env.FLOWLENS_TOKEN : undefined);
  if (token !== undefined && !/^[\x21-\x7e]{16,512}$/.test(token)) throw new FlowlensError('the token (--token or FLOWLENS_TOKEN) must be 16 to 512 printable characters without spaces');
  if (token === undefined && !isLoopbackHost(host)) throw new FlowlensError(`--host ${host} serves the store to other machines: give a token with --token T or FLOWLENS_TOKEN (e.g. \`openssl rand -hex 24\`)`);
  return token;
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
    .description('the dashboard (overview, flows, volatility, Fed, liquidity, economy, study, alerts; the report at /report), recomputed when the store changes, and a JSON API over the store; read-only, so `flowlens sync` can run meanwhile')
    .option('--port <n>', 'TCP port (0: any free port)', '8787')
    .option('--host <addr>', 'interface to bind (127.0.0.1: this machine only; any other needs a token)', '127.0.0.1')
    .option('--token <t>', 'every request must carry it (`Authorization: Bearer T` or `?token=T`); default: FLOWLENS_TOKEN; required with a non-loopback --host')
    .option('--cors <origin>', 'let pages of this one origin (e.g. http://localhost:3000) read the API from a browser; default: no CORS headers')
    .option('--refresh <cron>', 'on this schedule (cron, UTC; e.g. "0 22 * * 1-5"): sync, recompute, evaluate the alert rules (if there is a rules file) and deliver')
    .option('--refresh-from <dir>', 'with --refresh: sync from this folder (as `sync --from`) instead of the online sources')
    .option('--no-warm', 'do not compute the dashboard pages in the background at start and after each refresh (the first visit of each page then waits for it)')
    .action(async (flags: ServeFlags) => {
      const port = parsePort(flags.port);
      const token = resolveToken(flags.host, flags.token);
      const cors = flags.cors !== undefined ? parseCorsOrigin(flags.cors) : undefined;
      if (!isLoopbackHost(flags.host)) {
        process.stderr.write(`flowlens serve: note: --host ${flags.host} serves the store to ${flags.host === '0.0.0.0' || flags.host === '::' ? 'every network interface' : `the network of ${flags.host}`} over plain HTTP (the token travels unencrypted: use a trusted network or a TLS proxy); see SECURITY.md\n`);
      }
      if (flags.refreshFrom !== undefined && !flags.refresh) throw new FlowlensError('--refresh-from goes with --refresh CRON');
      const cron = flags.refresh !== undefined ? parseRefreshCron(flags.refresh) : undefined;
      // Checked now: a missing folder let the server start and every refresh fail.
      if (flags.refreshFrom !== undefined) (await import('./sync.ts')).checkImportFolder(flags.refreshFrom, '--refresh-from');
      const home = flowlensHome();
      const running = await startServer({ home, port, host: flags.host, token, cors, routes: dashboardRoutes() });
      process.stdout.write(`flowlens serve: ${running.url} (dashboard: /, /flows, /volatility, /fed, /liquidity, /economy, /study, /alerts; report at /report; /api/report, /api/series, /api/series/ID, /api/openapi.json, /alerts.atom, /healthz)${token ? '; token required' : ''}${cors ? `; CORS for ${cors}` : ''}; Ctrl-C to stop\n`);
      // The dashboard's code is loaded now (no page computed: --no-warm still computes nothing),
      // so a first visit does not wait for its modules to load.
      void preloadDashboard();
      // The pages at the latest data are computed now, not when the first visitor asks (a page
      // takes up to ~2 s of CPU on the full store), and again once a sync (the refresh's, or one
      // run by another process) has left the store changed. One warm-up at a time, in order.
      let stopped = false;
      let warming = Promise.resolve();
      const warm = (why: string) => {
        if (!flags.warm) return warming;
        warming = warming.then(async () => {
          const n = await warmPages(running.url, PAGES_TO_WARM, token);
          if (!stopped) process.stdout.write(`flowlens serve: ${n} of ${PAGES_TO_WARM.length} pages computed (${why})\n`);
        });
        return warming;
      };
      void warm('start');
      const stopWatch = flags.warm ? onStoreSettled(home, () => void warm('the store changed')) : undefined;
      const stopRefresh = cron
        ? scheduleRefresh(cron, async () => {
            await refreshOnce(home, flags.refreshFrom);
            await warm('refresh');
          })
        : undefined;
      if (cron) process.stdout.write(`flowlens serve: refresh on "${cron}" (UTC)\n`);
      await closeOnSignal(running, (signal) => {
        stopped = true;
        stopWatch?.();
        stopRefresh?.();
        process.stdout.write(`flowlens serve: stopped (${signal})\n`);
      });
    });
}
