import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import {
  bisect,
  bondPriceFromYield,
  cleanPrices,
  ctaModel,
  ctaPositionAt,
  ctaPositionHistory,
  ctaPositionHistoryEwma,
  ctaWarmup,
  dailyVolAt,
  dailyVolHistory,
  ewmaDailyVol,
  ewmaDecayOfCenterOfMass,
  meanSignalTomorrow,
  parBondPrice,
  resolveCtaParams,
  signalAt,
  type CtaResult,
} from './cta.ts';

/** The positive prices of a series as an array (as cleanPrices gives them). */
function cleanPx(s: Series): Float64Array {
  return Float64Array.from(s.values).filter((x) => x > 0);
}

function path(values: number[], id = 'SPY'): Series {
  return seriesFrom(id, values.map((_, i) => toIso(toDay('2024-01-01') + i)), values);
}
/** A rising zig-zag: +2%, −1% alternating in log terms, 300 days. */
const rising = path(Array.from({ length: 300 }, (_, i) => 100 * Math.exp(0.005 * i + (i % 2 ? 0.01 : 0))));

describe('CTA signals and positions, hand-computed', () => {
  it('takes the sign of the lookback return', () => {
    const px = Float64Array.from([100, 101, 99, 102]);
    assert.equal(signalAt(px, 3, 3, 'sign', 0.01), 1);
    assert.equal(signalAt(px, 2, 1, 'sign', 0.01), -1);
    // smooth: tanh(ln(102/100) / (0.01·√3))
    assert.ok(Math.abs(signalAt(px, 3, 3, 'smooth', 0.01) - Math.tanh(Math.log(1.02) / (0.01 * Math.sqrt(3)))) < 1e-15);
  });

  it('sizes the position to the vol target and caps it', () => {
    const p = resolveCtaParams({ volTarget: 0.1, cap: 2 });
    const px = rising.values;
    const pos = ctaPositionAt(px, 299, p, 0.01);
    assert.ok(Math.abs(pos - 0.1 / (0.01 * Math.sqrt(252))) < 1e-12); // all four signals +1
    assert.equal(ctaPositionAt(px, 299, p, 0.0001), 2);
  });

  it('puts each trigger where the sign flips by construction', () => {
    const r = ctaModel([{ prices: rising }]);
    const a = r.assets[0];
    assert.ok(a);
    for (const t of a.triggers) {
      const px: Float64Array = a.prices;
      const n = px.length;
      const next = (x: number): number => Math.sign(Math.log(x / (px[n - t.lookback] as number)));
      assert.equal(next(t.level * 1.0001), 1, `above the ${t.lookback}d trigger`);
      assert.equal(next(t.level * 0.9999), -1, `below the ${t.lookback}d trigger`);
      assert.ok(Math.abs(t.distancePct - 100 * (t.level / (px[n - 1] as number) - 1)) < 1e-12);
    }
    // The mean of four signs turns non-positive once two of them have flipped: the second-nearest trigger below.
    const below = a.triggers.map((t) => t.level).filter((l) => l < a.latest.price).sort((x, y) => y - x);
    assert.ok(a.flipLevel !== undefined && Math.abs(a.flipLevel - (below[1] as number)) / (below[1] as number) < 1e-8);
  });

  it('adds exposures up across assets with normalised weights', () => {
    const r = ctaModel([{ prices: rising, weight: 3 }, { prices: path(Array.from(rising.values).reverse(), 'QQQ'), weight: 1 }], { aumBn: 400 });
    assert.deepEqual(r.assets.map((a) => a.weight), [0.75, 0.25]);
    assert.ok(Math.abs(r.totalExposureBn - r.assets.reduce((s, a) => s + a.latest.exposureBn, 0)) < 1e-12);
    assert.ok(Math.abs((r.assets[0]?.latest.exposureBn ?? 0) - (r.assets[0]?.latest.position ?? 0) * 400 * 0.75) < 1e-12);
  });

  it('finds a root by bisection', () => {
    assert.ok(Math.abs(bisect((x) => x * x - 2, 0, 2) - Math.SQRT2) < 1e-9);
  });

  it('prices a 10-year bond: par at its coupon, 92.21 for a 4% coupon at 5%', () => {
    assert.ok(Math.abs(parBondPrice(0.04, 0.04) - 100) < 1e-12);
    // Textbook value: 100·[0.8·(1 − 1.025^−20) + 1.025^−20] = 92.2054.
    assert.ok(Math.abs(parBondPrice(0.05, 0.04) - 92.2054) < 1e-4);
    assert.ok(Math.abs(parBondPrice(0, 0.04) - 140) < 1e-9, 'no discounting: 100 + 20 coupons of 2');
  });

  it('turns a yield into a bond price that falls when yields rise', () => {
    const y = seriesFrom('DGS10', ['2024-01-02', '2024-01-03', '2024-01-04'], [4.0, Number.NaN, 4.1]);
    const p = bondPriceFromYield(y);
    assert.equal(p.values.length, 2, 'the missing yield is skipped');
    // Par bond bought at 4.0% repriced at 4.1%, plus a day of carry: 100 · (P(4.1%, c = 4%)/100 + 0.04/252) = 99.186 + 0.016 ≈ 99.202.
    assert.ok(Math.abs((p.values[1] as number) - (parBondPrice(0.041, 0.04) + 100 * (0.04 / 252))) < 1e-12);
    assert.ok(Math.abs((p.values[1] as number) - 99.2022) < 1e-3, String(p.values[1]));
    // The linear form with a given duration: 100 · (1 + 0.04/252 − 8.5 · 0.001).
    const lin = bondPriceFromYield(y, 8.5);
    assert.ok(Math.abs((lin.values[1] as number) - 100 * (1 + 0.04 / 252 - 0.0085)) < 1e-12);
    assert.throws(() => bondPriceFromYield(y, -1), /duration must be positive/);
  });

  it('finds the smooth rule\'s flip level as a root of the mean signal', () => {
    // A gentle uptrend (0.03%/day under ±1% swings): the smooth signals flip within a few %.
    const gentle = path(Array.from({ length: 300 }, (_, i) => 100 * Math.exp(0.0003 * i + (i % 2 ? 0.01 : 0))));
    const r = ctaModel([{ prices: gentle }], { rule: 'smooth' });
    const a = r.assets[0];
    assert.ok(a && a.flipLevel !== undefined, 'a flip level within ±30%');
    const p = resolveCtaParams({ rule: 'smooth' });
    const dv = dailyVolAt(a.prices, a.prices.length - 1, p.volWindow);
    const f = (x: number) => meanSignalTomorrow(a.prices, x, p, dv);
    assert.ok(f(a.flipLevel * (1 + 1e-7)) > 0 && f(a.flipLevel * (1 - 1e-7)) < 0);
    // A plain scan in steps of 0.01% from spot downwards finds the same crossing.
    let x = a.latest.price;
    while (f(x) > 0) x *= 0.9999;
    assert.ok(Math.abs(x / a.flipLevel - 1) < 2e-4);
    // Each lookback's smooth signal changes sign at the same trigger as the sign rule.
    for (const t of a.triggers) {
      const px = a.prices;
      const one = (y: number) => Math.tanh(Math.log(y / (px[px.length - t.lookback] as number)) / (dv * Math.sqrt(t.lookback)));
      assert.ok(one(t.level * 1.0001) > 0 && one(t.level * 0.9999) < 0);
    }
  });

  it('the history function is the step kernel applied day by day, NaN before the longest lookback', () => {
    const p = resolveCtaParams();
    const h = ctaPositionHistory(rising.values, p);
    assert.ok(Number.isNaN(h[251]));
    assert.equal(h[270], ctaPositionAt(rising.values, 270, p));
    const r = ctaModel([{ prices: rising }]);
    assert.equal(r.assets[0]?.latest.position, h[299]);
  });

  it('skips missing prices (NaN) rather than failing', () => {
    const values = Array.from(rising.values);
    values[200] = Number.NaN;
    const r = ctaModel([{ prices: path(values) }]);
    assert.equal(r.assets[0]?.prices.length, 299);
    assert.equal(r.assumptions.find((x) => x.name === 'aumBn')?.value, 350);
  });

  it('rejects bad parameters and short histories', () => {
    assert.throws(() => ctaModel([{ prices: rising }], { aumBn: -5 }), /aumBn must not be negative/);
    assert.throws(() => ctaModel([{ prices: path([1, 2, 3]) }]), /SPY: 3 prices, the longest lookback needs 254/);
    assert.throws(() => ctaModel([{ prices: rising }], { lookbacks: [0] }), /lookbacks must be whole numbers/);
  });
});

