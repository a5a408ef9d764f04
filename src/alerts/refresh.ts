import { Cron } from 'croner';
import { FlowlensError } from '../core/errors.ts';
import { CATALOG } from '../series/catalog.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';
import { syncFromFolder } from '../sync/folderSync.ts';
import { syncFromSources, type SyncRow } from '../sync/runSync.ts';
import { checkSignals, signalsFor, type CheckContext, type CheckResult } from './check.ts';

/** The outcome of one scheduled refresh. */
export interface RefreshResult {
  /** Series the sync fetched or read without error (changed or not). */
  readonly synced: number;
  /** Of those, the series with a new or revised point (SyncRow added + revised > 0): 0 when the store is unchanged. */
  readonly changed: number;
  readonly syncErrors: number;
  readonly check: CheckResult;
}

/**
 * One scheduled refresh: sync the store (from the folder `from` like `sync --from`, else every
 * source online), then read the readings, evaluate the rules and deliver (checkSignals). A sync
 * that fails for some series still goes on to the check with what the store holds.
 */
export async function refreshJob(ctx: CheckContext & { readonly from?: string }): Promise<RefreshResult> {
  const store = await openStore({ home: ctx.home, mode: 'write' });
  let rows: readonly SyncRow[];
  try {
    if (ctx.from) {
      // Like `sync --from`: files unchanged since the last refresh are hashed, not parsed again.
      rows = (await syncFromFolder(store, ctx.from, { columnsAt: storePaths(ctx.home).fileColumns, now: ctx.now })).rows;
    } else {
      const { createSources } = await import('../sources/registry.ts');
      rows = await syncFromSources(store, CATALOG, createSources(process.env), { now: ctx.now });
    }
  } finally {
    await store.close();
  }
  const check = await checkSignals(await signalsFor(ctx.home, ctx.file.rules), ctx);
  const ok = rows.filter((r) => !r.error && !r.skipped);
  return { synced: ok.length, changed: ok.filter((r) => r.added + r.revised > 0).length, syncErrors: rows.filter((r) => r.error).length, check };
}

/**
 * The line `serve --refresh` prints for a run: how many series changed (a new or revised point),
 * or that the store is unchanged, then what the check fired and left pending.
 */
export function refreshSummary(r: RefreshResult): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const sync = r.changed > 0 ? `${n(r.changed, 'series', 'series')} changed (of ${r.synced} read)` : `store unchanged (${n(r.synced, 'series', 'series')} read, no new or revised point)`;
  return `${sync}${r.syncErrors ? `, ${r.syncErrors} failed` : ''}; ${n(r.check.fired.length, 'alert', 'alerts')} fired, ${n(r.check.deliveries.pending.length, 'delivery', 'deliveries')} pending`;
}

/**
 * Validates a cron expression for `serve --refresh` (croner syntax: 5 fields, or 6 with a fixed
 * second, or @hourly/@daily…); a bad one, or one that runs more than once a minute, is a one-line error.
 */
export function parseRefreshCron(pattern: string): string {
  try {
    // A paused job only parses the pattern: nothing is scheduled.
    new Cron(pattern, { paused: true }).stop();
  } catch (err) {
    throw new FlowlensError(`--refresh: invalid cron "${pattern}" (${(err as Error).message.replace(/^CronPattern: /, '')}); e.g. "0 22 * * 1-5" for 22:00 on weekdays`);
  }
  // Six or seven fields start with seconds: "* * * * * *" would sync and recompute every second,
  // back to back. One fixed second is as often as a five-field pattern can run: once a minute.
  const fields = pattern.trim().split(/\s+/);
  if (fields.length >= 6 && !/^\d{1,2}$/.test(fields[0] ?? '')) {
    throw new FlowlensError(`--refresh: "${pattern}" runs more than once a minute (its first field is seconds): a refresh syncs and recomputes everything; use five fields, e.g. "0 22 * * 1-5" for 22:00 on weekdays`);
  }
  return pattern;
}

/**
 * Runs `job` on the cron schedule (UTC), one run at a time (croner's `protect` skips a tick that
 * comes while the previous run is still going). Returns the stop function.
 */
export function scheduleRefresh(pattern: string, job: () => Promise<void>): () => void {
  const cron = new Cron(parseRefreshCron(pattern), { timezone: 'UTC', protect: true }, async () => {
    await job();
  });
  return () => cron.stop();
}
