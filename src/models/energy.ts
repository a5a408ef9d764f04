import { ParameterError } from '../core/errors.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { dayOf, daysInMonth, toDay, toIso, ymd } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';
import { inForceOrEarliest, type Dated, type Picked } from './dated.ts';
import { readNamedInputs } from './namedInputs.ts';

/**
 * Energy under AI: power and gas prices year on year, and a calculator from AI capex to
 * accelerators, megawatts and terawatt-hours. Formulas and sources: docs/MODELS.md.
 */

/**
 * Year-on-year change, %: 100 · (x_t / x_{t−1y} − 1) with x_{t−1y} the value on the same calendar
 * date a year earlier (or the last one within `maxAgeDays` before it: weekends, holidays).
 */
export function yearOverYear(s: Series, maxAgeDays = 7): Series {
  const vd: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < s.dates.length; i++) {
    if (!Number.isNaN(s.values[i] as number)) {
      vd.push(s.dates[i] as number);
      vv.push(s.values[i] as number);
    }
  }
  const validDates = Int32Array.from(vd);
  const values = s.values.map((v, i) => {
    const p = ymd(s.dates[i] as number);
    // Same calendar date a year before; 29 February looks at 28 February.
    const prior = dayOf(p.year - 1, p.month, Math.min(p.day, daysInMonth(p.year - 1, p.month)));
    const j = lastAtOrBefore(validDates, prior);
    if (j < 0 || prior - (vd[j] as number) > maxAgeDays) return Number.NaN;
    return 100 * (v / (vv[j] as number) - 1);
  });
  return { ...s, id: `${s.id}_YOY`, unit: '% y/y', values };
}

/** Latest level and y/y change of each price series; a missing input is listed. */
export interface EnergyPrices extends ModelProvenance {
  readonly readings: readonly { readonly id: string; readonly date: IsoDate; readonly value: number; readonly yoy: number }[];
  readonly missing: readonly string[];
}

/** Electricity (APU000072610, USD/kWh) and Henry Hub gas (RNGWHHD daily, RNGWHHM monthly) y/y. */
export function energyPrices(inputs: { electricity?: Series; gasDaily?: Series; gasMonthly?: Series }): EnergyPrices {
  const { readings, missing, inputsAsOf } = readNamedInputs(inputs, [['electricity', 'APU000072610'], ['gasDaily', 'RNGWHHD'], ['gasMonthly', 'RNGWHHM']], (s) => {
    const last = lastValid(s);
    const y = yearOverYear(s);
    const i = lastAtOrBefore(y.dates, toDay(last.date));
    const yoy = i >= 0 && y.dates[i] === toDay(last.date) ? (y.values[i] as number) : Number.NaN;
    return { id: s.id, date: last.date, value: last.value, yoy };
  });
  return { readings, missing, assumptions: [], inputsAsOf };
}

/** US power demand: output and capacity utilisation of the electric power industry. */
export interface PowerDemand extends ModelProvenance {
  /** IPG2211S: latest index, % y/y, % over 5 years (same month). */
  readonly output?: { readonly date: IsoDate; readonly index: number; readonly yoy: number; readonly fiveYearPct: number };
  /** CAPUTLG2211S: latest %, its mean and sample sd since `since`, z = (latest − mean) / sd. */
  readonly utilisation?: { readonly date: IsoDate; readonly value: number; readonly mean: number; readonly sd: number; readonly z: number; readonly since: IsoDate };
  readonly missing: readonly string[];
}

/**
 * Power demand where the Fed's G.17 gives it: IPG2211S (output of electric power generation,
 * transmission and distribution, index 2017 = 100, SA) — latest, 100·(x_t/x_{t−12} − 1) and
 * 100·(x_t/x_{t−60} − 1) on the same month — and CAPUTLG2211S (the industry's capacity
 * utilisation, %) against its mean and sample sd over the months since `since` (default 1990-01-01;
 * the result names the first month used):
 * z = (u_t − ū) / s. A rising z says the grid runs closer to its limits. Missing inputs are listed.
 */
