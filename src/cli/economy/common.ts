import pc from 'picocolors';
import { ParameterError } from '../../core/errors.ts';
import type { Assumption } from '../../models/assumptions.ts';
import { hasSeries } from '../../series/catalog.ts';
import { isIsoDate, toIso } from '../../series/dates.ts';
import type { Frequency, IsoDate, Series } from '../../series/types.ts';
import { terminalChart } from '../../views/chart.ts';
import { ModelData } from '../../app/pointInTime.ts';
import { loadForModel, type PointInTime } from '../data.ts';

/** Flags of `flowlens economy` (commander hands every value over as a string). */
export interface EconomyOptions {
  readonly asOf?: string;
  readonly json?: boolean;
  readonly base?: string;
  readonly downPayment?: string;
  readonly propertyTax?: string;
  readonly insurance?: string;
  readonly hyperscalers?: string;
  readonly age?: string;
  readonly capexBn?: string;
  readonly computeShare?: string;
  readonly costPerAccelerator?: string;
  readonly watts?: string;
  readonly pue?: string;
  readonly utilisation?: string;
  readonly years?: string;
  readonly window?: string;
}

/** What a topic hands back: the whole result for `--json` and the lines of its terminal screen. */
export interface TopicOutput {
  readonly json: Readonly<Record<string, unknown>>;
  readonly screen: readonly string[];
}

/** One topic of `flowlens economy`: reads its inputs (point in time), runs its models, renders. */
export type Topic = (opts: EconomyOptions, pit: PointInTime) => Promise<TopicOutput>;

/**
 * A numeric flag: undefined when not given, else a finite number; throws ParameterError naming
 * the flag otherwise (e.g. `--age must be a number, got "abc"`).
 */
export function numberFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new ParameterError(`${flag} must be a number, got "${raw}"`);
  return x;
}

/**
 * A numeric flag with its bounds checked here, so the message names the flag (`--pue must be a
 * ratio of at least 1, got "0"`), not the model's field (`pue`, `downPayment`).
 */
export function boundedFlag(flag: string, raw: string | undefined, ok: (x: number) => boolean, what: string): number | undefined {
  const x = numberFlag(flag, raw);
  if (x !== undefined && !ok(x)) throw new ParameterError(`${flag} must be ${what}, got "${raw ?? ''}"`);
  return x;
}

/** A date flag: undefined when not given, else `YYYY-MM-DD`; throws ParameterError naming the flag otherwise. */
export function dateFlag(flag: string, raw: string | undefined): IsoDate | undefined {
  if (raw === undefined) return undefined;
  if (!isIsoDate(raw)) throw new ParameterError(`${flag} must be a date YYYY-MM-DD, got "${raw}"`);
  return raw;
}

/**
 * Reads catalog series for a topic. Ids not (yet) in the catalog are not an error: they come back
 * in `missing` with the ids the store does not hold, so the screen can name them and go on.
 */
export async function loadInputs(ids: readonly string[], pit: PointInTime): Promise<{ data: Map<string, Series>; missing: string[] }> {
  const known = ids.filter((id) => hasSeries(id));
  const data = known.length > 0 ? await loadForModel(known, pit) : new Map<string, Series>();
  return { data, missing: ids.filter((id) => !data.has(id)) };
}

/** An in-memory series for a chart (no catalog entry): dates as day numbers, values in `unit`. */
export function chartSeries(id: string, unit: string, frequency: Frequency, dates: Int32Array, values: Float64Array): Series {
  return { id, title: id, unit, frequency, source: 'fred', dates, values, retrievedAt: '' };
}

/** A titled terminal chart (8 rows by default) from the first value on, or nothing when there are fewer than two points. */
export function chartBlock(title: string, s: Series, height = 8): string[] {
  const first = s.values.findIndex((v) => !Number.isNaN(v));
  if (first < 0) return [];
  const chart = terminalChart(first === 0 ? s : { ...s, dates: s.dates.subarray(first), values: s.values.subarray(first) }, { height });
  return chart ? ['', title, chart] : [];
}

/**
 * The yellow `! not in the store: …` line naming missing inputs, or nothing when none is missing.
 * Given the read (`data`, a readForModel result), an input the store holds but with nothing on or
 * before the as-of date is named apart, with its first date: `no observation on or before
 * 1990-01-01: JTSJOL (starts 2000-12-01)` — it needs no sync, a later date.
 */
export function missingLine(ids: readonly string[], data?: ReadonlyMap<string, Series>): string[] {
  const a = absentInputs(ids, data);
  return a ? [pc.yellow(`! ${a.text}`)] : [];
}

/**
 * Why inputs could not be read, as missingLine says it (without colour): `not in the store: …`
 * and/or `no observation on or before D: ID (starts …)`; `notStored` when a sync would help.
 * Undefined for no ids.
 */
export function absentInputs(ids: readonly string[], data?: ReadonlyMap<string, Series>): { text: string; notStored: boolean } | undefined {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return undefined;
  const absent = data instanceof ModelData ? data.absent : undefined;
  const asOf = data instanceof ModelData ? data.asOf : undefined;
  const early = asOf ? unique.filter((id) => absent?.get(id)?.stored && (absent.get(id)?.firstDate ?? '') > asOf) : [];
  const none = unique.filter((id) => !early.includes(id));
  const parts = [
    ...(none.length ? [`not in the store: ${none.join(', ')}`] : []),
    ...(early.length ? [`no observation on or before ${asOf}: ${early.map((id) => `${id} (starts ${absent?.get(id)?.firstDate})`).join(', ')}`] : []),
  ];
  return { text: parts.join('; '), notStored: none.length > 0 };
}

/** `assuming name=value unit, …` in dim, or nothing when there are no assumptions. */
export function assumptionsLine(assumptions: readonly Assumption[]): string[] {
  if (assumptions.length === 0) return [];
  return [pc.dim(`assuming ${assumptions.map((a) => `${a.name}=${a.value}${a.unit ? ` ${a.unit}` : ''}`).join(', ')}`)];
}

/** `inputs as of ID date, …` in dim: the last date of each input. */
export function inputsLine(inputsAsOf: Readonly<Record<string, string>>): string[] {
  const e = Object.entries(inputsAsOf);
  return e.length > 0 ? [pc.dim(`inputs as of ${e.map(([k, v]) => `${k} ${v}`).join(', ')}`)] : [];
}

/** Rows `{date: ISO, col: value…}` of parallel arrays, for `--json` (NaN becomes null when printed). */
export function isoRows(dates: Int32Array, cols: Readonly<Record<string, Float64Array>>): Record<string, string | number>[] {
  return Array.from(dates, (d, i) => {
    const row: Record<string, string | number> = { date: toIso(d) };
    for (const [k, v] of Object.entries(cols)) row[k] = v[i] as number;
    return row;
  });
}

/** `+1.2` / `-3.4`: a signed number with fixed decimals ("—" for NaN). */
export function signed(x: number, decimals = 1): string {
  if (!Number.isFinite(x)) return '—';
  return `${x >= 0 ? '+' : ''}${x.toFixed(decimals)}`;
}
