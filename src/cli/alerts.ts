import type { Command } from 'commander';
import pc from 'picocolors';
import { renderAtomFeed } from '../alerts/channels/atom.ts';
import { buildChannels, checkSignals, dryCheck, signalsFor, testRule } from '../alerts/check.ts';
import { deliverWithRetry } from '../alerts/deliver.ts';
import type { RuleOutcome } from '../alerts/evaluate.ts';
import { alertsConfigPath, conditionText, loadAlertsFile } from '../alerts/rules.ts';
import { writeStarterAlerts } from '../alerts/starter.ts';
import { alertLogPath, alertStatePath, loadAlertState } from '../alerts/state.ts';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { parseAsOf } from './data.ts';
import { printJson, renderTable, writeOut } from './output.ts';

/**
 * The exit code of `alerts check` when the check ran and saved its state but deliveries are still
 * pending (failed three attempts, kept for the next check). Not 1, which says a command failed
 * (no rules file, no store): a cron job can tell "retry later" from "broken".
 */
export const EXIT_DELIVERIES_PENDING = 3;

const statusText = (o: RuleOutcome) => (o.status === 'true' ? (o.fired ? pc.red('FIRED') : pc.yellow(`true (${o.held ?? 'held'})`)) : o.status === 'false' ? 'false' : pc.dim('unknown'));

/** The rules file and the home, resolved once per command. */
function setup(): { home: string; path: string; file: ReturnType<typeof loadAlertsFile> } {
  const path = alertsConfigPath();
  return { home: flowlensHome(), path, file: loadAlertsFile(path) };
}