export function powerDemand(inputs: { output?: Series; utilisation?: Series }, since: IsoDate = toIso(dayOf(1990, 1, 1))): PowerDemand {
  const missing: string[] = [];
  const inputsAsOf: Record<string, IsoDate> = {};
  let output: PowerDemand['output'];
  let utilisation: PowerDemand['utilisation'];
  if (inputs.output) {
    const s = inputs.output;
    const last = lastValid(s);
    const d = dayOf(Number(last.date.slice(0, 4)), Number(last.date.slice(5, 7)), 1);
    const monthsBack = (k: number) => {
      const p = ymd(d);
      const m = p.year * 12 + (p.month - 1) - k;
      const j = lastAtOrBefore(s.dates, dayOf(Math.floor(m / 12), (m % 12) + 1, 1));
      return j >= 0 && ymd(s.dates[j] as number).month === (m % 12) + 1 ? (s.values[j] as number) : Number.NaN;
    };
    output = { date: last.date, index: last.value, yoy: 100 * (last.value / monthsBack(12) - 1), fiveYearPct: 100 * (last.value / monthsBack(60) - 1) };
    inputsAsOf[s.id] = last.date;
  } else missing.push('IPG2211S');
  if (inputs.utilisation) {
    const s = inputs.utilisation;
    const from = toDay(since);
    const xs: number[] = [];
    let first = Number.NaN;
    for (let i = 0; i < s.dates.length; i++) {
      if ((s.dates[i] as number) < from || Number.isNaN(s.values[i] as number)) continue;
      if (xs.length === 0) first = s.dates[i] as number;
      xs.push(s.values[i] as number);
    }
    if (xs.length < 2) throw new ParameterError(`${s.id}: fewer than 2 months since ${since}`);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    const last = lastValid(s);
    // `since` reports the first month actually used (a short history starts later than asked).
    utilisation = { date: last.date, value: last.value, mean, sd, z: (last.value - mean) / sd, since: toIso(first) };
    inputsAsOf[s.id] = last.date;
  } else missing.push('CAPUTLG2211S');
  return { ...(output ? { output } : {}), ...(utilisation ? { utilisation } : {}), missing, assumptions: [], inputsAsOf };
}

export interface CapexPowerParams {
  /** AI capex, USD bn per year. */
  readonly capexUsdBn: number;
  /** Share of capex spent on servers/accelerators (the rest: buildings, power, network). */
  readonly computeShare?: number;
  /** All-in server cost per accelerator, USD (GPU + its share of the server, network). */
  readonly costPerAcceleratorUsd?: number;
  /** Power per accelerator incl. its share of the server, W (at full load). */
  readonly wattsPerAccelerator?: number;
  /** Power usage effectiveness: facility power / IT power. */
  readonly pue?: number;
  /** Average draw as a share of full-load power over the year. */
  readonly utilisation?: number;
}

const POWER_SPECS = {
  computeShare: { name: 'computeShare', default: 0.6, unit: 'share of capex', description: 'capex spent on servers and accelerators', source: 'flowlens assumption (hyperscaler commentary: roughly half to two thirds of AI capex is servers; the rest buildings and power)' },
  costPerAcceleratorUsd: { name: 'costPerAcceleratorUsd', default: 50_000, unit: 'USD', description: 'all-in server cost per accelerator', source: 'NVIDIA DGX H100 list price ≈ USD 200k–240k for 8 GPUs (supercluster.blog, DGX H100 hardware) → ≈ USD 25–30k per GPU for the box; ×~1.7 for network, storage and integration (flowlens assumption)' },
  wattsPerAccelerator: { name: 'wattsPerAccelerator', default: 1_275, unit: 'W', description: 'full-load power per accelerator incl. its server share', source: 'NVIDIA DGX H100: 10.2 kW max for 8 H100 SXM (700 W TDP each) → 1,275 W per GPU' },
  pue: { name: 'pue', default: 1.3, unit: 'ratio', description: 'power usage effectiveness', source: 'Uptime Institute 2024 survey: new large facilities at 1.3 or better (industry average 1.56)', knownFrom: '2024-07-31' as IsoDate },
  utilisation: { name: 'utilisation', default: 0.7, unit: 'share', description: 'average draw / full-load power', source: 'flowlens assumption (DGX H100 typical 6.5–8.5 kW of 10.2 kW max ≈ 0.64–0.83)' },
} as const;

/** EIA's planned utility-scale capacity additions for one calendar year (nameplate, all technologies). */
export interface PlannedAdditions {
  readonly year: number;
  readonly gw: number;
}

