import { availableParallelism } from 'node:os';
import { ParameterError } from '../core/errors.ts';

/**
 * Numeric flags with documented bounds, so no flag can make a command hang or eat the machine
 * (`--workers 999` once started 1,400 threads; `--bootstrap 1e9` ran for minutes). Each helper
 * throws a one-line ParameterError naming the flag, the allowed range and the value given.
 */

/** The most worker threads a command may start: twice the cores available (more only adds switching). */
export function maxWorkers(): number {
  return 2 * availableParallelism();
}

/** Upper bounds of the numeric flags shared by several commands (documented in their --help). */
export const FLAG_LIMITS = {
  /** Monte Carlo paths of `flows`. */
  paths: 1_000_000,
  /** Bootstrap resamples of `study` (10,000 resamples of the FOMC study take a few seconds here). */
  bootstrap: 10_000,
  /** Forward horizons and windows in trading days: five years. */
  tradingDays: 1260,
  /** Rolling windows in weeks: twenty years of weekly data (the Fed balance sheet starts 2002). */
  weeks: 1040,
  /** Seeds are 32-bit. */
  seed: 0xffff_ffff,
} as const;

/** A whole number flag in [min, max]. */
export function wholeFlag(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new ParameterError(`${flag} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${value}"`);
  }
  return n;
}

/** A number flag in [min, max] (`exclusiveMin`: strictly above min). */
export function numberFlag(flag: string, value: string, min: number, max: number, exclusiveMin = false): number {
  const n = Number(value);
  const low = exclusiveMin ? n > min : n >= min;
  if (value.trim() === '' || !Number.isFinite(n) || !low || n > max) {
    throw new ParameterError(`${flag} must be a number ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}, got "${value}"`);
  }
  return n;
}

/** `--workers`: 1 to twice the cores; undefined means the cores available. */
export function workersFlag(value: string | undefined): number {
  return value === undefined ? availableParallelism() : wholeFlag('--workers', value, 1, maxWorkers());
}
