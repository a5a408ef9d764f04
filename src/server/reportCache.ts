import { buildReport, REPORT_INPUTS, reportHtml, reportJson, type Report } from '../cli/report.ts';
import { readForModel, type PointInTime } from '../cli/data.ts';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { HttpError } from './httpError.ts';
import { storeStamp, type StoreStamp } from './storeStamp.ts';
import type { StoreWatch } from './storeWatch.ts';

/** One built report with its renderings, made on first use. */
export interface BuiltReport {
  /** The store's state the report was read from (taken before the read). */
  readonly stamp: StoreStamp;
  readonly report: Report;
  /** Milliseconds spent reading the store and building the report. */
  readonly buildMs: number;
  /** The self-contained HTML page, with the "served by" line under its title. */
  html(): string;
  /** The `flowlens report --json` document as a JSON string. */
  json(): string;
}

/** The line the served page carries under its title: where the data stand and how to refresh. */
export function servedNote(report: Report, stamp: StoreStamp): string {
  const newest = Object.values(report.inputsAsOf).sort().at(-1) ?? 'no data';
  const updated = stamp.lastWriteMs > 0 ? new Date(stamp.lastWriteMs).toISOString().slice(0, 16).replace('T', ' ') : 'never';
  return `served by flowlens serve — data as of ${report.asOf ?? newest} (store last written ${updated} UTC) — reload to refresh`;
}

/** JSON as the CLI prints it: non-finite numbers become null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

function memo(f: () => string): () => string {
  let v: string | undefined;
  return () => (v ??= f());
}

/** Reads the report's inputs from the store under `home` (read-only, no lock) and builds it. */
export async function buildFromStore(home: string, asOf: IsoDate | undefined, stamp: StoreStamp): Promise<BuiltReport> {
  const t0 = performance.now();
  const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
  const store = await openStore({ home, mode: 'read' });
  let report: Report;
  try {
    report = buildReport(await readForModel(store, [...new Set(REPORT_INPUTS)], pit), pit);
  } finally {
    await store.close();
  }
  const buildMs = performance.now() - t0;
  return {
    stamp,
    report,
    buildMs,
    html: memo(() => reportHtml(report, { banner: servedNote(report, stamp) })),
    json: memo(() => toJson(reportJson(report))),
  };
}

/**
 * Built reports keyed by as-of date, each valid while the store's stamp (storeStamp) is the one
 * it was built from: a sync in another process changes the stamp, and the next request rebuilds.
 * Requests that arrive while the same report is being built share the build. At most
 * `maxEntries` as-of dates are kept (the oldest used is dropped first).
 */
export class ReportCache {
  private readonly entries = new Map<string, Promise<BuiltReport>>();
  private stamped: { version: number; stamp: StoreStamp } | undefined;

  constructor(
    private readonly home: string,
    private readonly maxEntries = 8,
    private readonly build: typeof buildFromStore = buildFromStore,
    /** When given, the store is stamped again only after its directory changed (else on every request). */
    private readonly watch?: StoreWatch,
  ) {}

  /** The store's stamp now: taken again only when the watch saw a change (or there is no watch). */
  private stamp(): StoreStamp {
    const version = this.watch?.version();
    if (version !== undefined && this.stamped?.version === version) return this.stamped.stamp;
    const stamp = storeStamp(this.home);
    if (version !== undefined) this.stamped = { version, stamp };
    return stamp;
  }

  /** The report as of `asOf` (undefined: latest) for the store as it is now, and whether it came from the cache. */
  async get(asOf: IsoDate | undefined): Promise<{ built: BuiltReport; cached: boolean }> {
    const stamp = this.stamp();
    if (stamp.seriesFiles === 0) throw new HttpError(503, 'the store is empty: run `flowlens sync` (online) or `flowlens sync --from DIR` (offline), then reload');
    const key = asOf ?? 'latest';
    const have = this.entries.get(key);
    if (have) {
      const built = await have.catch(() => undefined);
      if (built && built.stamp.key === stamp.key) {
        this.entries.delete(key);
        this.entries.set(key, have); // most recently used last
        return { built, cached: true };
      }
      if (this.entries.get(key) !== have) return this.get(asOf); // another request replaced it meanwhile
    }
    const pending = this.build(this.home, asOf, stamp);
    this.entries.delete(key);
    this.entries.set(key, pending);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    try {
      return { built: await pending, cached: false };
    } catch (err) {
      if (this.entries.get(key) === pending) this.entries.delete(key);
      throw err;
    }
  }
}