/**
 * EIA "Today in Energy" planned additions (from the Preliminary Monthly Electric Generator
 * Inventory), each known from the day EIA published it; as of a date, the latest published.
 */
export const PLANNED_ADDITIONS: readonly Dated<PlannedAdditions>[] = [
  { value: { year: 2019, gw: 23.7 }, knownFrom: '2019-01-10' as IsoDate, source: 'EIA Today in Energy, 2019-01-10: 23.7 GW of new capacity additions expected for the US electric power sector in 2019 (46% wind, 34% gas, 18% solar)' },
  { value: { year: 2020, gw: 42 }, knownFrom: '2020-01-14' as IsoDate, source: 'EIA Today in Energy, 2020-01-14: 42 GW of new capacity expected to start commercial operation in 2020 (wind and solar 76%)' },
  { value: { year: 2021, gw: 39.7 }, knownFrom: '2021-01-11' as IsoDate, source: 'EIA Today in Energy, 2021-01-11: 39.7 GW of new utility-scale capacity planned for 2021' },
  { value: { year: 2022, gw: 46.1 }, knownFrom: '2022-01-10' as IsoDate, source: 'EIA Today in Energy, 2022-01-10: 46.1 GW of new utility-scale capacity expected in 2022 (solar 46%)' },
  { value: { year: 2023, gw: 54.5 }, knownFrom: '2023-02-06' as IsoDate, source: 'EIA Today in Energy, 2023-02-06: developers plan to add 54.5 GW of utility-scale capacity in 2023' },
  { value: { year: 2024, gw: 62.8 }, knownFrom: '2024-02-15' as IsoDate, source: 'EIA Today in Energy, 2024-02-15: developers plan to add 62.8 GW of utility-scale capacity in 2024 (solar and storage 81%)' },
  { value: { year: 2025, gw: 63 }, knownFrom: '2025-02-24' as IsoDate, source: 'EIA Today in Energy, 2025-02-24 (Preliminary Monthly Electric Generator Inventory): 63 GW of utility-scale capacity planned for 2025 (32.5 GW solar, 18.2 GW storage)' },
];

/** US data centres' electricity use in one year and its share of US electricity. */
export interface DataCentreUse {
  readonly year: number;
  readonly twh: number;
  readonly shareOfUs: number;
}

/** LBNL's US data-centre energy reports, known from the end of their month of publication. */
export const DATA_CENTRE_USE: readonly Dated<DataCentreUse>[] = [
  { value: { year: 2014, twh: 70, shareOfUs: 0.018 }, knownFrom: '2016-06-30' as IsoDate, source: 'LBNL, United States Data Center Energy Usage Report (Shehabi et al., June 2016): about 70 TWh in 2014, 1.8% of US electricity' },
  { value: { year: 2023, twh: 176, shareOfUs: 0.044 }, knownFrom: '2024-12-20' as IsoDate, source: 'LBNL, 2024 United States Data Center Energy Usage Report (2024-12-20): 176 TWh in 2023, 4.4% of US electricity' },
];

/** The latest (today's) references, for screens that show them. */
export const US_POWER_REFERENCES = {
  dataCentreUse: DATA_CENTRE_USE[DATA_CENTRE_USE.length - 1] as Dated<DataCentreUse>,
  plannedAdditions: PLANNED_ADDITIONS[PLANNED_ADDITIONS.length - 1] as Dated<PlannedAdditions>,
} as const;

export interface CapexPowerResult {
  readonly accelerators: number;
  /** IT load at full power, MW. */
  readonly itMw: number;
  /** Facility load at full power (× PUE), MW. */
  readonly facilityMw: number;
  /** Energy per year: facility MW × utilisation × 8,760 h, TWh. */
  readonly twhPerYear: number;
  /** The data-centre use compared with: the latest LBNL figure known on the as-of date. */
  readonly dataCentreUse: Picked<DataCentreUse>;
  /** twhPerYear vs US data centres' use in dataCentreUse.value.year, %. */
  readonly pctOfUsDataCentres: number;
  /** twhPerYear vs US electricity use (e.g. 176 TWh / 4.4% = 4,000 TWh), %. */
  readonly pctOfUsElectricity: number;
  /** The planned additions compared with: EIA's latest published on the as-of date. */
  readonly plannedAdditions: Picked<PlannedAdditions>;
  /** Facility GW vs EIA's planned capacity additions (nameplate, mostly solar: capacity factors differ), %. */
  readonly pctOfPlannedAdditions: number;
  readonly assumptions: readonly Assumption[];
}

