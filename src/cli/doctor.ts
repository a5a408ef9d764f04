import type { Command } from 'commander';
import pc from 'picocolors';
import { flowlensHome } from '../core/home.ts';
import { runDoctor, type CalendarCheck } from '../store/doctor.ts';
import { printJson } from './output.ts';

/** `flowlens doctor`: checks every stored file, quarantines what is damaged, says how to restore it. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check every stored file against its checksum; move damaged ones to store/quarantine and say how to restore them')
    .option('--json', 'print the findings as JSON')
    .addHelpText('after', '\nExit code 1 when something was damaged (and has been set aside or repaired).')
    .action(async (opts: { json?: boolean }) => {
      const r = await runDoctor(flowlensHome());
      if (opts.json) printJson(r);
      else {
        const out: string[] = [];
        if (r.manifest === 'absent') out.push(`No store at ${r.store}: nothing to check.`);
        if (r.manifest === 'rebuilt') out.push(pc.yellow(`${r.store}/manifest.json was damaged: rebuilt from the data files.`));
        if (r.meta === 'repaired') out.push(pc.yellow(`${r.store}/store.json was damaged: rewritten.`));
        for (const s of r.series) {
          if (s.status === 'ok') out.push(`${pc.green('OK     ')} ${s.seriesId}`);
          else out.push(`${pc.red('DAMAGED')} ${s.seriesId}: ${s.file} (${s.reason})${s.quarantined ? `, moved to ${s.quarantined}` : ''}; restore: ${s.fix}`);
        }
        for (const f of r.strays) out.push(`${pc.yellow('STRAY  ')} not a store file, moved to ${f}`);
        const bad = r.series.filter((s) => s.status === 'damaged').length;
        if (r.manifest !== 'absent') {
          out.push(calendarLine(r.calendar));
          out.push(`${r.series.length - bad} of ${r.series.length} series OK${bad ? `, ${bad} damaged` : ''}.`);
        }
        process.stdout.write(`${out.join('\n')}\n`);
      }
      if (r.damaged) process.exitCode = 1;
    });
}

/** The doctor's line on the stored S&P 500 earnings calendar: OK with its counts, DAMAGED with the error and the way out, or a note that the seasonal model is used. */
export function calendarLine(c: CalendarCheck): string {
  if (c.status === 'ok') return `${pc.green('OK     ')} ${c.line}`;
  if (c.status === 'absent') return `${pc.yellow('NOTE   ')} ${c.line}`;
  // The error already says how to restore it (import it again with `flowlens sync --from DIR`).
  return `${pc.red('DAMAGED')} ${c.line}${c.quarantined ? `; moved to ${c.quarantined}` : ''}`;
}
