import type { Command } from 'commander';
import pc from 'picocolors';
import type { EventStudyResult } from '../models/eventStudy.ts';
import { vixTermModel, type Classification } from '../models/vixterm.ts';
import { toDay, toIso } from '../series/dates.ts';
import { freshest } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { fmtNumber } from '../views/format.ts';
import { wholeFlag } from './flags.ts';
import { loadForModel, parseAsOf, required, laterVintagesNote, type PointInTime } from './data.ts';
import { chartSince, dateFlag, printJson, renderTable , writeOut } from './output.ts';

export { freshest };

interface VolOptions {
  asOf?: string;
  from?: string;
  json?: boolean;
  episodes?: string;
}

function evidence(c: Classification): string {
  return renderTable(
    ['indicator', 'value', 'stress if', 'points to stress'],
    c.indicators.map((x) => [x.name, `${fmtNumber(x.value, 2)} ${x.unit}`, `${x.name === 'implied vs realised' || x.name === 'breadth' ? '≤' : '≥'} ${fmtNumber(x.threshold, 2)}`, x.stress ? pc.red('yes') : 'no']),
    ['left', 'right', 'right', 'left'],
  );
}

function studyRows(label: string, s: EventStudyResult): (string | number)[][] {
  return s.horizons.map((h) => [
    label,
    `${h.horizon}d`,
    h.n,
    fmtNumber(h.meanReturn, 2),
    `[${fmtNumber(h.ci95[0], 2)}, ${fmtNumber(h.ci95[1], 2)}]`,
    fmtNumber(h.medianReturn, 2),
    `${fmtNumber(h.hitRate, 0)}%`,
    fmtNumber(h.meanForwardVol, 1),
    fmtNumber(h.unconditionalMean, 2),
  ]);
}

