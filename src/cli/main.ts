#!/usr/bin/env node
import { Command, CommanderError, Help } from 'commander';
import { FlowlensError } from '../core/errors.ts';
import { describeSystemError, isSystemError } from '../core/osError.ts';
import { VERSION } from '../core/version.ts';

/**
 * A command as `flowlens --help` lists it, and where its implementation lives. Only the command a
 * run names is imported (a dynamic import), so `flowlens --help` loads no command module, and
 * `flowlens vol` none of the others (nor DuckDB, Plot or the sources unless it uses them).
 */
export interface CommandEntry {
  /** Its line in `flowlens --help`, as commander prints it: name, `[options]`, arguments. */
  readonly term: string;
  /** As its register function describes it (a test keeps the two equal). */
  readonly description: string;
  /** Imports the command's module and returns its register function. */
  readonly load: () => Promise<(program: Command) => void>;
}

/** Every command, in the order `flowlens --help` lists them. A new command is one more entry. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    term: 'sync [options]',
    description: 'download every catalog series from its public source into the local store (or import a folder with --from)',
    load: async () => (await import('./sync.ts')).registerSync,
  },
  { term: 'series', description: 'list the catalog and look at stored series', load: async () => (await import('./series.ts')).registerSeries },
  {
    term: 'liquidity [options]',
    description: 'net liquidity (Fed balance sheet − TGA − reverse repo), its drivers, and its relation to stocks and bitcoin',
    load: async () => (await import('./liquidity.ts')).registerLiquidity,
  },
  {
    term: 'vol [options]',
    description: 'VIX/VIX3M term structure, inversion episodes labelled hedging flow or stress, and what followed them',
    load: async () => (await import('./vol.ts')).registerVol,
  },
  {
    term: 'fed [options]',
    description: 'market-implied odds of each target range at each FOMC meeting (CME FedWatch method on fed funds futures), their history and swings',
    load: async () => (await import('./fed.ts')).registerFed,
  },
  {
    term: 'flows [options]',
    description: 'systematic flows: vol-control exposure and flows, CTA positions and trigger levels, scenario flows over 5 and 21 days',
    load: async () => (await import('./flows.ts')).registerFlows,
  },
  {
    term: 'report [options]',
    description: 'the scorecard: each claim of the flows thesis with its evidence and verdict, and the flows that matter this week',
    load: async () => (await import('./reportCommand.ts')).registerReport,
  },
  {
    term: 'economy [options] <topic>',
    description: 'the economy under the market: labour | affordability | kshape | ai | wealth | energy | crypto',
    load: async () => (await import('./economy/index.ts')).registerEconomy,
  },
  {
    term: 'study [options] [event]',
    description: 'Event study: forward returns of an asset after the events of a mechanism (or your own dates), against all days',
    load: async () => (await import('./study.ts')).registerStudy,
  },
  {
    term: 'serve [options]',
    description: 'the dashboard (overview, flows, volatility, Fed, liquidity, economy, study, alerts; the report at /report), recomputed when the store changes, and a JSON API over the store; read-only, so `flowlens sync` can run meanwhile',
    load: async () => (await import('./serve.ts')).registerServe,
  },
  {
    term: 'budget [options]',
    description: 'a household "poverty line": the budget of necessities, the gross income that covers it after taxes and credits, next to the HHS guideline and the median income',
    load: async () => (await import('./budget.ts')).registerBudget,
  },
  {
    term: 'calibrate [options] <file>',
    description: 'set each flow model (vol-control, CTAs, risk parity) beside published desk figures kept in a CSV or JSON file, with the ratio (see docs/desk-figures.example.csv)',
    load: async () => (await import('./calibrate.ts')).registerCalibrate,
  },
  {
    term: 'alerts',
    description: 'alert rules on the model readings (CTA triggers, VIX/VIX3M, vol-control flows, net liquidity, cut odds, claim verdicts): list, test, check, history',
    load: async () => (await import('./alerts.ts')).registerAlerts,
  },
  {
    term: 'export [options]',
    description: 'write stored series to a CSV (long or wide) or Parquet file, for pandas, polars or DuckDB',
    load: async () => (await import('./export.ts')).registerExport,
  },
  {
    term: 'doctor [options]',
    description: 'check every stored file against its checksum; move damaged ones to store/quarantine and say how to restore them',
    load: async () => (await import('./doctor.ts')).registerDoctor,
  },
];

/** A command's name: the first word of its help term. */
export function commandName(entry: CommandEntry): string {
  return entry.term.split(' ')[0] as string;
}

