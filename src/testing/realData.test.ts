import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import { importRealData, loadRealSeries, realDataDir, skipWithoutRealData } from './realData.ts';

describe('realData', () => {
  it('gives a one-line skip reason exactly when the folder is missing', () => {
    if (realDataDir() === undefined) {
      assert.equal(typeof skipWithoutRealData, 'string');
      assert.match(String(skipWithoutRealData), /^FLOWLENS_DATA_DIR .*skipped$/);
    } else assert.equal(skipWithoutRealData, false);
  });

  it('loads a catalog series as a Series with metadata, merged from its files', { skip: skipWithoutRealData }, async () => {
    const walcl = await loadRealSeries('walcl');
    assert.equal(walcl.id, 'WALCL');
    assert.equal(walcl.unit, 'USD mn');
    assert.equal(walcl.dates[0], toDay('2002-12-18'));
    assert.equal(walcl.values[0], 719542);
    assert.deepEqual(lastValid(walcl), { date: '2026-08-19', value: 6745699 });
    const vix3m = await loadRealSeries('VIX3M');
    assert.equal(lastValid(vix3m).date, '2026-08-20');
  });

  it('imports the folder once per process', { skip: skipWithoutRealData }, () => {
    assert.equal(importRealData(), importRealData());
  });

  it('throws for a series no file provides', { skip: skipWithoutRealData }, async () => {
    await assert.rejects(loadRealSeries('DGS3MO'), /DGS3MO: no file in .* provides it/);
  });
});
