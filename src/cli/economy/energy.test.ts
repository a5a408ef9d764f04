import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realDataDir, skipWithoutRealData } from '../../testing/realData.ts';
import { powerParamsFromFlags } from './energy.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface EnergyJson {
  prices: { id: string; date: string; value: number; yoy: number }[];
  power: { accelerators: number; itMw: number; facilityMw: number; twhPerYear: number; pctOfUsDataCentres: number; pctOfPlannedAdditions: number; capexSource: string } | null;
  missing: string[];
}

describe('energy flags → capexToPower parameters', () => {
  it('maps each flag to its field and leaves the others to the model defaults', () => {
    assert.deepEqual(powerParamsFromFlags({ pue: '1.5', watts: '1000' }), { wattsPerAccelerator: 1000, pue: 1.5 });
    assert.throws(() => powerParamsFromFlags({ utilisation: 'most' }), /--utilisation must be a number, got "most"/);
  });
});

describe('flowlens economy energy on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['APU000072610', 'RNGWHHD', 'RNGWHHM']);
  });
  after(() => cleanup());

  it('prices: electricity 0.197 USD/kWh in July 2026; Henry Hub daily and monthly', async () => {
    const j = jsonOf<EnergyJson>(await runCli('economy', 'energy', '--json', '--capex-bn', '100'));
    const by = new Map(j.prices.map((p) => [p.id, p]));
    assert.equal(by.get('APU000072610')?.date, '2026-07-01');
    assert.ok(Math.abs((by.get('APU000072610')?.value ?? 0) - 0.197) < 0.0006);
    assert.equal(by.get('RNGWHHD')?.date, '2026-08-18');
    assert.equal(by.get('RNGWHHM')?.date, '2026-07-01');
    // The shared data have no G.17 power series: the screen names them and shows the rest.
    assert.deepEqual(j.missing, ['IPG2211S', 'CAPUTLG2211S']);
  });

  it('100 bn of capex with the defaults: 1.2 mn accelerators, 1,530 MW IT, 1,989 MW facility, 12.197 TWh', async () => {
    const j = jsonOf<EnergyJson>(await runCli('economy', 'energy', '--json', '--capex-bn', '100'));
    const p = j.power;
    assert.ok(p);
    assert.ok(Math.abs(p.accelerators - 1_200_000) < 1e-6); // 100e9 · 0.6 / 50,000
    assert.ok(Math.abs(p.itMw - 1530) < 1e-9); // × 1,275 W
    assert.ok(Math.abs(p.facilityMw - 1989) < 1e-9); // × PUE 1.3
    assert.ok(Math.abs(p.twhPerYear - 12.196548) < 1e-9); // × 0.7 × 8,760 h
    assert.ok(Math.abs(p.pctOfUsDataCentres - 6.9298568) < 1e-6); // of 176 TWh
    assert.equal(p.capexSource, '--capex-bn');
  });

  it('every parameter is a flag: PUE 1 and utilisation 1 give 1,530 MW and 13.4028 TWh', async () => {
    const j = jsonOf<EnergyJson>(await runCli('economy', 'energy', '--json', '--capex-bn', '100', '--pue', '1', '--utilisation', '1'));
    assert.ok(Math.abs((j.power?.facilityMw ?? 0) - 1530) < 1e-9);
    assert.ok(Math.abs((j.power?.twhPerYear ?? 0) - 13.4028) < 1e-9);
    const twice = jsonOf<EnergyJson>(await runCli('economy', 'energy', '--json', '--capex-bn', '100', '--cost-per-accelerator', '25000', '--compute-share', '0.3', '--watts', '2550'));
    assert.ok(Math.abs((twice.power?.itMw ?? 0) - 3060) < 1e-9); // 100e9·0.3/25,000 = 1.2 mn × 2,550 W
  });

  it('a PUE below 1 fails in one line naming it', async () => {
    const r = await runCli('economy', 'energy', '--capex-bn', '100', '--pue', '0.5');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: --pue must be a ratio of at least 1, got "0\.5"\n$/);
  });

  it('without --capex-bn it takes the hyperscalers’ last complete year (2025, ≈ 370 bn) from --hyperscalers', async () => {
    const dir = realDataDir() ?? '';
    const file = [join(dir, 'macro', 'hyperscaler_capex_revenue_annual.csv'), join(dir, 'hyperscaler_capex_revenue_annual.csv')].find((p) => existsSync(p));
    assert.ok(file);
    const j = jsonOf<EnergyJson>(await runCli('economy', 'energy', '--json', '--hyperscalers', file));
    assert.match(j.power?.capexSource ?? '', /^hyperscaler capex 2025 of AAPL, AMZN, GOOGL, META, MSFT from .*hyperscaler_capex_revenue_annual\.csv$/);
    assert.ok(Math.abs((j.power?.accelerators ?? 0) - (370.2e9 * 0.6) / 50_000) < 1e-3);
    const screen = await runCli('economy', 'energy', '--hyperscalers', file);
    assert.match(screen.stdout, /AI capex of 370 bn a year/);
    assert.match(screen.stdout, /accelerators +│ +4,442,400 │/);
  });
});