/** `flowlens alerts`: rules on the model readings, delivered to the terminal, webhooks, e-mail and an Atom feed. */
export function registerAlerts(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('alert rules on the model readings (CTA triggers, VIX/VIX3M, vol-control flows, net liquidity, cut odds, claim verdicts): list, test, check, history')
    .addHelpText('after', '\nRules: $FLOWLENS_ALERTS, else $XDG_CONFIG_HOME/flowlens/alerts.json (~/.config/flowlens/alerts.json). State and log: $FLOWLENS_HOME/alerts/.');

  alerts
    .command('init')
    .description('write a starter rules file (VIX inversion, S&P 500 CTA triggers, vol-control selling, liquidity drain, cut-odds swing, verdict changes; terminal channel) where the rules are read; never over an existing file')
    .action(() => {
      const path = alertsConfigPath();
      writeStarterAlerts(path);
      const file = loadAlertsFile(path);
      writeOut(`Wrote ${file.rules.length} rules to ${path}: ${file.rules.map((r) => r.id).join(', ')}.\nTry one: flowlens alerts test ${file.rules[0]?.id ?? ''}; run them: flowlens alerts check (or flowlens serve --refresh "0 18 * * 1-5"). Webhooks and mail: README, "Alerts".\n`);
    });

  alerts
    .command('list')
    .description('the rules, with their last evaluation and when each last fired')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const { home, path, file } = setup();
      const state = loadAlertState(home);
      const rows = file.rules.map((r) => {
        const s = state.rules[r.id];
        return { id: r.id, condition: r.condition, cooldown: r.cooldown, channels: r.channels, active: s?.active ?? false, lastEvaluatedAt: s?.lastEvaluatedAt ?? null, lastStatus: s?.lastStatus ?? null, lastDetail: s?.lastDetail ?? null, lastFiredAt: s?.lastFiredAt ?? null };
      });
      if (opts.json) return printJson({ file: path, state: alertStatePath(home), rules: rows, pending: state.pending.length, lastCheck: state.lastCheck ?? null });
      const out = [pc.bold(`${file.rules.length} rule${file.rules.length === 1 ? '' : 's'} in ${path}`)];
      out.push(
        renderTable(
          ['rule', 'condition', 'cool-down', 'channels', 'last evaluation', 'last fired'],
          file.rules.map((r, i) => {
            const row = rows[i];
            return [r.id, conditionText(r.condition), r.cooldown, r.channels.join(', '), row?.lastEvaluatedAt ? `${row.lastStatus ?? ''} at ${row.lastEvaluatedAt.slice(0, 16).replace('T', ' ')}` : 'never', row?.lastFiredAt ? row.lastFiredAt.slice(0, 16).replace('T', ' ') : 'never'];
          }),
          ['left', 'left', 'left', 'left', 'left', 'left'],
          // The last evaluation, the cool-down, then the channels go first: the rule, its condition and when it last fired stay.
          { priority: [0, 0, 3, 2, 4, 1] },
        ),
      );
      if (state.pending.length) out.push(pc.yellow(`! ${state.pending.length} deliver${state.pending.length === 1 ? 'y' : 'ies'} pending (retried at the next check): ${state.pending.map((p) => `${p.alert.rule} → ${p.channel}: ${p.lastError}`).join('; ')}`));
      writeOut(`${out.join('\n')}\n`);
    });

  alerts
    .command('test <rule>')
    .description('evaluate one rule now and send a message marked as a test through its channels')
    .option('--json', 'print as JSON')
    .action(async (ruleId: string, opts: { json?: boolean }) => {
      const { home, file } = setup();
      if (!file.rules.some((r) => r.id === ruleId)) throw new FlowlensError(`no rule "${ruleId}" in the rules file (rules: ${file.rules.map((r) => r.id).join(', ') || 'none'})`);
      const signals = await signalsFor(home, file.rules.filter((r) => r.id === ruleId));
      const channels = buildChannels(file, home, (l) => process.stderr.write(l));
      const r = await testRule(ruleId, signals, { home, file, channels, now: () => new Date() });
      const failed = r.results.filter((x) => !x.result.ok);
      if (opts.json) printJson(r);
      else process.stdout.write(`${r.alert.title}\n${r.alert.message}\n${r.results.map((x) => `  ${x.channel}: ${x.result.ok ? pc.green(`sent (${x.result.attempts} attempt${x.result.attempts > 1 ? 's' : ''})`) : pc.red(`failed after ${x.result.attempts} attempts: ${x.result.error}`)}`).join('\n')}\n`);
      if (failed.length) process.exitCode = 1;
    });

  alerts
    .command('check')
    .description('evaluate every rule on the latest data and deliver what fires (each alert once per episode, cool-down respected)')
    .addHelpText('after', `\nExit code: 0 when every delivery went through; ${EXIT_DELIVERIES_PENDING} when the check ran but deliveries are pending (failed 3 attempts, logged in alerts.log and retried at the next check); 1 when the check could not run.`)
    .option('--as-of <date>', 'a dry look at a past date: nothing saved or delivered (unless --deliver)')
    .option('--deliver', 'with --as-of: deliver what would fire (the saved state is still left alone)')
    .option('--json', 'print as JSON')
    .action(async (opts: { asOf?: string; deliver?: boolean; json?: boolean }) => {
      const asOf = parseAsOf(opts.asOf);
      if (opts.deliver && !asOf) throw new FlowlensError('--deliver goes with --as-of (a plain check always delivers)');
      const { home, file } = setup();
      const signals = await signalsFor(home, file.rules, asOf);
      const channels = buildChannels(file, home, (l) => process.stderr.write(l));
      let outcomes: readonly RuleOutcome[];
      let summary: string[];
      let json: unknown;
      if (asOf) {
        const dry = dryCheck(signals, file, home, new Date());
        outcomes = dry.outcomes;
        const sent = opts.deliver ? await Promise.all(dry.fired.flatMap((a) => a.channels.map(async (c) => ({ alert: a.id, channel: c, result: channels.has(c) ? await deliverWithRetry(channels.get(c) as NonNullable<ReturnType<typeof channels.get>>, a) : { ok: false, attempts: 0, error: `no channel "${c}"` } })))) : [];
        summary = [`dry look as of ${asOf}: ${dry.fired.length} rule${dry.fired.length === 1 ? '' : 's'} would fire${opts.deliver ? `; delivered ${sent.filter((s) => s.result.ok).length} of ${sent.length}` : ' (nothing delivered or saved)'}`];
        json = { asOf, dry: true, outcomes, wouldFire: dry.fired, deliveries: sent, problems: signals.problems };
      } else {
        const r = await checkSignals(signals, { home, file, channels, now: () => new Date() });
        outcomes = r.outcomes;
        summary = [`${r.fired.length} fired; ${r.deliveries.delivered.length} delivered${r.deliveries.pending.length ? pc.yellow(`, ${r.deliveries.pending.length} pending (logged in ${alertLogPath(home)}, retried at the next check)`) : ''}`];
        json = r;
        // A delivery still pending is not lost (it is saved and retried), but the run did not finish its job.
        if (r.deliveries.pending.length > 0) process.exitCode = EXIT_DELIVERIES_PENDING;
      }
      if (opts.json) return printJson(json);
      const out = [renderTable(['rule', 'status', 'reading'], outcomes.map((o) => [o.rule, statusText(o), o.detail.length > 140 ? `${o.detail.slice(0, 139)}…` : o.detail]), ['left', 'left', 'left'], { priority: [0, 0, 1] })]; // the reading wraps, and goes only where even that does not fit
      out.push(...summary);
      for (const p of signals.problems) out.push(pc.dim(`  (${p.signal}: ${p.reason})`));
      writeOut(`${out.join('\n')}\n`);
    });

  alerts
    .command('history')
    .description('the alerts fired (newest first), or the Atom feed of them')
    .option('--limit <n>', 'how many', '20')
    .option('--atom', 'print the Atom feed (as served at /alerts.atom)')
    .option('--json', 'print as JSON')
    .action((opts: { limit: string; atom?: boolean; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new FlowlensError(`--limit must be a whole number ≥ 1, got "${opts.limit}"`);
      if (opts.atom && opts.json) throw new FlowlensError('choose one of --atom and --json');
      const state = loadAlertState(flowlensHome());
      const recent = [...state.history].reverse().slice(0, limit);
      if (opts.atom) return void process.stdout.write(renderAtomFeed(state.history, { limit }));
      if (opts.json) return printJson({ history: recent, pending: state.pending });
      if (recent.length === 0) return void process.stdout.write('no alert has fired yet\n');
      process.stdout.write(`${recent.map((a) => `${a.firedAt.slice(0, 16).replace('T', ' ')}  ${a.title}\n    ${a.message.replace(/\n/g, '\n    ')}`).join('\n')}\n`);
    });
}
