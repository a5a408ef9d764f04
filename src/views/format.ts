/** Number formatting shared by the terminal views. */

// One Intl.NumberFormat per count of decimals, built on first use. `Number#toLocaleString` with
// options builds a new formatter (ICU setup) on every call, which cost `vol` ~250 ms; a reused
// formatter is the same ICU code with the same options, so its output is byte-identical.
const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f;
}

/**
 * Formats a number with a fixed count of decimals and thousands separators (en-US, ICU's
 * half-expand rounding, e.g. 2.345 → "2.35", -0.004 → "-0.00"); NaN and ±Infinity → "—".
 * Equal to `x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })`.
 */
export function fmtNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return '—';
  return formatterFor(decimals).format(x);
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