/** `flowlens vol`: the VIX curve, its inversions, and hedging flow vs stress. */
export function registerVol(program: Command): void {
  program
    .command('vol')
    .description('VIX/VIX3M term structure, inversion episodes labelled hedging flow or stress, and what followed them')
    .option('--as-of <date>', 'the picture as it stood on that date (point in time)')
    .option('--from <date>', 'start of the chart', '2018-01-01')
    .option('--episodes <n>', 'how many recent episodes to list', '12')
    .option('--json', 'print the whole result as JSON')
    .action(async (opts: VolOptions) => {
      const asOf = parseAsOf(opts.asOf);
      dateFlag('--from', opts.from);
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const nEpisodes = wholeFlag('--episodes', opts.episodes ?? '12', 0, 1_000_000);
      const data = await loadForModel(['VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP'], pit);
      const vix = data.get('VIX') ?? required(data, 'VIXCLS', 'the VIX');
      const spx = freshest(data, ['GSPC', 'SPY']) ?? required(data, 'SPY', 'the S&P 500');
      const r = vixTermModel({
        vix,
        vix3m: required(data, 'VIX3M', 'the 3-month VIX'),
        spx,
        ...(data.get('VIX9D') ? { vix9d: data.get('VIX9D') } : {}),
        ...(data.get('BAMLH0A0HYM2') ? { hySpread: data.get('BAMLH0A0HYM2') } : {}),
        ...(data.get('RSP') ? { equalWeight: data.get('RSP') } : {}),
      });
      const flags: string[] = [];
      const later = laterVintagesNote(pit);
      if (later) flags.push(later);
      // An input more than a long weekend older than the curve stops voting after its last date.
      for (const [id, date] of Object.entries(r.inputsAsOf)) {
        if (id !== vix.id && id !== 'VIX3M' && toDay(r.today.date) - toDay(date) > 4) flags.push(`${id} ends ${date}, before ${r.today.date}: its indicators are missing from later days`);
      }
      if (opts.json) {
        return printJson({
          asOf: pit.asOf ?? null,
          equity: spx.id,
          today: r.today,
          episodes: r.episodes,
          eventStudy: r.eventStudy,
          ratio: Array.from(r.dates, (d, i) => ({ date: toIso(d), ratio: r.ratio[i], ratio9d: r.ratio9d[i] })),
          flags,
          assumptions: r.assumptions,
          inputsAsOf: r.inputsAsOf,
        });
      }
      const t = r.today;
      const out: string[] = [];
      const state = t.state === 'backwardation' ? pc.red('backwardation (inverted)') : pc.green('contango');
      out.push(pc.bold(`VIX ${fmtNumber(t.vix, 2)} / VIX3M ${fmtNumber(t.vix3m, 2)} = ${fmtNumber(t.ratio, 3)}: ${state}`) + ` on ${t.date}`);
      out.push(
        `VIX9D/VIX ${Number.isNaN(t.ratio9d) ? 'n/a' : fmtNumber(t.ratio9d, 3)} · spot-vol beta ${fmtNumber(t.spotVolBeta, 2)} VIX pts per 1% S&P move · implied − realised ${Number.isNaN(t.impliedMinusRealised) ? `n/a (${spx.id} ends ${r.inputsAsOf[spx.id]})` : `${fmtNumber(t.impliedMinusRealised, 1)} pts`}`,
      );
      out.push(`Reading on ${t.date}: ${pc.bold(t.classification.label)} — ${t.classification.reason}`);
      if (t.classification.indicators.length) out.push(evidence(t.classification));
      const ratio: Series = { id: 'VIX_VIX3M', title: 'VIX/VIX3M', unit: 'ratio', frequency: 'daily', source: 'cboe', dates: r.dates, values: r.ratio, retrievedAt: '' };
      out.push(...chartSince(ratio, opts.from, `VIX/VIX3M since ${opts.from ?? ''} (≥ 1 = inverted)`));
      // slice(-0) is the whole list: --episodes 0 lists none.
      const recent = nEpisodes === 0 ? [] : r.episodes.slice(-nEpisodes);
      if (recent.length) {
        out.push(
          '',
          pc.bold(`Inversion episodes (${r.episodes.length} since ${toIso(r.dates[0] as number)}; latest ${recent.length})`),
          renderTable(
            ['start', 'end', 'days', 'peak', 'on day 0', 'at the peak', 'stress votes at the peak'],
            recent.map((e) => {
              const fired = e.classification.indicators.filter((x) => x.stress).map((x) => x.name);
              const votes = `${fired.length}/${e.classification.indicators.length}: ${fired.join(', ') || 'none'}`;
              const label = (l: string) => (l === 'stress' ? pc.red('stress') : 'hedging flow');
              return [e.start, e.end, e.days, fmtNumber(e.peakRatio, 3), label(e.classificationAtStart.label), label(e.classification.label), votes];
            }),
            ['left', 'left', 'right', 'right', 'left', 'left', 'left'],
            { priority: [0, 3, 4, 0, 0, 0, 0] },
          ),
        );
      }
      out.push(
        '',
        pc.bold(`${spx.id} after an inversion starts, by the label known on day 0 (forward returns in %, 95% t-interval)`),
        renderTable(
          ['episodes', 'horizon', 'n', 'mean', '95% CI', 'median', 'up', 'fwd vol', 'all days'],
          [...studyRows('all', r.eventStudy.all), ...studyRows('hedging flow', r.eventStudy['hedging flow']), ...studyRows('stress', r.eventStudy.stress)],
          ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
          // Left out first on a narrow terminal: all days, forward vol, n, median, up, the interval.
          { priority: [0, 0, 4, 0, 1, 3, 2, 5, 6] },
        ),
      );
      if (flags.length) out.push('', ...flags.map((f) => pc.yellow(`! ${f}`)));
      out.push('', pc.dim(`assuming ${r.assumptions.map((a) => `${a.name}=${a.value}${a.unit ? ` ${a.unit}` : ''}`).join(', ')}`));
      writeOut(`${out.join('\n')}\n`);
    });
}
