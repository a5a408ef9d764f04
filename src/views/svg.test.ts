import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { lineChartSvg } from './svg.ts';

describe('lineChartSvg', () => {
  const s = seriesFrom('RATIO', ['2024-08-01', '2024-08-02', '2024-08-05', '2024-08-06'], [0.86, 0.95, 1.21, 0.98], { title: 'VIX/VIX3M' });

  it('draws one path through the values, a rule and a shaded band', () => {
    const svg = lineChartSvg([s], { rules: [1], bands: [{ from: '2024-08-02', to: '2024-08-06' }] });
    assert.match(svg, /^<svg[^>]*viewBox="0 0 760 260"/);
    // The line mark: one path through the four points (M + three L segments).
    assert.match(svg, /aria-label="line"[^]*?<path[^>]*d="M[\d.,]+L[\d.,]+L[\d.,]+L[\d.,]+"/);
    assert.match(svg, /aria-label="rect"[^]*?<rect /);
    assert.match(svg, /stroke-dasharray="4,3"[^>]*aria-label="rule"/);
  });

  it('is byte-stable for the same input', () => {
    assert.equal(lineChartSvg([s]), lineChartSvg([s]));
  });

  it('skips missing values instead of drawing them at zero', () => {
    const gap = seriesFrom('G', ['2024-01-01', '2024-01-02', '2024-01-03'], [1, Number.NaN, 3]);
    const svg = lineChartSvg([gap]);
    assert.doesNotMatch(svg, /NaN/);
  });
});
