import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate, Point } from '../series/types.ts';
import { seriesCsv } from './seriesCsv.ts';

const pts = (...pairs: [string, number][]): Point[] => pairs.map(([date, value]) => ({ date: date as IsoDate, value }));

describe('seriesCsv', () => {
  it('writes one series as date,ID rows with an empty cell for a listed-but-missing value', () => {
    assert.equal(seriesCsv([{ id: 'DGS10', points: pts(['2024-08-05', 3.78], ['2024-08-06', Number.NaN], ['2024-08-07', 3.96]) }]), 'date,DGS10\n2024-08-05,3.78\n2024-08-06,\n2024-08-07,3.96\n');
  });

  it('joins series on every date any of them has, ascending, with empty cells where one has none', () => {
    const weekly = { id: 'WALCL', points: pts(['2024-07-31', 7178391], ['2024-08-07', 7175257]) };
    const daily = { id: 'VIX', points: pts(['2024-08-05', 38.57], ['2024-08-06', 27.71], ['2024-08-07', 27.85]) };
    assert.equal(seriesCsv([weekly, daily]), 'date,WALCL,VIX\n2024-07-31,7178391,\n2024-08-05,,38.57\n2024-08-06,,27.71\n2024-08-07,7175257,27.85\n');
  });

  it('writes only the header when no series has a value in the window', () => {
    assert.equal(seriesCsv([{ id: 'A', points: [] }, { id: 'B', points: [] }]), 'date,A,B\n');
  });

  it('writes numbers in their shortest exact form', () => {
    assert.equal(seriesCsv([{ id: 'X', points: pts(['2024-01-02', 0.1 + 0.2], ['2024-01-03', 1e21], ['2024-01-04', -0]) }]), 'date,X\n2024-01-02,0.30000000000000004\n2024-01-03,1e+21\n2024-01-04,0\n');
  });
});
