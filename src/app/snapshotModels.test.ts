import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanPrices, ctaPositionHistory, resolveCtaParams } from '../models/cta.ts';
import { volControlModel } from '../models/volcontrol.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
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