describe('CTA on real history', { skip: skipWithoutRealData }, () => {
  let r: CtaResult;
  before(async () => {
    r = ctaModel([{ prices: await loadRealSeries('SPY') }]);
  });
  const share = (from: string, to: string, pred: (p: number) => boolean) => {
    const a = r.assets[0];
    let n = 0;
    let k = 0;
    a?.dates.forEach((d, i) => {
      const iso = toIso(d);
      if (iso >= from && iso < to) {
        n++;
        if (pred(a.position[i] as number)) k++;
      }
    });
    return k / n;
  };
  it('was short the S&P 500 through most of the 2022 drawdown', () => {
    assert.ok(share('2022-01-01', '2023-01-01', (p) => p < 0) > 0.6);
  });
  it('was long through most of 2023–24', () => {
    assert.ok(share('2023-01-01', '2025-01-01', (p) => p > 0) > 0.8);
  });
});

describe('CTA on real history: Nasdaq-100 and the 10-year bond in 2022', { skip: skipWithoutRealData }, () => {
  const share2022Short = (a: CtaResult['assets'][number]) => {
    let n = 0;
    let k = 0;
    a.dates.forEach((d, i) => {
      if (d >= toDay('2022-01-01') && d < toDay('2023-01-01')) {
        n++;
        if ((a.position[i] as number) < 0) k++;
      }
    });
    return k / n;
  };
  it('was short the Nasdaq-100 on most 2022 days', async () => {
    const a = ctaModel([{ prices: await loadRealSeries('QQQ') }]).assets[0];
    assert.ok(a && share2022Short(a) > 0.6);
  });
  it('was short the 10-year bond (priced from DGS10) on most 2022 days, as yields rose from 1.5% to 4%', async () => {
    const a = ctaModel([{ prices: bondPriceFromYield(await loadRealSeries('DGS10')) }]).assets[0];
    assert.ok(a && share2022Short(a) > 0.8);
  });
});

