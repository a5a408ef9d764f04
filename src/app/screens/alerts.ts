import { existsSync } from 'node:fs';
import { evaluateRules, type FiredAlert, type RuleOutcome } from '../../alerts/evaluate.ts';
import { alertsConfigPath, loadAlertsFile, parseAlertsFile, signalNeeds, type Rule } from '../../alerts/rules.ts';
import { STARTER_ALERTS } from '../../alerts/starter.ts';
import { loadAlertState } from '../../alerts/state.ts';
import type { IsoDate } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { readSignals } from '../signals.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { part, type ScreenProblem } from './read.ts';

/** Where the alerts page reads from: the flowlens home (alert state) and the rules file. */
export interface AlertsSource {
  readonly home: string;
  /** Default: alertsConfigPath() (FLOWLENS_ALERTS, else $XDG_CONFIG_HOME/flowlens/alerts.json). */
  readonly rulesFile?: string;
}

/** The alerts page. */
export interface AlertsScreen {
  readonly asOf: IsoDate | null;
  readonly rulesFile: string;
  readonly rules: readonly Rule[];
  /** No rules file yet: `rules` are the starter rules (alerts/starter.ts), evaluated as they would read. */
  readonly starter: boolean;
  /** The rules evaluated now on the page's date against the saved state (dry: nothing saved or sent). */
  readonly now: readonly RuleOutcome[];
  /** The last `flowlens alerts check` (or `serve --refresh`) run, as saved. */
  readonly lastCheck?: { readonly at: string; readonly asOf: string | null; readonly outcomes: readonly RuleOutcome[] };
  /** Alerts fired, newest first (at most 100). */
  readonly history: readonly FiredAlert[];
  readonly pendingDeliveries: number;
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/**
 * The alerts page: the rules of the alerts file (src/alerts/rules.ts), each evaluated now on the
 * readings of the page's date (app/signals.ts readSignals, alerts/evaluate.ts evaluateRules
 * against the saved state, nothing saved or delivered), the last saved check and the history
 * (alerts/state.ts).
 */
export async function alertsScreen(store: Store, params: ScreenInput, source: AlertsSource): Promise<AlertsScreen> {
  const p = screenParams(params);
  const rulesFile = source.rulesFile ?? alertsConfigPath();
  const problems: ScreenProblem[] = [];
  const notes: string[] = [];
  let rules: Rule[];
  // Without a rules file the page shows what the starter rules would read today: a user sees the
  // conditions at work before writing any (`flowlens alerts init` writes exactly these).
  const starter = !existsSync(rulesFile);
  if (!starter) rules = part('rules file', problems, () => loadAlertsFile(rulesFile).rules) ?? [];
  else {
    rules = parseAlertsFile(STARTER_ALERTS, 'the starter rules').rules;
    notes.push(`no rules file at ${rulesFile}: these are the starter rules, evaluated but never sent; \`flowlens alerts init\` writes them there (README, "Alerts"), or set FLOWLENS_ALERTS`);
  }
  const state = part('alert state', problems, () => loadAlertState(source.home));
  let now: RuleOutcome[] = [];
  if (rules.length) {
    try {
      // Part by part: a server computing the page goes on answering (the shell's stylesheet) meanwhile.
      const signals = await readSignals(store, p.asOf, signalNeeds(rules), { yielding: true });
      now = evaluateRules(signals, rules, state?.rules ?? {}, new Date()).outcomes;
    } catch (err) {
      problems.push({ part: 'evaluation', reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return {
    asOf: p.asOf ?? null,
    rulesFile,
    rules,
    starter,
    now,
    ...(state?.lastCheck ? { lastCheck: state.lastCheck } : {}),
    history: [...(state?.history ?? [])].reverse().slice(0, 100),
    pendingDeliveries: state?.pending.length ?? 0,
    notes,
    problems,
  };
}
