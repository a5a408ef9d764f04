import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { seriesCsv, unionDates, wideColumns } from './seriesTable.ts';

const weekly = seriesFrom('WALCL', ['2026-08-12', '2026-08-19'], [6759955, 6745699]);
const daily = seriesFrom('RRPONTSYD', ['2026-08-18', '2026-08-19', '2026-08-20'], [0.41, Number.NaN, 0.225]);

describe('series as one table', () => {
  it('the wide calendar is the sorted union of the dates, each value on its own date only', () => {
    assert.deepEqual(Array.from(unionDates([daily, weekly])), [20677, 20683, 20684, 20685]);
    const { columns } = wideColumns([weekly, daily]);
    assert.deepEqual(Array.from(columns[0] as Float64Array), [6759955, Number.NaN, 6745699, Number.NaN]);
    assert.deepEqual(Array.from(columns[1] as Float64Array), [Number.NaN, 0.41, Number.NaN, 0.225]);
  });

  it('long CSV: series_id,date,value, series in the order given, missing as an empty field', () => {
    assert.equal(
      seriesCsv([weekly, daily], 'long'),
      'series_id,date,value\nWALCL,2026-08-12,6759955\nWALCL,2026-08-19,6745699\nRRPONTSYD,2026-08-18,0.41\nRRPONTSYD,2026-08-19,\nRRPONTSYD,2026-08-20,0.225\n',
    );
  });

  it('wide CSV: date and one column per series, a row per date of any series', () => {
    assert.equal(seriesCsv([weekly, daily], 'wide'), 'date,WALCL,RRPONTSYD\n2026-08-12,6759955,\n2026-08-18,,0.41\n2026-08-19,6745699,\n2026-08-20,,0.225\n');
  });

  it('numbers keep every digit a double has', () => {
    const s = seriesFrom('X', ['2024-01-02'], [0.1 + 0.2]);
    assert.equal(seriesCsv([s], 'long').split('\n')[1], 'X,2024-01-02,0.30000000000000004');
  });
});
