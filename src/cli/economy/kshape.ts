import pc from 'picocolors';
import { NotEnoughDataError } from '../../core/errors.ts';
import { consumerStress, kShapeBase, kShapeModel } from '../../models/kshape.ts';
import { toDay, todayDay } from '../../series/dates.ts';
import type { Series } from '../../series/types.ts';
import { fmtNumber } from '../../views/format.ts';
import { renderTable } from '../output.ts';
import { absentInputs, assumptionsLine, chartBlock, dateFlag, chartSeries, inputsLine, isoRows, loadInputs, missingLine, signed, type Topic } from './common.ts';

const UPPER = ['XLK', 'SMH', 'QQQ'];
const LOWER = ['RSP', 'IWM', 'XLY'];
const STRESS_IDS = ['PSAVERT', 'DRCCLACBS', 'TDSP'];

/**
 * `economy kshape`: AI/technology (XLK, SMH, QQQ) against the real economy (RSP, IWM, XLY) since
 * `--base` (default kShapeBase: 5 years before the as-of date, or before today), and consumer
 * stress on the lower arm — saving rate, card delinquency and debt service against their
 * long-run means.
 */
export const kshapeTopic: Topic = async (opts, pit) => {
  // An --as-of in the future reads today's data: its default base is five years before today, not before 9999.
  const base = dateFlag('--base', opts.base) ?? kShapeBase(pit.asOf !== undefined && toDay(pit.asOf) < todayDay() ? pit.asOf : todayDay());
  const { data, missing: notStored } = await loadInputs([...UPPER, ...LOWER, ...STRESS_IDS], pit);
  const legs = (ids: readonly string[]) => ids.flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));
  const upper = legs(UPPER);
  const lower = legs(LOWER);
  if (upper.length === 0 || lower.length === 0) {
    const why = absentInputs(notStored.filter((id) => UPPER.includes(id) || LOWER.includes(id)), data);
    throw new NotEnoughDataError(`K-shape needs at least one of ${UPPER.join(', ')} and one of ${LOWER.join(', ')}; ${why?.text ?? ''}`);
  }
  const r = kShapeModel(upper, lower, base);
  const stress = consumerStress({ saving: data.get('PSAVERT'), cardDelinquency: data.get('DRCCLACBS'), debtService: data.get('TDSP') });
  const missing = [...notStored.filter((id) => UPPER.includes(id) || LOWER.includes(id)), ...stress.missing];
  const json = {
    base: r.base,
    latest: r.latest,
    change3m: r.change3m,
    series: isoRows(r.dates, { spread: r.spread, upper: r.upper, lower: r.lower }),
    consumerStress: stress.readings,
    missing,
    assumptions: r.assumptions,
    inputsAsOf: { ...r.inputsAsOf, ...stress.inputsAsOf },
  };
  const L = r.latest;
  const out: string[] = [pc.bold(`K-shape on ${L.date}: AI/technology ${L.spread >= 0 ? '+' : ''}${fmtNumber(L.spread, 0)}% relative to the real economy since ${r.base}`)];
  out.push(`AI/tech basket (${upper.map((s) => s.id).join(', ')}) ×${fmtNumber(L.upper, 2)}, real economy (${lower.map((s) => s.id).join(', ')}) ×${fmtNumber(L.lower, 2)}; last 3 months ${signed(r.change3m, 1)} pp`);
  out.push(...chartBlock('Relative return, AI/tech over the real economy (%)', chartSeries('KSHAPE', '%', 'daily', r.dates, r.spread)));
  if (stress.readings.length > 0) {
    out.push('', pc.bold('Consumer stress (the lower arm)'));
    out.push(
      renderTable(
        ['gauge', 'latest', 'date', 'long-run mean', 'vs mean', 'z', 'reads'],
        stress.readings.map((s) => [s.id, `${fmtNumber(s.value, 2)}%`, s.date, `${fmtNumber(s.longRunMean, 2)}%`, `${signed(s.vsMean, 2)} pp`, signed(s.zScore, 2), s.stressed ? 'stress' : 'no stress']),
        ['left', 'right', 'left', 'right', 'right', 'right', 'left'],
        { priority: [0, 0, 3, 4, 2, 1, 0] }, // the long-run mean, the date, the gap in pp, then z go first; the reading stays
      ),
    );
  }
  out.push('', ...inputsLine(json.inputsAsOf), ...assumptionsLine(json.assumptions), ...missingLine(missing, data));
  return { json, screen: out };
};
