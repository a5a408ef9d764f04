import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { calibrate, exposureChange, flowOver } from './calibration.ts';

const days = Int32Array.from([toDay('2024-08-01'), toDay('2024-08-02'), toDay('2024-08-05'), toDay('2024-08-06')]);

describe('calibration against desk figures', () => {
  it('sums daily flows over a window and takes the change of a position', () => {
    const flow = Float64Array.from([-1, -2, Number.NaN, -4]);
    assert.equal(flowOver(days, flow, toDay('2024-08-02'), toDay('2024-08-06')), -6);
    assert.ok(Number.isNaN(flowOver(days, flow, toDay('2024-09-01'), toDay('2024-09-02'))));
    const pos = Float64Array.from([0.5, 0.4, 0.1, 0.2]);
    // From 2 Aug to 5 Aug: position 0.1 on 5 Aug less 0.5 on 1 Aug (the day before the window), × 100.
    assert.ok(Math.abs(exposureChange(days, pos, 100, toDay('2024-08-02'), toDay('2024-08-05')) - -40) < 1e-12);
    assert.ok(Number.isNaN(exposureChange(days, pos, 100, toDay('2024-08-01'), toDay('2024-08-05'))));
  });

  it('gives the ratio to the midpoint of the published range', () => {
    const rows = calibrate([{ model: 'x', from: '2024-08-02', to: '2024-08-05', lowBn: -80, highBn: -70 }, { model: 'x', from: '2024-08-02', to: '2024-08-05', lowBn: 0, highBn: 0 }], () => -30);
    assert.equal(rows[0]?.ratio, 0.4);
    assert.ok(Number.isNaN(rows[1]?.ratio as number));
  });
});
