import { FlowlensError } from '../core/errors.ts';
import { ctaModel, ctaWarmup, resolveCtaParams, type CtaParams, type CtaResult } from '../models/cta.ts';
import { resolveRiskParityParams, riskBudgets, riskParityModel, type RiskParityParams, type RiskParityResult } from '../models/riskparity.ts';
import { ANNUALISE, moveGrid, resolveVolControlParams, volControlModel, type VolControlParams, type VolControlResult } from '../models/volcontrol.ts';
import type { Series } from '../series/types.ts';
import type { ScenarioSetup } from '../sim/scenario.ts';
import { ctaUniverseSeries, riskParityInputs, type CtaUniverseSeries } from './ctaUniverse.ts';
import type { SnapshotModels } from './snapshotModels.ts';

/** The systematic-flow models run on one read of the store. */
export interface FlowModels {
  readonly chosen: readonly CtaUniverseSeries[];
  readonly missing: readonly string[];
  readonly spx: CtaUniverseSeries;
  readonly volControl: VolControlResult;
  readonly cta: CtaResult;
  /** Undefined when equities, bonds or commodities are missing. */
  readonly riskParity?: RiskParityResult;
}

/**
 * Runs vol-control on the S&P 500, the CTA model on the CTA universe and risk parity on its
 * three classes, with the given parameters (the models' defaults otherwise), as `flowlens flows`
 * and the dashboard's flows screen do. With `shared` (the overview: the report ran on the same
 * read), results the report computed with the same parameters are taken from it, the same numbers.
 */
export function runFlowModels(data: ReadonlyMap<string, Series>, params: { readonly volControl?: VolControlParams; readonly cta?: CtaParams; readonly riskParity?: RiskParityParams; readonly wanted?: readonly string[]; readonly moves?: readonly number[] } = {}, shared?: SnapshotModels): FlowModels {
  const { chosen, missing } = shared && !params.wanted ? shared.universe(data) : ctaUniverseSeries(data, params.wanted, ctaWarmup(resolveCtaParams(params.cta ?? {})) + 2);
  const spx = chosen.find((c) => c.key === 'spx');
  if (!spx) {
    // Why each candidate fails (not stored, none by the as-of date, too short), when the S&P 500 was asked for.
    const why = missing.find((m) => m.startsWith('S&P 500 ('));
    // Stored but starting later (or too short by then) is a date before its history: a later date helps, a sync does not. Worded for the CLI and the dashboard alike.
    const remedy = why?.includes('not in the store') ? 'run `flowlens sync --only SPY` (or --from DIR)' : 'choose a later date';
    throw new FlowlensError(why ? `no usable ${why}: vol-control runs on it; ${remedy}` : 'the S&P 500 (GSPC or SPY) is not in the store: run `flowlens sync --only SPY` (or --from DIR)');
  }
  const volControl = shared ? shared.volControlWith(spx.series, params.volControl ?? {}, params.moves ?? moveGrid()) : params.moves ? volControlModel(spx.series, params.volControl ?? {}, params.moves) : volControlModel(spx.series, params.volControl ?? {});
  const cta = ctaModel(
    chosen.map((c) => {
      const position = shared?.ctaPositionFor(c.series, params.cta);
      return { prices: c.series, ...(position ? { position } : {}) };
    }),
    params.cta ?? {},
  );
  const rpIn = riskParityInputs(chosen);
  const riskParity = new Set(rpIn.map((r) => r.assetClass)).size === 3 ? (shared && !params.riskParity && !params.wanted ? shared.riskParity(chosen) : riskParityModel(rpIn, params.riskParity ?? {})) : undefined;
  return { chosen, missing, spx, volControl, cta, ...(riskParity ? { riskParity } : {}) };
}

/**
 * The scenario engine's setup from the models' current state (sim/scenario.ts): the CTA assets
 * with their weights, vol-control at today's exposure and σ̂, risk parity at today's exposures
 * and window, over the given horizons (trading days).
 */
export function scenarioSetup(m: FlowModels, params: { readonly volControl?: VolControlParams; readonly cta?: CtaParams; readonly riskParity?: RiskParityParams }, horizons: readonly number[]): ScenarioSetup {
  const rv = resolveVolControlParams(params.volControl ?? {});
  const vc = m.volControl;
  const rp = m.riskParity;
  const rpIn = riskParityInputs(m.chosen);
  return {
    assets: m.cta.assets.map((a) => ({ id: a.id, prices: a.prices, weight: a.weight })),
    cta: resolveCtaParams(params.cta ?? {}),
    volControl: {
      assetIndex: m.chosen.indexOf(m.spx),
      targetVol: rv.targetVol,
      cap: rv.cap,
      shortWindow: rv.shortWindow,
      longWindow: rv.longWindow,
      adjustSpeed: rv.adjustSpeed,
      aumBn: rv.aumBn,
      exposure: vc.latest.exposure,
      combine: rv.combine,
      blendWeight: rv.blendWeight,
      ewmaLambda: rv.ewmaLambda,
      ewmaVariance0: vc.latest.ewmaVariances?.short ?? (vc.latest.sigma / ANNUALISE) ** 2,
      ...(rv.ewmaLambdaLong > 0 && vc.latest.ewmaVariances ? { ewmaLambdaLong: rv.ewmaLambdaLong, ewmaVarianceLong0: vc.latest.ewmaVariances.long } : {}),
      ...(rv.lagDays > 0 ? { lagDays: rv.lagDays, sigmaHistory: vc.sigma.slice(vc.sigma.length - rv.lagDays) } : {}),
    },
    ...(rp
      ? {
          riskParity: {
            ...resolveRiskParityParams(params.riskParity ?? {}),
            assetIndices: rpIn.map((r) => r.index),
            equity: rpIn.map((r) => r.assetClass === 'equity'),
            budgets: riskBudgets(rpIn.map((r) => r.assetClass)),
            exposure: Float64Array.from(rp.assets, (a) => a.latest.exposure),
            windowReturns: rp.windowReturns,
          },
        }
      : {}),
    horizons: [...horizons],
  };
}
