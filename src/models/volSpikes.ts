import { ParameterError } from '../core/errors.ts';
import { toIso, ymd } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';

/**
 * Volatility spikes found from the data alone, point in time: an episode starts on the first
 * close at or above `threshold` (default VIX 30) and ends on the first later close below `reset`
 * (default 20) — hysteresis, so a choppy stretch such as March–December 2020 is one episode.
 * Its peak is the highest close in it. Only closes dated on or before `asOfDay` are read, so an
 * episode still open on that day ends there and its peak is the highest close so far. Nothing
 * known only later (how high a spike went, that one happened) enters a run as of an earlier date.
 */

export interface VolSpike {
  /** Month and year of the peak, e.g. "March 2020". */
  readonly label: string;
  /** First close ≥ threshold. */
  readonly from: IsoDate;
  /** Last close before the reset (or the last close ≤ as-of while the episode is open). */
  readonly to: IsoDate;
  readonly peak: IsoDate;
  readonly peakValue: number;
  /** True when the level had not closed below `reset` by the as-of date. */
  readonly open: boolean;
}

export interface VolSpikeRule {
  /** A close at or above this starts an episode (VIX points, or % for realised vol). */
  readonly threshold?: number;
  /** A close below this ends it. */
  readonly reset?: number;
}

/** Defaults of the spike rule, with their reasons. */
export const VOL_SPIKE_RULE = {
  threshold: { value: 30, source: 'flowlens convention: VIX 30 ≈ twice its long-run median (about 17.6 over 1990–2024) — the level market commentary calls a spike' },
  reset: { value: 20, source: 'flowlens convention: back under VIX 20 (about its long-run mean) ends the episode' },
} as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Episodes of `values` (daily closes on `dates`, day numbers ascending; NaN skipped) by the
 * threshold/reset rule above, using only closes on or before `asOfDay`, oldest first.
 */
export function detectVolSpikes(dates: Int32Array, values: ArrayLike<number>, asOfDay: number, rule: VolSpikeRule = {}): VolSpike[] {
  const threshold = rule.threshold ?? VOL_SPIKE_RULE.threshold.value;
  const reset = rule.reset ?? VOL_SPIKE_RULE.reset.value;
  if (!(reset < threshold)) throw new ParameterError(`the spike reset level (${reset}) must be below the threshold (${threshold})`);
  const out: VolSpike[] = [];
  let start = -1;
  let last = -1;
  let peakDay = -1;
  let peak = Number.NEGATIVE_INFINITY;
  const close = (open: boolean) => {
    const p = ymd(peakDay);
    out.push({ label: `${MONTHS[p.month - 1] as string} ${p.year}`, from: toIso(start), to: toIso(last), peak: toIso(peakDay), peakValue: peak, open });
    start = -1;
    peak = Number.NEGATIVE_INFINITY;
  };
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as number;
    if (d > asOfDay) break;
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    if (start < 0) {
      if (v >= threshold) {
        start = d;
        last = d;
        peakDay = d;
        peak = v;
      }
      continue;
    }
    if (v < reset) {
      close(false);
      continue;
    }
    last = d;
    if (v > peak) {
      peak = v;
      peakDay = d;
    }
  }
  if (start >= 0) close(true);
  return out;
}

/** The last `count` (default 3) episodes known on `asOfDay` (detectVolSpikes), oldest first. */
export function lastVolSpikes(dates: Int32Array, values: ArrayLike<number>, asOfDay: number, count = 3, rule: VolSpikeRule = {}): VolSpike[] {
  const all = detectVolSpikes(dates, values, asOfDay, rule);
  return all.slice(Math.max(0, all.length - count));
}
