import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanPrices, ctaPositionHistory, resolveCtaParams } from '../models/cta.ts';
import { eventStudy, type EventStudyResult } from '../models/eventStudy.ts';
import { volControlModel } from '../models/volcontrol.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import type { Series } from '../series/types.ts';
import { runFlowModels } from './flowModels.ts';
import { buildReport } from './report.ts';
import { SnapshotModels } from './snapshotModels.ts';

test('SnapshotModels runs each model once per series object, with the result of the model itself', { skip: skipWithoutRealData }, async () => {
  const [spy, qqq] = await Promise.all([loadRealSeries('SPY'), loadRealSeries('QQQ')]);
  const m = new SnapshotModels();
  const vc = m.volControl(spy);
  assert.equal(m.volControl(spy), vc); // the same object: computed once
  assert.deepEqual(vc, volControlModel(spy));
  assert.equal(vc.moveTable.find((r) => r.movePct === -2)?.movePct, -2); // the report's −2% row is in the default move table
  const pos = m.ctaPosition(qqq);
  assert.equal(m.ctaPosition(qqq), pos);
  assert.deepEqual(pos, ctaPositionHistory(cleanPrices(qqq).px, resolveCtaParams()));
  // Another series object (even with the same values) is computed afresh.
  const copy = { ...spy };
  assert.notEqual(m.volControl(copy), vc);
  assert.deepEqual(m.volControl(copy), vc);
});

test('runFlowModels gives the same results with the report’s shared models as alone, with default and changed parameters', { skip: skipWithoutRealData }, async () => {
  const data = new Map<string, Series>();
  for (const id of ['GSPC', 'SPY', 'NDX', 'QQQ', 'RUT', 'IWM', 'DGS10', 'USO', 'CL_F', 'GLD', 'GC_F', 'BTCUSD']) data.set(id, await loadRealSeries(id));
  const cases = [
    { volControl: { targetVol: 0.1, aumBn: 400 }, cta: { aumBn: 350, lookbacks: [21, 63, 126, 252] }, moves: [-2] }, // the overview's defaults: all shared
    { volControl: { targetVol: 0.15 }, cta: { lookbacks: [21, 63] }, moves: [-3] }, // nothing shared
    { cta: { aumBn: 100 }, moves: [4, -5] }, // positions shared (AUM only scales dollars), moves from the default table
    {},
  ];
  for (const params of cases) {
    const shared = new SnapshotModels();
    buildReport(data, { laterVintages: [] }, shared); // as the overview: the report first, on the same read
    const plain = (m: ReturnType<typeof runFlowModels>) => ({ ...m, chosen: m.chosen.map((c) => c.key) });
    assert.deepEqual(plain(runFlowModels(data, params, shared)), plain(runFlowModels(data, params)), JSON.stringify(params));
  }
  const m = new SnapshotModels();
  assert.equal(m.ctaPositionFor(data.get('GSPC') as Series, { aumBn: 1 }), m.ctaPosition(data.get('GSPC') as Series));
  assert.equal(m.ctaPositionFor(data.get('GSPC') as Series, { lookbacks: [21] }), undefined);
});

test('SnapshotModels.eventStudy reuses the unconditional windows of an earlier study on the same series, with the same numbers', { skip: skipWithoutRealData }, async () => {
  const spy = await loadRealSeries('SPY');
  const first = spy.dates[0] as number;
  const events = Array.from({ length: 60 }, (_, k) => first + 97 * k);
  const m = new SnapshotModels();
  m.noteEventStudy(spy, eventStudy(spy, [first + 500], [5, 21, 63])); // as the VIX claim's study
  const got = m.eventStudy(spy, events, [1, 5, 21]);
  assert.deepEqual(got, eventStudy(spy, events, [1, 5, 21]));
  // Given a wrong distribution for h = 5, the result would carry it: the reuse is real.
  const fake = new SnapshotModels();
  fake.noteEventStudy(spy, { horizons: [{ ...(got.horizons[1] as EventStudyResult['horizons'][number]), unconditional: { n: 1, mean: 42, median: 0, sd: 1, hitRate: 0, meanForwardVol: 0 } }], events: [] });
  assert.equal(fake.eventStudy(spy, events, [5]).horizons[0]?.unconditionalMean, 42);
});
