// Child process for the read-consistency test: writes every series in versions FIRST … LAST in turn
// (one manifest swap per version), printing a line after each, then exits.
import type { IsoDate } from '../../series/types.ts';
import { toIso } from '../../series/dates.ts';
import { openStore } from '../parquetStore.ts';

const [home, countArg, sizeArg, firstArg, lastArg] = process.argv.slice(2);
if (!home || !countArg || !sizeArg || !firstArg || !lastArg) throw new Error('usage: versionWriter HOME COUNT SIZE FIRST_VERSION LAST_VERSION');

/** The value series `i` holds at point `j` in a version (the test recomputes it). */
export function versionValue(version: number, i: number, j: number): number {
  return version * 1e6 + i * 1000 + (j % 997);
}

const store = await openStore({ home, mode: 'write' });
for (let version = Number(firstArg); version <= Number(lastArg); version++) {
  for (let i = 0; i < Number(countArg); i++) {
    const points = Array.from({ length: Number(sizeArg) }, (_, j) => ({ date: toIso(10_000 + j) as IsoDate, value: versionValue(version, i, j) }));
    await store.write({ seriesId: `S${i}`, points, origin: 'consistency-test' }, new Date(Date.UTC(2026, 0, version)).toISOString());
  }
  await store.commit();
  process.stdout.write(`version ${version}\n`);
}
await store.close();
