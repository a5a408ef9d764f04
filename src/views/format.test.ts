import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../core/random.ts';
import { fmtAuto, fmtChange, fmtNumber } from './format.ts';

// [value, decimals, expected]: the strings `toLocaleString('en-US', …)` printed before the cached
// formatter replaced it (ICU rounds the shortest decimal form half away from zero: 1.005 → 1.01).
const CASES: readonly (readonly [number, number, string])[] = [
  [0, 2, '0.00'],
  [-0, 2, '-0.00'],
  [0, 0, '0'],
  [-0.004, 2, '-0.00'],
  [2.345, 2, '2.35'],
  [1.005, 2, '1.01'],
  [0.125, 2, '0.13'],
  [9.995, 2, '10.00'],
  [-9.995, 2, '-10.00'],
  [0.5, 0, '1'],
  [1.5, 0, '2'],
  [2.5, 0, '3'],
  [-2.5, 0, '-3'],
  [-1234.5, 0, '-1,235'],
  [1234567.891, 2, '1,234,567.89'],
  [123456789.125, 2, '123,456,789.13'],
  [-98765.4321, 1, '-98,765.4'],
  [1e21, 2, '1,000,000,000,000,000,000,000.00'],
  [Number.MAX_SAFE_INTEGER, 0, '9,007,199,254,740,991'],
  [0.00005, 4, '0.0001'],
  [0.00004999, 4, '0.0000'],
  [1e-10, 4, '0.0000'],
  [-1e-10, 4, '-0.0000'],
  [5e-324, 2, '0.00'],
  [3.14159, 5, '3.14159'],
  [42, 6, '42.000000'],
];

describe('fmtNumber', () => {
  it('prints the en-US strings of a table of cases: signs, zero, rounding at .5, large and small', () => {
    for (const [x, d, want] of CASES) assert.equal(fmtNumber(x, d), want, `fmtNumber(${x}, ${d})`);
  });

  it('is byte-identical to toLocaleString with the same options', () => {
    for (const [x, d] of CASES) assert.equal(fmtNumber(x, d), x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
    // A sweep across magnitudes and half-way points, with every count of decimals the views use.
    for (let e = -8; e <= 15; e++)
      for (const m of [1, 1.5, 2.5, 4.995, -7.125, 9.9999]) {
        const x = m * 10 ** e;
        for (const d of [0, 1, 2, 3, 4]) assert.equal(fmtNumber(x, d), x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }), `fmtNumber(${x}, ${d})`);
      }
  });

  it('is byte-identical to Intl on 200,000 seeded numbers: any magnitude, decimals 0–6, exact halves', () => {
    const rnd = mulberry32(7);
    const intl = Array.from({ length: 7 }, (_, d) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
    for (let k = 0; k < 200_000; k++) {
      const d = Math.floor(rnd() * 7);
      const sign = rnd() < 0.5 ? -1 : 1;
      // Every third number a decimal with a 5 just past the last place shown (a half, as typed).
      const x =
        k % 3 === 0
          ? sign * Number(`${Math.floor(rnd() * 10 ** Math.floor(rnd() * 9))}.${String(Math.floor(rnd() * 10 ** d)).padStart(d, '0')}5`)
          : sign * rnd() * 10 ** Math.floor(rnd() * 30 - 12);
      assert.equal(fmtNumber(x, d), (intl[d] as Intl.NumberFormat).format(x), `fmtNumber(${x}, ${d})`);
    }
  });

  it('defaults to two decimals and prints NaN and infinities as a dash', () => {
    assert.equal(fmtNumber(1234.5), '1,234.50');
    assert.equal(fmtNumber(Number.NaN), '—');
    assert.equal(fmtNumber(Number.POSITIVE_INFINITY, 0), '—');
    assert.equal(fmtNumber(Number.NEGATIVE_INFINITY), '—');
  });

  it('fmtAuto picks decimals from the size', () => {
    assert.equal(fmtAuto(12345.6), '12,346');
    assert.equal(fmtAuto(123.456), '123.46');
    assert.equal(fmtAuto(0.012345), '0.0123');
    assert.equal(fmtAuto(Number.NaN), '—');
  });
});

describe('fmtChange', () => {
  it('signs a change, names its unit, and prints a change that rounds to zero without a sign', () => {
    assert.equal(fmtChange(26.77273, 1, 'pp'), '+26.8 pp');
    assert.equal(fmtChange(-8.0000001, 1, 'bp'), '−8.0 bp');
    assert.equal(fmtChange(-0.04, 1, 'pp'), '0.0 pp');
    assert.equal(fmtChange(1e-13, 1, 'pp'), '0.0 pp');
    assert.equal(fmtChange(null, 1, 'pp'), '—');
  });
});
