import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataDir } from '../../testing/realData.ts';
import { main } from '../main.ts';

/** What a command run in-process printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Removes terminal colour codes, so tests read the text whether or not picocolors colours it. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/**
 * Runs `flowlens ...args` in this process (main from src/cli/main.ts) and captures stdout and
 * stderr (colour codes removed). Calls must not overlap: the streams' write is swapped for the duration.
 */
export async function runCli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  // flowlens writes strings; node's test runner sends its events to the parent as binary frames on
  // the same stdout (v8 serializer), so binary chunks pass through untouched.
  const grab = (sink: string[], pass: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return (pass as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      sink.push(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = grab(out, w1);
  process.stderr.write = grab(err, w2);
  try {
    const code = await main(args);
    return { code, stdout: plain(out.join('')), stderr: plain(err.join('')) };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

/**
 * A temporary FLOWLENS_HOME filled from FLOWLENS_DATA_DIR with `flowlens sync --from` (only the
 * series `only`, to keep it quick), set as this process's FLOWLENS_HOME. Returns a cleanup.
 */
export async function realStore(only: readonly string[]): Promise<() => void> {
  const dir = realDataDir();
  if (dir === undefined) throw new Error('FLOWLENS_DATA_DIR not set');
  const home = mkdtempSync(join(tmpdir(), 'flowlens-economy-'));
  const before = process.env.FLOWLENS_HOME;
  process.env.FLOWLENS_HOME = home;
  const r = await runCli('sync', '--from', dir, '--only', only.join(','));
  if (r.code !== 0) throw new Error(`sync --from ${dir} failed: ${r.stderr || r.stdout}`);
  return () => {
    if (before === undefined) delete process.env.FLOWLENS_HOME;
    else process.env.FLOWLENS_HOME = before;
    rmSync(home, { recursive: true, force: true });
  };
}

/** `JSON.parse` of a run's stdout, failing with the run's stderr when the command failed. */
export function jsonOf<T>(r: CliRun): T {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
