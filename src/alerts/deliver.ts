import type { Channel } from './channels/channel.ts';
import type { FiredAlert } from './evaluate.ts';
import type { PendingDelivery } from './state.ts';

/** How hard a check tries one delivery before keeping it as pending. */
export interface RetryPolicy {
  /** Attempts per check (≥ 1). */
  readonly attempts: number;
  /** Wait before the second attempt; doubled before each later one (exponential backoff). */
  readonly baseDelayMs: number;
  /** How to wait (tests pass one that returns at once, so no test depends on a timer). */
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** The outcome of delivering one alert to one channel within one check. */
export type DeliveryResult = { readonly ok: true; readonly attempts: number } | { readonly ok: false; readonly attempts: number; readonly error: string };

/**
 * Sends `alert` through `channel`, retrying a failure up to `policy.attempts` times in all, with
 * waits of base, 2·base, 4·base… between attempts. Never throws: a failure is returned with the
 * last error.
 */
export async function deliverWithRetry(channel: Channel, alert: FiredAlert, policy: RetryPolicy = DEFAULT_RETRY): Promise<DeliveryResult> {
  let error = '';
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await policy.sleep(policy.baseDelayMs * 2 ** (i - 1));
    try {
      await channel.send(alert);
      return { ok: true, attempts: i + 1 };
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
  }
  return { ok: false, attempts, error };
}

/** What happened to each delivery of a check. */
export interface DeliveryReport {
  /** `attempts`: in this check; `earlier`: attempts made by earlier checks (0 for a new alert). */
  readonly delivered: readonly { readonly alert: string; readonly channel: string; readonly attempts: number; readonly earlier: number }[];
  /** Deliveries still failing: to be kept in the state and retried at the next check. */
  readonly pending: readonly PendingDelivery[];
}

/**
 * Delivers the pending deliveries of earlier checks first (oldest first), then each new alert to
 * each of its channels. A delivery that fails all its attempts is logged through `onFailure` and
 * returned as pending (its attempt count carried over); a pending delivery whose channel no
 * longer exists is logged and kept, so nothing is dropped silently.
 */
export async function deliverAll(
  alerts: readonly FiredAlert[],
  pending: readonly PendingDelivery[],
  channels: ReadonlyMap<string, Channel>,
  now: () => Date,
  onFailure: (p: PendingDelivery) => void,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<DeliveryReport> {
  const jobs = [...pending.map((p) => ({ alert: p.alert, channel: p.channel, before: p.attempts })), ...alerts.flatMap((a) => a.channels.map((c) => ({ alert: a, channel: c, before: 0 })))];
  const delivered: { alert: string; channel: string; attempts: number; earlier: number }[] = [];
  const still: PendingDelivery[] = [];
  for (const job of jobs) {
    const channel = channels.get(job.channel);
    const r: DeliveryResult = channel ? await deliverWithRetry(channel, job.alert, policy) : { ok: false, attempts: 0, error: `no channel "${job.channel}" in the rules file` };
    if (r.ok) {
      delivered.push({ alert: job.alert.id, channel: job.channel, attempts: r.attempts, earlier: job.before });
      continue;
    }
    const p: PendingDelivery = { alert: job.alert, channel: job.channel, attempts: job.before + r.attempts, lastError: r.error, lastAttemptAt: now().toISOString() };
    onFailure(p);
    still.push(p);
  }
  return { delivered, pending: still };
}
