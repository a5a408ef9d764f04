import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evaluateRules } from '../alerts/evaluate.ts';
import { parseAlertsFile } from '../alerts/rules.ts';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import type { Store } from '../store/store.ts';
import { syncFromFetched } from '../sync/runSync.ts';
import { importRealData, realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { fedScreen } from './screens/fed.ts';
import { readSignals, type SignalNeeds } from './signals.ts';

/** The CLOSE of a Cboe history file (MM/DD/YYYY rows) on an ISO date, read straight from the file. */
function cboeClose(rel: string, iso: string): number {
  const [y, m, d] = iso.split('-');
  const line = readFileSync(join(realDataDir() ?? '', rel), 'utf8').split('\n').find((l) => l.startsWith(`${m}/${d}/${y},`));
  assert.ok(line, `${rel} has no row for ${iso}`);
  return Number(line.split(',')[4]);
}

const FAST: SignalNeeds = { flowDays: [5], liquidityWeeks: [4], oddsDays: [7], claims: false };
const vixRule = parseAlertsFile(JSON.stringify({ rules: [{ id: 'vix', condition: { kind: 'vix-ratio', atLeast: 1 } }] }), 'alerts.json').rules;

describe('alert readings from a store imported from the real data', { skip: skipWithoutRealData }, () => {
  let home: string;
  let store: Store;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-signals-'));
    const w = await openStore({ home, mode: 'write' });
    try {
      await syncFromFetched(w, (await importRealData()).series);
    } finally {
      await w.close();
    }
    store = await openStore({ home, mode: 'read' });
  });
  after(async () => {
    await store?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('VIX/VIX3M ≥ 1 fires as of 2024-08-05 (38.57 / 33.71) and not as of 2024-07-01 (12.22 / 14.19)', async () => {
    const aug = await readSignals(store, '2024-08-05' as IsoDate, FAST);
    assert.equal(cboeClose('market/VIX_History_cboe.csv', '2024-08-05'), 38.57);
    assert.equal(cboeClose('market/VIX3M_History.csv', '2024-08-05'), 33.71);
    assert.deepEqual({ date: aug.vix?.date, vix: aug.vix?.vix, vix3m: aug.vix?.vix3m }, { date: '2024-08-05', vix: 38.57, vix3m: 33.71 });
    assert.ok(Math.abs((aug.vix?.ratio ?? 0) - 38.57 / 33.71) < 1e-12);
    const fired = evaluateRules(aug, vixRule, {}, new Date('2024-08-05T22:00:00Z'));
    assert.equal(fired.fired.length, 1);
    assert.equal(fired.fired[0]?.message, 'VIX/VIX3M 1.144 ≥ 1 on 2024-08-05 (VIX 38.57, VIX3M 33.71; hedging flow)');

    const jul = await readSignals(store, '2024-07-01' as IsoDate, FAST);
    assert.equal(cboeClose('market/VIX_History_cboe.csv', '2024-07-01'), 12.22);
    assert.equal(cboeClose('market/VIX3M_History.csv', '2024-07-01'), 14.19);
    assert.deepEqual({ date: jul.vix?.date, vix: jul.vix?.vix, vix3m: jul.vix?.vix3m }, { date: '2024-07-01', vix: 12.22, vix3m: 14.19 });
    const quiet = evaluateRules(jul, vixRule, {}, new Date('2024-07-01T22:00:00Z'));
    assert.equal(quiet.fired.length, 0);
    assert.equal(quiet.outcomes[0]?.detail, 'VIX/VIX3M 0.861 < 1 on 2024-07-01 (VIX 12.22, VIX3M 14.19; hedging flow)');

    // The other readings on 2024-08-05, from the same point-in-time read.
    // The only problem: a week before 2024-08-05 no futures were stored, and a move is not measured across methods.
    assert.deepEqual(aug.problems, [{ signal: 'fed:7d', reason: 'the odds 7 days before 2024-08-05 come from the short-rate curve (approximation) (2024-07-29), today\'s from the fed funds futures (CME FedWatch method): not compared' }]);
    const spx = aug.cta.find((a) => a.asset === 'spx');
    assert.deepEqual({ id: spx?.seriesId, date: spx?.date, price: spx?.price }, { id: 'GSPC', date: '2024-08-05', price: 5186.330078125 });
    assert.equal(aug.cta.length, 7);
    assert.equal(spx?.nearest.lookback, 63);
    assert.ok(Math.abs((spx?.nearest.distancePct ?? 0) - 100 * ((spx?.nearest.level ?? 0) / 5186.330078125 - 1)) < 1e-9);
    assert.equal(aug.volControl?.date, '2024-08-05');
    assert.ok((aug.volControl?.flows[0]?.flowBn ?? 0) < -30, 'vol-control funds sold into the August 2024 spike');
    assert.deepEqual(aug.liquidity?.changes.map((c) => [c.weeks, c.from, c.to]), [[4, '2024-07-03', '2024-07-31']]);
    // By hand from macro/WALCL.csv, WDTGAL_excerpt_2024-2026.csv (USD mn) and RRPONTSYD.csv (USD bn), 2024-07-03 → 2024-07-31:
    // ΔWALCL − ΔTGA − ΔRRP = (7,178,391 − 7,221,520)/1000 − (854,001 − 745,608)/1000 − (413.2 − 425.898) = −138.824 bn.
    assert.ok(Math.abs((aug.liquidity?.changes[0]?.changeBn ?? 0) - -138.824) < 1e-6);
    // The Fed path is the /fed page's: the futures settled on 2024-08-05 (4 contracts) price a cut in September.
    assert.deepEqual([aug.fed?.tradeDate, aug.fed?.method, aug.fed?.source], ['2024-08-05', 'fed funds futures (CME FedWatch method)', 'fed funds futures settlements of 2024-08-05 (4 contracts; 3 meetings priced)']);
    assert.deepEqual(aug.fed?.meetings.map((m) => [m.meeting, m.cutPct, m.before]), [['2024-09-18', 100, []], ['2024-11-07', 100, []], ['2024-12-18', 100, []]]);
  });

  it('a CTA crossing counts only on a current close: the Russell 2000 (IWM) ended on 2026-06-05, the store is at 2026-08-21', async () => {
    const latest = await readSignals(store, undefined, FAST);
    const rut = latest.cta.find((a) => a.asset === 'rut');
    // IWM's last close, and its 21-day trend flipped long → short on it: a stale crossing.
    assert.deepEqual({ id: rut?.seriesId, date: rut?.date, crossed: rut?.crossed }, { id: 'IWM', date: '2026-06-05', crossed: [{ lookback: 21, from: 1, to: -1 }] });
    assert.equal(latest.cta.find((a) => a.asset === 'spx')?.date, '2026-08-21');
    const rules = parseAlertsFile(JSON.stringify({ rules: [{ id: 'rut', condition: { kind: 'cta-trigger-crossed', asset: 'rut' } }, { id: 'any', condition: { kind: 'cta-trigger-crossed' } }] }), 'alerts.json').rules;
    const now = evaluateRules(latest, rules, {}, new Date('2026-08-21T22:00:00Z'));
    assert.deepEqual(now.outcomes[0], { rule: 'rut', status: 'unknown', detail: 'CTA rut: Russell 2000 last close 2026-06-05 is stale (store is at 2026-08-21); not counted', fired: false });
    const stale = (label: string) => `${label} last close 2026-06-05 is stale (store is at 2026-08-21); not counted`;
    assert.equal(now.outcomes[1]?.detail, `CTA trigger crossed: Nasdaq-100 63d short→long (2026-08-20); US 10-year (price from DGS10) 21d short→long (2026-08-19); ${['Russell 2000', 'WTI crude', 'Gold', 'Bitcoin'].map(stale).join('; ')}`);
    assert.ok(!now.fired.some((a) => a.message.includes('Russell 2000 21d')), 'the stale crossing fires no alert');
    // As of its last close the crossing was current, and fires.
    const june = await readSignals(store, '2026-06-05' as IsoDate, FAST);
    const then = evaluateRules(june, rules, {}, new Date('2026-06-05T22:00:00Z'));
    assert.equal(then.outcomes[0]?.status, 'true');
    assert.match(then.outcomes[0]?.detail ?? '', /^CTA trigger crossed: Russell 2000 21d long→short \(2026-06-05\)/);
  });

  it('cut odds are the /fed page\'s for the same meeting and trade date (fed funds futures when fresh, else the curve)', async () => {
    for (const asOf of [undefined, '2025-12-05' as IsoDate]) {
      const s = await readSignals(store, asOf, { ...FAST, oddsDays: [7] });
      const page = await fedScreen(store, asOf ? { asOf } : {});
      assert.deepEqual([s.fed?.tradeDate, s.fed?.method, s.fed?.source], [page.tradeDate, page.method, page.source], `as of ${asOf ?? 'latest'}`);
      assert.deepEqual(s.fed?.meetings.map((m) => [m.meeting, m.cutPct]), page.meetings.map((m) => [m.meeting, m.cut]), `as of ${asOf ?? 'latest'}`);
    }
    // Latest: the futures of 2026-09-28 (the /fed page's date), not the curve of 2026-08-19; a week before, the futures of 2026-09-21.
    const latest = await readSignals(store, undefined, { ...FAST, oddsDays: [7] });
    assert.equal(latest.fed?.tradeDate, '2026-09-28');
    assert.equal(latest.fed?.method, 'fed funds futures (CME FedWatch method)');
    const m0 = latest.fed?.meetings[0];
    assert.deepEqual([m0?.meeting, m0?.cutPct, m0?.before[0]?.tradeDate, m0?.before[0]?.cutPct], ['2026-10-28', 0, '2026-09-21', 0]);
    // The market prices a hike: P(hike) at 2026-10-28 rose from 57.6% to 70.9% in the week (the /fed page's compare).
    assert.ok(Math.abs((m0?.hikePct ?? 0) - 70.857) < 0.01 && Math.abs((m0?.before[0]?.hikePct ?? 0) - 57.6) < 0.05, `${m0?.hikePct} ${m0?.before[0]?.hikePct}`);
    const [hike] = parseAlertsFile(JSON.stringify({ rules: [{ id: 'hike', condition: { kind: 'cut-odds-move', odds: 'hike', withinDays: 7, atLeastPp: 10 } }] }), 'alerts.json').rules;
    assert.ok(hike);
    assert.deepEqual(evaluateRules(latest, [hike], {}, new Date('2026-09-28T22:00:00Z')).outcomes[0], { rule: 'hike', status: 'true', detail: '2026-10-28: P(hike) 58% (2026-09-21) → 71% (2026-09-28), +13 pp ≥ 10 pp; fed funds futures (CME FedWatch method)', fired: true });
    const page = await fedScreen(store, {});
    assert.equal(page.compareDates.find((e) => e.label === '1 week')?.tradeDate, '2026-09-21', 'the page\'s week-before column is the same trade date');
    // As of 2025-12-05 no fresh futures: the curve of 2025-12-04, as on the page; P(cut) at the 2025-12-10 meeting rose from 11% (2025-11-26) to 54%.
    const dec = await readSignals(store, '2025-12-05' as IsoDate, { ...FAST, oddsDays: [7] });
    const [rule] = parseAlertsFile(JSON.stringify({ rules: [{ id: 'cut', condition: { kind: 'cut-odds-move', meeting: 'next', withinDays: 7, atLeastPp: 20 } }] }), 'alerts.json').rules;
    assert.ok(rule);
    const ev = evaluateRules(dec, [rule], {}, new Date('2025-12-05T22:00:00Z'));
    assert.deepEqual(ev.outcomes[0], { rule: 'cut', status: 'true', detail: '2025-12-10: P(cut) 11% (2025-11-26) → 54% (2025-12-04), +43 pp ≥ 20 pp; short-rate curve (approximation)', fired: true });
  });

  it('the claims are read from the scorecard as of the date', async () => {
    const s = await readSignals(store, '2024-08-05' as IsoDate, { ...FAST, claims: true });
    assert.equal(s.claims.length, 12);
    assert.ok(s.claims.some((c) => c.id === 'vix-hedging'));
    assert.ok(s.claims.every((c) => ['supported', 'mixed', 'not supported', 'not enough data'].includes(c.verdict)));
    // Part by part with turns of the event loop between (the alerts page on a server): the same readings.
    assert.deepEqual(await readSignals(store, '2024-08-05' as IsoDate, { ...FAST, claims: true }, { yielding: true }), s);
  });
});