/**
 * The command `argv` runs: its first word that is not an option (the global options take no
 * value), or for `help X`, X. Undefined for `flowlens`, `flowlens --help`, `flowlens --version`.
 */
export function commandNamed(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Builds the `flowlens` command tree: the commands named in `load` with their implementations
 * (imported now), the others as entries of the help listing only. `'all'` loads every command
 * (for tests that compare the two).
 */
export async function buildProgram(load: readonly string[] | 'all' = 'all'): Promise<Command> {
  const program = new Command();
  const listed = new Map<Command, string>();
  program
    .name('flowlens')
    .description('Measures the systematic flows and macro forces behind markets from public data, and tests each claim against history.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-v, --verbose', 'print details and stack traces')
    .option('--wide', 'tables with every column at full width, whatever the terminal width')
    // A usage error (unknown option, missing argument…) is one line like every other failure.
    .configureOutput({ outputError: (str, write) => write(usageErrorLine(str)) })
    .configureHelp({ subcommandTerm: (cmd) => listed.get(cmd) ?? new Help().subcommandTerm(cmd) })
    .exitOverride()
    // Loaded only when asked: --help and most runs need no terminal-layout module at startup.
    .hook('preAction', async (_program, action) => {
      if (action.optsWithGlobals<{ wide?: boolean }>().wide) (await import('../views/terminal.ts')).setWideOutput(true);
    });
  const wanted = (e: CommandEntry) => load === 'all' || load.includes(commandName(e));
  const registers = await Promise.all(COMMANDS.map((e) => (wanted(e) ? e.load() : Promise.resolve(undefined))));
  COMMANDS.forEach((e, i) => {
    const register = registers[i];
    if (register) register(program);
    else listed.set(program.command(commandName(e)).description(e.description), e.term);
  });
  return program;
}

/**
 * Commander's usage error (`error: unknown option '--x'`, sometimes a second line
 * `(Did you mean --y?)`) as the CLI's one line: `flowlens: unknown option '--x' (did you mean
 * --y?); run with --help for usage`.
 */
export function usageErrorLine(text: string): string {
  const message = text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ').replace('(Did you mean', '(did you mean').replace(/\.$/, '');
  return `flowlens: ${message}; run with --help for usage\n`;
}

/** Runs the CLI; every failure ends with one line on stderr and a non-zero exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // Commands signal "done, but something failed" through process.exitCode; read only what this
  // run set, so an earlier run in the same process (tests, the server) does not leak into it.
  const before = process.exitCode;
  process.exitCode = undefined;
  exitQuietlyOnBrokenPipe();
  try {
    const named = commandNamed(argv);
    const program = await buildProgram(named === undefined ? [] : [named]);
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
  } finally {
    process.exitCode = before;
  }
}

const guarded = new WeakSet<NodeJS.WriteStream>();

/** True for the EPIPE a write to a closed pipe raises. */
export function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/**
 * Exits at once, with status 0 and no stack trace, when stdout's reader has closed the pipe
 * (`report --json | head -1`); other stream errors are reported on one line.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  // Once per stream, however many times main() runs in this process (tests, the binary).
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (isBrokenPipe(err)) process.exit(0);
    process.stderr.write(`flowlens: cannot write the output (${err.code ?? err.message})\n`);
    process.exit(1);
  });
}

const isEntry = process.argv[1] !== undefined && /main\.ts$/.test(process.argv[1]);
if (isEntry) {
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
