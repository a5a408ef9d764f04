import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { reportDatesAssumption, resolveBuybackInput } from '../app/buybackCalendar.ts';
import { buybackWindow } from '../models/buyback.ts';
import { cleanPrices, CTA_VARIANTS, resolveCtaParams, type CtaVariant, type SignalRule } from '../models/cta.ts';
import { VOL_CONTROL_PRESETS, type VolCombine, type VolControlPreset } from '../models/volcontrol.ts';
import type { RiskParityResult } from '../models/riskparity.ts';
import { toDay, todayDay, toIso } from '../series/dates.ts';
import { bootstrapStart, jointReturns } from '../sim/history.ts';
import { runMonteCarloParallel } from '../sim/pool.ts';
import { runTapes, type FlowDistribution, type ScenarioSetup } from '../sim/scenario.ts';
import { fmtNumber } from '../views/format.ts';
import { loadForModel, parseAsOf, laterVintagesNote, type PointInTime } from './data.ts';
import { joinEarningsWithWeights, parseEarningsDatesCsv, parseIndexWeightsCsv, parseReportDatesCsv } from '../sources/formats/earningsDates.ts';
import { readInputFile } from './inputFile.ts';
import { FLAG_LIMITS, numberFlag, wholeFlag, workersFlag } from './flags.ts';
import { printJson, renderTable , writeOut } from './output.ts';
import { CTA_UNIVERSE, ctaUniverseSeries, riskParityInputs } from '../app/ctaUniverse.ts';
import { runFlowModels, scenarioSetup } from '../app/flowModels.ts';

export { CTA_UNIVERSE, ctaUniverseSeries, riskParityInputs };

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
  vcPreset?: string;
  vcLag?: string;
  ctaVariant?: string;
  rpAum?: string;
  rpTarget?: string;
  ctaAum?: string;
  ctaRule?: string;
  ctaTarget?: string;
  buybackBn?: string;
  earnings?: string;
  earningsDates?: string;
  weights?: string;
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
  '--rp-aum': [0, 100_000, false],
  '--rp-target': [0, 1, true],
  '--cta-target': [0, 1, true],
  '--buyback-bn': [0, 100_000, false],
};
const num = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const [min, max, exclusive] = MODEL_FLAG_BOUNDS[flag] ?? [-Number.MAX_VALUE, Number.MAX_VALUE, false];
  return numberFlag(flag, v, min, max, exclusive);
};
/** A flag with a few named values, checked here so the message names the flag (the model names its field). */
const choiceFlag = <T extends string>(flag: string, v: string, choices: readonly T[]): T => {
  if (!(choices as readonly string[]).includes(v)) throw new FlowlensError(`${flag} must be ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1] ?? ''}, got "${v}"`);
  return v as T;
};
const presetFlag = (v: string): VolControlPreset => {
  if (!(v in VOL_CONTROL_PRESETS)) throw new FlowlensError(`--vc-preset must be one of ${Object.keys(VOL_CONTROL_PRESETS).join(', ')}, got "${v}"`);
  return v as VolControlPreset;
};
const variantFlag = (v: string): CtaVariant => {
  if (!(v in CTA_VARIANTS)) throw new FlowlensError(`--cta-variant must be one of ${Object.keys(CTA_VARIANTS).join(', ')}, got "${v}"`);
  return v as CtaVariant;
};
const bn = (x: number) => `${x >= 0 ? '+' : ''}${fmtNumber(x, 1)}`;
const dist = (d: FlowDistribution | undefined) => (d ? [bn(d.mean), bn(d.p5), bn(d.p25), bn(d.p50), bn(d.p75), bn(d.p95)] : []);

