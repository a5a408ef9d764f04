import pc from 'picocolors';
import { FlowlensError } from '../../core/errors.ts';
import { labourDetail, labourModel, profitShareModel, type ProfitShareResult } from '../../models/labour.ts';
import { lastValid } from '../../series/series.ts';
import type { Series } from '../../series/types.ts';
import { fmtNumber } from '../../views/format.ts';
import { renderTable } from '../output.ts';
import { absentInputs, assumptionsLine, chartBlock, chartSeries, inputsLine, isoRows, loadInputs, missingLine, signed, type Topic } from './common.ts';

const LABOUR_IDS = ['UNRATE', 'LNS14000036', 'U6RATE', 'ICSA', 'CCSA', 'JTSJOL', 'JTSHIR', 'USINFO'];
const PROFIT_IDS = ['CP', 'GDP', 'COE'];

/** Latest valid value of a derived series as `{date, value}`, or null when it has none. */
function latestOf(s: Series | undefined): { date: string; value: number } | null {
  if (!s) return null;
  const l = lastValid(s);
  return Number.isNaN(l.value) ? null : l;
}

/**
 * `economy labour`: unemployment (overall, ages 20–24, U-6), claims and their 4-week averages,
 * openings, hires, information-sector jobs y/y, and corporate profits against GDP and labour
 * income (CP / GDP, CP / COE against their 1990–2019 means).
 */
export const labourTopic: Topic = async (_opts, pit) => {
  const { data, missing: notStored } = await loadInputs([...LABOUR_IDS, ...PROFIT_IDS], pit);
  const g = (id: string) => data.get(id);
  const r = labourModel({ unrate: g('UNRATE'), youth: g('LNS14000036'), u6: g('U6RATE'), initialClaims: g('ICSA'), continuingClaims: g('CCSA'), openings: g('JTSJOL'), hiresRate: g('JTSHIR'), infoJobs: g('USINFO') });
  if (r.readings.length === 0) {
    // Stored but all after --as-of is no matter of syncing ("no labour series in the store" said so for 1800-01-01).
    const why = absentInputs(LABOUR_IDS, data);
    throw new FlowlensError(`no labour series to read (${why?.text ?? LABOUR_IDS.join(', ')})${why && !why.notStored ? ': choose a later --as-of' : ': run `flowlens sync`'}`);
  }
  const detail = labourDetail({ initialClaims: g('ICSA'), continuingClaims: g('CCSA'), infoJobs: g('USINFO') });
  const profits: ProfitShareResult | undefined = g('CP') ? profitShareModel({ profits: g('CP'), gdp: g('GDP'), compensation: g('COE') }) : undefined;
  const missing = [...new Set([...r.missing, ...detail.missing, ...(profits ? profits.missing : PROFIT_IDS.filter((id) => notStored.includes(id)))])];
  const claims = { initial4wk: latestOf(detail.initialClaims4wk), continuing4wk: latestOf(detail.continuingClaims4wk), infoJobsYoY: latestOf(detail.infoJobsYoY) };
  const json = {
    readings: r.readings,
    youthGap: r.youthGap ? { latest: r.youthGap.latest, alwaysAbove: r.youthGap.alwaysAbove, series: isoRows(r.youthGap.dates, { gap: r.youthGap.gap }) } : null,
    claims4wk: r.claims4wk ?? null,
    detail: claims,
    profits: profits ? { base: profits.base, latest: profits.latest, series: isoRows(profits.dates, { profitsToGdp: profits.profitsToGdp, profitsToCompensation: profits.profitsToCompensation }), assumptions: profits.assumptions } : null,
    missing,
    assumptions: [...r.assumptions, ...(profits?.assumptions ?? [])],
    inputsAsOf: { ...r.inputsAsOf, ...(profits?.inputsAsOf ?? {}) },
  };
  const out: string[] = [pc.bold('Labour')];
  out.push(
    renderTable(
      ['series', 'latest', 'date', 'a year before'],
      r.readings.map((x) => [x.id, fmtNumber(x.value, x.value > 1000 ? 0 : 1), x.date, Number.isNaN(x.yearAgo) ? '—' : fmtNumber(x.yearAgo, x.yearAgo > 1000 ? 0 : 1)]),
      ['left', 'right', 'left', 'right'],
      { priority: [0, 0, 1, 2] }, // the year-before value, then the date, go first
    ),
  );
  if (claims.initial4wk || claims.continuing4wk) {
    const part = (label: string, x: { date: string; value: number } | null) => (x ? `${label} ${fmtNumber(x.value, 0)} (to ${x.date})` : `${label} —`);
    out.push(`claims, 4-week averages: ${part('initial', claims.initial4wk)}, ${part('continuing', claims.continuing4wk)}`);
  }
  if (claims.infoJobsYoY) out.push(`information-sector jobs (USINFO): ${signed(claims.infoJobsYoY.value, 1)}% y/y in ${claims.infoJobsYoY.date.slice(0, 7)}`);
  if (r.youthGap) {
    const L = r.youthGap.latest;
    // Dated by the youth series' last month; the overall rate now, when newer, with its own date.
    const u = r.readings.find((x) => x.id === 'UNRATE');
    const now = u && u.date !== L.date ? `; UNRATE ${fmtNumber(u.value, 1)}% on ${u.date}` : '';
    out.push(`ages 20–24: ${fmtNumber(L.youth, 1)}% vs ${fmtNumber(L.overall, 1)}% overall on ${L.date} (LNS14000036's last month${now}): a gap of ${fmtNumber(L.gap, 1)} pp; ${r.youthGap.alwaysAbove ? 'the young have had the higher rate in every month of the record' : 'the gap has turned negative at times'}`);
  }
  if (profits) {
    const L = profits.latest;
    const B = profits.base;
    const ratio = (name: string, v: number, mean: number, change: number) => (Number.isNaN(v) ? `${name} —` : `${name} ${fmtNumber(v, 1)}% (${signed(change, 1)} pp vs its ${B.from.slice(0, 4)}–${B.to.slice(0, 4)} mean of ${fmtNumber(mean, 1)}%)`);
    const cp = g('CP');
    if (Number.isNaN(L.profitsToGdp) && Number.isNaN(L.profitsToCompensation) && cp) out.push(`corporate profits after tax (CP) ${fmtNumber(lastValid(cp).value, 0)} bn SAAR on ${lastValid(cp).date}; the ratios need GDP and COE`);
    else out.push(`corporate profits after tax on ${L.date}: ${ratio('/ GDP', L.profitsToGdp, B.profitsToGdp, L.changeToGdp)}; ${ratio('/ compensation of employees', L.profitsToCompensation, B.profitsToCompensation, L.changeToCompensation)}${L.compensationDate && L.compensationDate !== L.date ? ` on ${L.compensationDate} (COE's last quarter)` : ''}`);
  }
  if (r.youthGap) out.push(...chartBlock('Unemployment gap, ages 20–24 minus all (pp)', chartSeries('GAP', 'pp', 'monthly', r.youthGap.dates, r.youthGap.gap)));
  out.push('', ...inputsLine(json.inputsAsOf), ...assumptionsLine(json.assumptions), ...missingLine(missing, data));
  return { json, screen: out };
};
