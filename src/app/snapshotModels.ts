import { cleanPrices, ctaPositionHistory, resolveCtaParams, type CtaParams } from '../models/cta.ts';
import { eventStudies, type EventStudyResult, type Unconditional } from '../models/eventStudy.ts';
import { riskParityModel, type RiskParityResult } from '../models/riskparity.ts';
import { moveGrid, resolveVolControlParams, volControlAssumptions, volControlModel, type VolControlParams, type VolControlResult } from '../models/volcontrol.ts';
import type { Series } from '../series/types.ts';
import type { SharedFlowModels } from '../theses/flowClaims.ts';
import { ctaUniverseSeries, riskParityInputs, type CtaUniverseSeries } from './ctaUniverse.ts';

/** The CTA parameters that shape a position history (all but the AUM, which only scales dollars). */
const positionKey = (p: CtaParams = {}) => JSON.stringify({ ...resolveCtaParams(p), aumBn: 0 });
const DEFAULT_POSITION_KEY = positionKey();
const DEFAULT_VOL_CONTROL = JSON.stringify(resolveVolControlParams());
const DEFAULT_MOVES = moveGrid();

/**
 * Model results on one point-in-time read, computed once and handed to every part that needs
 * them (the report's flow lines and flow claims, the overview's flow estimates): the same input
 * objects give the same result, so results are kept per Series (or per read) object in WeakMaps
 * that go with the read. Models stay pure; this only avoids running one twice on the same input.
 * Made per read (buildReport makes its own when not given one).
 */
export class SnapshotModels implements Required<SharedFlowModels> {
  private readonly vc = new WeakMap<Series, VolControlResult>();
  private readonly pos = new WeakMap<Series, Float64Array>();
  private readonly universes = new WeakMap<ReadonlyMap<string, Series>, { chosen: CtaUniverseSeries[]; missing: string[] }>();
  private readonly rp = new WeakMap<readonly CtaUniverseSeries[], RiskParityResult>();
  private readonly unconditional = new WeakMap<Series, Map<number, Unconditional>>();

  /**
   * Keeps the unconditional distributions of an event study on `prices` (by horizon), so a later
   * study on the same series computes only its events' windows (eventStudies' `given`).
   */
  noteEventStudy(prices: Series, r: EventStudyResult): void {
    let m = this.unconditional.get(prices);
    if (!m) this.unconditional.set(prices, (m = new Map<number, Unconditional>()));
    for (const h of r.horizons) if (!m.has(h.horizon)) m.set(h.horizon, h.unconditional);
  }

  /** eventStudy(prices, events, horizons) (eventStudy.ts), with the unconditional distributions already known on this series reused. */
  readonly eventStudy = (prices: Series, events: readonly number[], horizons: readonly number[]): EventStudyResult => {
    const r = eventStudies(prices, [events], horizons, {}, this.unconditional.get(prices))[0] as EventStudyResult;
    this.noteEventStudy(prices, r);
    return r;
  };

  /** volControlModel(spx) with its default parameters and move table (volcontrol.ts). */
  readonly volControl = (spx: Series): VolControlResult => {
    let r = this.vc.get(spx);
    if (!r) {
      r = volControlModel(spx);
      this.vc.set(spx, r);
    }
    return r;
  };

  /**
   * volControlModel(spx, params, moves). When the parameters resolve to the defaults and every
   * move is in the default move table, the default run is reused: each row of the move table is
   * computed on its own from the same history (volcontrol.ts), so the rows asked for are those
   * rows, and the assumptions are listed from the parameters given, as the model lists them.
   */
  volControlWith(spx: Series, params: VolControlParams, moves: readonly number[]): VolControlResult {
    if (JSON.stringify(resolveVolControlParams(params)) !== DEFAULT_VOL_CONTROL || !moves.every((m) => DEFAULT_MOVES.includes(m))) return volControlModel(spx, params, moves);
    const base = this.volControl(spx);
    const moveTable = moves.map((m) => base.moveTable.find((row) => row.movePct === m) as VolControlResult['moveTable'][number]);
    return { ...base, moveTable, assumptions: volControlAssumptions(params, base.dates[base.dates.length - 1] as number) };
  }

  /** ctaPositionHistory(cleanPrices(s).px) with the CTA model's default parameters (cta.ts). */
  readonly ctaPosition = (s: Series): Float64Array => {
    let r = this.pos.get(s);
    if (!r) {
      r = ctaPositionHistory(cleanPrices(s).px, resolveCtaParams());
      this.pos.set(s, r);
    }
    return r;
  };

  /** The position history to give ctaModel for `s` under `params`: the shared one when the parameters that shape it are the defaults. */
  ctaPositionFor(s: Series, params: CtaParams = {}): Float64Array | undefined {
    return positionKey(params) === DEFAULT_POSITION_KEY ? this.ctaPosition(s) : undefined;
  }

  /** ctaUniverseSeries(data) for the whole universe (app/ctaUniverse.ts): one set of series objects per read, so results on them are shared. */
  universe(data: ReadonlyMap<string, Series>): { chosen: CtaUniverseSeries[]; missing: string[] } {
    let u = this.universes.get(data);
    if (!u) {
      u = ctaUniverseSeries(data);
      this.universes.set(data, u);
    }
    return u;
  }

  /** riskParityModel on the risk-parity classes of `chosen` (riskParityInputs) with the default parameters. */
  riskParity(chosen: readonly CtaUniverseSeries[]): RiskParityResult {
    let r = this.rp.get(chosen);
    if (!r) {
      r = riskParityModel(riskParityInputs(chosen));
      this.rp.set(chosen, r);
    }
    return r;
  }
}
