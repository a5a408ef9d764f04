import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { buybackWindow } from '../models/buyback.ts';
import { bondPriceFromYield, cleanPrices, ctaModel, resolveCtaParams, type CtaResult, type SignalRule } from '../models/cta.ts';
import { ANNUALISE, resolveVolControlParams, volControlModel, type VolCombine } from '../models/volcontrol.ts';
import { toDay, todayDay } from '../series/dates.ts';
import { jointReturns } from '../sim/history.ts';
import { runMonteCarloParallel } from '../sim/pool.ts';
import { runTapes, type FlowDistribution, type ScenarioSetup } from '../sim/scenario.ts';
import { fmtNumber } from '../views/format.ts';
import { loadForModel, parseAsOf, laterVintagesNote, type PointInTime } from './data.ts';
import { parseEarningsDatesCsv } from '../sources/formats/earningsDates.ts';
import { readInputFile } from './inputFile.ts';
import { FLAG_LIMITS, numberFlag, wholeFlag, workersFlag } from './flags.ts';
import { printJson, renderTable } from './output.ts';
import { freshest } from './vol.ts';

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

interface FlowsOptions {
  workers?: string;
  asset?: string;
  paths: string;
  seed: string;
  method: string;
  asOf?: string;
  json?: boolean;
  vcAum?: string;
  vcTarget?: string;
  vcCap?: string;
  vcShort?: string;
  vcLong?: string;
  vcCombine?: string;
  vcAdjust?: string;
  ctaAum?: string;
  ctaRule?: string;
  ctaTarget?: string;
  buybackBn?: string;
  earnings?: string;
}

/** Bounds of the model flags: [min, max, min excluded]. Windows in trading days; AUM in USD bn. */
const MODEL_FLAG_BOUNDS: Readonly<Record<string, readonly [number, number, boolean]>> = {
  '--vc-aum': [0, 100_000, false],
  '--vc-target': [0, 1, true],
  '--vc-cap': [0, 10, true],
  '--vc-short': [2, FLAG_LIMITS.tradingDays, false],
  '--vc-long': [2, FLAG_LIMITS.tradingDays, false],
  '--vc-adjust': [0, 1, true],
  '--cta-aum': [0, 100_000, false],
  '--cta-target': [0, 1, true],
  '--buyback-bn': [0, 100_000, false],
};
const num = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const [min, max, exclusive] = MODEL_FLAG_BOUNDS[flag] ?? [-Number.MAX_VALUE, Number.MAX_VALUE, false];
  return numberFlag(flag, v, min, max, exclusive);
};
const bn = (x: number) => `${x >= 0 ? '+' : ''}${fmtNumber(x, 1)}`;
const dist = (d: FlowDistribution | undefined) => (d ? [bn(d.mean), bn(d.p5), bn(d.p25), bn(d.p50), bn(d.p75), bn(d.p95)] : []);

