import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface LabourJson {
  youthGap: { latest: { date: string; youth: number; overall: number; gap: number }; alwaysAbove: boolean };
  claims4wk: { date: string; value: number };
  detail: { initial4wk: { date: string; value: number }; continuing4wk: { date: string; value: number }; infoJobsYoY: { date: string; value: number } };
  profits: {
    latest: { date: string; compensationDate: string | null; profitsToGdp: number; profitsToCompensation: number };
    base: { from: string; to: string; profitsToGdp: number; profitsToCompensation: number };
  } | null;
  missing: string[];
  inputsAsOf: Record<string, string>;
}

describe('flowlens economy labour on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['UNRATE', 'LNS14000036', 'U6RATE', 'ICSA', 'CCSA', 'JTSJOL', 'JTSHIR', 'USINFO', 'CP', 'GDP', 'COE']);
  });
  after(() => cleanup());

  it('an --as-of before every labour series says where each starts, not "no labour series in the store … run flowlens sync"', async () => {
    const r = await runCli('economy', 'labour', '--as-of', '1800-01-01');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'flowlens: no labour series to read (no observation on or before 1800-01-01: UNRATE (starts 1948-01-01), LNS14000036 (starts 1948-01-01), U6RATE (starts 1994-01-01), ICSA (starts 1967-01-07), CCSA (starts 1967-01-07), JTSJOL (starts 2000-12-01), JTSHIR (starts 2021-02-01), USINFO (starts 1970-01-01)): choose a later --as-of\n');
  });

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

  it('profits vs labour income: CP / GDP and CP / COE against their 1990–2019 means, by hand', async () => {
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json'));
    assert.deepEqual(j.missing, []);
    const p = j.profits;
    assert.ok(p);
    // CP 3,950.681 / GDP 31,906.274 in 2026 Q1; CP 3,591.344 / COE 15,754.924 in 2025 Q3 (COE's last quarter).
    assert.equal(p.latest.date, '2026-01-01');
    assert.equal(p.latest.compensationDate, '2025-07-01');
    assert.ok(Math.abs(p.latest.profitsToGdp - (100 * 3950.681) / 31906.274) < 1e-9);
    assert.ok(Math.abs(p.latest.profitsToCompensation - (100 * 3591.344) / 15754.924) < 1e-9);
    // Means of the 120 quarters 1990 Q1–2019 Q4, computed from the CSVs: 8.0425% and 14.8632%.
    assert.ok(Math.abs(p.base.profitsToGdp - 8.042454813) < 1e-6);
    assert.ok(Math.abs(p.base.profitsToCompensation - 14.863203418) < 1e-6);
    assert.deepEqual([j.inputsAsOf.CP, j.inputsAsOf.GDP, j.inputsAsOf.COE], ['2026-01-01', '2026-04-01', '2025-07-01']);
    const screen = await runCli('economy', 'labour');
    assert.match(screen.stdout, /claims, 4-week averages: initial 204,000 \(to 2026-08-15\)/);
    assert.match(screen.stdout, /information-sector jobs \(USINFO\): -2\.8% y\/y in 2026-07/);
    assert.match(screen.stdout, /corporate profits after tax on 2026-01-01: \/ GDP 12\.4% \(\+4\.3 pp vs its 1990–2019 mean of 8\.0%\); \/ compensation of employees 22\.8% \(\+7\.9 pp vs its 1990–2019 mean of 14\.9%\) on 2025-07-01 \(COE's last quarter\)/);
    assert.doesNotMatch(screen.stdout, /not in the store/);
    assert.match(screen.stdout, /Unemployment gap, ages 20–24 minus all/);
    // The gap is dated by the youth series' last month; the overall rate now by UNRATE's own.
    assert.match(screen.stdout, /ages 20–24: 7\.5% vs 4\.1% overall on 2024-12-01 \(LNS14000036's last month; UNRATE 4\.1% on 2026-07-01\): a gap of 3\.4 pp/);
  });

  it('--as-of 1990-01-01 names the inputs that start later apart from those not in the store', async () => {
    const screen = await runCli('economy', 'labour', '--as-of', '1990-01-01');
    assert.equal(screen.code, 0, screen.stderr);
    // U-6 from 1994, job openings from December 2000, the hires excerpt from 2021: stored, just later.
    assert.match(screen.stdout, /^! no observation on or before 1990-01-01: U6RATE \(starts 1994-01-01\), JTSJOL \(starts 2000-12-01\), JTSHIR \(starts 2021-02-01\)$/m);
    assert.doesNotMatch(screen.stdout, /not in the store/);
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json', '--as-of', '1990-01-01'));
    assert.deepEqual(j.missing, ['U6RATE', 'JTSJOL', 'JTSHIR']);
  });

  it('--as-of 2020-06-30 reads the gap as it stood then', async () => {
    const j = jsonOf<LabourJson>(await runCli('economy', 'labour', '--json', '--as-of', '2020-06-30'));
    assert.ok(j.youthGap.latest.date <= '2020-06-30');
    assert.ok(j.youthGap.latest.gap > 0);
  });
});
