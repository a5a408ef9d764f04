#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { FlowlensError } from '../core/errors.ts';
import { describeSystemError, isSystemError } from '../core/osError.ts';
import { registerBudget } from './budget.ts';
import { registerEconomy } from './economy/index.ts';
import { registerFed } from './fed.ts';
import { registerFlows } from './flows.ts';
import { registerLiquidity } from './liquidity.ts';
import { registerReport } from './report.ts';
import { registerSeries } from './series.ts';
import { registerServe } from './serve.ts';
import { registerStudy } from './study.ts';
import { registerSync } from './sync.ts';
import { registerVol } from './vol.ts';

/** Builds the `flowlens` command tree (exported so tests can run commands in-process). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('flowlens')
    .description('Measures the systematic flows and macro forces behind markets from public data, and tests each claim against history.')
    .option('-v, --verbose', 'print details and stack traces')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerSync(program);
  registerSeries(program);
  registerLiquidity(program);
  registerVol(program);
  registerFed(program);
  registerFlows(program);
  registerReport(program);
  registerEconomy(program);
  registerStudy(program);
  registerServe(program);
  registerBudget(program);
  return program;
}

/** Runs the CLI; every failure ends with one line on stderr and a non-zero exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were already printed.
      return err.exitCode;
    }
    // The reader of our output went away (`flowlens … | head -1`): stop quietly, as Unix tools do.
    if (isBrokenPipe(err)) return 0;
    const verbose = argv.includes('--verbose') || argv.includes('-v');
    // A raw OS error (ENOENT, EISDIR, EACCES…) becomes one line naming the path and the fix.
    const message = isSystemError(err) ? describeSystemError(err) : err instanceof Error ? err.message : String(err);
    process.stderr.write(`flowlens: ${message.split('\n')[0] ?? message}\n`);
    if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    else if (!(err instanceof FlowlensError) && !isSystemError(err) && err instanceof Error) process.stderr.write('(run with --verbose for details)\n');
    return 1;
  }
}

/** True for the EPIPE a write to a closed pipe raises. */
export function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/**
 * Exits at once, with status 0 and no stack trace, when stdout's reader has closed the pipe
 * (`report --json | head -1`); other stream errors are reported on one line.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (isBrokenPipe(err)) process.exit(0);
    process.stderr.write(`flowlens: cannot write the output (${err.code ?? err.message})\n`);
    process.exit(1);
  });
}

const isEntry = process.argv[1] !== undefined && /main\.ts$/.test(process.argv[1]);
if (isEntry) {
  exitQuietlyOnBrokenPipe();
  // exitCode, not exit(): a large --json output to a pipe must drain before the process ends.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
