import type { ScreenParams } from '../../app/screens/assumptions.ts';
import type { VolatilityScreen } from '../../app/screens/volatility.ts';
import { escapeHtml } from '../../views/html.ts';
import { layout } from '../layout.ts';
import { chartFigure, fmt, metrics, notes, problems, table } from '../parts.ts';

/** The volatility page: the VIX curve now vs 1 week / 1 month ago, VIX/VIX3M with its inversion episodes. */
export function volatilityPage(s: VolatilityScreen, p: ScreenParams): string {
  const t = s.today;
  const body = `
${
  t
    ? `${metrics([
        { label: `VIX on ${t.date}`, value: fmt(t.vix, 2), id: 'vix-value' },
        { label: 'VIX3M', value: fmt(t.vix3m, 2) },
        { label: 'VIX / VIX3M', value: fmt(t.ratio, 3), id: 'vix-ratio-value' },
        { label: 'curve', value: t.state === 'backwardation' ? 'inverted' : 'contango' },
        { label: 'reading', value: t.classification.label },
      ])}<p>${escapeHtml(t.classification.reason)}</p>`
    : ''
}
<h2 id="term-structure">Term structure now vs 1 week and 1 month ago</h2>
${chartFigure(s.curveChart)}
<h2 id="inversions">VIX/VIX3M and inversion episodes</h2>
${chartFigure(s.ratioChart)}
${table(['start', 'end', 'days', 'peak', 'on day 0', 'at the peak'], [...s.episodes].reverse().map((e) => [e.start, e.end, e.days, fmt(e.peakRatio, 3), e.classificationAtStart.label, e.classification.label]), `Latest ${s.episodes.length} of ${s.episodeCount} inversion episodes`)}
<h2 id="levels">VIX and VIX3M</h2>
${chartFigure(s.levelChart)}
${notes(s.notes)}
${problems(s.problems)}`;
  return layout({ path: '/volatility', title: 'Volatility: the VIX curve', params: p, body });
}