/**
 * From capex to power: accelerators = capex · computeShare / costPerAccelerator;
 * IT MW = accelerators · W / 10⁶; facility MW = IT MW · PUE; TWh/yr = facility MW · utilisation · 8,760 / 10⁶.
 * Compared with the data-centre use and the planned capacity additions known on `asOf` (default:
 * the latest); before the first of them, the earliest stands in and is flagged in the assumptions.
 */
export function capexToPower(params: CapexPowerParams, asOf?: IsoDate | number): CapexPowerResult {
  const p = {
    computeShare: params.computeShare ?? POWER_SPECS.computeShare.default,
    costPerAcceleratorUsd: params.costPerAcceleratorUsd ?? POWER_SPECS.costPerAcceleratorUsd.default,
    wattsPerAccelerator: params.wattsPerAccelerator ?? POWER_SPECS.wattsPerAccelerator.default,
    pue: params.pue ?? POWER_SPECS.pue.default,
    utilisation: params.utilisation ?? POWER_SPECS.utilisation.default,
  };
  if (!(params.capexUsdBn >= 0)) throw new ParameterError(`capexUsdBn must not be negative, got ${params.capexUsdBn}`);
  if (!(p.computeShare > 0 && p.computeShare <= 1)) throw new ParameterError(`computeShare must be in (0, 1], got ${p.computeShare}`);
  if (!(p.costPerAcceleratorUsd > 0)) throw new ParameterError(`costPerAcceleratorUsd must be positive, got ${p.costPerAcceleratorUsd}`);
  if (!(p.wattsPerAccelerator > 0)) throw new ParameterError(`wattsPerAccelerator must be positive, got ${p.wattsPerAccelerator}`);
  if (!(p.pue >= 1)) throw new ParameterError(`pue must be at least 1, got ${p.pue}`);
  if (!(p.utilisation > 0 && p.utilisation <= 1)) throw new ParameterError(`utilisation must be in (0, 1], got ${p.utilisation}`);
  const accelerators = (params.capexUsdBn * 1e9 * p.computeShare) / p.costPerAcceleratorUsd;
  const itMw = (accelerators * p.wattsPerAccelerator) / 1e6;
  const facilityMw = itMw * p.pue;
  const twhPerYear = (facilityMw * p.utilisation * 8760) / 1e6;
  const dc = inForceOrEarliest(DATA_CENTRE_USE, asOf, 'US data-centre electricity use');
  const planned = inForceOrEarliest(PLANNED_ADDITIONS, asOf, 'EIA planned capacity additions');
  const dated = (name: string, p: Picked<unknown>, value: number, unit: string, description: string): Assumption => ({ name, value, default: value, unit, description, source: p.source, knownFrom: p.knownFrom, ...(p.laterThanAsOf ? { laterThanAsOf: true } : {}) });
  return {
    accelerators,
    itMw,
    facilityMw,
    twhPerYear,
    dataCentreUse: dc,
    pctOfUsDataCentres: (100 * twhPerYear) / dc.value.twh,
    pctOfUsElectricity: (100 * twhPerYear) / (dc.value.twh / dc.value.shareOfUs),
    plannedAdditions: planned,
    pctOfPlannedAdditions: (100 * facilityMw) / 1000 / planned.value.gw,
    assumptions: [
      { name: 'capexUsdBn', value: params.capexUsdBn, default: params.capexUsdBn, unit: 'USD bn/yr', description: 'AI capex', source: 'input' },
      ...(Object.keys(POWER_SPECS) as (keyof typeof POWER_SPECS)[]).map((k) => assumption(POWER_SPECS[k], params[k], asOf)),
      dated('dataCentreTwh', dc, dc.value.twh, 'TWh', `US data centres' electricity use in ${dc.value.year}${dc.laterThanAsOf ? ' (published after the as-of date: the earliest flowlens has)' : ''}`),
      dated('plannedAdditionsGw', planned, planned.value.gw, 'GW', `EIA: utility-scale capacity planned for ${planned.value.year}${planned.laterThanAsOf ? ' (published after the as-of date: the earliest flowlens has)' : ''}`),
    ],
  };
}
