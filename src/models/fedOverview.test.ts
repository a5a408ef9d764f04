import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../series/types.ts';
import type { MeetingOddsPoint } from './fedOdds.ts';
import { oddsKey } from './fedOverview.ts';

const point = (tradeDate: string, cut: number, hike: number): MeetingOddsPoint => ({ tradeDate: tradeDate as IsoDate, cut, hike, rate: 3.875, reference: [3.75, 4] });

describe('oddsKey: which side of the odds a history is read on', () => {
  it('follows the side priced on the last trade date, however long cuts were priced before', () => {
    // The 2026-10-28 meeting as priced from 2026-07-29 (P(cut) 32.9%, P(hike) 14.7%) to 2026-09-28 (0%, 70.9%).
    const history = [point('2026-07-29', 32.9, 14.7), point('2026-07-30', 30.1, 15.0), point('2026-07-31', 28.0, 16.2), point('2026-09-28', 0, 70.9)];
    assert.equal(oddsKey(history), 'hike');
    assert.equal(oddsKey(history.slice(0, 3)), 'cut');
  });

  it('on a tie on the last date (a hold priced), the side priced on more trade dates; cut when none', () => {
    assert.equal(oddsKey([point('2023-01-03', 0, 80), point('2023-01-04', 0, 60), point('2023-01-05', 10, 0), point('2023-01-06', 0, 0)]), 'hike');
    assert.equal(oddsKey([point('2024-01-03', 40, 0), point('2024-01-04', 0, 0)]), 'cut');
    assert.equal(oddsKey([]), 'cut');
  });
});
