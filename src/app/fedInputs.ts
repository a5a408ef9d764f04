import { zqIdsAround } from '../series/zqContracts.ts';

/** Rate series every Fed path reads besides the futures. */
export const FED_RATE_INPUTS = ['EFFR', 'DFF', 'DFEDTARL', 'DFEDTARU', 'DTB3', 'DGS2'] as const;

/** Every series a Fed path on `day` reads: the rates and the fed funds futures contracts around it (14 months back, 5 years ahead). */
export function fedInputIds(day: number): string[] {
  return [...FED_RATE_INPUTS, ...zqIdsAround(day)];
}
