import { bondPriceFromYield, ctaWarmup, resolveCtaParams } from '../models/cta.ts';
import type { AssetClass } from '../models/riskparity.ts';
import { freshest } from '../series/series.ts';
import { absentBrief } from './pointInTime.ts';
import type { Series } from '../series/types.ts';

/** The CTA universe: each asset and the catalog series that can stand for it, best first. */
export const CTA_UNIVERSE: readonly { readonly key: string; readonly label: string; readonly ids: readonly string[] }[] = [
  { key: 'spx', label: 'S&P 500', ids: ['GSPC', 'SPY'] },
  { key: 'ndx', label: 'Nasdaq-100', ids: ['NDX', 'QQQ'] },
  { key: 'rut', label: 'Russell 2000', ids: ['RUT', 'IWM'] },
  { key: 'ust10', label: 'US 10-year (price from DGS10)', ids: ['DGS10'] },
  { key: 'crude', label: 'WTI crude', ids: ['USO', 'CL_F'] },
  { key: 'gold', label: 'Gold', ids: ['GLD', 'GC_F'] },
  { key: 'btc', label: 'Bitcoin', ids: ['BTCUSD'] },
];

/** A CTA asset chosen from the store: its universe entry and the series that stands for it (the 10-year as a price index). */
export interface CtaUniverseSeries {
  readonly key: string;
  readonly label: string;
  readonly ids: readonly string[];
  readonly series: Series;
}

/** Prices an asset needs for the CTA model with its default lookbacks: the longest lookback (or vol window) + 2 (models/cta.ts ctaModel). */
export const CTA_MIN_PRICES = ctaWarmup(resolveCtaParams()) + 2;

/** Prices the CTA model can use in `s`: the positive values (cleanPrices drops the rest). */
function usablePrices(s: Series): number {
  let n = 0;
  for (let i = 0; i < s.values.length; i++) if ((s.values[i] as number) > 0) n++;
  return n;
}

/**
 * The CTA assets of the universe found in `data` (the freshest of each asset's ids with at least
 * `minPrices` usable prices — an ETF listed a month before an as-of date cannot stand for gold
 * when the futures go back years; the 10-year bond as bondPriceFromYield(DGS10)), and those
 * missing, each with why per series (absentBrief, or too few prices). `flows`, `calibrate` and
 * the report all read the CTA universe through this, so they model the same assets.
 */
export function ctaUniverseSeries(data: ReadonlyMap<string, Series>, wanted: readonly string[] = CTA_UNIVERSE.map((a) => a.key), minPrices = CTA_MIN_PRICES): { chosen: CtaUniverseSeries[]; missing: string[] } {
  const chosen: CtaUniverseSeries[] = [];
  const missing: string[] = [];
  for (const a of CTA_UNIVERSE) {
    if (!wanted.includes(a.key)) continue;
    const asPrice = (s: Series) => (a.key === 'ust10' ? bondPriceFromYield(s) : s);
    const candidates = new Map(a.ids.flatMap((id) => {
      const s = data.get(id);
      return s ? [[id, asPrice(s)] as const] : [];
    }));
    const long = new Map([...candidates].filter(([, s]) => usablePrices(s) >= minPrices));
    const s = freshest(long, a.ids);
    if (s) chosen.push({ ...a, series: s });
    else {
      const why = (id: string) => {
        const c = candidates.get(id);
        return c ? `${usablePrices(c)} price${usablePrices(c) === 1 ? '' : 's'}, ${minPrices} needed` : absentBrief(data, id);
      };
      missing.push(`${a.label} (${a.ids.map((id) => `${id}: ${why(id)}`).join('; ')})`);
    }
  }
  return { chosen, missing };
}

/** The asset class of each CTA-universe asset that a risk-parity fund holds (bitcoin and the small-cap and Nasdaq indices are left out: one equity index stands for equities). */
export const RISK_PARITY_CLASSES: Readonly<Record<string, AssetClass>> = { spx: 'equity', ust10: 'bond', gold: 'commodity', crude: 'commodity' };

/** The risk-parity inputs among chosen CTA-universe assets: the S&P 500, the 10-year, gold and crude, with their classes. */
export function riskParityInputs(chosen: readonly CtaUniverseSeries[]): { index: number; key: string; prices: Series; assetClass: AssetClass }[] {
  return chosen.flatMap((c, index) => {
    const assetClass = RISK_PARITY_CLASSES[c.key];
    return assetClass ? [{ index, key: c.key, prices: c.series, assetClass }] : [];
  });
}

