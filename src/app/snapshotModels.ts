import { cleanPrices, ctaPositionHistory, resolveCtaParams } from '../models/cta.ts';
import { volControlModel, type VolControlResult } from '../models/volcontrol.ts';
import type { Series } from '../series/types.ts';
import type { SharedFlowModels } from '../theses/flowClaims.ts';

/**
 * Model results on one point-in-time read, computed once and handed to every part that needs
 * them (the report's flow lines and the flow claims; the overview's flow estimates): the same
 * series object gives the same result, so results are kept per Series object (a WeakMap: a
 * read's series go with it). Models stay pure; this only avoids running one twice on the same
 * input. Created per read (buildReport makes one when not given one).
 */
export class SnapshotModels implements Required<SharedFlowModels> {
  private readonly vc = new WeakMap<Series, VolControlResult>();
  private readonly pos = new WeakMap<Series, Float64Array>();

  /** volControlModel(spx) with its default parameters and move table (volcontrol.ts). */
  readonly volControl = (spx: Series): VolControlResult => {
    let r = this.vc.get(spx);
    if (!r) {
      r = volControlModel(spx);
      this.vc.set(spx, r);
    }
    return r;
  };

  /** ctaPositionHistory(cleanPrices(s).px) with the CTA model's default parameters (cta.ts). */
  readonly ctaPosition = (s: Series): Float64Array => {
    let r = this.pos.get(s);
    if (!r) {
      r = ctaPositionHistory(cleanPrices(s).px, resolveCtaParams());
      this.pos.set(s, r);
    }
    return r;
  };
}
