import { toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';

/**
 * One parameter of a model as the user sees it: its value in this run, the default, the unit,
 * and where the default comes from. Every model result lists its assumptions so every view can
 * say "assuming".
 */
export interface Assumption {
  readonly name: string;
  readonly value: number | string | boolean;
  readonly default: number | string | boolean;
  readonly unit?: string;
  readonly description: string;
  /** Citation for the default: a publication, a URL, or "flowlens convention". */
  readonly source: string;
  /** For a dated parameter (dated.ts): the day its value became known; a run as of an earlier date flags it. */
  readonly knownFrom?: IsoDate;
  /** True when no value was known by the as-of date and a later one stands in (said in the result). */
  readonly laterThanAsOf?: boolean;
}

/** What every model result carries besides its numbers. */
export interface ModelProvenance {
  readonly assumptions: readonly Assumption[];
  /** Last date with data of each input series, by series id: the "as of" of the result. */
  readonly inputsAsOf: Readonly<Record<string, IsoDate>>;
}

/**
 * Builds an Assumption from a parameter spec and the value used in this run. A default with a
 * `knownFrom` (a calibration or survey published on that day) used in a run as of an earlier
 * date is flagged `laterThanAsOf` and says so in its description: it is the earliest flowlens
 * has, not a figure known then. A value the user gives is never flagged.
 */
export function assumption(
  spec: Omit<Assumption, 'value'>,
  value: number | string | boolean | undefined,
  asOf?: IsoDate | number,
): Assumption {
  const a: Assumption = { ...spec, value: value ?? spec.default };
  const iso = typeof asOf === 'number' ? toIso(asOf) : asOf;
  if (value !== undefined || spec.knownFrom === undefined || iso === undefined || iso >= spec.knownFrom) return a;
  return { ...a, description: `${a.description} (default from ${spec.knownFrom}, after the as-of date: the earliest flowlens has)`, laterThanAsOf: true };
}
