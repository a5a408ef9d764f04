/** Number formatting shared by the terminal views. */

/** Formats a number with a fixed count of decimals and thousands separators; NaN → "—". */
export function fmtNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
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
