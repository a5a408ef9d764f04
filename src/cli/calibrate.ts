import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { calibrate, exposureChange, flowOver } from '../models/calibration.ts';
import { ctaModel, CTA_VARIANTS, type CtaVariant } from '../models/cta.ts';
import { riskParityModel } from '../models/riskparity.ts';
import { VOL_CONTROL_PRESETS, volControlModel, type VolControlPreset } from '../models/volcontrol.ts';
import { parseDeskFigures, type CalibrationModel } from '../sources/formats/deskFigures.ts';
import { fmtNumber } from '../views/format.ts';
import { loadForModel } from './data.ts';
import { CTA_UNIVERSE, ctaUniverseSeries, riskParityInputs } from './flows.ts';
import { readInputFile } from './inputFile.ts';
import { printJson, renderTable, writeOut } from './output.ts';

/** CTA-universe keys that are equity indices (the `cta-equity` estimate). */
const EQUITY_KEYS = new Set(['spx', 'ndx', 'rut']);

interface CalibrateOptions {
  json?: boolean;
  vcPreset?: string;
  ctaVariant?: string;
}

/** `flowlens calibrate FILE`: each flow model's estimate beside published desk figures, with the ratio. */
export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('set each flow model (vol-control, CTAs, risk parity) beside published desk figures kept in a CSV or JSON file, with the ratio (see docs/desk-figures.example.csv)')
    .argument('<file>', 'desk figures: CSV published,desk,model,from,to,low_bn,high_bn,source,note (or a JSON array of the same keys)')
    .option('--vc-preset <name>', `vol-control rule set: ${Object.keys(VOL_CONTROL_PRESETS).join(', ')} (default flowlens)`)
    .option('--cta-variant <name>', `CTA rule set: ${Object.keys(CTA_VARIANTS).join(', ')} (default flowlens)`)
    .option('--json', 'print the rows as JSON')
    .action(async (file: string, opts: CalibrateOptions) => {
      if (opts.vcPreset !== undefined && !(opts.vcPreset in VOL_CONTROL_PRESETS)) throw new FlowlensError(`--vc-preset must be one of ${Object.keys(VOL_CONTROL_PRESETS).join(', ')}, got "${opts.vcPreset}"`);
      if (opts.ctaVariant !== undefined && !(opts.ctaVariant in CTA_VARIANTS)) throw new FlowlensError(`--cta-variant must be one of ${Object.keys(CTA_VARIANTS).join(', ')}, got "${opts.ctaVariant}"`);
      const figures = parseDeskFigures(readInputFile('calibrate', file), file);
      const data = await loadForModel([...new Set(CTA_UNIVERSE.flatMap((a) => a.ids))], { laterVintages: [] });
      const { chosen } = ctaUniverseSeries(data);
      const spx = chosen.find((c) => c.key === 'spx');
      if (!spx) throw new FlowlensError('the S&P 500 (GSPC or SPY) is not in the store: run `flowlens sync --only SPY` (or --from DIR)');
      const vc = volControlModel(spx.series, opts.vcPreset ? { preset: opts.vcPreset as VolControlPreset } : {}, []);
      const ctaParams = opts.ctaVariant ? { variant: opts.ctaVariant as CtaVariant } : {};
      const cta = ctaModel(chosen.map((c) => ({ prices: c.series })), ctaParams);
      const rpIn = riskParityInputs(chosen);
      const rp = new Set(rpIn.map((r) => r.assetClass)).size === 3 ? riskParityModel(rpIn) : undefined;
      const aum = cta.assumptions.find((a) => a.name === 'aumBn')?.value as number;
      const ctaOver = (from: number, to: number, equityOnly: boolean) =>
        cta.assets.reduce((s, a, i) => (equityOnly && !EQUITY_KEYS.has((chosen[i] as { key: string }).key) ? s : s + exposureChange(a.dates, a.position, aum * a.weight, from, to)), 0);
      const rpOver = (from: number, to: number, equityOnly: boolean) =>
        rp ? rp.assets.reduce((s, a) => (equityOnly && a.assetClass !== 'equity' ? s : s + flowOver(rp.dates, a.flowBn, from, to)), 0) : Number.NaN;
      const estimate = (model: CalibrationModel, from: number, to: number): number => {
        switch (model) {
          case 'vol-control':
            return flowOver(vc.dates, vc.flowBn, from, to);
          case 'cta':
            return ctaOver(from, to, false);
          case 'cta-equity':
            return ctaOver(from, to, true);
          case 'risk-parity':
            return rpOver(from, to, false);
          case 'risk-parity-equity':
            return rpOver(from, to, true);
          case 'systematic-equity':
            return flowOver(vc.dates, vc.flowBn, from, to) + ctaOver(from, to, true) + rpOver(from, to, true);
        }
      };
      const rows = calibrate(figures, estimate);
      const assumptions = { volControl: vc.assumptions, cta: cta.assumptions, riskParity: rp?.assumptions ?? null };
      if (opts.json) return printJson({ file, rows: rows.map((r) => ({ ...r.figure, estimateBn: Number.isFinite(r.estimateBn) ? r.estimateBn : null, ratio: Number.isFinite(r.ratio) ? r.ratio : null })), assumptions, inputsAsOf: { ...vc.inputsAsOf, ...cta.inputsAsOf } });
      const range = (lo: number, hi: number) => (lo === hi ? fmtNumber(lo, 1) : `${fmtNumber(lo, 1)} … ${fmtNumber(hi, 1)}`);
      const out = [pc.bold(`Flow models against published desk figures (${file}), USD bn, < 0 selling`)];
      out.push(
        renderTable(
          ['published', 'desk', 'model', 'window', 'desk figure', 'flowlens', 'ratio'],
          rows.map((r) => [r.figure.published, r.figure.desk, r.figure.model, `${r.figure.from} → ${r.figure.to}`, range(r.figure.lowBn, r.figure.highBn), Number.isFinite(r.estimateBn) ? fmtNumber(r.estimateBn, 1) : '—', Number.isFinite(r.ratio) ? `${fmtNumber(r.ratio, 2)}×` : '—']),
          ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
          // The publication date, then the window, then the desk go first: the model, both figures and their ratio stay.
          { priority: [3, 1, 0, 2, 0, 0, 0] },
        ),
      );
      out.push('', pc.bold('Sources'));
      rows.forEach((r, i) => out.push(`${i + 1}. ${r.figure.source}${r.figure.note ? ` — ${r.figure.note}` : ''}`));
      out.push('', pc.dim(`models: systematic-equity = vol-control + CTA equities (S&P 500, Nasdaq-100, Russell 2000) + risk-parity equities; assuming vol-control ${vc.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}; CTA ${cta.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}${rp ? `; risk parity ${rp.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}` : '; risk parity left out (needs the S&P 500, DGS10 and gold or crude)'}`));
      writeOut(`${out.join('\n')}\n`);
    });
}
