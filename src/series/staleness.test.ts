import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staleness } from './staleness.ts';

describe('staleness', () => {
  it('counts calendar days from the last observation', () => {
    assert.deepEqual(staleness('2026-08-19', 'weekly', '2026-08-26'), { ageDays: 7, stale: false });
    assert.deepEqual(staleness('2026-08-19', 'weekly', '2026-11-24'), { ageDays: 97, stale: true });
  });
  it('gives monthly data its publication lag: July data read in late August is fresh', () => {
    assert.equal(staleness('2026-07-01', 'monthly', '2026-08-28').stale, false);
    assert.equal(staleness('2026-07-01', 'monthly', '2026-09-02').stale, true);
  });
  it('treats a Friday close read on Tuesday as fresh daily data', () => {
    assert.equal(staleness('2026-11-20', 'daily', '2026-11-24').stale, false);
  });
});
