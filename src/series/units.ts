/**
 * Branded units. A value's type says what it measures, so a percent cannot be passed where
 * billions of dollars are expected without an explicit conversion.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Percent points: 4.25 means 4.25%. */
export type Percent = Brand<number, 'Percent'>;
/** A plain fraction: 0.0425 means 4.25%. */
export type Fraction = Brand<number, 'Fraction'>;
/** Basis points: 25 means 0.25 percentage points. */
export type Bps = Brand<number, 'Bps'>;
/** US dollars, billions. */
export type UsdBn = Brand<number, 'UsdBn'>;
/** US dollars, millions (FRED's unit for WALCL, WTREGEN, WRESBAL, TREAST). */
export type UsdMn = Brand<number, 'UsdMn'>;
/** A calendar date as ISO `YYYY-MM-DD`. */
export type IsoDate = Brand<string, 'IsoDate'>;
/** Days since 1970-01-01 (UTC); the in-memory form of a date. */
export type DayNumber = Brand<number, 'DayNumber'>;

/** Converts USD millions to USD billions (÷ 1000). */
export function mnToBn(x: UsdMn): UsdBn {
  return (x / 1000) as UsdBn;
}
