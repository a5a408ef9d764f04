import type { CtaReading, Signals } from '../app/signals.ts';
import { toDay, weekday } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import type { Verdict } from '../theses/thesis.ts';
import { fmtNumber } from '../views/format.ts';
import { cooldownMs, type Condition, type Rule } from './rules.ts';

/** What the evaluator remembers of one rule between checks. */
export interface RuleState {
  /** Whether the rule's condition held at the last evaluation that could tell (an episode is running). */
  readonly active: boolean;
  /** When the running episode started (ISO timestamp). */
  readonly episodeStart?: string;
  readonly lastEvaluatedAt?: string;
  readonly lastStatus?: ConditionStatus;
  readonly lastDetail?: string;
  readonly lastFiredAt?: string;
  /** claim-verdict-changed: the verdict of each claim at the previous evaluation. */
  readonly verdicts?: Readonly<Record<string, Verdict>>;
}

/** true / false, or unknown when the reading could not be made (the episode is then left as it was). */
export type ConditionStatus = 'true' | 'false' | 'unknown';

/** An alert to deliver. */
export interface FiredAlert {
  /** Unique: the rule and the time it fired. */
  readonly id: string;
  readonly rule: string;
  readonly kind: Condition['kind'];
  readonly firedAt: string;
  /** The date the readings were as of (null: the latest data). */
  readonly asOf: string | null;
  readonly title: string;
  readonly message: string;
  readonly channels: readonly string[];
  /** A test message from `flowlens alerts test` (not a real alert). */
  readonly test?: boolean;
}

/** One rule's result in a check, for `alerts check` and `alerts list`. */
export interface RuleOutcome {
  readonly rule: string;
  readonly status: ConditionStatus;
  readonly detail: string;
  readonly fired: boolean;
  /** Why a true condition did not fire: its episode was already announced, or the cool-down runs. */
  readonly held?: 'same episode' | 'cool-down';
}

/** What a condition says about the readings. */
interface Test {
  readonly status: ConditionStatus;
  /** One line: the reading and the threshold. */
  readonly detail: string;
  readonly verdicts?: Readonly<Record<string, Verdict>>;
}

const pct = (x: number, d = 1) => `${x >= 0 ? '+' : ''}${fmtNumber(x, d)}`;
const unknown = (detail: string): Test => ({ status: 'unknown', detail });
const problemFor = (s: Signals, signal: string) => s.problems.find((p) => p.signal === signal || p.signal.startsWith(`${signal}:`))?.reason ?? 'not computed';

/**
 * A CTA asset's last close counts as current when at most this many business days (Monday to
 * Friday) lie after it up to the newest market close of the readings: a weekend, a holiday or a
 * late file is tolerated, a series that stopped weeks before the rest of the store is not.
 */
export const STALE_AFTER_BUSINESS_DAYS = 3;

/** Business days (Monday to Friday) after `from` up to and including `to` (0 when `to` is not later). */
export function businessDaysAfter(from: string, to: string): number {
  let n = 0;
  for (let d = toDay(from) + 1, end = toDay(to); d <= end; d++) {
    const w = weekday(d);
    if (w !== 0 && w !== 6) n++;
  }
  return n;
}

/**
 * The date the market readings are judged current against: the newest close among the CTA
 * assets, the VIX curve and the S&P 500 of the vol-control model (a read as of a date holds
 * nothing after it, so this is at most the as-of date). Undefined when there is no market reading.
 */
export function marketDate(s: Signals): IsoDate | undefined {
  const dates = [...s.cta.map((a) => a.date), s.vix?.date, s.volControl?.date].filter((d): d is IsoDate => d !== undefined);
  return dates.length ? dates.reduce((a, b) => (b > a ? b : a)) : undefined;
}

/** Splits CTA readings into those whose last close is current on `ref` and the stale ones, each stale one said in words. */
function currentCta(assets: readonly CtaReading[], ref: IsoDate | undefined): { current: CtaReading[]; staleText: string } {
  const isStale = (a: CtaReading) => ref !== undefined && businessDaysAfter(a.date, ref) > STALE_AFTER_BUSINESS_DAYS;
  const stale = assets.filter(isStale);
  return { current: assets.filter((a) => !isStale(a)), staleText: stale.map((a) => `${a.label} last close ${a.date} is stale (store is at ${ref}); not counted`).join('; ') };
}

