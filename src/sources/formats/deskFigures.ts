import { DataFormatError } from '../../core/errors.ts';
import { isIsoDate } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import { parseValueCell } from './cells.ts';
import { readCsv } from './csv.ts';
import { parseJsonText } from './json.ts';

/** The flow models a published figure can be set against (`flowlens calibrate`). */
export const CALIBRATION_MODELS = ['vol-control', 'cta', 'cta-equity', 'risk-parity', 'risk-parity-equity', 'systematic-equity'] as const;
export type CalibrationModel = (typeof CALIBRATION_MODELS)[number];

/**
 * A flow figure a desk published: which model it speaks to, the trading days it covers (from …
 * to, inclusive), the figure in USD bn (< 0 selling; a range low … high, or low = high), who
 * published it and where it was reported.
 */
export interface DeskFigure {
  readonly published: IsoDate;
  readonly desk: string;
  readonly model: CalibrationModel;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly lowBn: number;
  readonly highBn: number;
  readonly source: string;
  readonly note: string;
  /** Line (CSV) or entry number (JSON, 1-based) it came from. */
  readonly line: number;
}

const FIELDS = ['published', 'desk', 'model', 'from', 'to', 'low_bn', 'high_bn', 'source', 'note'] as const;

function figure(get: (f: (typeof FIELDS)[number]) => string | undefined, origin: string, line: number): DeskFigure {
  const need = (f: (typeof FIELDS)[number]) => {
    const v = (get(f) ?? '').trim();
    if (!v && f !== 'note') throw new DataFormatError(origin, `field "${f}" is empty`, line);
    return v;
  };
  const date = (f: 'published' | 'from' | 'to'): IsoDate => {
    const v = need(f);
    if (!isIsoDate(v)) throw new DataFormatError(origin, `field "${f}": not a date YYYY-MM-DD: ${JSON.stringify(v)}`, line);
    return v;
  };
  const bn = (f: 'low_bn' | 'high_bn') => {
    const v = parseValueCell(need(f));
    if (v === undefined || !(Math.abs(v) < 1e5)) throw new DataFormatError(origin, `field "${f}": a flow in USD bn (negative = selling), got ${JSON.stringify(get(f))}`, line);
    return v;
  };
  const model = need('model');
  if (!(CALIBRATION_MODELS as readonly string[]).includes(model)) throw new DataFormatError(origin, `field "model": one of ${CALIBRATION_MODELS.join(', ')}, got ${JSON.stringify(model)}`, line);
  const from = date('from');
  const to = date('to');
  if (to < from) throw new DataFormatError(origin, `"to" (${to}) is before "from" (${from})`, line);
  const lowBn = bn('low_bn');
  const highBn = bn('high_bn');
  if (highBn < lowBn) throw new DataFormatError(origin, `high_bn (${highBn}) is below low_bn (${lowBn})`, line);
  return { published: date('published'), desk: need('desk'), model: model as CalibrationModel, from, to, lowBn, highBn, source: need('source'), note: (get('note') ?? '').trim(), line };
}

/**
 * Parses a file of published desk figures, CSV or JSON (docs/MODELS.md, "Calibration against the
 * desks"; an example in docs/desk-figures.example.csv):
 *   CSV: header published,desk,model,from,to,low_bn,high_bn,source,note (any order; note optional)
 *   JSON: an array of objects with the same keys (low_bn/high_bn numbers or strings)
 * A missing or bad field is a DataFormatError naming the file and the line (CSV) or entry (JSON).
 */
export function parseDeskFigures(text: string, origin: string): DeskFigure[] {
  // A JSON object (`{"figures": […]}`, or a file cut short) is JSON too: read as CSV it was told its header lacked every column.
  if (/^[[{]/.test(text.trimStart())) {
    const json = parseJsonText(text, origin);
    if (!Array.isArray(json)) throw new DataFormatError(origin, 'expected a JSON array of figures');
    return json.map((o: unknown, i) => {
      if (typeof o !== 'object' || o === null) throw new DataFormatError(origin, `entry ${i + 1} is not an object`);
      const rec = o as Record<string, unknown>;
      try {
        // Strings and numbers only: anything else reads as empty and is reported as such.
        const cell = (f: string) => {
          const v = rec[f];
          return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
        };
        return figure(cell, origin, i + 1);
      } catch (err) {
        if (err instanceof DataFormatError) throw new DataFormatError(origin, `entry ${i + 1}: ${err.message.replace(/^.*?:\d+: /, '')}`);
        throw err;
      }
    });
  }
  const csv = readCsv(text, origin);
  const head = csv.header.map((h) => h.trim().toLowerCase());
  const missing = FIELDS.filter((f) => f !== 'note' && !head.includes(f));
  if (missing.length) throw new DataFormatError(origin, `header needs ${FIELDS.slice(0, 8).join(',')}[,note]; missing ${missing.join(', ')}`, csv.headerLine);
  const cols = Object.fromEntries(FIELDS.map((f) => [f, head.indexOf(f) >= 0 ? csv.column(head.indexOf(f)) : undefined]));
  return Array.from({ length: csv.rowCount }, (_, i) => figure((f) => cols[f]?.[i], origin, csv.lines[i] as number));
}
