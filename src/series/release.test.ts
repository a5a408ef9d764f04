import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay, toIso } from './dates.ts';
import { usuallyKnownOn } from './release.ts';

describe('usuallyKnownOn', () => {
  const known = (iso: string, f: Parameters<typeof usuallyKnownOn>[1]) => toIso(usuallyKnownOn(toDay(iso), f));
  it('puts each observation at the end of its period plus the usual release lag', () => {
    assert.equal(known('2024-08-05', 'daily'), '2024-08-05'); // a close is known that evening
    assert.equal(known('2024-08-07', 'weekly'), '2024-08-08'); // H.4.1: Wednesday's level out on Thursday
    assert.equal(known('2024-06-01', 'monthly'), '2024-07-31'); // June ends 06-30, + 31
    assert.equal(known('2024-04-01', 'quarterly'), '2024-08-29'); // Q2 ends 06-30, + 60
    assert.equal(known('2022-01-01', 'annual'), '2023-09-27'); // 2022 ends 12-31, + 270: September 2023
  });
  it("follows a series' own calendar where it differs", () => {
    const k = (iso: string, f: Parameters<typeof usuallyKnownOn>[1], id: string) => toIso(usuallyKnownOn(toDay(iso), f, id));
    assert.equal(k('2024-08-03', 'weekly', 'ICSA'), '2024-08-08'); // week to Saturday, out Thursday
    assert.equal(k('2024-08-03', 'weekly', 'CCSA'), '2024-08-15'); // a week later
    assert.equal(k('2024-04-01', 'quarterly', 'DFA_PCT_TOP1_NW_SHARE'), '2024-09-28'); // Q2 + 90
    assert.equal(k('2025-06-30', 'annual', 'CAPEX_MSFT'), '2025-08-29'); // fiscal-year end + 60, not December
  });
});
