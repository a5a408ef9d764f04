import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planWrite, sameValue, type StoredRow } from './writePlan.ts';

const T1 = Date.parse('2026-01-01T00:00:00Z');
const T2 = Date.parse('2026-02-01T00:00:00Z');
const T3 = Date.parse('2026-03-01T00:00:00Z');
const row = (day: number, value: number, retrievedMs: number): StoredRow => ({ day, value, retrievedMs });

describe('planWrite', () => {
  it('appends new dates and changed values, and counts each date once', () => {
    const existing = [row(1, 10, T1), row(2, 20, T1), row(3, 30, T1)];
    const plan = planWrite(existing, [{ retrievedMs: T2, points: [{ day: 1, value: 10 }, { day: 2, value: 21 }, { day: 4, value: 40 }] }]);
    assert.deepEqual(plan.append, [row(2, 21, T2), row(4, 40, T2)]);
    assert.deepEqual([plan.added, plan.revised, plan.unchanged, plan.lastDay], [1, 1, 1, 4]);
  });

  it('compares a back-dated vintage with the value as of its own time, not the latest', () => {
    // Stored: 5 retrieved at T2. A vintage from T1 said 4: that is history the store lacked,
    // so it is appended, while the latest value (5) is unchanged.
    const plan = planWrite([row(7, 5, T2)], [
      { retrievedMs: T1, points: [{ day: 7, value: 4 }] },
      { retrievedMs: T3, points: [{ day: 7, value: 5 }] },
    ]);
    assert.deepEqual(plan.append, [row(7, 4, T1)]);
    assert.deepEqual([plan.added, plan.revised, plan.unchanged], [0, 0, 1]);
  });

  it('treats missing as equal to missing and ends lastDay at the last non-missing latest value', () => {
    const plan = planWrite([row(1, 1, T1), row(2, Number.NaN, T1)], [{ retrievedMs: T2, points: [{ day: 2, value: Number.NaN }, { day: 3, value: Number.NaN }] }]);
    assert.equal(plan.append.length, 1);
    assert.deepEqual([plan.added, plan.revised, plan.unchanged, plan.lastDay], [1, 0, 1, 1]);
  });

  it('has no last day when every value is missing', () => {
    assert.equal(planWrite([], [{ retrievedMs: T1, points: [{ day: 9, value: Number.NaN }] }]).lastDay, null);
  });
});

describe('sameValue', () => {
  it('absorbs float noise below 1e-12 relative but not a real change', () => {
    assert.equal(sameValue(0.1 + 0.2, 0.3), true);
    assert.equal(sameValue(6745699, 6745699.01), false);
    assert.equal(sameValue(6745699, 6745699.000001), true); // 1.5e-13 relative
    assert.equal(sameValue(1e-300, 0), false);
    assert.equal(sameValue(0, 0), true);
  });
});
