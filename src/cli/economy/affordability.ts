import pc from 'picocolors';
import { affordabilityModel, costsVsWages, type CostsVsWagesResult } from '../../models/affordability.ts';
import { toIso } from '../../series/dates.ts';
import { required } from '../data.ts';
import { fmtNumber } from '../../views/format.ts';
import { assumptionsLine, boundedFlag, dateFlag, chartBlock, chartSeries, inputsLine, isoRows, loadInputs, missingLine, type Topic } from './common.ts';

const HOME_IDS = ['MSPUS', 'MORTGAGE30US', 'MEHOINUSA646N'];
const COST_IDS = ['CUUR0000SEHA', 'CUUR0000SEEB', 'CES0500000003', 'CPIAUCSL'];
/** Base month of the rent and childcare indices (flowlens convention, docs/MODELS.md). */
const DEFAULT_COST_BASE = '2000-01-01';

/**
 * `economy affordability`: the median home's monthly cost (mortgage, tax, insurance) as a share of
 * median household income since 1984, and rent and childcare prices against wages (or the CPI when
 * average hourly earnings are not in the store), rebased to 100 at `--base` (default 2000-01).
 */
export const affordabilityTopic: Topic = async (opts, pit) => {
  const downPayment = boundedFlag('--down-payment', opts.downPayment, (x) => x >= 0 && x < 1, 'a share from 0 to below 1');
  const propertyTax = boundedFlag('--property-tax', opts.propertyTax, (x) => x >= 0 && x < 1, 'a share from 0 to below 1');
  const insurance = boundedFlag('--insurance', opts.insurance, (x) => x >= 0, 'a non-negative amount of USD');
  const params = {
    ...(downPayment !== undefined ? { downPayment } : {}),
    ...(propertyTax !== undefined ? { propertyTax } : {}),
    ...(insurance !== undefined ? { insuranceUsd: insurance } : {}),
  };
  const costBase = dateFlag('--base', opts.base) ?? DEFAULT_COST_BASE;
  const { data, missing: notStored } = await loadInputs([...HOME_IDS, ...COST_IDS], pit);
  const r = affordabilityModel({ price: required(data, 'MSPUS', 'the median home price'), rate: required(data, 'MORTGAGE30US', 'the mortgage rate'), income: required(data, 'MEHOINUSA646N', 'median household income') }, params);
  const hasDeflator = data.has('CES0500000003') || data.has('CPIAUCSL');
  const costs: CostsVsWagesResult | undefined = hasDeflator ? costsVsWages({ rent: data.get('CUUR0000SEHA'), childcare: data.get('CUUR0000SEEB'), wages: data.get('CES0500000003'), cpi: data.get('CPIAUCSL') }, costBase) : undefined;
  const missing = costs ? [...costs.missing] : COST_IDS.filter((id) => notStored.includes(id));
  const json = {
    latest: r.latest,
    series: Array.from(r.dates, (d, i) => ({ date: toIso(d), price: r.price[i], rate: r.rate[i], monthlyCost: r.monthlyCost[i], shareOfIncome: r.shareOfIncome[i], incomeCarried: r.incomeCarried[i] === 1 })),
    costsVsWages: costs ? { base: costs.base, deflator: costs.deflator, latest: costs.latest, series: isoRows(costs.dates, { rent: costs.rent, childcare: costs.childcare, deflator: costs.deflatorIndex, rentVsDeflator: costs.rentVsDeflator, childcareVsDeflator: costs.childcareVsDeflator }) } : null,
    missing,
    assumptions: [...r.assumptions, { name: 'costBase', value: costBase, default: DEFAULT_COST_BASE, description: 'month at which rent, childcare and the wage/CPI index are rebased to 100', source: 'flowlens convention' }],
    inputsAsOf: { ...r.inputsAsOf, ...(costs?.inputsAsOf ?? {}) },
  };
  const L = r.latest;
  const out: string[] = [pc.bold(`Buying the median home (${L.date}): ${fmtNumber(L.shareOfIncome, 1)}% of median household income`)];
  out.push(`price ${fmtNumber(L.price, 0)} USD, 30-year rate ${fmtNumber(L.rate, 2)}%, monthly cost ${fmtNumber(L.monthlyCost, 0)} USD (mortgage + tax + insurance), income of ${L.incomeYear}`);
  if (costs) {
    const against = costs.deflator === 'CES0500000003' ? 'average hourly earnings' : 'the CPI (CPIAUCSL; average hourly earnings not in the store)';
    const C = costs.latest;
    out.push(`since ${costs.base.slice(0, 7)}, against ${against}, on ${C.date.slice(0, 7)}: rent ${fmtNumber(C.rentVsDeflator, 1)}, childcare ${fmtNumber(C.childcareVsDeflator, 1)} (100 = grew as fast; above 100 = outgrew it)`);
  }
  out.push(...chartBlock('Cost of the median home, % of median household income', chartSeries('SHARE', '%', 'quarterly', r.dates, r.shareOfIncome)));
  if (r.incomeCarried.some((x) => x === 1)) out.push(pc.yellow(`! median income after ${r.inputsAsOf.MEHOINUSA646N?.slice(0, 4)} is not published yet: the last year is carried forward`));
  out.push('', ...inputsLine(json.inputsAsOf), ...assumptionsLine(json.assumptions), ...missingLine(missing, data));
  return { json, screen: out };
};
