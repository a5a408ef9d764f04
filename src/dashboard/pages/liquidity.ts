import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { LiquidityScreen } from '../../app/screens/liquidity.ts';
import { layout } from '../layout.ts';
import { chartFigure, fmt, metrics, notes, problems, table } from '../parts.ts';

/** The liquidity page: net liquidity, its drivers and changes. */
export function liquidityPage(s: LiquidityScreen, p: ScreenParams): string {
  const L = s.latest;
  const body = `
${L ? metrics([
    { label: `net liquidity on ${L.date}, USD bn`, value: fmt(L.netLiquidityBn, 0), id: 'netliq-value' },
    { label: 'Fed assets, USD bn', value: fmt(L.walclBn, 0) },
    { label: 'TGA, USD bn', value: fmt(L.tgaBn, 0) },
    { label: 'reverse repo, USD bn', value: fmt(L.rrpBn, 0) },
  ]) : ''}
<h2 id="net">Net liquidity</h2>
${chartFigure(s.netChart)}
${table(['weeks', 'from', 'to', 'change, USD bn', 'Fed assets', 'TGA', 'reverse repo', 'main driver'], s.changes.map((c) => [c.weeks, c.from, c.to, fmt(c.change, 0, true), fmt(c.fromWalcl, 0, true), fmt(c.fromTga, 0, true), fmt(c.fromRrp, 0, true), c.driver]), 'Changes of net liquidity by driver (USD bn; a TGA or reverse-repo rise drains)')}
<h2 id="drivers">Drivers</h2>
${chartFigure(s.driversChart)}
${s.rrpDepletion ? `<p>Reverse repo: ${fmt(s.rrpDepletion.latestBn, 0)} bn, ${fmt(s.rrpDepletion.depletedPct, 0)}% below its peak of ${fmt(s.rrpDepletion.peakBn, 0)} bn (${s.rrpDepletion.peakDate}).</p>` : ''}
${table(['TGA episode', 'start', 'end', 'change, USD bn'], s.tgaEpisodes.map((e) => [e.kind, e.start, e.end, fmt(e.change, 0, true)]), 'Treasury General Account drawdowns and rebuilds')}
${notes(s.flags)}
${problems(s.problems)}`;
  return layout({ path: '/liquidity', title: 'Liquidity: Fed assets, TGA and reverse repo', params: p, body });
}