describe('CTA, AQR time-series-momentum variant (1/3/12 months, EWMA vol)', () => {
  it('resolves the variant: lookbacks 21/63/252, EWMA with a 60-day centre of mass (δ = 60/61); explicit parameters win', () => {
    const p = resolveCtaParams({ variant: 'aqr' });
    assert.deepEqual(p.lookbacks, [21, 63, 252]);
    assert.equal(p.volEstimator, 'ewma');
    assert.equal(p.ewmaCenterOfMass, 60);
    assert.equal(ewmaDecayOfCenterOfMass(60), 60 / 61);
    assert.deepEqual(resolveCtaParams({ variant: 'aqr', lookbacks: [21] }).lookbacks, [21]);
    assert.equal(resolveCtaParams().volEstimator, undefined, 'the default stays the rolling window');
    assert.throws(() => resolveCtaParams({ variant: 'xyz' as 'aqr' }), /variant must be one of flowlens, aqr/);
  });

  it('steps the EWMA variance by hand: v = δ·v + (1 − δ)·r², seeded with the mean r² of the window', () => {
    const px = Float64Array.from([100, 101, 99, 102, 102]);
    const [r1, r2, r3] = [Math.log(1.01), Math.log(99 / 101), Math.log(102 / 99)];
    const d = 2 / 3; // centre of mass 2
    const v2 = (r1 ** 2 + r2 ** 2) / 2;
    const v3 = d * v2 + (1 - d) * r3 ** 2;
    const v4 = d * v3;
    const got = ewmaDailyVol(px, 2, 2);
    assert.ok(Number.isNaN(got[1] as number));
    assert.ok(Math.abs((got[2] as number) - Math.sqrt(v2)) < 1e-15);
    assert.ok(Math.abs((got[3] as number) - Math.sqrt(v3)) < 1e-15);
    assert.ok(Math.abs((got[4] as number) - Math.sqrt(v4)) < 1e-15);
  });

  it('sizes each day by the EWMA vol and leaves the window model unchanged', () => {
    const px = cleanPx(rising);
    const p = resolveCtaParams({ variant: 'aqr' });
    const h = ctaPositionHistoryEwma(px, p);
    const dv = ewmaDailyVol(px, 60, p.volWindow);
    assert.equal(h[290], ctaPositionAt(px, 290, p, dv[290] as number));
    const m = ctaModel([{ prices: rising }], { variant: 'aqr' });
    assert.equal(m.assets[0]?.latest.position, h[299]);
    assert.ok(m.assumptions.some((a) => a.name === 'variant' && a.value === 'aqr'));
    assert.ok(m.assumptions.some((a) => a.name === 'ewmaCenterOfMass' && a.value === 60));
    assert.equal(ctaModel([{ prices: rising }]).assets[0]?.latest.position, ctaPositionHistory(px, resolveCtaParams())[299]);
  });
});

