import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotEnoughDataError } from '../core/errors.ts';
import { toDay } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { inForce, inForceOrEarliest, laterParameterNote, type Dated } from './dated.ts';

const d = (s: string) => s as IsoDate;
// Standard deduction, married filing jointly, as published (Rev. Procs 2018-57, 2019-44; OBBBA).
const list: Dated<number>[] = [
  { value: 24_800, knownFrom: d('2020-01-01'), source: 'Rev. Proc. 2019-44' },
  { value: 24_400, knownFrom: d('2019-01-01'), source: 'Rev. Proc. 2018-57' },
  { value: 31_500, knownFrom: d('2025-07-04'), source: 'Pub. L. 119-21' },
];

describe('inForce: the latest value known on or before the as-of date', () => {
  it('picks 2020 law on 2020-06-30 (list order does not matter)', () => assert.equal(inForce(list, d('2020-06-30'), 'x').value, 24_800));
  it('counts the knownFrom day itself as known', () => assert.equal(inForce(list, d('2020-01-01'), 'x').value, 24_800));
  it('keeps the older value the day before', () => assert.equal(inForce(list, d('2019-12-31'), 'x').value, 24_400));
  it('takes day numbers as well as ISO dates', () => assert.equal(inForce(list, toDay('2025-07-04'), 'x').value, 31_500));
  it('without an as-of date gives the latest', () => assert.equal(inForce(list, undefined, 'x').value, 31_500));
  it('says "no … known by DATE" before the first value', () => {
    assert.throws(() => inForce(list, d('2018-12-31'), 'standard deduction'), (e: unknown) => e instanceof NotEnoughDataError && e.message === 'no standard deduction known by 2018-12-31 (the earliest flowlens has is from 2019-01-01)');
  });
  it('rejects a malformed date', () => assert.throws(() => inForce(list, d('2020-13-01'), 'x'), /YYYY-MM-DD/));
});

describe('inForceOrEarliest: the earliest value stands in, flagged', () => {
  it('flags a value from after the as-of date', () => {
    const p = inForceOrEarliest(list, d('2010-05-01'), 'x');
    assert.equal(p.value, 24_400);
    assert.equal(p.laterThanAsOf, true);
    assert.match(laterParameterNote('the standard deduction', p, d('2010-05-01')), /^parameter from a later date: the standard deduction is from 2019-01-01, after the as-of date 2010-05-01/);
  });
  it('does not flag a value known in time', () => assert.deepEqual(inForceOrEarliest(list, d('2024-01-01'), 'x'), { value: 24_800, knownFrom: '2020-01-01', source: 'Rev. Proc. 2019-44', laterThanAsOf: false }));
});
