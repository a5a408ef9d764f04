import pc from 'picocolors';
import { ParameterError } from '../../core/errors.ts';
import { cryptoLinks, cryptoModel, maxDrawdown, returnShares } from '../../models/crypto.ts';
import { liquidityModel } from '../../models/liquidity.ts';
import { lastValid, sliceSeries } from '../../series/series.ts';
import type { Series } from '../../series/types.ts';
import { fmtNumber } from '../../views/format.ts';
import { required } from '../data.ts';
import { renderTable } from '../output.ts';
import { FLAG_LIMITS, wholeFlag } from '../flags.ts';
import { assumptionsLine, chartBlock, chartSeries, inputsLine, isoRows, loadInputs, missingLine, numberFlag, signed, type Topic } from './common.ts';

const ASSETS = ['SPY', 'QQQ', 'GLD', 'TLT', 'DBC'];
const LIQUIDITY_IDS = ['WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD'];
const DEFAULT_YEARS = 5;
const DEFAULT_WINDOW = 52;

/**
 * Net liquidity (Fed assets − TGA − reverse repo, USD bn, weekly) as a series, computed with the
 * liquidity model the way `flowlens liquidity` does; undefined when WALCL, RRPONTSYD or both TGA
 * series are not in `data`.
 */
export function netLiquiditySeries(data: ReadonlyMap<string, Series>): Series | undefined {
  const walcl = data.get('WALCL');
  const rrp = data.get('RRPONTSYD');
  const tga = data.get('WDTGAL');
  const tgaWeekAvg = data.get('WTREGEN');
  if (!walcl || !rrp || (!tga && !tgaWeekAvg)) return undefined;
  const w = liquidityModel({ walcl, rrp, ...(tga ? { tga } : {}), ...(tgaWeekAvg ? { tgaWeekAvg } : {}) }).weekly;
  return { ...chartSeries('NET_LIQUIDITY', 'USD bn', 'weekly', w.dates, w.netLiquidity), title: 'Net liquidity' };
}

/** The series with the later last value (the index when both end together), or the one present. */
export function fresher(index: Series | undefined, etf: Series | undefined): Series | undefined {
  if (!index || !etf) return index ?? etf;
  return lastValid(etf).date > lastValid(index).date ? etf : index;
}

/**
 * `economy crypto`: bitcoin among asset classes over `--years` (default 5) — returns ranked and
 * each one's share of an equal-weight basket's gain —, its drawdowns from the peak, and its rolling
 * beta and correlation to the S&P 500 and to net liquidity over `--window` weeks (default 52).
 */
export const cryptoTopic: Topic = async (opts, pit) => {
  const years = numberFlag('--years', opts.years) ?? DEFAULT_YEARS;
  if (!(years > 0 && years <= 30)) throw new ParameterError(`--years must be between 0 and 30, got ${years}`);
  const window = opts.window === undefined ? DEFAULT_WINDOW : wholeFlag('--window', opts.window, 8, FLAG_LIMITS.weeks);
  const { data, missing: notStored } = await loadInputs(['BTCUSD', ...ASSETS, 'GSPC', ...LIQUIDITY_IDS], pit);
  const btc = required(data, 'BTCUSD', 'bitcoin in USD');
  const others = ASSETS.flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));
  const m = cryptoModel(btc, others, years);
  const netLiquidity = netLiquiditySeries(data);
  const spx = fresher(data.get('GSPC'), data.get('SPY'));
  const links = cryptoLinks({ btc, ...(spx ? { spx } : {}), ...(netLiquidity ? { netLiquidity } : {}) }, window);
  const from = m.ranking[0]?.from;
  const to = m.ranking[0]?.to;
  const shares = from && to ? returnShares([btc, ...others], from, to) : [];
  const deepest = maxDrawdown(btc);
  const missing = [...notStored.filter((id) => ASSETS.includes(id)), ...(spx ? [] : ['GSPC']), ...(netLiquidity ? [] : [...['WALCL', 'RRPONTSYD'].filter((id) => !data.has(id)), ...(data.has('WDTGAL') || data.has('WTREGEN') ? [] : ['WDTGAL'])])];
  const json = {
    current: m.current,
    ranking: m.ranking,
    returnShares: shares,
    drawdowns: m.drawdowns,
    maxDrawdown: deepest,
    links: links.links.map((l) => ({ driver: l.driver, latest: l.latest, series: isoRows(l.dates, { beta: l.beta, corr: l.corr }) })),
    missing,
    assumptions: [...m.assumptions, ...links.assumptions],
    inputsAsOf: { ...m.inputsAsOf, ...links.inputsAsOf },
  };
  const C = m.current;
  const out: string[] = [pc.bold(`Bitcoin ${fmtNumber(C.price, 0)} USD on ${C.date}, ${fmtNumber(C.fromPeak, 1)}% from its peak`)];
  if (from && to) {
    const byId = new Map(shares.map((s) => [s.id, s]));
    out.push(`Returns ${from} → ${to}:`);
    out.push(
      renderTable(
        ['asset', 'total', 'a year', 'share of an equal-weight basket’s gain'],
        m.ranking.map((r) => [r.id, `${signed(r.totalReturn, 0)}%`, `${signed(r.annualised, 1)}%`, `${fmtNumber(byId.get(r.id)?.shareOfBasketGain ?? Number.NaN, 1)}%`]),
        ['left', 'right', 'right', 'right'],
        { priority: [0, 0, 2, 1] }, // the annualised return, then the share of the basket's gain, go first
      ),
    );
  }
  const dd = m.drawdowns.map((d) => `${d.peak} → ${d.trough} ${fmtNumber(d.depth, 0)}% (${d.recovered ? `back by ${d.recovered}` : 'not recovered'})`);
  if (dd.length > 0) out.push('drawdowns deeper than 50%:', ...dd.map((d) => `  ${d}`));
  if (deepest) out.push(`deepest: ${fmtNumber(deepest.depth, 1)}% (${deepest.peak} → ${deepest.trough})`);
  if (links.links.length > 0) {
    out.push(
      renderTable(
        ['BTC weekly returns on', `beta (${links.window}w)`, 'correlation', 'as of'],
        links.links.map((l) => [l.driver === 'NET_LIQUIDITY' ? 'net liquidity (Δ log)' : l.driver, fmtNumber(l.latest?.beta ?? Number.NaN, 2), fmtNumber(l.latest?.corr ?? Number.NaN, 2), l.latest?.date ?? '—']),
        ['left', 'right', 'right', 'left'],
        { priority: [0, 0, 1, 2] }, // the date, then the correlation, go first: the beta is the reading
      ),
    );
  }
  if (from) out.push(...chartBlock(`BTCUSD since ${from} (USD)`, sliceSeries(btc, from), 7));
  out.push('', ...inputsLine(json.inputsAsOf), ...assumptionsLine(json.assumptions), ...missingLine(missing, data));
  return { json, screen: out };
};
