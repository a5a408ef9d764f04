import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hyperscalerByYear } from '../../models/aicapex.ts';
import { hasSeries } from '../../series/catalog.ts';
import { toDay } from '../../series/dates.ts';
import type { Series } from '../../series/types.ts';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { hyperscalerRowsFromSeries, lastCompleteYear } from './ai.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

/** An annual series in USD bn dated at the given fiscal-year ends. */
function annual(id: string, points: [string, number][]): Series {
  return { id, title: id, unit: 'USD bn', frequency: 'annual', source: 'fred', dates: Int32Array.from(points, ([d]) => toDay(d)), values: Float64Array.from(points, ([, v]) => v), retrievedAt: '' };
}

describe('store series → hyperscaler rows', () => {
  const store = new Map<string, Series>([
    ['CAPEX_MSFT', annual('CAPEX_MSFT', [['2024-06-30', 44.477], ['2025-06-30', 64.551]])],
    ['REVENUE_MSFT', annual('REVENUE_MSFT', [['2024-06-30', 245.122], ['2025-06-30', 281.724]])],
    // AAPL: a year with capex but no revenue is left out.
    ['CAPEX_AAPL', annual('CAPEX_AAPL', [['2024-09-28', 9.447], ['2025-09-27', 12.715]])],
    ['REVENUE_AAPL', annual('REVENUE_AAPL', [['2025-09-27', 416.161]])],
    // META: capex only — both ids must be there.
    ['CAPEX_META', annual('CAPEX_META', [['2025-12-31', 72.2]])],
  ]);

  it('converts USD bn to USD rows at the fiscal-year end and names the series it did not get', () => {
    const { rows, missing } = hyperscalerRowsFromSeries(store);
    assert.deepEqual(
      rows.map((r) => [r.ticker, r.fyEnd, r.capex, r.revenue]),
      [
        ['AAPL', '2025-09-27', 12.715e9, 416.161e9],
        ['MSFT', '2024-06-30', 44.477e9, 245.122e9],
        ['MSFT', '2025-06-30', 64.551e9, 281.724e9],
      ],
    );
    assert.deepEqual(missing, ['CAPEX_AMZN', 'REVENUE_AMZN', 'CAPEX_GOOGL', 'REVENUE_GOOGL', 'REVENUE_META']);
  });

  it('feeds hyperscalerByYear: 2025 = MSFT + AAPL, capex/revenue by hand', () => {
    const years = hyperscalerByYear(hyperscalerRowsFromSeries(store).rows);
    const y2025 = years.find((y) => y.year === 2025);
    assert.ok(y2025);
    assert.ok(Math.abs(y2025.capex - 77.266) < 1e-9);
    assert.ok(Math.abs(y2025.revenue - 697.885) < 1e-9);
    assert.ok(Math.abs(y2025.capexToRevenue - (100 * 77.266) / 697.885) < 1e-9); // 11.07%
    assert.equal(lastCompleteYear(years)?.year, 2025);
  });

  it('an empty store gives no rows and all ten ids missing', () => {
    const { rows, missing } = hyperscalerRowsFromSeries(new Map());
    assert.equal(rows.length, 0);
    assert.equal(missing.length, 10);
  });
});