describe('CTA variants on the 2024 unwind', { skip: skipWithoutRealData }, () => {
  it('both variants cut S&P 500, Nasdaq-100 and Russell 2000 exposure from 19 Jul to 2 Aug 2024 (flowlens −83.5 bn, aqr −90.6 bn: USD 350 bn spread over these three alone)', async () => {
    const eq = await Promise.all(['SPY', 'QQQ', 'IWM'].map((id) => loadRealSeries(id)));
    const change = (variant?: 'aqr') => {
      const r = ctaModel(eq.map((prices) => ({ prices })), variant ? { variant } : {});
      return r.assets.reduce((s, a) => {
        const i0 = a.dates.indexOf(toDay('2024-07-19'));
        const i1 = a.dates.indexOf(toDay('2024-08-02'));
        return s + 350 * a.weight * ((a.position[i1] as number) - (a.position[i0] as number));
      }, 0);
    };
    const base = change();
    const aqr = change('aqr');
    assert.ok(Math.abs(base - -83.5) < 0.5, `flowlens ${base}`);
    assert.ok(Math.abs(aqr - -90.6) < 0.5, `aqr ${aqr}`);
  });
});

describe('CTA position history: vols from log returns taken once', { skip: skipWithoutRealData }, () => {
  it('is bit-identical to ctaPositionAt and dailyVolAt day by day on real GSPC (1927–2020) and SPY, sign and smooth rules', async () => {
    for (const id of ['GSPC', 'SPY']) {
      const { px } = cleanPrices(await loadRealSeries(id));
      assert.ok(px.length > 8000, `${id}: ${px.length} prices`);
      for (const params of [{}, { rule: 'smooth' as const, volWindow: 21 }]) {
        const p = resolveCtaParams(params);
        const hist = ctaPositionHistory(px, p);
        const vols = dailyVolHistory(px, p.volWindow);
        for (let i = 0; i < px.length; i++) {
          if (i >= ctaWarmup(p)) assert.ok(Object.is(hist[i], ctaPositionAt(px, i, p)), `${id} position ${i}`);
          else assert.ok(Number.isNaN(hist[i]));
          if (i >= p.volWindow) assert.ok(Object.is(vols[i], dailyVolAt(px, i, p.volWindow)), `${id} vol ${i}`);
          else assert.ok(Number.isNaN(vols[i]));
        }
      }
    }
  });
});