/** `flowlens flows`: vol-control and CTA positioning, trigger levels and scenario flows. */
export function registerFlows(program: Command): void {
  program
    .command('flows')
    .description('systematic flows: vol-control exposure and flows, CTA positions and trigger levels, scenario flows over 5 and 21 days')
    .option('--asset <keys>', `CTA assets (${CTA_UNIVERSE.map((a) => a.key).join(', ')})`)
    .option('--paths <n>', 'Monte Carlo paths (1 to 1,000,000)', '2000')
    .option('--seed <n>', 'Monte Carlo seed (results repeat for a seed, whatever the number of workers)', '1')
    .option('--workers <n>', 'threads for the Monte Carlo (default: the cores available; at most twice the cores)')
    .option('--method <m>', 'Monte Carlo paths: gbm (current vol) or bootstrap (blocks of joint historical days)', 'bootstrap')
    .option('--as-of <date>', 'the report as it would have read on that date')
    .option('--vc-aum <bn>', 'vol-control AUM, USD bn (default 400)')
    .option('--vc-target <fraction>', 'vol-control target volatility (default 0.10)')
    .option('--vc-cap <x>', 'vol-control leverage cap (default 1.5)')
    .option('--vc-short <days>', 'short realised-vol window (default 21)')
    .option('--vc-long <days>', 'long realised-vol window (default 63)')
    .option('--vc-combine <how>', 'max, blend or ewma (default max)')
    .option('--vc-adjust <share>', 'share of the gap to target closed per day (default 0.25)')
    .option('--cta-aum <bn>', 'trend-following AUM, USD bn (default 350)')
    .option('--cta-rule <rule>', 'sign or smooth (default sign)')
    .option('--cta-target <fraction>', 'CTA vol target per asset (default 0.10)')
    .option('--buyback-bn <bn>', 'S&P 500 buybacks per year, USD bn (default 1000)')
    .option('--earnings <file>', 'company earnings dates for the buyback window: CSV ticker,date,weight (weight = share of S&P 500 cap); the rest of the index from the seasonal model')
    .option('--json', 'print the whole result as JSON')
    .action(async (opts: FlowsOptions) => {
      const asOf = parseAsOf(opts.asOf);
      const paths = wholeFlag('--paths', opts.paths, 1, FLAG_LIMITS.paths);
      const seed = wholeFlag('--seed', opts.seed, 0, FLAG_LIMITS.seed);
      const workers = workersFlag(opts.workers);
      if (opts.method !== 'gbm' && opts.method !== 'bootstrap') throw new FlowlensError(`--method must be gbm or bootstrap, got "${opts.method}"`);
      const wanted = opts.asset ? opts.asset.split(',').map((s) => s.trim().toLowerCase()) : CTA_UNIVERSE.map((a) => a.key);
      for (const w of wanted) if (!CTA_UNIVERSE.some((a) => a.key === w)) throw new FlowlensError(`unknown asset "${w}" (assets: ${CTA_UNIVERSE.map((a) => a.key).join(', ')})`);
      const vcParams = {
        ...(num('--vc-aum', opts.vcAum) !== undefined ? { aumBn: num('--vc-aum', opts.vcAum) } : {}),
        ...(num('--vc-target', opts.vcTarget) !== undefined ? { targetVol: num('--vc-target', opts.vcTarget) } : {}),
        ...(num('--vc-cap', opts.vcCap) !== undefined ? { cap: num('--vc-cap', opts.vcCap) } : {}),
        ...(num('--vc-short', opts.vcShort) !== undefined ? { shortWindow: num('--vc-short', opts.vcShort) } : {}),
        ...(num('--vc-long', opts.vcLong) !== undefined ? { longWindow: num('--vc-long', opts.vcLong) } : {}),
        ...(opts.vcCombine ? { combine: opts.vcCombine as VolCombine } : {}),
        ...(num('--vc-adjust', opts.vcAdjust) !== undefined ? { adjustSpeed: num('--vc-adjust', opts.vcAdjust) } : {}),
      };
      const ctaParams = {
        ...(num('--cta-aum', opts.ctaAum) !== undefined ? { aumBn: num('--cta-aum', opts.ctaAum) } : {}),
        ...(opts.ctaRule ? { rule: opts.ctaRule as SignalRule } : {}),
        ...(num('--cta-target', opts.ctaTarget) !== undefined ? { volTarget: num('--cta-target', opts.ctaTarget) } : {}),
      };
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const data = await loadForModel([...new Set(CTA_UNIVERSE.flatMap((a) => a.ids))], pit);
      const chosen = CTA_UNIVERSE.filter((a) => wanted.includes(a.key)).flatMap((a) => {
        const s = freshest(data, a.ids);
        return s ? [{ ...a, series: a.key === 'ust10' ? bondPriceFromYield(s) : s }] : [];
      });
      const missing = CTA_UNIVERSE.filter((a) => wanted.includes(a.key) && !chosen.some((c) => c.key === a.key)).map((a) => `${a.label} (${a.ids.join(' or ')})`);
      const spx = chosen.find((c) => c.key === 'spx');
      if (!spx) throw new FlowlensError('the S&P 500 (GSPC or SPY) is not in the store: run `flowlens sync --only SPY` (or --from DIR)');
      const vc = volControlModel(spx.series, vcParams);
      const cta: CtaResult = ctaModel(chosen.map((c) => ({ prices: c.series })), ctaParams);
      const resolvedCta = resolveCtaParams(ctaParams);
      const resolvedVc = resolveVolControlParams(vcParams);
      const cleaned = chosen.map((c) => cleanPrices(c.series));
      const setup: ScenarioSetup = {
        assets: cta.assets.map((a) => ({ id: a.id, prices: a.prices, weight: a.weight })),
        cta: resolvedCta,
        volControl: {
          assetIndex: chosen.indexOf(spx),
          targetVol: resolvedVc.targetVol,
          cap: resolvedVc.cap,
          shortWindow: resolvedVc.shortWindow,
          longWindow: resolvedVc.longWindow,
          adjustSpeed: resolvedVc.adjustSpeed,
          aumBn: resolvedVc.aumBn,
          exposure: vc.latest.exposure,
          combine: resolvedVc.combine,
          blendWeight: resolvedVc.blendWeight,
          ewmaLambda: resolvedVc.ewmaLambda,
          ewmaVariance0: (vc.latest.sigma / ANNUALISE) ** 2,
        },
        horizons: [5, 21],
      };
      const tapes = runTapes(setup);
      const t0 = performance.now();
      const mc = await runMonteCarloParallel(setup, {
        paths,
        seed,
        method: opts.method,
        // The joint history is the bootstrap's days, and for GBM the sample whose correlation ties the assets together.
        history: jointReturns(cleaned, toDay('2010-01-01')),
      }, workers);
      const mcSeconds = (performance.now() - t0) / 1000;
      const buybackBn = num('--buyback-bn', opts.buybackBn);
      const earnings = opts.earnings ? parseEarningsDatesCsv(readInputFile('--earnings', opts.earnings), opts.earnings) : undefined;
      const buyback = buybackWindow(asOf ? toDay(asOf) : todayDay(), buybackBn !== undefined ? { annualBn: buybackBn } : {}, earnings?.map((e) => ({ date: e.date, weight: e.weight })));
      const notes = [
        ...(missing.length ? [`not in the store, left out: ${missing.join(', ')}`] : []),
        ...(laterVintagesNote(pit) ? [laterVintagesNote(pit) as string] : []),
        earnings
          ? `buyback window from ${earnings.length} company earnings dates in ${opts.earnings} (${[...new Set(earnings.map((e) => e.ticker))].length} companies); the rest of the index from the seasonal model`
          : 'buyback window from the seasonal model (give company earnings dates with --earnings FILE)',
      ];
      if (opts.json) {
        return printJson({
          asOf: pit.asOf ?? null,
          volControl: { latest: vc.latest, moveTable: vc.moveTable, assumptions: vc.assumptions, inputsAsOf: vc.inputsAsOf },
          cta: { totalExposureBn: cta.totalExposureBn, assets: cta.assets.map((a) => ({ id: a.id, weight: a.weight, latest: a.latest, triggers: a.triggers, flipLevel: a.flipLevel ?? null })), assumptions: cta.assumptions, inputsAsOf: cta.inputsAsOf },
          buyback: { today: buyback.today, changes: buyback.changes, method: buyback.method, assumptions: buyback.assumptions },
          scenarios: { horizons: setup.horizons, tapes: tapes.map((t) => ({ sigmas: t.sigmas, ctaTotal: Array.from(t.flows.ctaTotal), volControl: Array.from(t.flows.volControl), perAsset: t.flows.perAsset.map((x) => Array.from(x)) })), monteCarlo: mc },
          notes,
        });
      }
      const out: string[] = [];
      const L = vc.latest;
      out.push(pc.bold(`Vol-control (${spx.series.id}, ${L.date}): exposure ${fmtNumber(100 * L.exposure, 0)}% (target ${fmtNumber(100 * L.target, 0)}%), realised vol ${fmtNumber(100 * L.sigma, 1)}%`));
      out.push(`flow today ${bn(L.flowBn)} bn, last 5 days ${bn(L.flow5dBn)} bn`);
      out.push(
        renderTable(
          ['tomorrow', ...vc.moveTable.map((m) => `${m.movePct > 0 ? '+' : ''}${m.movePct}%`)],
          [['flow, bn', ...vc.moveTable.map((m) => bn(m.flowBn))]],
          ['left', ...vc.moveTable.map(() => 'right' as const)],
        ),
      );
      out.push('', pc.bold(`CTAs: total exposure ${bn(cta.totalExposureBn)} bn`));
      out.push(
        renderTable(
          ['asset', 'as of', 'price', 'signals 1/3/6/12m', 'position', 'exposure bn', 'nearest trigger', 'flip level'],
          cta.assets.map((a) => {
            const near = [...a.triggers].sort((x, y) => Math.abs(x.distancePct) - Math.abs(y.distancePct))[0];
            return [
              a.id,
              a.latest.date,
              fmtNumber(a.latest.price, 2),
              a.latest.signals.map((s) => (s > 0 ? '+' : s < 0 ? '−' : '0')).join(' '),
              fmtNumber(a.latest.position, 2),
              bn(a.latest.exposureBn),
              near ? `${fmtNumber(near.level, 2)} (${near.lookback}d, ${near.distancePct >= 0 ? '+' : ''}${fmtNumber(near.distancePct, 1)}%, ${fmtNumber(near.distanceSigma, 1)}σ)` : '—',
              a.flipLevel !== undefined ? `${fmtNumber(a.flipLevel, 2)} (${fmtNumber(100 * (a.flipLevel / a.latest.price - 1), 1)}%)` : '—',
            ];
          }),
          ['left', 'left', 'right', 'left', 'right', 'right', 'left', 'left'],
        ),
      );
      out.push('', pc.bold('Deterministic tapes: flows in USD bn over 5 / 21 days'));
      out.push(
        renderTable(
          ['tape', 'CTA 5d', 'CTA 21d', 'vol-control 5d', 'vol-control 21d'],
          tapes.map((t) => [`${t.sigmas > 0 ? '+' : ''}${t.sigmas}σ`, bn(t.flows.ctaTotal[0] as number), bn(t.flows.ctaTotal[1] as number), bn(t.flows.volControl[0] as number), bn(t.flows.volControl[1] as number)]),
          ['left', 'right', 'right', 'right', 'right'],
        ),
      );
      out.push('', pc.bold(`Monte Carlo (${mc.method}${mc.method === 'gbm' ? (mc.correlated ? ', correlated as since 2010' : ', independent assets') : ''}, ${paths.toLocaleString()} paths, seed ${seed}, ${workers} worker${workers > 1 ? 's' : ''}, ${fmtNumber(mcSeconds, 2)} s): flows in USD bn`));
      out.push(
        renderTable(
          ['flow', 'mean', 'p5', 'p25', 'p50', 'p75', 'p95'],
          [
            ['CTA total 5d', ...dist(mc.ctaTotal[0])],
            ['CTA total 21d', ...dist(mc.ctaTotal[1])],
            ['vol-control 5d', ...dist(mc.volControl[0])],
            ['vol-control 21d', ...dist(mc.volControl[1])],
            ...cta.assets.map((a, i) => [`${a.id} 21d`, ...dist(mc.perAsset[1]?.[i])]),
          ],
          ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
        ),
      );
      const B = buyback.today;
      out.push(
        '',
        pc.bold(`Buyback window on ${B.date}: ${B.status}`) +
          ` — ${fmtNumber(100 * B.share, 0)}% of S&P 500 cap in blackout, est. demand ${fmtNumber(B.demandBn, 1)} bn/day` +
          (buyback.changes.length ? `; next: ${buyback.changes.map((c) => `${c.status} from ${c.date}`).join(', ')}` : ''),
      );
      for (const n of notes) out.push(pc.yellow(`! ${n}`));
      out.push('', pc.dim(`assuming vol-control ${vc.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}; CTA ${cta.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}`));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
