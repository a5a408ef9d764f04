import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDay } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { assumption } from './assumptions.ts';

const SPEC = { name: 'pue', default: 1.3, description: 'power usage effectiveness', source: 'Uptime Institute 2024 survey', knownFrom: '2024-07-31' as IsoDate };

test('a dated default used before it was published is flagged and says so; on or after that day, or given by the user, it is not', () => {
  const early = assumption(SPEC, undefined, '2020-06-30' as IsoDate);
  assert.equal(early.value, 1.3);
  assert.equal(early.laterThanAsOf, true);
  assert.equal(early.description, 'power usage effectiveness (default from 2024-07-31, after the as-of date: the earliest flowlens has)');
  assert.equal(assumption(SPEC, undefined, toDay('2024-07-31')).laterThanAsOf, undefined);
  assert.equal(assumption(SPEC, undefined).laterThanAsOf, undefined); // latest: no as-of date
  const user = assumption(SPEC, 1.5, '2020-06-30' as IsoDate);
  assert.equal(user.value, 1.5);
  assert.equal(user.laterThanAsOf, undefined);
});
