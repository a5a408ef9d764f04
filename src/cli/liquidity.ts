import type { Command } from 'commander';
import pc from 'picocolors';
import { assetSensitivity, liquidityModel } from '../models/liquidity.ts';
import { toIso, todayDay } from '../series/dates.ts';

import type { Series } from '../series/types.ts';
import { fmtNumber } from '../views/format.ts';
import { FLAG_LIMITS, wholeFlag } from './flags.ts';
import { loadForModel, parseAsOf, required, laterVintagesNote, type PointInTime } from './data.ts';
import { chartSince, dateFlag, printJson, renderTable , writeOut } from './output.ts';

interface LiquidityOptions {
  asOf?: string;
  json?: boolean;
  from?: string;
  window?: string;
}

const INPUTS = ['WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD', 'TREAST', 'WRESBAL', 'SPY', 'BTCUSD'];
const bn = (x: number) => `${fmtNumber(x, 0)} bn`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmtNumber(x, 0)}`;

/** Last non-NaN value of an array with its index. */
function lastOf(x: Float64Array): { i: number; v: number } {
  for (let i = x.length - 1; i >= 0; i--) if (!Number.isNaN(x[i] as number)) return { i, v: x[i] as number };
  return { i: -1, v: Number.NaN };
}

/** `flowlens liquidity`: net liquidity, what moved it, and how assets follow it. */
export function registerLiquidity(program: Command): void {
  program
    .command('liquidity')
    .description('net liquidity (Fed balance sheet − TGA − reverse repo), its drivers, and its relation to stocks and bitcoin')
    .option('--as-of <date>', 'the picture as it stood on that date (point in time)')
    .option('--from <date>', 'start of the chart (default: January 1st six years before the as-of date: 2020-01-01 in 2026)')
    .option('--window <weeks>', 'weeks in the rolling correlation and beta (8 to 1,040)', '52')
    .option('--json', 'print the whole result as JSON')
    .action(async (opts: LiquidityOptions) => {
      dateFlag('--from', opts.from);
      const pit: PointInTime = { ...(parseAsOf(opts.asOf) ? { asOf: parseAsOf(opts.asOf) } : {}), laterVintages: [] };
      const window = wholeFlag('--window', opts.window ?? '52', 8, FLAG_LIMITS.weeks);
      const data = await loadForModel(INPUTS, pit);
      const walcl = required(data, 'WALCL', 'the Fed balance sheet');
      const rrp = required(data, 'RRPONTSYD', 'the reverse repo');
      if (!data.has('WDTGAL') && !data.has('WTREGEN')) required(data, 'WDTGAL', 'the Treasury General Account');
      const r = liquidityModel(
        {
          walcl,
          rrp,
          ...(data.get('WDTGAL') ? { tga: data.get('WDTGAL') } : {}),
          ...(data.get('WTREGEN') ? { tgaWeekAvg: data.get('WTREGEN') } : {}),
          ...(data.get('TREAST') ? { treasuries: data.get('TREAST') } : {}),
          ...(data.get('WRESBAL') ? { reserves: data.get('WRESBAL') } : {}),
        },
        { corrWindowWeeks: window },
      );
      const sensitivity = (['SPY', 'BTCUSD'] as const).flatMap((id) => {
        const s = data.get(id);
        if (!s) return [];
        const a = assetSensitivity(r.weekly, s, window);
        const c = lastOf(a.corr);
        const b = lastOf(a.beta);
        return [{ asset: id, date: c.i >= 0 ? toIso(a.dates[c.i] as number) : null, corr: c.v, betaPer100bn: b.v * 100 }];
      });
      const later = laterVintagesNote(pit);
      const flags = [...r.flags, ...(later ? [later] : [])];
      if (opts.json) {
        return printJson({
          asOf: pit.asOf ?? null,
          latest: r.latest,
          changes: r.changes,
          tgaEpisodes: r.tgaEpisodes,
          rrpDepletion: r.rrpDepletion,
          channels: r.channels,
          sensitivity,
          weekly: Array.from(r.weekly.dates, (d, i) => ({ date: toIso(d), netLiquidity: r.weekly.netLiquidity[i], walcl: r.weekly.walcl[i], tga: r.weekly.tga[i], rrp: r.weekly.rrp[i], tgaBasis: r.weekly.tgaBasis[i] })),
          flags,
          assumptions: r.assumptions,
          inputsAsOf: r.inputsAsOf,
        });
      }
      const L = r.latest;
      const out: string[] = [];
      out.push(pc.bold(`Net liquidity ${bn(L.netLiquidity)} on ${L.date}`) + `  = Fed assets ${bn(L.walcl)} − TGA ${bn(L.tga)} (${L.tgaBasis}) − RRP ${bn(L.rrp)}`);
      const series: Series = { id: 'NETLIQ', title: 'Net liquidity', unit: 'USD bn', frequency: 'weekly', source: 'fred', dates: r.weekly.dates, values: r.weekly.netLiquidity, retrievedAt: '' };
      // Six years back from the picture's own date, so `--as-of 2010-06-30` draws 2004 on, not "2020 is after the last date".
      const from = opts.from ?? `${Number((pit.asOf ?? toIso(todayDay())).slice(0, 4)) - 6}-01-01`;
      out.push(...chartSince(series, from, `Net liquidity since ${from}, USD bn`));
      out.push(
        '',
        renderTable(
          ['change', 'from', 'to', 'ΔNL', 'Fed assets', '−ΔTGA', 'TGA basis', '−ΔRRP', 'driver', 'Treasury share'],
          r.changes.map((c) => [`${c.weeks} weeks`, c.from, c.to, signed(c.change), signed(c.fromWalcl), signed(c.fromTga), c.tgaBasis, signed(c.fromRrp), c.driver, `${c.treasuryShare.toFixed(0)}%`]),
          ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'right', 'left', 'right'],
          // Left out first on a narrow terminal: from, TGA basis, Treasury share, −ΔRRP, Fed assets, −ΔTGA.
          { priority: [0, 6, 0, 0, 2, 1, 5, 3, 0, 4] },
        ),
      );
      const eps = r.tgaEpisodes.slice(-4);
      if (eps.length) out.push('', pc.bold('Recent TGA swings'), ...eps.map((e) => `  ${e.kind.padEnd(9)} ${e.start} → ${e.end}  ${signed(e.change)} bn`));
      out.push(
        '',
        `Reverse repo ${fmtNumber(r.rrpDepletion.latest, 1)} bn, ${r.rrpDepletion.depletedPct.toFixed(1)}% below its ${r.rrpDepletion.peakDate} peak of ${bn(r.rrpDepletion.peak)}.`,
      );
      if (r.channels.treasuries13w !== undefined) out.push(`Fed Treasury holdings over 13 weeks: ${signed(r.channels.treasuries13w)} bn (${r.channels.treasuries13w >= 0 ? 'QE/reinvestment' : 'QT'} channel).`);
      if (r.channels.reservesLatest !== undefined) out.push(`Reserve balances ${bn(r.channels.reservesLatest)}${r.channels.reserves13w !== undefined ? `, ${signed(r.channels.reserves13w)} bn over 13 weeks` : ''}.`);
      if (sensitivity.length) {
        out.push(
          '',
          renderTable(
            ['asset', `corr to ΔNL (${window}w)`, 'beta: % per +100 bn', 'as of'],
            sensitivity.map((s) => [s.asset, fmtNumber(s.corr, 2), fmtNumber(s.betaPer100bn * 100, 2), s.date ?? '—']),
            ['left', 'right', 'right', 'left'],
          ),
        );
      }
      if (flags.length) out.push('', ...flags.map((f) => pc.yellow(`! ${f}`)));
      out.push('', pc.dim(`assuming ${r.assumptions.map((a) => `${a.name}=${a.value}${a.unit ? ` ${a.unit}` : ''}`).join(', ')}`));
      writeOut(`${out.join('\n')}\n`);
    });
}