/** Tests one condition on the readings; `verdicts` is the claim memory of the previous evaluation. */
export function testCondition(c: Condition, s: Signals, verdicts?: Readonly<Record<string, Verdict>>): Test {
  switch (c.kind) {
    case 'cta-trigger-near':
    case 'cta-trigger-crossed': {
      const assets = s.cta.filter((a) => c.asset === undefined || a.asset === c.asset);
      if (assets.length === 0) return unknown(`CTA ${c.asset ?? 'assets'}: ${problemFor(s, c.asset ? `cta:${c.asset}` : 'cta')}`);
      // Only a current close counts: a crossing (or a distance) on a series that ended months ago is not news.
      const { current, staleText } = currentCta(assets, marketDate(s));
      if (current.length === 0) return unknown(`CTA ${c.asset ?? 'assets'}: ${staleText}`);
      const stale = staleText ? `; ${staleText}` : '';
      if (c.kind === 'cta-trigger-near') {
        const near = current.filter((a) => Math.abs(a.nearest.distancePct) <= c.withinPct);
        const show = (near.length ? near : current).map((a) => `${a.label} ${fmtNumber(a.nearest.level, 2)} (${a.nearest.lookback}d, ${pct(a.nearest.distancePct)}%, ${a.date})`);
        return { status: near.length ? 'true' : 'false', detail: `CTA trigger ${near.length ? 'within' : 'beyond'} ${c.withinPct}%: ${show.join('; ')}${stale}` };
      }
      const crossed = current.filter((a) => a.crossed.length > 0);
      const show = crossed.map((a) => `${a.label} ${a.crossed.map((x) => `${x.lookback}d ${x.from > 0 ? 'long' : x.from < 0 ? 'short' : 'flat'}→${x.to > 0 ? 'long' : x.to < 0 ? 'short' : 'flat'}`).join(', ')} (${a.date})`);
      return { status: crossed.length ? 'true' : 'false', detail: `${crossed.length ? `CTA trigger crossed: ${show.join('; ')}` : `no CTA trigger crossed on the last close (${current.map((a) => `${a.label} ${a.date}`).join(', ')})`}${stale}` };
    }
    case 'vix-ratio': {
      const v = s.vix;
      if (!v) return unknown(`VIX/VIX3M: ${problemFor(s, 'vix')}`);
      const on = v.ratio >= c.atLeast;
      return { status: on ? 'true' : 'false', detail: `VIX/VIX3M ${fmtNumber(v.ratio, 3)} ${on ? '≥' : '<'} ${c.atLeast} on ${v.date} (VIX ${fmtNumber(v.vix, 2)}, VIX3M ${fmtNumber(v.vix3m, 2)}; ${v.label})` };
    }
    case 'vol-control-flow': {
      const f = s.volControl?.flows.find((x) => x.days === c.days);
      if (!s.volControl || !f) return unknown(`vol-control flow over ${c.days} days: ${problemFor(s, 'vol-control')}`);
      const on = f.flowBn <= c.belowBn;
      return { status: on ? 'true' : 'false', detail: `vol-control flow over ${c.days} trading days ${pct(f.flowBn)} bn ${on ? '≤' : '>'} ${c.belowBn} bn (to ${s.volControl.date}; exposure ${fmtNumber(100 * s.volControl.exposure, 0)}%)` };
    }
    case 'net-liquidity-change': {
      const ch = s.liquidity?.changes.find((x) => x.weeks === c.weeks);
      if (!ch) return unknown(`net liquidity ${c.weeks}-week change: ${problemFor(s, 'net-liquidity')}`);
      const on = ch.changeBn <= c.belowBn;
      return { status: on ? 'true' : 'false', detail: `net liquidity ${pct(ch.changeBn, 0)} bn over ${c.weeks} weeks (${ch.from} → ${ch.to}) ${on ? '≤' : '>'} ${c.belowBn} bn` };
    }
    case 'cut-odds-move': {
      const fed = s.fed;
      if (!fed) return unknown(`${c.odds} odds: ${problemFor(s, 'fed')}`);
      // P(cut) or P(hike): a market pricing hikes swings on the other side (2026: P(hike) 2026-10-28 58% → 71% in a week).
      const key = c.odds === 'hike' ? 'hikePct' : 'cutPct';
      const meetings = c.meeting === 'any' ? fed.meetings : c.meeting === 'next' ? fed.meetings.slice(0, 1) : fed.meetings.filter((m) => m.meeting === c.meeting);
      const moves = meetings.flatMap((m) => {
        const b = m.before.find((x) => x.days === c.withinDays);
        return b ? [{ meeting: m.meeting, now: m[key], then: b[key], thenDate: b.tradeDate }] : [];
      });
      if (moves.length === 0) return unknown(`${c.odds} odds for ${c.meeting} ${c.withinDays} days before ${fed.tradeDate}: ${meetings.length ? problemFor(s, 'fed') : 'no such meeting ahead'}`);
      const big = moves.filter((m) => Math.abs(m.now - m.then) >= c.atLeastPp);
      const show = (big.length ? big : moves.slice(0, 1)).map((m) => `${m.meeting}: P(${c.odds}) ${fmtNumber(m.then, 0)}% (${m.thenDate}) → ${fmtNumber(m.now, 0)}% (${fed.tradeDate}), ${pct(m.now - m.then, 0)} pp`);
      return { status: big.length ? 'true' : 'false', detail: `${show.join('; ')} ${big.length ? '≥' : '<'} ${c.atLeastPp} pp; ${fed.method}` };
    }
    case 'claim-verdict-changed': {
      const claims = s.claims.filter((x) => c.claim === undefined || x.id === c.claim);
      if (claims.length === 0) return unknown(`claim ${c.claim ?? 'verdicts'}: ${problemFor(s, 'claims')}`);
      // A claim that could not be measured keeps its last verdict: a source outage is not a change of mind.
      const now: Record<string, Verdict> = { ...verdicts };
      const changed: string[] = [];
      for (const x of claims) {
        if (x.verdict === 'not enough data') continue;
        const before = verdicts?.[x.id];
        if (before !== undefined && before !== x.verdict) changed.push(`${x.id}: ${before} → ${x.verdict} (${x.reason})`);
        now[x.id] = x.verdict;
      }
      const first = verdicts === undefined;
      return {
        status: changed.length ? 'true' : 'false',
        detail: changed.length ? `verdict changed: ${changed.join('; ')}` : first ? `verdicts recorded for ${claims.length} claim${claims.length > 1 ? 's' : ''} (a change is reported from the next check)` : `no verdict changed (${claims.map((x) => `${x.id}: ${x.verdict}`).join(', ')})`,
        verdicts: now,
      };
    }
  }
}

