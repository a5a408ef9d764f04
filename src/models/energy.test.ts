import assert from 'node:assert/strict';
import type { IsoDate } from '../series/types.ts';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { capexToPower, energyPrices, powerDemand, yearOverYear } from './energy.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

describe('power demand, hand-computed', () => {
  // 61 months of output growing 1% a month from 100; utilisation 70, 72, 74, 76, 78 then 80.
  const months = Array.from({ length: 61 }, (_, k) => `${2020 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`);
  const output = seriesFrom('IPG2211S', months, months.map((_, k) => 100 * 1.01 ** k), { frequency: 'monthly' });
  const util = seriesFrom('CAPUTLG2211S', months.slice(-6), [70, 72, 74, 76, 78, 80], { frequency: 'monthly' });
  it('gives output y/y and over 5 years on the same month', () => {
    const r = powerDemand({ output, utilisation: util });
    assert.equal(r.output?.date, '2025-01-01');
    close(r.output?.yoy ?? 0, 100 * (1.01 ** 12 - 1));
    close(r.output?.fiveYearPct ?? 0, 100 * (1.01 ** 60 - 1));
    // mean 75, sample sd √(70/5) = √14, z = 5/√14
    close(r.utilisation?.mean ?? 0, 75);
    close(r.utilisation?.sd ?? 0, Math.sqrt(14));
    close(r.utilisation?.z ?? 0, 5 / Math.sqrt(14));
    assert.equal(r.utilisation?.since, '2024-08-01', 'the first month used, not the 1990 default');
    assert.deepEqual(r.missing, []);
  });
  it('leaves a month it cannot find as NaN and lists missing inputs', () => {
    const r = powerDemand({ output: seriesFrom('IPG2211S', months.slice(-13, -12).concat(months.slice(-1)), [100, 103], { frequency: 'monthly' }) });
    close(r.output?.yoy ?? 0, 3);
    assert.ok(Number.isNaN(r.output?.fiveYearPct ?? 0));
    assert.deepEqual(r.missing, ['CAPUTLG2211S']);
  });
});

describe('energy, hand-computed', () => {
  it('computes y/y against the same date a year before (last value within a week)', () => {
    const s = seriesFrom('RNGWHHD', ['2024-03-08', '2025-03-10', '2025-03-11'], [2.0, 4.0, 5.0]);
    const y = yearOverYear(s);
    // 2025-03-10 looks at 2024-03-10 → last value 2024-03-08 (2 days old)
    close(y.values[1] as number, 100);
    close(y.values[2] as number, 150);
    assert.ok(Number.isNaN(y.values[0] as number));
  });
  it('turns USD 100bn of capex into accelerators, MW and TWh', () => {
    const r = capexToPower({ capexUsdBn: 100, computeShare: 0.5, costPerAcceleratorUsd: 50_000, wattsPerAccelerator: 1_000, pue: 1.25, utilisation: 0.8 });
    close(r.accelerators, 1_000_000);
    close(r.itMw, 1_000);
    close(r.facilityMw, 1_250);
    close(r.twhPerYear, (1_250 * 0.8 * 8_760) / 1e6); // 8.76 TWh
    close(r.pctOfUsDataCentres, (100 * 8.76) / 176, 1e-9);
    close(r.pctOfPlannedAdditions, (100 * 1.25) / 63);
  });
  it('compares with what EIA and LBNL had published by the as-of date', () => {
    const p = { capexUsdBn: 100, computeShare: 0.5, costPerAcceleratorUsd: 50_000, wattsPerAccelerator: 1_000, pue: 1.25, utilisation: 0.8 };
    // 2019-12-31: EIA's 23.7 GW for 2019 (2019-01-10) and LBNL's 70 TWh for 2014 (June 2016).
    const a = capexToPower(p, '2019-12-31' as IsoDate);
    assert.deepEqual([a.plannedAdditions.value, a.plannedAdditions.knownFrom, a.dataCentreUse.value.year], [{ year: 2019, gw: 23.7 }, '2019-01-10', 2014]);
    close(a.pctOfPlannedAdditions, (100 * 1.25) / 23.7);
    close(a.pctOfUsElectricity, (100 * 8.76) / (70 / 0.018), 1e-9);
    // The day before EIA's 2025 article the 2024 plan (62.8 GW) is in force; on the day, 63 GW.
    assert.equal(capexToPower(p, '2025-02-23' as IsoDate).plannedAdditions.value.gw, 62.8);
    assert.equal(capexToPower(p, '2025-02-24' as IsoDate).plannedAdditions.value.gw, 63);
    // Before any EIA plan flowlens has: the earliest stands in, flagged.
    const early = capexToPower(p, '2018-06-29' as IsoDate).assumptions.find((x) => x.name === 'plannedAdditionsGw');
    assert.deepEqual([early?.value, early?.knownFrom, early?.laterThanAsOf], [23.7, '2019-01-10', true]);
  });
  it('rejects a PUE below 1', () => assert.throws(() => capexToPower({ capexUsdBn: 1, pue: 0.9 }), /pue must be at least 1/));
  it('lists the price inputs it did not get', () => {
    const r = energyPrices({ electricity: seriesFrom('APU000072610', ['2024-05-01', '2025-05-01'], [0.17, 0.187], { frequency: 'monthly' }) });
    close(r.readings[0]?.yoy ?? 0, 10, 1e-9);
    assert.deepEqual(r.missing, ['RNGWHHD', 'RNGWHHM']);
  });
});

describe('energy prices on real data', { skip: skipWithoutRealData }, () => {
  it('reads electricity and Henry Hub with finite y/y changes', async () => {
    const [e, gd, gm] = await Promise.all(['APU000072610', 'RNGWHHD', 'RNGWHHM'].map(loadRealSeries));
    const r = energyPrices({ electricity: e, gasDaily: gd, gasMonthly: gm });
    assert.equal(r.readings.length, 3);
    for (const x of r.readings) assert.ok(Number.isFinite(x.yoy), `${x.id} ${x.yoy}`);
    const elec = r.readings[0];
    assert.ok(elec && elec.value > 0.1 && elec.value < 0.3, `${elec?.value}`);
  });
});
