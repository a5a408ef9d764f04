import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { FlowsScreen } from '../../app/screens/flows.ts';
import { type Frame, layout } from '../layout.ts';
import { chartFigure, fmt, metrics, notes, problems, table } from '../parts.ts';
import { escapeHtml } from '../../views/html.ts';

const pct = (x: number) => `${fmt(100 * x, 1)}%`;

/** The flows page: vol-control, CTAs with trigger ladder, scenario fan, buyback calendar. */
export function flowsPage(s: FlowsScreen, p: ScreenParams): string {
  const vc = s.volControl;
  const cta = s.cta;
  const bb = s.buyback;
  const body = `
<h2 id="vol-control">Vol-control funds</h2>
${
  vc
    ? `${metrics([
        { label: `exposure on ${vc.date}`, value: pct(vc.exposure), id: 'vc-exposure-value' },
        { label: 'target exposure', value: pct(vc.target) },
        { label: 'realised vol', value: pct(vc.sigma) },
        { label: 'flow last 5 days, USD bn', value: fmt(vc.flow5dBn, 1, true) },
        { label: `tomorrow on a ${fmt(p.shockPct, 1, true)}% day, USD bn`, value: fmt(vc.shock.flowBn, 1, true), id: 'vc-shock-value' },
      ])}
<div class="grid2">${chartFigure(vc.exposureChart)}${chartFigure(vc.flowChart)}</div>
${table(['S&P 500 move tomorrow', ...vc.moves.map((m) => `${fmt(m.movePct, m.movePct % 1 ? 1 : 0, true)}%`)], [['flow, USD bn', ...vc.moves.map((m) => ({ text: fmt(m.flowBn, 1, true), num: true }))], ['exposure', ...vc.moves.map((m) => ({ text: pct(m.exposure), num: true }))]], 'Vol-control flow by move tomorrow')}`
    : ''
}
<h2 id="cta">CTAs: positions and trigger ladder</h2>
${
  cta
    ? `${metrics([{ label: 'total exposure, USD bn', value: fmt(cta.totalExposureBn, 0, true), id: 'cta-total-value' }])}
${table(
  ['asset', 'as of', 'price', 'position', 'exposure, USD bn', ...cta.lookbacks.map((l) => `trigger ${l}d`), 'flip level'],
  cta.assets.map((a) => [
    a.label,
    a.date,
    fmt(a.price, 2),
    fmt(a.position, 2, true),
    fmt(a.exposureBn, 1, true),
    ...cta.lookbacks.map((l) => {
      const t = a.ladder.find((x) => x.lookback === l);
      // The level, and under it the distance and the signal it holds: the ladder fits 1440 px.
      return t ? { text: fmt(t.level, 2), sub: `${fmt(t.distancePct, 1, true)}%, ${t.signal > 0 ? 'long' : t.signal < 0 ? 'short' : 'flat'}`, num: true } : '—';
    }),
    a.flipLevel !== undefined ? { text: fmt(a.flipLevel, 2), sub: `${fmt(100 * (a.flipLevel / a.price - 1), 1, true)}%`, num: true } : '—',
  ]),
  'CTA trigger ladder: the close tomorrow at which each lookback’s signal flips, and its distance from the price',
)}
${chartFigure(cta.positionChart)}`
    : ''
}
<h2 id="scenarios">Scenario fan: all systematic flows</h2>
${s.fan ? `<p class="muted">${s.fan.paths.toLocaleString('en-US')} paths, block bootstrap of joint daily returns since 2010, seed ${s.fan.seed}; cumulative USD bn by trading day ahead.</p>${chartFigure(s.fan.chart)}` : ''}
<h2 id="buybacks">Buyback blackout calendar</h2>
${
  bb
    ? `${metrics([
        { label: `window on ${bb.date}`, value: bb.status, id: 'bb-status-value' },
        { label: 'share of cap in blackout', value: pct(bb.share), id: 'bb-share-value' },
        { label: 'est. demand, USD bn/day', value: fmt(bb.demandBn, 1) },
      ])}
<p class="muted" id="bb-source">${escapeHtml(bb.source)}</p>
${chartFigure(bb.chart)}
${table(['from', 'window'], bb.changes.map((c) => [c.date, c.status]), 'Next changes of the buyback window')}`
    : ''
}
${notes(s.notes)}
${problems(s.problems)}`;
  return layout({ ...flowsFrame(p), body });
}

/** The flows page's frame (layout.ts): known from the parameters alone, so its head can be sent before the page is computed. */
export function flowsFrame(p: ScreenParams): Frame {
  return { path: '/flows', title: 'Systematic flows', params: p, assumptions: true };
}
