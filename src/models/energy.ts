import { ParameterError } from '../core/errors.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { dayOf, daysInMonth, toDay, toIso, ymd } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';
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
  pue: { name: 'pue', default: 1.3, unit: 'ratio', description: 'power usage effectiveness', source: 'Uptime Institute 2024 survey: new large facilities at 1.3 or better (industry average 1.56)' },
  utilisation: { name: 'utilisation', default: 0.7, unit: 'share', description: 'average draw / full-load power', source: 'flowlens assumption (DGX H100 typical 6.5–8.5 kW of 10.2 kW max ≈ 0.64–0.83)' },
} as const;

/** US reference points for the comparison. */
export const US_POWER_REFERENCES = {
  dataCentreTwh2023: { value: 176, source: 'LBNL, 2024 United States Data Center Energy Usage Report (Dec 2024): 176 TWh in 2023, 4.4% of US electricity' },
  dataCentreShare2023: { value: 0.044, source: 'LBNL 2024 report' },
  plannedAdditionsGw2025: { value: 63, source: 'EIA Preliminary Monthly Electric Generator Inventory (Feb 2025): 63 GW of utility-scale capacity planned for 2025 (32.5 GW solar, 18.2 GW storage)' },
} as const;

export interface CapexPowerResult {
  readonly accelerators: number;
  /** IT load at full power, MW. */
  readonly itMw: number;
  /** Facility load at full power (× PUE), MW. */
  readonly facilityMw: number;
  /** Energy per year: facility MW × utilisation × 8,760 h, TWh. */
  readonly twhPerYear: number;
  /** twhPerYear vs US data centres' 2023 use, %. */
  readonly pctOfUsDataCentres2023: number;
  /** twhPerYear vs US electricity use (176 TWh / 4.4% = 4,000 TWh), %. */
  readonly pctOfUsElectricity: number;
  /** Facility GW vs EIA's planned 2025 capacity additions (nameplate, mostly solar: capacity factors differ), %. */
  readonly pctOfPlannedAdditions2025: number;
  readonly assumptions: readonly Assumption[];
}

/**
 * From capex to power: accelerators = capex · computeShare / costPerAccelerator;
 * IT MW = accelerators · W / 10⁶; facility MW = IT MW · PUE; TWh/yr = facility MW · utilisation · 8,760 / 10⁶.
 */
export function capexToPower(params: CapexPowerParams): CapexPowerResult {
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
  const R = US_POWER_REFERENCES;
  return {
    accelerators,
    itMw,
    facilityMw,
    twhPerYear,
    pctOfUsDataCentres2023: (100 * twhPerYear) / R.dataCentreTwh2023.value,
    pctOfUsElectricity: (100 * twhPerYear) / (R.dataCentreTwh2023.value / R.dataCentreShare2023.value),
    pctOfPlannedAdditions2025: (100 * facilityMw) / 1000 / R.plannedAdditionsGw2025.value,
    assumptions: [
      { name: 'capexUsdBn', value: params.capexUsdBn, default: params.capexUsdBn, unit: 'USD bn/yr', description: 'AI capex', source: 'input' },
      ...(Object.keys(POWER_SPECS) as (keyof typeof POWER_SPECS)[]).map((k) => assumption(POWER_SPECS[k], params[k])),
    ],
  };
}