/** The title of an alert: the rule and its condition, short. */
function titleOf(rule: Rule): string {
  const c = rule.condition;
  switch (c.kind) {
    case 'cta-trigger-near':
      return `CTA trigger within ${c.withinPct}%${c.asset ? ` (${c.asset})` : ''}`;
    case 'cta-trigger-crossed':
      return `CTA trigger crossed${c.asset ? ` (${c.asset})` : ''}`;
    case 'vix-ratio':
      return `VIX/VIX3M ≥ ${c.atLeast}`;
    case 'vol-control-flow':
      return `vol-control flow over ${c.days} days ≤ ${c.belowBn} bn`;
    case 'net-liquidity-change':
      return `net liquidity ${c.weeks}-week change ≤ ${c.belowBn} bn`;
    case 'cut-odds-move':
      return `${c.odds} odds (${c.meeting}) moved ≥ ${c.atLeastPp} pp within ${c.withinDays} days`;
    case 'claim-verdict-changed':
      return `claim verdict changed${c.claim ? ` (${c.claim})` : ''}`;
  }
}

/** An alert for `rule` at `now` with the condition's detail as its message. */
export function alertFor(rule: Rule, detail: string, signals: Signals, now: Date, test = false): FiredAlert {
  const firedAt = now.toISOString();
  return {
    id: `${rule.id}@${firedAt}${test ? '#test' : ''}`,
    rule: rule.id,
    kind: rule.condition.kind,
    firedAt,
    asOf: signals.asOf,
    title: `${test ? '[TEST] ' : ''}${rule.id}: ${titleOf(rule)}`,
    message: `${test ? 'Test message from `flowlens alerts test` — not a real alert. ' : ''}${detail}${rule.description ? `\n${rule.description}` : ''}`,
    channels: rule.channels,
    ...(test ? { test: true } : {}),
  };
}

/**
 * Evaluates the rules on one set of readings (pure: `now` is given). Each alert fires once per
 * episode: the condition turning true starts an episode and fires, unless the rule fired less
 * than its cool-down ago (the episode is then held, not announced later); while it stays true
 * nothing repeats; turning false ends the episode; an unknown reading leaves the state as it was.
 * Returns the alerts to deliver, each rule's outcome and the new rule states (rules no longer in
 * the file are dropped).
 */
export function evaluateRules(signals: Signals, rules: readonly Rule[], state: Readonly<Record<string, RuleState>>, now: Date): { fired: FiredAlert[]; outcomes: RuleOutcome[]; state: Record<string, RuleState> } {
  const fired: FiredAlert[] = [];
  const outcomes: RuleOutcome[] = [];
  const next: Record<string, RuleState> = {};
  const at = now.toISOString();
  for (const rule of rules) {
    const prev: RuleState = state[rule.id] ?? { active: false };
    const t = testCondition(rule.condition, signals, prev.verdicts);
    const seen = { ...prev, lastEvaluatedAt: at, lastStatus: t.status, lastDetail: t.detail, ...(t.verdicts ? { verdicts: t.verdicts } : {}) };
    if (t.status === 'unknown') {
      next[rule.id] = seen;
      outcomes.push({ rule: rule.id, status: t.status, detail: t.detail, fired: false });
    } else if (t.status === 'false') {
      const ended: RuleState = { ...seen, active: false };
      delete (ended as { episodeStart?: string }).episodeStart;
      next[rule.id] = ended;
      outcomes.push({ rule: rule.id, status: t.status, detail: t.detail, fired: false });
    } else if (prev.active) {
      next[rule.id] = seen;
      outcomes.push({ rule: rule.id, status: t.status, detail: t.detail, fired: false, held: 'same episode' });
    } else {
      const cooling = prev.lastFiredAt !== undefined && now.getTime() - Date.parse(prev.lastFiredAt) < cooldownMs(rule.cooldown);
      next[rule.id] = { ...seen, active: true, episodeStart: at, ...(cooling ? {} : { lastFiredAt: at }) };
      if (!cooling) fired.push(alertFor(rule, t.detail, signals, now));
      outcomes.push({ rule: rule.id, status: t.status, detail: t.detail, fired: !cooling, ...(cooling ? { held: 'cool-down' as const } : {}) });
    }
  }
  return { fired, outcomes, state: next };
}
