import type { IsoDate, Series } from '../series/types.ts';

/**
 * Reads a model's optional inputs, named as [field, catalog id] in display order: `read` turns
 * each present series (with its catalog id) into a reading (which carries its date); absent ones are listed by catalog
 * id, never filled; `inputsAsOf` holds each present series' reading date.
 */
export function readNamedInputs<K extends string, R extends { readonly date: IsoDate }>(
  inputs: Readonly<Partial<Record<K, Series>>>,
  named: readonly (readonly [K, string])[],
  read: (s: Series, id: string) => R,
): { readings: R[]; missing: string[]; inputsAsOf: Record<string, IsoDate> } {
  const readings: R[] = [];
  const missing: string[] = [];
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const [k, id] of named) {
    const s = inputs[k];
    if (!s) {
      missing.push(id);
      continue;
    }
    const r = read(s, id);
    readings.push(r);
    inputsAsOf[s.id] = r.date;
  }
  return { readings, missing, inputsAsOf };
}
