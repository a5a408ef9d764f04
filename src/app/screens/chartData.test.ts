import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import { alignLines } from './chartData.ts';

const d = (s: string) => toDay(s);

describe('alignLines', () => {
  const a = { label: 'a', dates: [d('2024-07-31'), d('2024-08-01'), d('2024-08-02'), d('2024-08-05')], values: [1, Number.NaN, 2.123456789, 3] };
  const b = { label: 'b', dates: [d('2024-08-01'), d('2024-08-06')], values: [10, 20] };
  const expected = {
    dates: ['2024-08-01', '2024-08-02', '2024-08-05', '2024-08-06'],
    lines: [
      { label: 'a', values: [null, 2.12346, 3, null] },
      { label: 'b', values: [10, null, null, 20] },
    ],
  };

  it('puts day-numbered lines on the union of their dates from `from` on: null where a line has no value (NaN is none), six significant digits', () => {
    assert.deepEqual(alignLines([a, b], '2024-08-01' as IsoDate), expected);
    assert.deepEqual(alignLines([a, b]).dates[0], '2024-07-31');
  });

  it('gives the same grid for lines dated by ISO strings, and for day numbers out of order', () => {
    const iso = (l: typeof a) => ({ ...l, dates: l.dates.map((x) => new Date(x * 86_400_000).toISOString().slice(0, 10) as IsoDate) });
    assert.deepEqual(alignLines([iso(a), iso(b)], '2024-08-01' as IsoDate), expected);
    const shuffled = { label: 'b', dates: [d('2024-08-06'), d('2024-08-01')], values: [20, 10] };
    assert.deepEqual(alignLines([a, shuffled], '2024-08-01' as IsoDate), expected);
  });
});
