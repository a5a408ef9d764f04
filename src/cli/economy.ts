import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { affordabilityModel } from '../models/affordability.ts';
import { kShapeModel } from '../models/kshape.ts';
import { labourModel } from '../models/labour.ts';
import { toIso } from '../series/dates.ts';
import type { Series } from '../series/types.ts';
import { terminalChart } from '../views/chart.ts';
import { fmtNumber } from '../views/format.ts';
import { loadForModel, parseAsOf, required, type PointInTime } from './data.ts';
import { printJson, renderTable } from './output.ts';

const TOPICS = ['labour', 'affordability', 'kshape'] as const;
const PLANNED = ['ai', 'wealth', 'energy', 'crypto'];

interface EconomyOptions {
  base?: string;
  asOf?: string;
  json?: boolean;
  downPayment?: string;
  propertyTax?: string;
  insurance?: string;
}

/** `flowlens economy <topic>`: the economy under the market, one screen per topic. */
export function registerEconomy(program: Command): void {
  program
    .command('economy <topic>')
    .description(`the economy under the market: ${TOPICS.join(' | ')} (planned: ${PLANNED.join(', ')})`)
    .option('--as-of <date>', 'the picture as it stood on that date (point in time)')
    .option('--down-payment <share>', 'affordability: down payment, share of the price (default 0.10)')
    .option('--property-tax <share>', 'affordability: property tax per year, share of the price (default 0.009)')
    .option('--insurance <usd>', 'affordability: home insurance per year, USD (default 2000)')
    .option('--base <date>', 'kshape: date from which both legs are compounded (default 2020-01-02)')
    .option('--json', 'print the whole result as JSON')
    .action(async (topic: string, opts: EconomyOptions) => {
      const asOf = parseAsOf(opts.asOf);
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const out: string[] = [];
      if (topic === 'labour') {
        const ids = ['UNRATE', 'LNS14000036', 'U6RATE', 'ICSA', 'CCSA', 'JTSJOL', 'JTSHIR', 'USINFO'];
        const d = await loadForModel(ids, pit);
        const g = (id: string) => d.get(id);
        const r = labourModel({ unrate: g('UNRATE'), youth: g('LNS14000036'), u6: g('U6RATE'), initialClaims: g('ICSA'), continuingClaims: g('CCSA'), openings: g('JTSJOL'), hiresRate: g('JTSHIR'), infoJobs: g('USINFO') });
        if (r.readings.length === 0) throw new FlowlensError(`no labour series in the store (${ids.join(', ')}): run \`flowlens sync\``);
        if (opts.json) return printJson({ asOf: asOf ?? null, ...r, youthGap: r.youthGap ? { latest: r.youthGap.latest, alwaysAbove: r.youthGap.alwaysAbove, series: Array.from(r.youthGap.dates, (dd, i) => ({ date: toIso(dd), gap: r.youthGap?.gap[i] })) } : null });
        out.push(pc.bold('Labour'));
        out.push(
          renderTable(
            ['series', 'latest', 'date', 'a year before'],
            r.readings.map((x) => [x.id, fmtNumber(x.value, x.value > 1000 ? 0 : 1), x.date, Number.isNaN(x.yearAgo) ? '—' : fmtNumber(x.yearAgo, x.yearAgo > 1000 ? 0 : 1)]),
            ['left', 'right', 'left', 'right'],
          ),
        );
        if (r.claims4wk) out.push(`initial claims, 4-week average: ${fmtNumber(r.claims4wk.value, 0)} (to ${r.claims4wk.date})`);
        if (r.youthGap) {
          const L = r.youthGap.latest;
          out.push(`ages 20–24: ${fmtNumber(L.youth, 1)}% vs ${fmtNumber(L.overall, 1)}% overall on ${L.date}: a gap of ${fmtNumber(L.gap, 1)} pp; ${r.youthGap.alwaysAbove ? 'the young have had the higher rate in every month of the record' : 'the gap has turned negative at times'}`);
          const s: Series = { id: 'GAP', title: 'youth gap', unit: 'pp', frequency: 'monthly', source: 'fred', dates: r.youthGap.dates, values: r.youthGap.gap, retrievedAt: '' };
          out.push('', 'Unemployment gap, ages 20–24 minus all (pp)', terminalChart(s, { height: 8 }));
        }
        if (r.missing.length) out.push(pc.yellow(`! not in the store: ${r.missing.join(', ')}`));
      } else if (topic === 'affordability') {
        const d = await loadForModel(['MSPUS', 'MORTGAGE30US', 'MEHOINUSA646N'], pit);
        const num = (flag: string, v: string | undefined) => {
          if (v === undefined) return undefined;
          const x = Number(v);
          if (!Number.isFinite(x)) throw new FlowlensError(`${flag} must be a number, got "${v}"`);
          return x;
        };
        const params = {
          ...(num('--down-payment', opts.downPayment) !== undefined ? { downPayment: num('--down-payment', opts.downPayment) } : {}),
          ...(num('--property-tax', opts.propertyTax) !== undefined ? { propertyTax: num('--property-tax', opts.propertyTax) } : {}),
          ...(num('--insurance', opts.insurance) !== undefined ? { insuranceUsd: num('--insurance', opts.insurance) } : {}),
        };
        const r = affordabilityModel({ price: required(d, 'MSPUS', 'the median home price'), rate: required(d, 'MORTGAGE30US', 'the mortgage rate'), income: required(d, 'MEHOINUSA646N', 'median household income') }, params);
        if (opts.json) return printJson({ asOf: asOf ?? null, latest: r.latest, series: Array.from(r.dates, (dd, i) => ({ date: toIso(dd), price: r.price[i], rate: r.rate[i], monthlyCost: r.monthlyCost[i], shareOfIncome: r.shareOfIncome[i], incomeCarried: r.incomeCarried[i] === 1 })), assumptions: r.assumptions, inputsAsOf: r.inputsAsOf });
        const L = r.latest;
        out.push(pc.bold(`Buying the median home (${L.date}): ${fmtNumber(L.shareOfIncome, 1)}% of median household income`));
        out.push(`price ${fmtNumber(L.price, 0)} USD, 30-year rate ${fmtNumber(L.rate, 2)}%, monthly cost ${fmtNumber(L.monthlyCost, 0)} USD (mortgage + tax + insurance), income of ${L.incomeYear}`);
        const s: Series = { id: 'SHARE', title: 'share', unit: '%', frequency: 'quarterly', source: 'fred', dates: r.dates, values: r.shareOfIncome, retrievedAt: '' };
        out.push('', 'Cost of the median home, % of median household income', terminalChart(s, { height: 8 }));
        if (r.incomeCarried.some((x) => x === 1)) out.push(pc.yellow(`! median income after ${r.inputsAsOf.MEHOINUSA646N?.slice(0, 4)} is not published yet: the last year is carried forward`));
        out.push('', pc.dim(`assuming ${r.assumptions.map((a) => `${a.name}=${a.value}${a.unit ? ` ${a.unit}` : ''}`).join(', ')}`));
      } else if (topic === 'kshape') {
        const d = await loadForModel(['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY'], pit);
        const legs = (ids: string[]) => ids.flatMap((id) => (d.get(id) ? [d.get(id) as Series] : []));
        const r = kShapeModel(legs(['XLK', 'SMH', 'QQQ']), legs(['RSP', 'IWM', 'XLY']), opts.base ?? '2020-01-02');
        if (opts.json) return printJson({ asOf: asOf ?? null, base: r.base, latest: r.latest, change3m: r.change3m, series: Array.from(r.dates, (dd, i) => ({ date: toIso(dd), spread: r.spread[i], upper: r.upper[i], lower: r.lower[i] })), inputsAsOf: r.inputsAsOf });
        const L = r.latest;
        out.push(pc.bold(`K-shape on ${L.date}: AI/technology ${L.spread >= 0 ? '+' : ''}${fmtNumber(L.spread, 0)}% relative to the real economy since ${r.base}`));
        out.push(`AI/tech basket (XLK, SMH, QQQ) ×${fmtNumber(L.upper, 2)}, real economy (RSP, IWM, XLY) ×${fmtNumber(L.lower, 2)}; last 3 months ${r.change3m >= 0 ? '+' : ''}${fmtNumber(r.change3m, 1)} pp`);
        const s: Series = { id: 'KSHAPE', title: 'spread', unit: '%', frequency: 'daily', source: 'yahoo', dates: r.dates, values: r.spread, retrievedAt: '' };
        out.push('', 'Relative return, AI/tech over the real economy (%)', terminalChart(s, { height: 8 }));
        out.push(pc.dim(`inputs as of ${Object.entries(r.inputsAsOf).map(([k, v]) => `${k} ${v}`).join(', ')}`));
      } else if (PLANNED.includes(topic)) {
        throw new FlowlensError(`economy ${topic} is not built yet (built: ${TOPICS.join(', ')})`);
      } else {
        throw new FlowlensError(`unknown topic "${topic}" (topics: ${[...TOPICS, ...PLANNED].join(', ')})`);
      }
      if (pit.laterVintages.length) out.push(pc.yellow(`! no vintage from before ${pit.asOf} for ${pit.laterVintages.join(', ')}: later retrievals used`));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
