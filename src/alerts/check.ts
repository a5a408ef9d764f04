import { readSignals, type Signals } from '../app/signals.ts';
import { FlowlensError } from '../core/errors.ts';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import type { Channel } from './channels/channel.ts';
import { emailChannel } from './channels/email.ts';
import { appendLog, logChannel, logLine } from './channels/log.ts';
import { webhookChannel } from './channels/webhook.ts';
import { deliverAll, deliverWithRetry, DEFAULT_RETRY, type DeliveryReport, type DeliveryResult, type RetryPolicy } from './deliver.ts';
import { alertFor, evaluateRules, testCondition, type FiredAlert, type RuleOutcome } from './evaluate.ts';
import { signalNeeds, type AlertsFile, type Rule } from './rules.ts';
import { alertLogPath, loadAlertState, saveAlertState, withAlertStateLock, type AlertState } from './state.ts';

/** The channels of a rules file by name, with the built-in "log" (terminal line through `write`, and the alert log). */
export function buildChannels(file: AlertsFile, home: string, write: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Map<string, Channel> {
  const out = new Map<string, Channel>([['log', logChannel(alertLogPath(home), write)]]);
  for (const [name, cfg] of Object.entries(file.channels)) out.set(name, cfg.type === 'webhook' ? webhookChannel(name, cfg) : emailChannel(name, cfg, env));
  return out;
}

/** What a check needs besides the readings. */
export interface CheckContext {
  readonly home: string;
  readonly file: AlertsFile;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly now: () => Date;
  readonly retry?: RetryPolicy;
}

/** The result of one check. */
export interface CheckResult {
  readonly at: string;
  readonly asOf: string | null;
  readonly outcomes: readonly RuleOutcome[];
  readonly fired: readonly FiredAlert[];
  readonly deliveries: DeliveryReport;
  readonly problems: Signals['problems'];
}

/**
 * One check on readings already made: evaluate every rule against the saved state, deliver the
 * pending deliveries and the new alerts (retried, failures logged and kept as pending), and save
 * the new state atomically. Evaluation and delivery are recorded before anything is sent again,
 * so a restart never repeats an alert. The whole check holds the alert state's lock: a second
 * check at the same time is refused rather than sending the same alert twice.
 */
export function checkSignals(signals: Signals, ctx: CheckContext): Promise<CheckResult> {
  return withAlertStateLock(ctx.home, () => checkLocked(signals, ctx));
}

async function checkLocked(signals: Signals, ctx: CheckContext): Promise<CheckResult> {
  const state = loadAlertState(ctx.home);
  const at = ctx.now();
  const ev = evaluateRules(signals, ctx.file.rules, state.rules, at);
  const logFile = alertLogPath(ctx.home);
  // The episode is recorded before delivery: a crash while sending leaves the alerts as pending, not forgotten nor repeated.
  const queued: AlertState = {
    ...state,
    rules: ev.state,
    pending: [...state.pending, ...ev.fired.flatMap((a) => a.channels.map((c) => ({ alert: a, channel: c, attempts: 0, lastError: 'not sent yet', lastAttemptAt: at.toISOString() })))],
    history: [...state.history, ...ev.fired],
    lastCheck: { at: at.toISOString(), asOf: signals.asOf, outcomes: ev.outcomes },
  };
  saveAlertState(ctx.home, queued);
  for (const a of ev.fired) appendLog(logFile, logLine(at, 'FIRED', `${a.title}: ${a.message}`));
  const deliveries = await deliverAll(ev.fired, state.pending, ctx.channels, ctx.now, (p) => appendLog(logFile, logLine(ctx.now(), 'DELIVERY-FAILED', `${p.alert.id} → ${p.channel} (attempt ${p.attempts}): ${p.lastError}; kept for the next check`)), ctx.retry ?? DEFAULT_RETRY);
  // A delivery that failed at an earlier check and went through now: the log, which said it was
  // kept, says it arrived.
  for (const d of deliveries.delivered) if (d.earlier > 0) appendLog(logFile, logLine(ctx.now(), 'DELIVERED', `${d.alert} → ${d.channel} (attempt ${d.earlier + d.attempts}, after ${d.earlier} failed)`));
  saveAlertState(ctx.home, { ...queued, pending: [...deliveries.pending] });
  return { at: at.toISOString(), asOf: signals.asOf, outcomes: ev.outcomes, fired: ev.fired, deliveries, problems: signals.problems };
}

/** A dry look: the rules evaluated on the readings against the saved state, nothing saved or delivered. */
export function dryCheck(signals: Signals, file: AlertsFile, home: string, now: Date): { outcomes: RuleOutcome[]; fired: FiredAlert[] } {
  const ev = evaluateRules(signals, file.rules, loadAlertState(home).rules, now);
  return { outcomes: ev.outcomes, fired: ev.fired };
}

/** Reads the store under `home` (read-only, no lock) at `asOf` (or the latest data) for the readings these rules need. */
export async function signalsFor(home: string, rules: readonly Rule[], asOf?: IsoDate): Promise<Signals> {
  const store = await openStore({ home, mode: 'read' });
  try {
    return await readSignals(store, asOf, signalNeeds(rules));
  } finally {
    await store.close();
  }
}

/**
 * `alerts test RULE`: evaluates one rule now and sends a message marked as a test through each
 * of its channels (retried; a failure is reported, not kept: it is not a real alert). The test
 * message joins the history (marked test), and the rule's state is left alone.
 */
export async function testRule(ruleId: string, signals: Signals, ctx: CheckContext): Promise<{ alert: FiredAlert; results: { channel: string; result: DeliveryResult }[] }> {
  const rule = ctx.file.rules.find((r) => r.id === ruleId);
  if (!rule) throw new FlowlensError(`no rule "${ruleId}" in the rules file (rules: ${ctx.file.rules.map((r) => r.id).join(', ') || 'none'})`);
  return withAlertStateLock(ctx.home, () => testLocked(rule, signals, ctx));
}

async function testLocked(rule: Rule, signals: Signals, ctx: CheckContext): Promise<{ alert: FiredAlert; results: { channel: string; result: DeliveryResult }[] }> {
  const state = loadAlertState(ctx.home);
  const t = testCondition(rule.condition, signals, state.rules[rule.id]?.verdicts);
  const alert = alertFor(rule, `condition now ${t.status}: ${t.detail}`, signals, ctx.now(), true);
  const results: { channel: string; result: DeliveryResult }[] = [];
  for (const name of rule.channels) {
    const ch = ctx.channels.get(name);
    results.push({ channel: name, result: ch ? await deliverWithRetry(ch, alert, ctx.retry ?? DEFAULT_RETRY) : { ok: false, attempts: 0, error: `no channel "${name}"` } });
  }
  saveAlertState(ctx.home, { ...state, history: [...state.history, alert] });
  return { alert, results };
}
