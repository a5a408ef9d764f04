import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labourModel } from '../../models/labour.ts';
import { seriesFrom } from '../../series/series.ts';
import { labourSummary, lineLabel } from './economy.ts';

describe('economy page: the labour summary dates each figure by its own series', () => {
  const m = { frequency: 'monthly' as const };
  it('the youth series ending first: the headline rate on UNRATE’s last month, the 20–24 rate on its own with that month’s overall rate', () => {
    // As the shared data: UNRATE to 2026-07 (4.1%), LNS14000036 to 2024-12 (7.5%, UNRATE 4.1% that month).
    const unrate = seriesFrom('UNRATE', ['2024-11-01', '2024-12-01', '2026-06-01', '2026-07-01'], [4.2, 4.1, 4.2, 4.1], m);
    const youth = seriesFrom('LNS14000036', ['2024-11-01', '2024-12-01'], [7.6, 7.5], m);
    assert.equal(labourSummary(labourModel({ unrate, youth })), 'Unemployment 4.1% on 2026-07-01; ages 20–24 7.5% on 2024-12-01 (4.1% overall that month).');
    // The overall rate a month after the youth series stops is not the youth month's: 4.4 vs 4.1.
    const later = seriesFrom('UNRATE', ['2024-11-01', '2024-12-01', '2025-01-01'], [4.2, 4.1, 4.4], m);
    assert.equal(labourSummary(labourModel({ unrate: later, youth })), 'Unemployment 4.4% on 2025-01-01; ages 20–24 7.5% on 2024-12-01 (4.1% overall that month).');
  });
  it('without the youth series, the headline alone; without UNRATE, no gap and no headline', () => {
    const unrate = seriesFrom('UNRATE', ['2026-07-01'], [4.1], m);
    assert.equal(labourSummary(labourModel({ unrate })), 'Unemployment 4.1% on 2026-07-01.');
    assert.equal(labourSummary(labourModel({ youth: seriesFrom('LNS14000036', ['2024-12-01'], [7.5], m) })), 'Unemployment rates.');
  });
});

describe('economy page: a claim line label does not repeat the chart unit', () => {
  it('drops a trailing ", <unit>" equal to the unit; keeps any other title; the id when untitled', () => {
    assert.equal(lineLabel('AI/tech vs real economy, %', 'KSHAPE', '%'), 'AI/tech vs real economy');
    assert.equal(lineLabel('capex of the five, USD bn', 'HYPERSCALER_CAPEX', 'USD bn'), 'capex of the five');
    assert.equal(lineLabel('top 1%', 'X', '% of total'), 'top 1%');
    assert.equal(lineLabel('', 'KSHAPE', '%'), 'KSHAPE');
  });
});
