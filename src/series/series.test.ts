import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from './dates.ts';
import { dropMissing, lastValid, seriesFrom, sliceSeries, toPoints } from './series.ts';

describe('Series helpers', () => {
  const s = seriesFrom('X', ['2026-01-05', '2026-01-02', '2026-01-06', '2026-01-07'], [2, 1, Number.NaN, 4]);

  it('sorts points by date into typed arrays', () => {
    assert.deepEqual(Array.from(s.dates), [toDay('2026-01-02'), toDay('2026-01-05'), toDay('2026-01-06'), toDay('2026-01-07')]);
    assert.deepEqual(Array.from(s.values).slice(0, 2), [1, 2]);
  });
  it('refuses a duplicated date', () => {
    assert.throws(() => seriesFrom('X', ['2026-01-02', '2026-01-02'], [1, 2]), /X: duplicated date 2026-01-02/);
  });
  it('slices by inclusive ISO bounds and finds the last valid value', () => {
    const part = sliceSeries(s, '2026-01-05', '2026-01-06');
    assert.equal(part.dates.length, 2);
    assert.deepEqual(lastValid(part), { date: '2026-01-05', value: 2 });
    assert.deepEqual(lastValid(s), { date: '2026-01-07', value: 4 });
  });
  it('drops missing values and converts back to points', () => {
    assert.deepEqual(toPoints(dropMissing(s)).map((p) => p.value), [1, 2, 4]);
  });
});
