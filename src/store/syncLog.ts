import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** The outcome of one series in one sync run. */
export interface SyncRecord {
  readonly seriesId: string;
  /** ISO timestamp of the run. */
  readonly at: string;
  /** URL or file(s) the data came from. */
  readonly origin: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly added: number;
  readonly revised: number;
}

/**
 * Append-only JSON-lines log of sync outcomes. One `appendFileSync` per run writes whole lines;
 * a line cut by a crash is skipped on read.
 */
export class SyncLog {
  constructor(private readonly path: string) {}

  append(records: readonly SyncRecord[]): void {
    if (records.length === 0) return;
    appendFileSync(this.path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  }

  /** The newest record of each series. */
  last(): Map<string, SyncRecord> {
    const out = new Map<string, SyncRecord>();
    if (!existsSync(this.path)) return out;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as SyncRecord;
        if (typeof r.seriesId === 'string') out.set(r.seriesId, r);
      } catch {
        /* a partial last line from an interrupted run */
      }
    }
    return out;
  }
}
