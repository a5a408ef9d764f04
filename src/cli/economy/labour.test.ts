import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface LabourJson {
  youthGap: { latest: { date: string; youth: number; overall: number; gap: number }; alwaysAbove: boolean };
  claims4wk: { date: string; value: number };
  detail: { initial4wk: { date: string; value: number }; continuing4wk: { date: string; value: number }; infoJobsYoY: { date: string; value: number } };
  profits: { latest: { date: string; profitsToGdp: number | null }; base: { from: string; to: string } } | null;
  missing: string[];
  inputsAsOf: Record<string, string>;
}

describe('flowlens economy labour on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['UNRATE', 'LNS14000036', 'U6RATE', 'ICSA', 'CCSA', 'JTSJOL', 'JTSHIR', 'USINFO', 'CP', 'GDP', 'COE']);
  });
  after(() => cleanup());

  it('the youth unemployment gap is positive and has been in every month', async () => {
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json'));
    assert.equal(j.youthGap.latest.date, '2024-12-01');
    assert.ok(Math.abs(j.youthGap.latest.gap - 3.4) < 1e-9, `gap ${j.youthGap.latest.gap}`); // 7.5 − 4.1
    assert.equal(j.youthGap.alwaysAbove, true);
  });

  it('claims 4-week average and information jobs y/y, by hand', async () => {
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json'));
    // ICSA 2026-07-25..08-15: 198,000, 200,000, 212,000, 206,000 → 204,000.
    assert.deepEqual(j.detail.initial4wk, { date: '2026-08-15', value: 204_000 });
    // USINFO 2,780 (2026-07) vs 2,861 (2025-07) → −2.8312%.
    assert.equal(j.detail.infoJobsYoY.date, '2026-07-01');
    assert.ok(Math.abs(j.detail.infoJobsYoY.value - (100 * (2780 / 2861) - 100)) < 1e-9);
  });

  it('profits: CP is there, GDP and COE are named as missing and the screen says so', async () => {
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json'));
    assert.deepEqual(j.missing, ['GDP', 'COE']);
    assert.equal(j.profits?.latest.profitsToGdp, null); // NaN printed as null
    assert.equal(j.inputsAsOf.CP, '2026-01-01');
    const screen = await runCli('economy', 'labour');
    assert.match(screen.stdout, /claims, 4-week averages: initial 204,000 \(to 2026-08-15\)/);
    assert.match(screen.stdout, /information-sector jobs \(USINFO\): -2\.8% y\/y in 2026-07/);
    assert.match(screen.stdout, /corporate profits after tax \(CP\) [\d,]+ bn SAAR on 2026-01-01; the ratios need GDP and COE/);
    assert.match(screen.stdout, /! not in the store: GDP, COE/);
    assert.match(screen.stdout, /Unemployment gap, ages 20–24 minus all/);
  });

  it('--as-of 2020-06-30 reads the gap as it stood then', async () => {
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json', '--as-of', '2020-06-30'));
    assert.ok(j.youthGap.latest.date <= '2020-06-30');
    assert.ok(j.youthGap.latest.gap > 0);
  });
});
