/**
 * The width the terminal output may use, in columns: the terminal's own width when stdout is a
 * TTY, else `COLUMNS` when set (e.g. `COLUMNS=80 flowlens report | less`), else undefined — a
 * pipe or a file gets the full tables, unwrapped, so scripts and golden files do not depend on
 * the window that ran them.
 */
export function terminalColumns(stream: { isTTY?: boolean; columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  if (env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return undefined;
}

let wide = false;

/** `--wide`: tables keep every column at full width, whatever the terminal (set once per run by the CLI). */
export function setWideOutput(on: boolean): void {
  wide = on;
}

/** The width tables are fitted to: terminalColumns(), or undefined (no fitting) under --wide. */
export function tableColumns(): number | undefined {
  return wide ? undefined : terminalColumns();
}
