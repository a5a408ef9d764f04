import { liquidityModel, type LiquidityChange, type TgaEpisode } from '../../models/liquidity.ts';
import { toDay, toIso } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { laterVintagesNote, required } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** The liquidity page. */
export interface LiquidityScreen {
  readonly asOf: IsoDate | null;
  readonly latest?: { readonly date: IsoDate; readonly netLiquidityBn: number; readonly walclBn: number; readonly tgaBn: number; readonly rrpBn: number };
  /** ΔNL over 1, 4, 13, 26, 52 weeks and which driver moved it most. */
  readonly changes: readonly LiquidityChange[];
  readonly tgaEpisodes: readonly TgaEpisode[];
  readonly rrpDepletion?: { readonly peakBn: number; readonly peakDate: IsoDate; readonly latestBn: number; readonly depletedPct: number };
  readonly netChart?: ChartData;
  readonly driversChart?: ChartData;
  readonly flags: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/**
 * The liquidity page: net liquidity NL = WALCL − TGA − RRP on the Fed's weekly grid
 * (models/liquidity.ts), its changes split by driver, the TGA drawdowns and rebuilds, the RRP's
 * depletion from its peak, and the three drivers over the last five years.
 */
export async function liquidityScreen(store: Store, params: ScreenInput = {}): Promise<LiquidityScreen> {
  const p = screenParams(params);
  const { data, pit } = await readScreen(store, ['WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD', 'TREAST', 'WRESBAL'], p.asOf);
  const problems: ScreenProblem[] = [];
  const r = part('net liquidity', problems, () =>
    liquidityModel({
      walcl: required(data, 'WALCL', 'the Fed balance sheet'),
      rrp: required(data, 'RRPONTSYD', 'the reverse repo'),
      ...(data.get('WDTGAL') ? { tga: data.get('WDTGAL') } : {}),
      ...(data.get('WTREGEN') ? { tgaWeekAvg: data.get('WTREGEN') } : {}),
      ...(data.get('TREAST') ? { treasuries: data.get('TREAST') } : {}),
      ...(data.get('WRESBAL') ? { reserves: data.get('WRESBAL') } : {}),
    }),
  );
  const later = laterVintagesNote(pit);
  if (!r) return { asOf: p.asOf ?? null, changes: [], tgaEpisodes: [], flags: later ? [later] : [], problems };
  const w = r.weekly;
  const L = r.latest;
  const from = toIso(toDay(L.date) - 5 * 365);
  const c4 = r.changes.find((c) => c.weeks === 4);
  return {
    asOf: p.asOf ?? null,
    latest: { date: L.date, netLiquidityBn: L.netLiquidity, walclBn: L.walcl, tgaBn: L.tga, rrpBn: L.rrp },
    changes: r.changes,
    tgaEpisodes: r.tgaEpisodes.slice(-10),
    rrpDepletion: { peakBn: r.rrpDepletion.peak, peakDate: r.rrpDepletion.peakDate, latestBn: r.rrpDepletion.latest, depletedPct: r.rrpDepletion.depletedPct },
    netChart: chartOf(
      { id: 'net-liquidity', title: 'Net liquidity (Fed assets − TGA − reverse repo)', unit: 'USD bn', summary: `Net liquidity is ${L.netLiquidity.toFixed(0)} bn on ${L.date}${c4 ? `, ${c4.change >= 0 ? 'up' : 'down'} ${Math.abs(c4.change).toFixed(0)} bn over 4 weeks, driven most by the ${c4.driver}` : ''}.` },
      [{ label: 'net liquidity', dates: w.dates, values: w.netLiquidity }],
    ),
    driversChart: chartOf(
      { id: 'liquidity-drivers', title: 'Drivers: Fed assets, Treasury General Account, reverse repo', unit: 'USD bn', summary: `On ${L.date}: Fed assets ${L.walcl.toFixed(0)} bn, TGA ${L.tga.toFixed(0)} bn, reverse repo ${L.rrp.toFixed(0)} bn.`, from },
      [
        { label: 'Fed assets (WALCL)', dates: w.dates, values: w.walcl },
        { label: 'TGA', dates: w.dates, values: w.tga },
        { label: 'reverse repo', dates: w.dates, values: w.rrp },
      ],
    ),
    flags: [...r.flags, ...(later ? [later] : [])],
    problems,
  };
}
