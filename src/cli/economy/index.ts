import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../../core/errors.ts';
import { parseAsOf, laterVintagesNote, type PointInTime } from '../data.ts';
import { printJson, writeOut } from '../output.ts';
import { affordabilityTopic } from './affordability.ts';
import { aiTopic } from './ai.ts';
import type { EconomyOptions, Topic } from './common.ts';
import { cryptoTopic } from './crypto.ts';
import { energyTopic } from './energy.ts';
import { kshapeTopic } from './kshape.ts';
import { labourTopic } from './labour.ts';
import { wealthTopic } from './wealth.ts';

/** Every topic of `flowlens economy`, in the order of the help text. */
export const TOPICS: Readonly<Record<string, Topic>> = {
  labour: labourTopic,
  affordability: affordabilityTopic,
  kshape: kshapeTopic,
  ai: aiTopic,
  wealth: wealthTopic,
  energy: energyTopic,
  crypto: cryptoTopic,
};

/** `flowlens economy <topic>`: the economy under the market, one screen per topic. */
export function registerEconomy(program: Command): void {
  program
    .command('economy <topic>')
    .description(`the economy under the market: ${Object.keys(TOPICS).join(' | ')}`)
    .option('--as-of <date>', 'the picture as it stood on that date (point in time)')
    .option('--json', 'print the whole result as JSON')
    .option('--down-payment <share>', 'affordability: down payment, share of the price (default 0.10)')
    .option('--property-tax <share>', 'affordability: property tax per year, share of the price (default 0.009)')
    .option('--insurance <usd>', 'affordability: home insurance per year, USD (default 2000)')
    .option('--base <date>', 'kshape: date from which both legs are compounded (default 5 years before the as-of date); affordability: base month of rent and childcare vs wages (default 2000-01-01)')
    .option('--hyperscalers <file>', 'ai, energy: hyperscaler capex CSV (ticker,fy_end,revenue,capex in USD) instead of the store')
    .option('--age <years>', 'wealth: median age at which generations are compared (default 35)')
    .option('--capex-bn <usd-bn>', 'energy: AI capex per year, USD bn (default: the hyperscalers’ last complete year)')
    .option('--compute-share <share>', 'energy: share of capex spent on servers and accelerators (default 0.6)')
    .option('--cost-per-accelerator <usd>', 'energy: all-in cost per accelerator, USD (default 50000)')
    .option('--watts <w>', 'energy: full-load power per accelerator incl. its server share, W (default 1275)')
    .option('--pue <ratio>', 'energy: power usage effectiveness (default 1.3)')
    .option('--utilisation <share>', 'energy: average draw / full-load power (default 0.7)')
    .option('--years <n>', 'crypto: window of the return ranking, years (default 5)')
    .option('--window <weeks>', 'crypto: weeks of the rolling beta and correlation, 8 to 1,040 (default 52)')
    .action(async (topic: string, opts: EconomyOptions, cmd: Command) => {
      const run = TOPICS[topic];
      if (!run) throw new FlowlensError(`unknown topic "${topic}" (topics: ${Object.keys(TOPICS).join(', ')})`);
      assertFlagsApply(topic, cmd);
      const asOf = parseAsOf(opts.asOf);
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const r = await run(opts, pit);
      const laterVintages = laterVintagesNote(pit) ?? null;
      if (opts.json) return printJson({ topic, asOf: asOf ?? null, ...r.json, ...(laterVintages ? { laterVintages } : {}) });
      const out = [...r.screen, ...(laterVintages ? [pc.yellow(`! ${laterVintages}`)] : [])];
      writeOut(`${out.join('\n')}\n`);
    });
}

/**
 * Refuses a topic flag given to another topic (`economy labour --pue 1.3` would silently ignore
 * it). Each flag's help text starts with the topics it applies to (`energy: …`, `ai, energy: …`),
 * and names any further one after a semicolon (`kshape: …; affordability: …`).
 */
export function assertFlagsApply(topic: string, cmd: Command): void {
  const given = cmd.opts<Record<string, unknown>>();
  for (const o of cmd.options) {
    if (given[o.attributeName()] === undefined) continue;
    // Topic lists open the description and each `; topic: …` part (--base: kshape…; affordability…).
    const lists = [...o.description.matchAll(/(?:^|; )([a-z]+(?:, [a-z]+)*): /g)].map((m) => m[1] ?? '');
    const topics = lists.flatMap((l) => l.split(', ')).filter((t) => t in TOPICS);
    if (topics.length > 0 && !topics.includes(topic)) {
      throw new FlowlensError(`${o.long ?? o.flags} applies to economy ${topics.join(', ')}, not ${topic}`);
    }
  }
}
