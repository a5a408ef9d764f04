import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Signals } from '../app/signals.ts';
import { businessDaysAfter, evaluateRules, marketDate, testCondition, type RuleState } from './evaluate.ts';
import { parseAlertsFile, type Rule } from './rules.ts';

/** Readings made by hand (plain JSON, as the readings serialise): only what a test sets. */
function signals(over: Record<string, unknown> = {}): Signals {
  return { asOf: '2024-08-05', cta: [], claims: [], problems: [], ...over } as unknown as Signals;
}
const vixAt = (ratio: number): Signals => signals({ vix: { date: '2024-08-05', vix: 20 * ratio, vix3m: 20, ratio, label: 'hedging flow' } });
const rulesOf = (...r: unknown[]): Rule[] => parseAlertsFile(JSON.stringify({ rules: r }), 'alerts.json').rules;
const t = (iso: string) => new Date(iso);

describe('alert rules on readings', () => {
  const [vixRule] = rulesOf({ id: 'vix', condition: { kind: 'vix-ratio', atLeast: 1 }, cooldown: '1d' }) as [Rule];

  it('fires once per episode: true fires, still true does not, false ends it, true again fires', () => {
    let state: Record<string, RuleState> = {};
    const fires: number[] = [];
    const days: [number, string][] = [
      [1.14, '2024-08-05T22:00:00Z'],
      [1.05, '2024-08-06T22:00:00Z'],
      [0.9, '2024-08-07T22:00:00Z'],
      [1.02, '2024-08-12T22:00:00Z'],
    ];
    for (const [ratio, at] of days) {
      const r = evaluateRules(vixAt(ratio), [vixRule], state, t(at));
      fires.push(r.fired.length);
      state = r.state;
    }
    assert.deepEqual(fires, [1, 0, 0, 1]);
    assert.equal(state.vix?.lastFiredAt, '2024-08-12T22:00:00.000Z');
    assert.equal(state.vix?.active, true);
  });

  it('an episode that starts within the cool-down is held, not announced later', () => {
    let r = evaluateRules(vixAt(1.1), [vixRule], {}, t('2024-08-05T10:00:00Z'));
    r = evaluateRules(vixAt(0.95), [vixRule], r.state, t('2024-08-05T12:00:00Z'));
    r = evaluateRules(vixAt(1.2), [vixRule], r.state, t('2024-08-05T20:00:00Z'));
    assert.equal(r.fired.length, 0);
    assert.equal(r.outcomes[0]?.held, 'cool-down');
    r = evaluateRules(vixAt(1.3), [vixRule], r.state, t('2024-08-06T11:00:00Z'));
    assert.equal(r.fired.length, 0, 'same (held) episode');
    r = evaluateRules(vixAt(0.9), [vixRule], r.state, t('2024-08-06T12:00:00Z'));
    r = evaluateRules(vixAt(1.1), [vixRule], r.state, t('2024-08-06T13:00:00Z'));
    assert.equal(r.fired.length, 1, 'a day and more after the last alert');
  });

  it('an unknown reading leaves the episode as it was', () => {
    let r = evaluateRules(vixAt(1.1), [vixRule], {}, t('2024-08-05T10:00:00Z'));
    r = evaluateRules(signals({ problems: [{ signal: 'vix', reason: 'VIX3M is not in the store' }] }), [vixRule], r.state, t('2024-08-06T10:00:00Z'));
    assert.deepEqual(r.outcomes[0], { rule: 'vix', status: 'unknown', detail: 'VIX/VIX3M: VIX3M is not in the store', fired: false });
    assert.equal(r.state.vix?.active, true);
    r = evaluateRules(vixAt(1.2), [vixRule], r.state, t('2024-08-07T10:00:00Z'));
    assert.equal(r.fired.length, 0);
  });

  it('the alert says the reading and the threshold', () => {
    const r = evaluateRules(vixAt(38.57 / 33.71), [vixRule], {}, t('2024-08-05T22:00:00Z'));
    assert.equal(r.fired[0]?.title, 'vix: VIX/VIX3M ≥ 1');
    assert.equal(r.fired[0]?.message, 'VIX/VIX3M 1.144 ≥ 1 on 2024-08-05 (VIX 22.88, VIX3M 20.00; hedging flow)');
    assert.deepEqual(r.fired[0]?.channels, ['log']);
  });

  it('CTA: a trigger within x% of the price, or crossed on the last close', () => {
    const s = signals({
      cta: [
        { asset: 'spx', label: 'S&P 500', seriesId: 'GSPC', date: '2024-08-05', price: 5186.33, nearest: { lookback: 63, level: 5180.74, distancePct: -0.1078 }, crossed: [] },
        { asset: 'btc', label: 'Bitcoin', seriesId: 'BTCUSD', date: '2024-08-05', price: 53991, nearest: { lookback: 21, level: 65097, distancePct: 20.57 }, crossed: [{ lookback: 21, from: 1, to: -1 }] },
      ],
    });
    const [near, nearBtc, crossed, crossedSpx] = rulesOf(
      { id: 'a', condition: { kind: 'cta-trigger-near', withinPct: 0.5 } },
      { id: 'b', condition: { kind: 'cta-trigger-near', asset: 'btc', withinPct: 5 } },
      { id: 'c', condition: { kind: 'cta-trigger-crossed' } },
      { id: 'd', condition: { kind: 'cta-trigger-crossed', asset: 'spx' } },
    ) as [Rule, Rule, Rule, Rule];
    assert.equal(testCondition(near.condition, s).status, 'true');
    assert.equal(testCondition(near.condition, s).detail, 'CTA trigger within 0.5%: S&P 500 5,180.74 (63d, -0.1%, 2024-08-05)');
    assert.equal(testCondition(nearBtc.condition, s).status, 'false');
    assert.equal(testCondition(crossed.condition, s).detail, 'CTA trigger crossed: Bitcoin 21d long→short (2024-08-05)');
    assert.equal(testCondition(crossedSpx.condition, s).status, 'false');
  });

  it('business days after a close: a weekend is not counted, a week is five', () => {
    assert.equal(businessDaysAfter('2026-08-14', '2026-08-17'), 1, 'Friday → Monday');
    assert.equal(businessDaysAfter('2026-08-14', '2026-08-16'), 0, 'Friday → Sunday');
    assert.equal(businessDaysAfter('2026-08-14', '2026-08-21'), 5);
    assert.equal(businessDaysAfter('2026-06-05', '2026-08-21'), 55, '11 weeks of 5 days');
    assert.equal(businessDaysAfter('2026-08-21', '2026-08-19'), 0);
  });

  it('CTA: only a current close counts — a crossing on a series that ended months before the store is stale, said in words', () => {
    const crossing = (asset: string, label: string, date: string, lookback: number, from: number, to: number) => ({ asset, label, seriesId: asset, date, price: 100, nearest: { lookback, level: 100.2, distancePct: 0.2 }, crossed: [{ lookback, from, to }] });
    // The store's newest close is Friday 2026-08-21 (the S&P 500); the Russell 2000 ended on 2026-06-05, 55 business days before.
    const s = signals({
      asOf: null,
      cta: [crossing('spx', 'S&P 500', '2026-08-21', 63, -1, 1), crossing('rut', 'Russell 2000', '2026-06-05', 21, 1, -1), crossing('ust10', 'US 10-year', '2026-08-18', 21, -1, 1), { ...crossing('gold', 'Gold', '2026-08-14', 21, 1, -1), crossed: [] }],
    });
    assert.equal(marketDate(s), '2026-08-21');
    const [any, rut, ust, gold, rutNear] = rulesOf(
      { id: 'any', condition: { kind: 'cta-trigger-crossed' } },
      { id: 'rut', condition: { kind: 'cta-trigger-crossed', asset: 'rut' } },
      { id: 'ust', condition: { kind: 'cta-trigger-crossed', asset: 'ust10' } },
      { id: 'gold', condition: { kind: 'cta-trigger-crossed', asset: 'gold' } },
      { id: 'rutNear', condition: { kind: 'cta-trigger-near', asset: 'rut', withinPct: 1 } },
    ) as [Rule, Rule, Rule, Rule, Rule];
    const stale = 'Russell 2000 last close 2026-06-05 is stale (store is at 2026-08-21); not counted';
    assert.deepEqual(testCondition(any.condition, s), { status: 'true', detail: `CTA trigger crossed: S&P 500 63d short→long (2026-08-21); US 10-year 21d short→long (2026-08-18); ${stale}; Gold last close 2026-08-14 is stale (store is at 2026-08-21); not counted` });
    // The Russell 2000 alone: no current close, so the condition cannot be told (an episode is left as it was, nothing fires).
    assert.deepEqual(testCondition(rut.condition, s), { status: 'unknown', detail: `CTA rut: ${stale}` });
    assert.equal(evaluateRules(s, [rut], {}, t('2026-08-21T22:00:00Z')).fired.length, 0);
    assert.deepEqual(testCondition(rutNear.condition, s), { status: 'unknown', detail: `CTA rut: ${stale}` });
    // Three business days (Wednesday, Thursday, Friday) after Tuesday's close is still current; five (a week) is not.
    assert.equal(testCondition(ust.condition, s).status, 'true');
    assert.deepEqual(testCondition(gold.condition, s), { status: 'unknown', detail: 'CTA gold: Gold last close 2026-08-14 is stale (store is at 2026-08-21); not counted' });
    // As of the day the Russell 2000 ended, its crossing is current and fires.
    const then = signals({ asOf: '2026-06-05', cta: [crossing('rut', 'Russell 2000', '2026-06-05', 21, 1, -1), { ...crossing('spx', 'S&P 500', '2026-06-05', 63, 1, 1), crossed: [] }] });
    assert.deepEqual(testCondition(rut.condition, then), { status: 'true', detail: 'CTA trigger crossed: Russell 2000 21d long→short (2026-06-05)' });
  });

  it('vol-control flow, net liquidity and cut odds against their thresholds', () => {
    const s = signals({
      volControl: { date: '2024-08-05', exposure: 0.66, flows: [{ days: 5, flowBn: -65.5 }] },
      liquidity: { date: '2024-07-31', netLiquidityBn: 5911, changes: [{ weeks: 4, from: '2024-07-03', to: '2024-07-31', changeBn: -138.8 }] },
      fed: { tradeDate: '2024-08-05', method: 'short-rate curve (approximation)', meetings: [{ meeting: '2024-09-18', cutPct: 80.7, before: [{ days: 7, tradeDate: '2024-07-29', cutPct: 11.4 }] }, { meeting: '2024-11-07', cutPct: 75.5, before: [{ days: 7, tradeDate: '2024-07-29', cutPct: 56.5 }] }] },
    });
    const [vc, vc20, nl, cutNext, cutNov, cutAny, cut14] = rulesOf(
      { id: 'vc', condition: { kind: 'vol-control-flow', days: 5, belowBn: -50 } },
      { id: 'vc20', condition: { kind: 'vol-control-flow', days: 20, belowBn: -50 } },
      { id: 'nl', condition: { kind: 'net-liquidity-change', belowBn: -150 } },
      { id: 'cut', condition: { kind: 'cut-odds-move', withinDays: 7, atLeastPp: 50 } },
      { id: 'nov', condition: { kind: 'cut-odds-move', meeting: '2024-11-07', withinDays: 7, atLeastPp: 20 } },
      { id: 'any', condition: { kind: 'cut-odds-move', meeting: 'any', withinDays: 7, atLeastPp: 19 } },
      { id: '14', condition: { kind: 'cut-odds-move', withinDays: 14, atLeastPp: 19 } },
    ) as Rule[] as [Rule, Rule, Rule, Rule, Rule, Rule, Rule];
    assert.deepEqual(testCondition(vc.condition, s), { status: 'true', detail: 'vol-control flow over 5 trading days -65.5 bn ≤ -50 bn (to 2024-08-05; exposure 66%)' });
    assert.equal(testCondition(vc20.condition, s).status, 'unknown', 'a horizon the readings do not cover');
    assert.deepEqual(testCondition(nl.condition, s), { status: 'false', detail: 'net liquidity -139 bn over 4 weeks (2024-07-03 → 2024-07-31) > -150 bn' });
    assert.deepEqual(testCondition(cutNext.condition, s), { status: 'true', detail: '2024-09-18: P(cut) 11% (2024-07-29) → 81% (2024-08-05), +69 pp ≥ 50 pp; short-rate curve (approximation)' });
    assert.equal(testCondition(cutNov.condition, s).status, 'false', '75.5 − 56.5 = 19 pp');
    assert.equal(testCondition(cutAny.condition, s).detail, '2024-09-18: P(cut) 11% (2024-07-29) → 81% (2024-08-05), +69 pp; 2024-11-07: P(cut) 57% (2024-07-29) → 76% (2024-08-05), +19 pp ≥ 19 pp; short-rate curve (approximation)');
    assert.equal(testCondition(cut14.condition, s).status, 'unknown');
  });

  it('a claim verdict change fires against the previous evaluation; "not enough data" is not a change', () => {
    const [rule] = rulesOf({ id: 'v', condition: { kind: 'claim-verdict-changed' } }) as [Rule];
    const claims = (vix: string, fed: string) => signals({ claims: [
      { id: 'vix-hedging', statement: 'VIX', verdict: vix as never, reason: 'r1' },
      { id: 'fed-swings', statement: 'Fed', verdict: fed as never, reason: 'r2' },
    ] });
    let r = evaluateRules(claims('supported', 'mixed'), [rule], {}, t('2024-08-01T00:00:00Z'));
    assert.equal(r.fired.length, 0, 'the first evaluation only records');
    r = evaluateRules(claims('supported', 'not enough data'), [rule], r.state, t('2024-08-02T00:00:00Z'));
    assert.equal(r.fired.length, 0);
    r = evaluateRules(claims('mixed', 'mixed'), [rule], r.state, t('2024-08-03T00:00:00Z'));
    assert.equal(r.fired[0]?.message, 'verdict changed: vix-hedging: supported → mixed (r1)');
    r = evaluateRules(claims('mixed', 'mixed'), [rule], r.state, t('2024-08-04T00:00:00Z'));
    assert.equal(r.fired.length, 0);
    assert.deepEqual(r.state.v?.verdicts, { 'vix-hedging': 'mixed', 'fed-swings': 'mixed' });
  });
});
