import pc from 'picocolors';
import { ParameterError } from '../../core/errors.ts';
import { capexToPower, energyPrices, powerDemand, yearOverYear, type CapexPowerResult } from '../../models/energy.ts';
import { fmtNumber } from '../../views/format.ts';
import { renderTable } from '../output.ts';
import { lastCompleteYear, loadHyperscalers } from './ai.ts';
import { assumptionsLine, boundedFlag, chartBlock, inputsLine, loadInputs, missingLine, numberFlag, signed, type EconomyOptions, type Topic } from './common.ts';

const PRICE_IDS = ['APU000072610', 'RNGWHHD', 'RNGWHHM'];
const DEMAND_IDS = ['IPG2211S', 'CAPUTLG2211S'];

/** Calculator parameters from the flags; only the flags given are set (the model has the defaults). */
export function powerParamsFromFlags(opts: EconomyOptions): { computeShare?: number; costPerAcceleratorUsd?: number; wattsPerAccelerator?: number; pue?: number; utilisation?: number } {
  const entries: [string, number | undefined][] = [
    ['computeShare', boundedFlag('--compute-share', opts.computeShare, (x) => x > 0 && x <= 1, 'a share above 0 and at most 1')],
    ['costPerAcceleratorUsd', boundedFlag('--cost-per-accelerator', opts.costPerAccelerator, (x) => x > 0, 'a positive amount of USD')],
    ['wattsPerAccelerator', boundedFlag('--watts', opts.watts, (x) => x > 0, 'a positive number of watts')],
    ['pue', boundedFlag('--pue', opts.pue, (x) => x >= 1, 'a ratio of at least 1')],
    ['utilisation', boundedFlag('--utilisation', opts.utilisation, (x) => x > 0 && x <= 1, 'a share above 0 and at most 1')],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/**
 * `economy energy`: electricity and Henry Hub gas prices year on year, and what AI capex means in
 * accelerators, megawatts and terawatt-hours against US data centres' use and planned capacity.
 * Capex is `--capex-bn`, else the hyperscalers' last complete year (store or `--hyperscalers`).
 */
export const energyTopic: Topic = async (opts, pit) => {
  const params = powerParamsFromFlags(opts);
  const flagCapex = numberFlag('--capex-bn', opts.capexBn);
  if (flagCapex !== undefined && flagCapex < 0) throw new ParameterError(`--capex-bn must not be negative, got ${flagCapex}`);
  const { data, missing } = await loadInputs([...PRICE_IDS, ...DEMAND_IDS], pit);
  const prices = energyPrices({ electricity: data.get('APU000072610'), gasDaily: data.get('RNGWHHD'), gasMonthly: data.get('RNGWHHM') });
  const demand = powerDemand({ output: data.get('IPG2211S'), utilisation: data.get('CAPUTLG2211S') });
  let capexSource = '--capex-bn';
  let capexBn = flagCapex;
  if (capexBn === undefined) {
    const hyper = await loadHyperscalers(opts, pit);
    const y = lastCompleteYear(hyper.years);
    if (y) {
      capexBn = Math.round(y.capex * 10) / 10;
      capexSource = `hyperscaler capex ${y.year} of ${y.tickers.join(', ')} from ${hyper.source ?? 'the store'}`;
    }
  }
  // The model checks every parameter and names it; flags map one to one onto its fields.
  const power: CapexPowerResult | undefined = capexBn === undefined ? undefined : capexToPower({ capexUsdBn: capexBn, ...params }, pit.asOf);
  const json = { prices: prices.readings, demand: { output: demand.output ?? null, utilisation: demand.utilisation ?? null }, power: power ? { ...power, capexSource } : null, missing: [...prices.missing, ...demand.missing], inputsAsOf: { ...prices.inputsAsOf, ...demand.inputsAsOf } };
  const out: string[] = [pc.bold('Energy under AI')];
  if (prices.readings.length > 0) {
    const unit: Record<string, string> = { APU000072610: 'USD/kWh', RNGWHHD: 'USD/MMBtu', RNGWHHM: 'USD/MMBtu' };
    out.push(
      renderTable(
        ['price', 'latest', 'date', 'y/y'],
        prices.readings.map((r) => [r.id, `${fmtNumber(r.value, r.value < 1 ? 3 : 2)} ${unit[r.id] ?? ''}`, r.date, `${signed(r.yoy, 1)}%`]),
        ['left', 'right', 'left', 'right'],
        { priority: [0, 0, 1, 0] }, // the date goes first
      ),
    );
  }
  const elec = data.get('APU000072610');
  if (elec) out.push(...chartBlock('US average electricity price, % y/y', yearOverYear(elec), 6));
  const rows: string[][] = [];
  if (demand.output) rows.push(['output of the power industry (IPG2211S, 2017 = 100)', fmtNumber(demand.output.index, 1), demand.output.date, `${signed(demand.output.yoy, 1)}% y/y, ${signed(demand.output.fiveYearPct, 1)}% over 5 years`]);
  if (demand.utilisation) rows.push(['capacity utilisation (CAPUTLG2211S)', `${fmtNumber(demand.utilisation.value, 1)}%`, demand.utilisation.date, `mean ${fmtNumber(demand.utilisation.mean, 1)}% since ${demand.utilisation.since.slice(0, 4)}, z = ${signed(demand.utilisation.z, 2)}`]);
  if (rows.length > 0) {
    out.push('', pc.bold('US power demand (Fed G.17)'), renderTable(['measure', 'latest', 'date', 'against'], rows, ['left', 'right', 'left', 'left'], { priority: [0, 0, 1, 2] }));
    const u = data.get('CAPUTLG2211S');
    if (u) out.push(...chartBlock('Capacity utilisation of the electric power industry, %', u, 6));
  }
  if (power) {
    const P = power.plannedAdditions;
    const D = power.dataCentreUse;
    out.push('', pc.bold(`AI capex of ${fmtNumber(capexBn ?? Number.NaN, 0)} bn a year (${capexSource}) in power`));
    out.push(
      renderTable(
        ['measure', 'value', 'compared with'],
        [
          ['accelerators', fmtNumber(power.accelerators, 0), ''],
          ['IT load, full power', `${fmtNumber(power.itMw, 0)} MW`, ''],
          ['facility load (× PUE)', `${fmtNumber(power.facilityMw, 0)} MW`, `${fmtNumber(power.pctOfPlannedAdditions, 1)}% of ${P.value.gw} GW planned for ${P.value.year} (nameplate; EIA ${P.knownFrom})`],
          ['energy per year', `${fmtNumber(power.twhPerYear, 1)} TWh`, `${fmtNumber(power.pctOfUsDataCentres, 1)}% of US data centres' ${D.value.twh} TWh (${D.value.year}); ${fmtNumber(power.pctOfUsElectricity, 2)}% of US electricity`],
        ],
        ['left', 'right', 'left'],
        { priority: [0, 0, 1] }, // the comparison wraps first, and goes only where even that does not fit
      ),
    );
    out.push(...assumptionsLine(power.assumptions));
  } else {
    out.push('', pc.yellow('! capex → power not computed: give --capex-bn N, or --hyperscalers FILE (no hyperscaler capex in the store)'));
  }
  out.push('', ...inputsLine({ ...prices.inputsAsOf, ...demand.inputsAsOf }), ...missingLine(missing, data));
  return { json, screen: out };
};
