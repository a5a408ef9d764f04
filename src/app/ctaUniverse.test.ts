import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { CTA_MIN_PRICES, ctaUniverseSeries } from './ctaUniverse.ts';
import { ModelData } from './pointInTime.ts';

/** `n` daily prices of `id` ending on day 12,000 + n (all positive). */
function prices(id: string, n: number, end = 12_000): Series {
  const dates = Array.from({ length: n }, (_, i) => toIso(end - n + 1 + i));
  return seriesFrom(id, dates, dates.map((_, i) => 100 + i));
}

describe('ctaUniverseSeries', () => {
  it('needs the longest default lookback (252) + 2 prices: 254', () => {
    assert.equal(CTA_MIN_PRICES, 254);
  });

  it('takes the freshest id with enough prices: gold futures with years of history, not an ETF listed a month before', () => {
    const data = new Map([
      ['GSPC', prices('GSPC', 400)],
      ['GLD', prices('GLD', 31, 12_001)],
      ['GC_F', prices('GC_F', 1_000)],
    ]);
    const { chosen, missing } = ctaUniverseSeries(data, ['spx', 'gold']);
    assert.deepEqual(chosen.map((c) => c.series.id), ['GSPC', 'GC_F']);
    assert.deepEqual(missing, []);
  });

  it('leaves out an asset whose every id is too short or absent, saying which and why', () => {
    const data = new ModelData('2005-01-03' as IsoDate, new Map([
      ['GC_F', { stored: true, firstDate: '2000-08-30' as IsoDate }],
      ['BTCUSD', { stored: true, firstDate: '2014-09-17' as IsoDate }],
    ]));
    data.set('GLD', prices('GLD', 31));
    const { chosen, missing } = ctaUniverseSeries(data, ['gold', 'btc']);
    assert.deepEqual(chosen, []);
    assert.deepEqual(missing, ['Gold (GLD: 31 prices, 254 needed; GC_F: none known on 2005-01-03 (starts 2000-08-30))', 'Bitcoin (BTCUSD: none by 2005-01-03 (starts 2014-09-17))']);
    // A longer lookback asks for more.
    assert.deepEqual(ctaUniverseSeries(new Map([['GLD', prices('GLD', 300)]]), ['gold'], 400).missing, ['Gold (GLD: 300 prices, 400 needed; GC_F: not in the store)']);
  });
});
