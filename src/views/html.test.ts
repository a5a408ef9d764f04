import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { escapeHtml, renderHtml } from './html.ts';
import { lineChartSvg } from './svg.ts';

describe('renderHtml', () => {
  const svg = lineChartSvg([seriesFrom('X', ['2026-01-02', '2026-01-05'], [1, 2])]);
  const html = renderHtml({
    title: 'flowlens <report>',
    sections: [
      {
        id: 'liquidity',
        title: 'Net liquidity',
        badge: { text: 'supported', tone: 'good' },
        metrics: [{ label: 'Net liquidity', value: '5,700 bn', asOf: '2026-08-19' }],
        charts: [svg],
        tables: [
          { head: ['date', 'value'], rows: [['2026-08-19', 5700]] },
          { head: ['claim', 'verdict'], rows: [[{ text: 'Net liquidity <rises>', href: '#liquidity' }, { text: 'mixed', tone: 'mixed' }]] },
        ],
      },
    ],
  });

  it('escapes text but keeps chart SVG as markup', () => {
    assert.match(html, /<title>flowlens &lt;report&gt;<\/title>/);
    assert.ok(html.includes(svg));
    assert.equal(escapeHtml(`a&b"'`), 'a&amp;b&quot;&#39;');
  });

  it('is self-contained: no script, no external URL', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /(src|href)="https?:/i);
  });

  it('links each section from the navigation', () => {
    assert.match(html, /<a href="#liquidity">Net liquidity<\/a>/);
    assert.match(html, /<section id="liquidity">/);
    assert.match(html, /class="badge good">supported</);
  });

  it('renders rich cells: an in-page link and a verdict badge, escaped', () => {
    assert.ok(html.includes('<td><a href="#liquidity">Net liquidity &lt;rises&gt;</a></td><td><span class="badge mixed">mixed</span></td>'));
    assert.match(html, /<td class="n">5700<\/td>/);
  });
});
