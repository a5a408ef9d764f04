import type { Assumption } from '../models/assumptions.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { Band } from '../views/svg.ts';

/** The verdict on a claim, from a stated rule on measured numbers. */
export type Verdict = 'supported' | 'mixed' | 'not supported' | 'not enough data';

/** A number behind a verdict, formatted, with the date it refers to. */
export interface Metric {
  readonly label: string;
  readonly value: string;
  readonly asOf?: IsoDate;
}

/** A chart of a thesis: series, reference lines and shaded episodes. */
export interface ThesisChart {
  readonly title: string;
  readonly series: readonly Series[];
  readonly rules?: readonly number[];
  readonly bands?: readonly Band[];
  readonly yLabel?: string;
}

/** One claim of the thesis, evaluated. */
export interface ThesisResult {
  readonly id: string;
  readonly statement: string;
  readonly verdict: Verdict;
  /** Why this verdict, in one sentence with the numbers. */
  readonly reason: string;
  /** The verdict rule with its thresholds. */
  readonly rule: string;
  readonly metrics: readonly Metric[];
  readonly chart?: ThesisChart;
  readonly table?: { readonly caption: string; readonly head: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
  /** The parameters the claim's models ran with (listed under "as of / assuming"). */
  readonly assumptions?: readonly Assumption[];
}

/** A claim that has no model yet: listed honestly as not enough data. */
export function notYetMeasured(id: string, statement: string, what: string): ThesisResult {
  return { id, statement, verdict: 'not enough data', reason: `not measured yet: ${what}`, rule: '—', metrics: [] };
}

/** Terminal symbol of a verdict. */
export function verdictSymbol(v: Verdict): string {
  return v === 'supported' ? '✔' : v === 'not supported' ? '✘' : v === 'mixed' ? '◐' : '·';
}