/** `flowlens flows`: vol-control and CTA positioning, trigger levels and scenario flows. */
export function registerFlows(program: Command): void {
  program
    .command('flows')
    .description('systematic flows: vol-control exposure and flows, CTA positions and trigger levels, scenario flows over 5 and 21 days')
    .option('--asset <keys>', `CTA assets (${CTA_UNIVERSE.map((a) => a.key).join(', ')}); spx always, as vol-control runs on it`)
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
    .option('--vc-preset <name>', `vol-control rule set: ${Object.keys(VOL_CONTROL_PRESETS).join(', ')} (default flowlens; sp-adrc = S&P 500 Average Daily Risk Control, sp-drc = S&P 500 Daily Risk Control)`)
    .option('--vc-lag <days>', 'trading days between the vol a rebalance uses and the rebalance, 0 to 20 (default 0; the S&P presets 2)')
    .option('--cta-variant <name>', `CTA rule set: ${Object.keys(CTA_VARIANTS).join(', ')} (default flowlens; aqr = 1/3/12-month signals sized by EWMA vol)`)
    .option('--rp-aum <bn>', 'risk-parity AUM, USD bn (default 150)')
    .option('--rp-target <fraction>', 'risk-parity target volatility (default 0.10)')
    .option('--cta-aum <bn>', 'trend-following AUM, USD bn (default 350)')
    .option('--cta-rule <rule>', 'sign or smooth (default sign)')
    .option('--cta-target <fraction>', 'CTA vol target per asset (default 0.10)')
    .option('--buyback-bn <bn>', 'S&P 500 buybacks per year, USD bn (default: the latest S&P DJI total published by the date, 1020 today)')
    .option('--earnings <file>', 'company earnings dates for the buyback window: CSV ticker,date,weight (weight = share of S&P 500 cap); the rest of the index from the seasonal model')
    .option('--earnings-dates <file>', 'company earnings dates, CSV with ticker and date (or report_date) columns, e.g. market/sp500_earnings_dates_2020-2026.csv; needs --weights')
    .option('--weights <file>', 'index weights in %, CSV with a ticker and a weight column (English or German headers: Unternehmen,Ticker,Gewichtung_pct), e.g. market/sp500_weights_snapshot_2026.csv')
    .option('--json', 'print the whole result as JSON')
    .action(async (opts: FlowsOptions) => {
      const asOf = parseAsOf(opts.asOf);
      const paths = wholeFlag('--paths', opts.paths, 1, FLAG_LIMITS.paths);
      const seed = wholeFlag('--seed', opts.seed, 0, FLAG_LIMITS.seed);
      const workers = workersFlag(opts.workers);
      if (opts.method !== 'gbm' && opts.method !== 'bootstrap') throw new FlowlensError(`--method must be gbm or bootstrap, got "${opts.method}"`);
      const asked = opts.asset !== undefined ? opts.asset.split(',').map((s) => s.trim().toLowerCase()) : CTA_UNIVERSE.map((a) => a.key);
      for (const w of asked) if (!CTA_UNIVERSE.some((a) => a.key === w)) throw new FlowlensError(`unknown asset "${w}" (assets: ${CTA_UNIVERSE.map((a) => a.key).join(', ')})`);
      // Vol-control and the scenarios run on the S&P 500: `--asset ndx` alone failed saying it was not in the store.
      const wanted = [...new Set(['spx', ...asked])];
      const vcParams = {
        ...(num('--vc-aum', opts.vcAum) !== undefined ? { aumBn: num('--vc-aum', opts.vcAum) } : {}),
        ...(num('--vc-target', opts.vcTarget) !== undefined ? { targetVol: num('--vc-target', opts.vcTarget) } : {}),
        ...(num('--vc-cap', opts.vcCap) !== undefined ? { cap: num('--vc-cap', opts.vcCap) } : {}),
        ...(num('--vc-short', opts.vcShort) !== undefined ? { shortWindow: num('--vc-short', opts.vcShort) } : {}),
        ...(num('--vc-long', opts.vcLong) !== undefined ? { longWindow: num('--vc-long', opts.vcLong) } : {}),
        ...(opts.vcCombine !== undefined ? { combine: choiceFlag<VolCombine>('--vc-combine', opts.vcCombine, ['max', 'blend', 'ewma']) } : {}),
        ...(num('--vc-adjust', opts.vcAdjust) !== undefined ? { adjustSpeed: num('--vc-adjust', opts.vcAdjust) } : {}),
        ...(opts.vcLag !== undefined ? { lagDays: wholeFlag('--vc-lag', opts.vcLag, 0, 20) } : {}),
        ...(opts.vcPreset !== undefined ? { preset: presetFlag(opts.vcPreset) } : {}),
      };
      const ctaParams = {
        ...(num('--cta-aum', opts.ctaAum) !== undefined ? { aumBn: num('--cta-aum', opts.ctaAum) } : {}),
        ...(opts.ctaRule !== undefined ? { rule: choiceFlag<SignalRule>('--cta-rule', opts.ctaRule, ['sign', 'smooth']) } : {}),
        ...(num('--cta-target', opts.ctaTarget) !== undefined ? { volTarget: num('--cta-target', opts.ctaTarget) } : {}),
        ...(opts.ctaVariant !== undefined ? { variant: variantFlag(opts.ctaVariant) } : {}),
      };
      // Checked before the Monte Carlo, which can run for a while.
      if ((opts.earningsDates === undefined) !== (opts.weights === undefined)) throw new FlowlensError('--earnings-dates and --weights go together: the dates say when each company reports, the weights how much of the index it is');
      if (opts.earnings !== undefined && opts.earningsDates !== undefined) throw new FlowlensError('give either --earnings FILE (ticker,date,weight) or --earnings-dates FILE with --weights FILE, not both');
      // The files too: a bad line fails before the data is read and the Monte Carlo run.
      const joined = opts.earningsDates !== undefined && opts.weights !== undefined ? joinEarningsWithWeights(parseReportDatesCsv(readInputFile('--earnings-dates', opts.earningsDates), opts.earningsDates), parseIndexWeightsCsv(readInputFile('--weights', opts.weights), opts.weights)) : undefined;
      const given = opts.earnings !== undefined ? parseEarningsDatesCsv(readInputFile('--earnings', opts.earnings), opts.earnings) : joined?.reports;
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const data = await loadForModel([...new Set(CTA_UNIVERSE.flatMap((a) => a.ids))], pit);
      const rpParams = {
        ...(num('--rp-aum', opts.rpAum) !== undefined ? { aumBn: num('--rp-aum', opts.rpAum) } : {}),
        ...(num('--rp-target', opts.rpTarget) !== undefined ? { targetVol: num('--rp-target', opts.rpTarget) } : {}),
      };
      const modelParams = { volControl: vcParams, cta: ctaParams, riskParity: rpParams };
      const models = runFlowModels(data, { ...modelParams, wanted });
      const { chosen, missing, spx, volControl: vc, cta } = models;
      const rp: RiskParityResult | undefined = models.riskParity;
      const resolvedCta = resolveCtaParams(ctaParams);
      const rpClasses = new Set(riskParityInputs(chosen).map((r) => r.assetClass));
      const cleaned = chosen.map((c) => cleanPrices(c.series));
      const setup: ScenarioSetup = scenarioSetup(models, modelParams, [5, 21]);
      const tapes = runTapes(setup);
      const historyStart = bootstrapStart(asOf ? toDay(asOf) : undefined);
      const t0 = performance.now();
      const mc = await runMonteCarloParallel(setup, {
        paths,
        seed,
        method: opts.method,
        // The joint history is the bootstrap's days, and for GBM the sample whose correlation ties the assets together.
        history: jointReturns(cleaned, historyStart),
      }, workers);
      const mcSeconds = (performance.now() - t0) / 1000;
      const buybackBn = num('--buyback-bn', opts.buybackBn);
      const asOfDay = asOf ? toDay(asOf) : todayDay();
      // Flags > the calendar `sync --from` stored > the seasonal model (app/buybackCalendar.ts).
      const bbInput = resolveBuybackInput(asOfDay, {
        ...(given
          ? {
              flags: {
                reports: given,
                source: opts.earnings ?? `${opts.earningsDates ?? ''} with weights from ${opts.weights ?? ''}`,
                notes: [
                  ...(joined && joined.withoutWeight.length ? [`no index weight for ${joined.withoutWeight.length} tickers of the calendar, left out: ${joined.withoutWeight.join(', ')}`] : []),
                  ...(joined && joined.withoutDates.length ? [`no earnings date for ${joined.withoutDates.length} companies with a weight (the seasonal model covers them): ${joined.withoutDates.join(', ')}`] : []),
                  ...(joined && joined.duplicatesDropped ? [`${joined.duplicatesDropped} second reports of a company within one season dropped (the first date kept)`] : []),
                ],
              },
            }
          : { calendar: data.earningsCalendar() }),
      });
      const buyback = buybackWindow(asOfDay, buybackBn !== undefined ? { annualBn: buybackBn } : {}, bbInput.reports);
      const notes = [
        ...(missing.length ? [`left out: ${missing.join(', ')}`] : []),
        ...(rp ? [] : [`risk parity left out: it needs equities, bonds and commodities (the S&P 500, DGS10, gold or crude); found ${[...rpClasses].join(', ') || 'none'}`]),
        ...(laterVintagesNote(pit) ? [laterVintagesNote(pit) as string] : []),
        bbInput.note,
        ...bbInput.notes,
      ];
      if (opts.json) {
        return printJson({
          asOf: pit.asOf ?? null,
          volControl: { latest: vc.latest, moveTable: vc.moveTable, assumptions: vc.assumptions, inputsAsOf: vc.inputsAsOf },
          cta: { totalExposureBn: cta.totalExposureBn, assets: cta.assets.map((a) => ({ id: a.id, weight: a.weight, latest: a.latest, triggers: a.triggers, flipLevel: a.flipLevel ?? null })), assumptions: cta.assumptions, inputsAsOf: cta.inputsAsOf },
          riskParity: rp ? { latest: rp.latest, assets: rp.assets.map((a) => ({ id: a.id, assetClass: a.assetClass, latest: a.latest })), assumptions: rp.assumptions, inputsAsOf: rp.inputsAsOf } : null,
          buyback: { today: buyback.today, changes: buyback.changes, method: buyback.method, reportDates: bbInput.from, source: bbInput.note, assumptions: [...buyback.assumptions, reportDatesAssumption(bbInput)] },
          scenarios: { horizons: setup.horizons, tapes: tapes.map((t) => ({ sigmas: t.sigmas, ctaTotal: Array.from(t.flows.ctaTotal), volControl: Array.from(t.flows.volControl), riskParity: Array.from(t.flows.riskParity), riskParityEquity: Array.from(t.flows.riskParityEquity), perAsset: t.flows.perAsset.map((x) => Array.from(x)) })), monteCarlo: mc },
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
          // The largest moves go first on a narrow terminal; the small ones around 0 stay.
          { priority: [0, ...vc.moveTable.map((m) => (Math.abs(m.movePct) <= 2 ? 0 : Math.abs(m.movePct)))] },
        ),
      );
      // The asset as a reader knows it, with the series that stands for it ("S&P 500 (GSPC)"); the ids stay in --json.
      const assetName = (id: string): string => {
        const label = chosen.find((c) => c.series.id === id)?.label;
        // "US 10-year (price from DGS10)" already names its series (DGS10_PRICE is derived from it).
        return label === undefined ? id : label.includes(id.split('_')[0] ?? id) ? label : `${label} (${id})`;
      };
      out.push('', pc.bold(`CTAs: total exposure ${bn(cta.totalExposureBn)} bn`));
      out.push(
        renderTable(
          ['asset', 'as of', 'price', `signals ${resolvedCta.lookbacks.join('/')}d`, 'position', 'exposure bn', 'nearest trigger', 'flip level'],
          cta.assets.map((a) => {
            const near = [...a.triggers].sort((x, y) => Math.abs(x.distancePct) - Math.abs(y.distancePct))[0];
            return [
              assetName(a.id),
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
          { priority: [0, 3, 4, 2, 5, 0, 1, 1] },
        ),
      );
      if (rp) {
        const R = rp.latest;
        out.push('', pc.bold(`Risk parity (${R.date}): leverage ${fmtNumber(R.leverage, 2)}×, unlevered portfolio vol ${fmtNumber(100 * R.portfolioVol, 1)}%`));
        out.push(`flow today ${bn(R.flowBn)} bn (equities ${bn(R.equityFlowBn)}), last 5 days ${bn(R.flow5dBn)} bn (equities ${bn(R.equityFlow5dBn)}); exposures ${rp.assets.map((a) => `${assetName(a.id)} ${fmtNumber(100 * a.latest.exposure, 0)}%`).join(', ')}`);
      }
      out.push('', pc.bold('Deterministic tapes: flows in USD bn over 5 / 21 days'));
      out.push(
        renderTable(
          ['tape', 'CTA 5d', 'CTA 21d', 'vol-control 5d', 'vol-control 21d', 'risk parity 5d', 'risk parity 21d', 'RP equities 21d'],
          tapes.map((t) => [`${t.sigmas > 0 ? '+' : ''}${t.sigmas}σ`, bn(t.flows.ctaTotal[0] as number), bn(t.flows.ctaTotal[1] as number), bn(t.flows.volControl[0] as number), bn(t.flows.volControl[1] as number), bn(t.flows.riskParity[0] as number), bn(t.flows.riskParity[1] as number), bn(t.flows.riskParityEquity[1] as number)]),
          ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
          // The 21-day flows stay; the 5-day ones go first.
          { priority: [0, 3, 0, 2, 0, 1, 0, 4] },
        ),
      );
      out.push('', pc.bold(`Monte Carlo (${mc.method}${mc.method === 'gbm' ? (mc.correlated ? `, correlated as since ${toIso(historyStart)}` : ', independent assets') : ''}, ${paths.toLocaleString()} paths, seed ${seed}, ${workers} worker${workers > 1 ? 's' : ''}, ${fmtNumber(mcSeconds, 2)} s): flows in USD bn`));
      out.push(
        renderTable(
          ['flow', 'mean', 'p5', 'p25', 'p50', 'p75', 'p95'],
          [
            ['CTA total 5d', ...dist(mc.ctaTotal[0])],
            ['CTA total 21d', ...dist(mc.ctaTotal[1])],
            ['vol-control 5d', ...dist(mc.volControl[0])],
            ['vol-control 21d', ...dist(mc.volControl[1])],
            ...(rp ? [['risk parity 21d', ...dist(mc.riskParity[1])], ['risk parity equities 21d', ...dist(mc.riskParityEquity[1])]] : []),
            ['all systematic 21d', ...dist(mc.total[1])],
            ...cta.assets.map((a, i) => [`CTA ${assetName(a.id)} 21d`, ...dist(mc.perAsset[1]?.[i])]),
          ],
          ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
          { priority: [0, 0, 2, 1, 0, 1, 2] },
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
      out.push('', pc.dim(`assuming vol-control ${vc.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}; CTA ${cta.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}${rp ? `; risk parity ${rp.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}` : ''}`));
      writeOut(`${out.join('\n')}\n`);
    });
}