describe('flowlens economy ai on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  let file = '';
  before(async () => {
    cleanup = await realStore(['GDP', 'GDPC1', 'Y034RC1Q027SBEA', 'Y034RX1Q020SBEA', 'B985RC1Q027SBEA', 'B985RX1Q020SBEA']);
    const dir = realDataDir() ?? '';
    file = [join(dir, 'macro', 'hyperscaler_capex_revenue_annual.csv'), join(dir, 'hyperscaler_capex_revenue_annual.csv')].find((p) => existsSync(p)) ?? '';
  });
  after(() => cleanup());

  it('names the missing BEA components (GDP is there now), and still shows real GDP', async () => {
    const r = await runCli('economy', 'ai');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /contribution to GDP growth not computed: no AI capex component has both nominal and real levels/);
    assert.match(r.stdout, /real GDP \(GDPC1\) [\d,]+ bn chained 2017 USD, SAAR, in the quarter of 2026-04-01/);
    assert.match(r.stdout, /inputs as of GDP 2026-04-01, GDPC1 2026-04-01/);
    assert.match(r.stdout, /! not in the store: Y034RC1Q027SBEA, Y034RX1Q020SBEA, B985RC1Q027SBEA, B985RX1Q020SBEA/);
    assert.doesNotMatch(r.stdout, /not in the store: GDP/);
  });

  it('--hyperscalers <shared file>: 2025 capex of the five ≈ 370 bn, 3.7× 2020, 2026 partial', async () => {
    assert.ok(file, 'hyperscaler_capex_revenue_annual.csv not found');
    const json = jsonOf<{
      hyperscalers: { years: { year: number; capex: number; complete: boolean; tickers: string[] }[] };
      contribution: unknown;
      capexVsNominalGdp: { year: number; dCapex: number; dGdp: number; share: number } | null;
      missing: string[];
    }>(await runCli('economy', 'ai', '--json', '--hyperscalers', file));
    const y = (n: number) => json.hyperscalers.years.find((x) => x.year === n);
    assert.ok(Math.abs((y(2025)?.capex ?? 0) - 370.223) < 0.01);
    assert.deepEqual(y(2025)?.tickers, ['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT']);
    assert.ok(Math.abs((y(2020)?.capex ?? 0) - 100.3) < 0.1);
    assert.equal(y(2026)?.complete, false);
    assert.equal(json.contribution, null);
    assert.ok(!json.missing.includes('GDP'));
    // AI capex against nominal GDP from GDP itself: annual means of the quarterly SAAR levels,
    // 2025 30,861.292 − 2024 29,380.991 = 1,480.302 bn; capex 370.223 − 226.714 = 143.509 bn → 9.69%.
    const v = json.capexVsNominalGdp;
    assert.ok(v);
    assert.equal(v.year, 2025);
    assert.ok(Math.abs(v.dGdp - 1480.3015) < 1e-6, `${v.dGdp}`);
    assert.ok(Math.abs(v.dCapex - 143.509) < 1e-6, `${v.dCapex}`);
    assert.ok(Math.abs(v.share - (100 * 143.509) / 1480.3015) < 1e-6, `${v.share}`);
    const screen = await runCli('economy', 'ai', '--hyperscalers', file);
    assert.match(screen.stdout, /│ 2025 +│ +370\.2 │/);
    assert.match(screen.stdout, /2025: 370 bn, 3\.7× 2020/);
    assert.match(screen.stdout, /against nominal GDP \(GDP\) in 2025: capex \+143\.5 bn on 2024 = 9\.7% of the 1,480\.3 bn rise in nominal GDP/);
  });

  it('--as-of drops fiscal years ending after the date from the file', async () => {
    const json = jsonOf<{ hyperscalers: { years: { year: number }[] } }>(await runCli('economy', 'ai', '--json', '--hyperscalers', file, '--as-of', '2024-12-31'));
    assert.equal(json.hyperscalers.years.at(-1)?.year, 2024);
  });

  it('a missing --hyperscalers file fails in one line naming it', async () => {
    const r = await runCli('economy', 'ai', '--hyperscalers', '/nonexistent/h.csv');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: --hyperscalers \/nonexistent\/h\.csv: cannot read the file \(ENOENT\)/);
  });
});

const storeSkip = hasSeries('CAPEX_AAPL') ? skipWithoutRealData : 'CAPEX_<T> / REVENUE_<T> are not in the catalog yet: store-path test skipped';

describe('flowlens economy ai from the store’s CAPEX_<T> / REVENUE_<T>', { skip: storeSkip }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT'].flatMap((t) => [`CAPEX_${t}`, `REVENUE_${t}`]));
  });
  after(() => cleanup());

  it('gives the same 2025 total as the file (≈ 370.2 bn) and prints each series’ last fiscal-year end', async () => {
    const json = jsonOf<{ hyperscalers: { source: string; years: { year: number; capex: number }[] }; inputsAsOf: Record<string, string> }>(await runCli('economy', 'ai', '--json'));
    assert.equal(json.hyperscalers.source, 'store');
    assert.ok(Math.abs((json.hyperscalers.years.find((y) => y.year === 2025)?.capex ?? 0) - 370.223) < 0.01);
    assert.equal(json.inputsAsOf.CAPEX_MSFT?.slice(0, 4), '2026');
    const screen = await runCli('economy', 'ai');
    assert.match(screen.stdout, /from store\)/);
    assert.doesNotMatch(screen.stdout, /not in the store: .*CAPEX_/);
  });
});
