import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * An in-memory DuckDB started on first use: a store that only reads its manifest (a sync that
 * finds every file unchanged, a `series list`) never pays the engine's start and shutdown
 * (~0.3 s of CPU at close, measured on the full store), nor loading it: the module itself is
 * imported on first use (importing @duckdb/node-api loads the native library, ~0.3 s wall and
 * ~0.45 s CPU on 2 cores, which every command paid before it read a single series).
 */
export class LazyDuck {
  private started: Promise<DuckDBInstance> | undefined;
  private readonly conns: Promise<DuckDBConnection>[] = [];
  private reads: Promise<DuckDBConnection> | undefined;
  private writes: Promise<DuckDBConnection> | undefined;

  private connect(): Promise<DuckDBConnection> {
    // The bundle (scripts/build.mjs) inlines the CommonJS package: its dynamic import gives the exports under `default`.
    this.started ??= import('@duckdb/node-api').then((m) => (m.default ?? m).DuckDBInstance.create(':memory:'));
    const started = this.started;
    const c = started.then((db) => db.connect());
    this.conns.push(c);
    return c;
  }

  /** The connection for reads (and migrations), starting DuckDB the first time. */
  connection(): Promise<DuckDBConnection> {
    this.reads ??= this.connect();
    return this.reads;
  }

  /**
   * The writer's own connection (its temp tables and COPY), so a commit in the background and
   * the reads of the next writes never share one.
   */
  writer(): Promise<DuckDBConnection> {
    this.writes ??= this.connect();
    return this.writes;
  }

  /** Closes DuckDB if it was started. */
  async close(): Promise<void> {
    const s = this.started;
    const conns = this.conns.splice(0);
    this.started = this.reads = this.writes = undefined;
    if (s === undefined) return;
    for (const c of conns) (await c).closeSync();
    (await s).closeSync();
  }
}
