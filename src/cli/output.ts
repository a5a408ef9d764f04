import Table from 'cli-table3';
import pc from 'picocolors';

/** Writes a value as pretty JSON on stdout (the `--json` output of every command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

/** A plain table for the terminal: header in bold, no colours when stdout is not a TTY. */
export function renderTable(head: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly ('left' | 'right')[]): string {
  const table = new Table({
    head: head.map((h) => pc.bold(h)),
    style: { head: [], border: [], compact: true },
    ...(align ? { colAligns: [...align] } : {}),
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) table.push(r.map((c) => String(c)));
  return table.toString();
}

/** Options every data command accepts. */
export interface CommonOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
}
