// Child process for the crash test: writes `count` series of `size` points whose values all carry
// `version`, printing a line after each series, until done or killed.
import type { IsoDate } from '../../series/types.ts';
import { toIso } from '../../series/dates.ts';
import { openStore } from '../parquetStore.ts';

const [home, countArg, sizeArg, versionArg] = process.argv.slice(2);
if (!home || !countArg || !sizeArg || !versionArg) throw new Error('usage: crashChild HOME COUNT SIZE VERSION');
const count = Number(countArg);
const size = Number(sizeArg);
const version = Number(versionArg);

/** The value a series holds at point j in a given version (tests recompute it). */
export function valueOf(version: number, series: number, j: number): number {
  return version * 1e6 + series * 1000 + j;
}

const store = await openStore({ home, mode: 'write' });
for (let i = 0; i < count; i++) {
  const points = Array.from({ length: size }, (_, j) => ({ date: toIso(10_000 + j) as IsoDate, value: valueOf(version, i, j) }));
  await store.write({ seriesId: `S${i}`, points, origin: 'crash-test' }, new Date(Date.UTC(2026, 0, version)).toISOString());
  process.stdout.write(`wrote ${i}\n`);
}
await store.close();
process.stdout.write('done\n');
