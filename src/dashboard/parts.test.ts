import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScreenParams } from '../app/screens/assumptions.ts';
import type { ChartData } from '../app/screens/chartData.ts';
import { keptQuery, layout } from './layout.ts';
import { chartFigure, rangeButtons, fmt, scriptJson } from './parts.ts';
import { studyPage } from './pages/study.ts';
import { alertsPage } from './pages/alerts.ts';
import { fedPage } from './pages/fed.ts';
import type { IsoDate } from '../series/types.ts';

const chart: ChartData = {
  id: 'net-liquidity',
  title: 'Net liquidity <b>',
  summary: 'Net liquidity is 5,911 bn on 2024-07-31.',
  unit: 'USD bn',
  dates: ['2024-07-24', '2024-07-31'],
  lines: [{ label: 'net liquidity', values: [5930.5, 5911.19] }],
};

describe('dashboard page parts', () => {
  it('a chart is a figure named by its title and described by its summary, its data as JSON that cannot end the script element', () => {
    const html = chartFigure(chart);
    assert.match(html, /<figure class="chart" id="chart-net-liquidity" data-chart="net-liquidity" aria-labelledby="chart-net-liquidity-t" aria-describedby="chart-net-liquidity-s">/);
    assert.match(html, /id="chart-net-liquidity-t">Net liquidity &lt;b&gt;/);
    assert.ok(html.includes('<td class="d">2024-07-31</td><td class="n">5,911.19</td>'), 'the table fallback lists the points, newest first');
    const json = /<script type="application\/json" class="chart-data">(.*)<\/script>/.exec(html)?.[1] ?? '';
    assert.deepEqual(JSON.parse(json), chart);
    assert.equal(scriptJson({ s: '</script><script>' }), '{"s":"\\u003c/script>\\u003cscript>"}');
  });
  it('a chart names its unit once: after the title, unless the title already ends with it (the economy page said "(USD bn) (USD bn)")', () => {
    assert.match(chartFigure(chart), /id="chart-net-liquidity-t">Net liquidity &lt;b&gt; <span class="muted">\(USD bn\)<\/span><\/div>/);
    const capex = chartFigure({ ...chart, title: 'Capex of AAPL, AMZN, GOOGL, META, MSFT by calendar year (USD bn)' });
    assert.match(capex, /id="chart-net-liquidity-t">Capex of AAPL, AMZN, GOOGL, META, MSFT by calendar year \(USD bn\)<\/div>/);
  });
  it('numbers carry a true minus sign, a plus when asked, and a dash when missing', () => {
    assert.equal(fmt(-6.59, 1), '−6.6');
    assert.equal(fmt(4.17, 1, true), '+4.2');
    assert.equal(fmt(null), '—');
    assert.equal(fmt(1234.5, 0), '1,235');
  });
  it('the layout keeps the date and changed assumptions in every link, loads only local assets, and shows value vs default', () => {
    const p = parseScreenParams({ 'as-of': '2024-08-05', volTarget: '0.2' });
    assert.equal(keptQuery(p), '?as-of=2024-08-05&volTarget=0.2');
    const html = layout({ path: '/flows', title: 'Flows', params: p, body: '<p>x</p>', assumptions: true });
    assert.match(html, /<a href="\/fed\?as-of=2024-08-05&volTarget=0.2">Fed<\/a>/);
    assert.match(html, /<a href="\/flows\?as-of=2024-08-05&volTarget=0.2" aria-current="page">Flows<\/a>/);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no asset from another host');
    assert.match(html, /id="a-volTarget" name="volTarget" value="0.2"[^>]*><\/td><td class="n changed" data-label="status">changed<\/td><td class="n" data-label="default">0.1<\/td>/);
    assert.match(html, /prefers-color-scheme: dark/);
  });
  it('a curve over maturity: a static SVG with the tenors as ticks for readers without script, its table by maturity, no date ranges', () => {
    const curve: ChartData = {
      id: 'vix-curve',
      title: 'VIX term structure',
      summary: 'inverted',
      unit: 'index points',
      x: 'maturity',
      dates: ['9', '30', '91', '182'],
      xLabels: ['9 days', '30 days', '3 months', '6 months'],
      lines: [
        { label: 'now (2024-08-05)', values: [42.79, 38.57, 33.72, 30.28] },
        { label: '1 week ago (2024-07-29)', values: [17.39, 16.6, null, 18.56] },
      ],
    };
    const html = chartFigure(curve);
    const svg = /<div class="static" role="img" aria-label="VIX term structure: inverted">([\s\S]*?)<\/div>\n<details>/.exec(html)?.[1] ?? '';
    for (const tick of ['9 days', '30 days', '3 months', '6 months']) assert.ok(svg.includes(`>${tick}<`), `tick ${tick}`);
    assert.match(svg, /now \(2024-08-05\)/, 'a legend names each curve');
    assert.ok(html.includes('<th>maturity</th><th>now (2024-08-05) (index points)</th><th>1 week ago (2024-07-29) (index points)</th>'));
    assert.ok(html.includes('<td>3 months</td><td class="n">33.72</td><td>—</td>'), 'rows by maturity, shortest first, a dash where a tenor has no close');
    assert.doesNotMatch(html, /data-range=/);
  });
  it('a date chart offers only the ranges that change what it shows', () => {
    // The scenario fan: 21 trading days from 2026-08-24; the buyback calendar: ±120 days.
    assert.equal(rangeButtons(['2026-08-24', '2026-09-22']), '');
    assert.equal(rangeButtons(['2026-04-23', '2026-12-19']), '');
    // Net liquidity from 2024: a year and all; from 2003: five years too.
    assert.equal(rangeButtons(['2024-01-03', '2026-08-19']), '<button type="button" data-range="1y">1Y</button><button type="button" data-range="max">Max</button>');
    assert.match(rangeButtons(['2003-01-01', '2026-08-19']), /data-range="1y">1Y<.*data-range="5y">5Y<.*data-range="max">Max</);
  });
  it('the date control of the study page carries the study: a new date re-runs the same event and asset, not the default study', () => {
    const p = parseScreenParams({ 'as-of': '2024-08-05' });
    const html = studyPage({ asOf: '2024-08-05' as IsoDate, params: { event: 'fomc', asset: 'QQQ', horizons: [1, 5], from: '2015-01-01' as IsoDate, gap: 0 }, problems: [] }, p);
    const timeMachine = /<form class="controls" method="get" action="\/study" aria-label="Time machine">([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
    const hidden = [...timeMachine.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => `${m[1]}=${m[2]}`);
    assert.deepEqual(hidden, ['event=fomc', 'asset=QQQ', 'horizons=1,5', 'from=2015-01-01'], 'the gap is at its default, so not carried');
    assert.match(timeMachine, /<a href="\/study\?event=fomc&amp;asset=QQQ&amp;horizons=1%2C5&amp;from=2015-01-01">latest data<\/a>/);
    // The default study carries nothing.
    const plain = studyPage({ asOf: null, params: { event: 'vix-inversion', asset: 'GSPC', horizons: [1, 5, 21, 63], gap: 0 }, problems: [] }, parseScreenParams({}));
    assert.doesNotMatch(/aria-label="Time machine">([\s\S]*?)<\/form>/.exec(plain)?.[1] ?? '', /type="hidden"/);
  });
  it('the alerts page says each rule’s condition in words, as `flowlens alerts list` does, not as JSON', () => {
    const html = alertsPage(
      {
        asOf: null,
        rulesFile: '/home/u/.config/flowlens/alerts.json',
        starter: false,
        rules: [
          { id: 'spx-trigger', condition: { kind: 'cta-trigger-near', asset: 'spx', withinPct: 1 }, cooldown: '1d', channels: ['log'] },
          { id: 'vc-selling', condition: { kind: 'vol-control-flow', days: 5, belowBn: -30 }, cooldown: '0m', channels: ['log'] },
        ],
        now: [],
        history: [],
        pendingDeliveries: 0,
        notes: [],
        problems: [],
      },
      parseScreenParams({}),
    );
    assert.match(html, /<td data-label="condition">CTA trigger within 1% \(spx\)<\/td>/);
    assert.match(html, /<td data-label="condition">vol-control flow 5d ≤ -30 bn<\/td>/);
    assert.doesNotMatch(html, /&quot;kind&quot;/);
  });
  it('the Fed page compares each meeting’s odds and expected rate with 1 month ago, with the change in pp and bp', () => {
    const html = fedPage(
      {
        asOf: null,
        tradeDate: '2026-09-28' as IsoDate,
        currentRange: [3.5, 3.75],
        oddsOf: 'hike',
        meetings: [
          {
            meeting: '2026-10-28' as IsoDate,
            cut: 0,
            hold: 0,
            hike: 100,
            belowToday: 0,
            aboveToday: 100,
            expectedRate: 4.055,
            mostLikely: { range: [3.75, 4], p: 77 },
            compare: [
              { key: 'hike', label: 'P(hike)', now: 100, changeUnit: 'pp', earlier: [{ label: '1 month', tradeDate: '2026-08-28' as IsoDate, then: 71.1, change: 28.9 }] },
              { key: 'rate', label: 'expected rate', now: 4.055, changeUnit: 'bp', earlier: [{ label: '1 month', tradeDate: '2026-08-28' as IsoDate, then: 4.1, change: -4.5 }] },
            ],
          },
        ],
        compareDates: [{ label: '1 month', tradeDate: '2026-08-28' as IsoDate }],
        swings: 0,
        notes: [],
        problems: [],
      },
      parseScreenParams({}),
    );
    assert.match(html, /<div class="v" id="fed-next-odds">100\.0%<\/div><div class="l">P\(higher range\) by 2026-10-28<\/div>/);
    assert.match(html, /<th>now \(2026-09-28\) %<\/th><th>1 month ago \(2026-08-28\) %<\/th><\/tr>/);
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const rows = [...(html.split('id="compare"')[1] ?? '').matchAll(/<tr><td.*?<\/tr>/g)].map((m) => cells(m[0]));
    assert.deepEqual(rows, [
      ['2026-10-28', 'P(hike)', '100.0', '71.1 (+28.9 pp)'],
      ['2026-10-28', 'expected rate', '4.055', '4.100 (−4.5 bp)'],
    ]);
    assert.doesNotMatch(html, /P\(below today\) 1 month ago/);
  });
});
