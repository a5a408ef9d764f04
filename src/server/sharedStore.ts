import { Serial } from '../sync/limit.ts';
import { openStore, type ParquetStore } from '../store/parquetStore.ts';
import type { StoreWatch } from './storeWatch.ts';

/**
 * The server's one read-only store (one in-memory DuckDB for every request), moved to the newest
 * manifest before each use, and a cache of answers keyed by the manifest generation: a sync's
 * swap makes every cached answer stale at once. Queries run one at a time on the connection.
 * With a StoreWatch the manifest is stat'ed only after the store's directory changed; without one,
 * before every use.
 */
export class SharedStore {
  private opened: Promise<ParquetStore> | undefined;
  private readonly serial = new Serial();
  private readonly answers = new Map<string, Promise<unknown>>();
  /** The kept answers that have resolved. */
  private readonly resolved = new WeakSet<Promise<unknown>>();
  private answersGeneration = -1;
  private checkedVersion = Number.NaN;

  constructor(
    private readonly home: string,
    private readonly warn: (line: string) => void,
    private readonly maxAnswers = 1024,
    private readonly watch?: StoreWatch,
  ) {}

  private async store(): Promise<ParquetStore> {
    this.opened ??= openStore({ home: this.home, mode: 'read', warn: this.warn });
    try {
      const s = await this.opened;
      const version = this.watch?.version();
      if (version === undefined || version !== this.checkedVersion) {
        s.refresh();
        this.checkedVersion = version ?? Number.NaN; // after: a manifest that cannot be read is tried again next time
      }
      return s;
    } catch (err) {
      this.opened = undefined; // a store that could not be opened (not migrated yet) is tried again next time
      throw err;
    }
  }

  /**
   * Opens the store and starts its DuckDB ahead of the first request (what every first request
   * would do first). A store that cannot be opened yet (none synced) is left for the first request.
   */
  async prepare(): Promise<void> {
    try {
      await this.use((s) => s.prepare());
    } catch {
      // the first request opens it and reports why it cannot
    }
  }

  /** Runs `fn` on the store at its newest manifest, after any query already running. */
  use<T>(fn: (store: ParquetStore) => Promise<T>): Promise<T> {
    return this.serial.run(async () => fn(await this.store()));
  }

  /**
   * The answer cached under `key` for the current manifest generation, or computes and keeps it.
   * The promise is kept, not only the value: requests that ask for the same answer while it is
   * being computed (the dashboard's warm-up and the first visitor, 50 clients on one new series)
   * share one computation. A failed computation is forgotten, so the next request tries again.
   */
  async cached<T>(key: string, compute: (store: ParquetStore) => Promise<T>): Promise<T> {
    const s = await this.store();
    if (s.generation !== this.answersGeneration) {
      this.answers.clear();
      this.answersGeneration = s.generation;
    }
    const kept = this.answers.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const value = this.use(compute);
    if (this.answers.size >= this.maxAnswers) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, value);
    value.then(
      () => this.resolved.add(value),
      () => {
        if (this.answers.get(key) === value) this.answers.delete(key);
      },
    );
    return value;
  }

  /** True when `cached(key, …)` would answer at once: an answer for the current manifest generation has resolved. */
  async ready(key: string): Promise<boolean> {
    const s = await this.store();
    if (s.generation !== this.answersGeneration) return false;
    const kept = this.answers.get(key);
    return kept !== undefined && this.resolved.has(kept);
  }

  /**
   * Closes the store after every query already running or queued. Closing DuckDB under a running
   * query deadlocks the process: the query's pool thread drops the last reference to the closed
   * connection's context while holding that context's lock (seen as a `serve` that never exited
   * after SIGTERM during the warm-up).
   */
  async close(): Promise<void> {
    this.watch?.close();
    await this.serial.run(async () => {
      const s = this.opened;
      this.opened = undefined;
      if (s) await (await s.catch(() => undefined))?.close();
    });
  }
}
