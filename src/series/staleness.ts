import { toDay } from './dates.ts';
import type { Frequency } from './types.ts';

/**
 * Days after which a series of this frequency counts as stale: one period plus the usual
 * publication lag (FRED/BLS/BEA release calendars: monthly data ~1 month late, quarterly GDP and
 * profits ~3 months, annual income ~9 months, daily market data a long weekend).
 */
export const STALE_AFTER_DAYS: Readonly<Record<Frequency, number>> = {
  daily: 5,
  weekly: 14,
  monthly: 62,
  quarterly: 200,
  annual: 550,
};

/** How old a series' last observation is on `today`, and whether that is stale for its frequency. */
export function staleness(lastDate: string, frequency: Frequency, today: string): { ageDays: number; stale: boolean } {
  const ageDays = toDay(today) - toDay(lastDate);
  return { ageDays, stale: ageDays > STALE_AFTER_DAYS[frequency] };
}
