/** Number formatting shared by the terminal views. */

/**
 * Formats a number with a fixed count of decimals and thousands separators (en-US, ICU's
 * half-expand rounding, e.g. 2.345 → "2.35", -0.004 → "-0.00"); NaN and ±Infinity → "—".
 * Equal to `x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })`
 * (format.test.ts compares the two on 200,000 numbers), without Intl: building the first
 * Intl.NumberFormat loads ICU's locale data (~70 ms in every command that prints a number).
 * As ICU does, the rounding starts from the shortest decimal that reads back as `x` (what
 * `toExponential()` prints), so 1.005 → "1.01" where `toFixed(2)` gives "1.00".
 */
export function fmtNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return '—';
  const neg = x < 0 || Object.is(x, -0);
  // x = 0.d₁d₂… × 10^(exp + 1): the shortest digits and the place of the decimal point.
  const e = Math.abs(x).toExponential();
  const at = e.indexOf('e');
  const digits = e.slice(0, at).replace('.', '');
  const intLen = Number(e.slice(at + 1)) + 1;
  const keep = intLen + decimals;
  let kept: string;
  if (keep < 0) kept = '';
  else if (keep >= digits.length) kept = digits + '0'.repeat(keep - digits.length);
  else {
    kept = digits.slice(0, keep);
    // Half-expand: a first dropped digit of 5 or more rounds away from zero (the rest only adds).
    if ((digits.charCodeAt(keep) as number) >= 53) kept = incrementDecimal(kept);
  }
  // `kept` holds the digits down to the last decimal: ⌊|x|·10^decimals⌉ without leading zeros.
  const padded = kept.length < decimals + 1 ? '0'.repeat(decimals + 1 - kept.length) + kept : kept;
  const int = padded.slice(0, padded.length - decimals).replace(/^0+(?=\d)/, '');
  let grouped = int;
  if (int.length > 3) {
    grouped = int.slice(0, int.length % 3 || 3);
    for (let i = int.length % 3 || 3; i < int.length; i += 3) grouped += `,${int.slice(i, i + 3)}`;
  }
  return `${neg ? '-' : ''}${grouped}${decimals > 0 ? `.${padded.slice(padded.length - decimals)}` : ''}`;
}

/** A string of decimal digits plus one in its last place ("0" for "", "199" → "200", "99" → "100"). */
function incrementDecimal(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(d.length)}`;
  return d.slice(0, i) + String.fromCharCode((d.charCodeAt(i) as number) + 1) + '0'.repeat(d.length - 1 - i);
}

/** Picks a sensible number of decimals for a value of this size (prices, rates, levels). */
export function autoDecimals(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return 2;
  if (a >= 10_000) return 0;
  if (a >= 100) return 2;
  if (a >= 1) return 2;
  return 4;
}

/** A value formatted with decimals chosen from its size. */
export function fmtAuto(x: number): string {
  return fmtNumber(x, autoDecimals(x));
}

/** A target range in %, as "3.75–4.00%" (lower and upper bound, two decimals, an en dash). */
export function fmtRange(r: readonly [number, number]): string {
  return `${r[0].toFixed(2)}–${r[1].toFixed(2)}%`;
}

/**
 * A change with its sign and unit, as the CLI and the dashboard both print it: "+26.8 pp",
 * "−8.0 bp" (a true minus), "0.0 pp" when it rounds to zero (no sign, no "-0.0"); "—" when missing.
 */
export function fmtChange(x: number | null | undefined, decimals: number, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = fmtNumber(Math.abs(x), decimals);
  const zero = Number(s.replace(/,/g, '')) === 0;
  return `${zero ? '' : x < 0 ? '−' : '+'}${s} ${unit}`;
}
