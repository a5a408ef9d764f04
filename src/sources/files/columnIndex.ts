// What a folder import learnt about each file it parsed (its format and value columns), kept
// by file stamp so that the next import of the same bytes knows which series a file holds
// without parsing it (a FRED JSON bundle's ids, a futures file's contract columns), and an
// unchanged file's SHA-256 without reading it.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { VERSION } from '../../core/version.ts';
import type { FileStamp } from '../../series/types.ts';

/** A parsed file's format and the names its `points(name)` accepts. */
export interface FileColumns {
  readonly format: string;
  readonly columns: readonly string[];
}

/** Who a file is on disk beyond its size and modification time: inode and change time (which no tool can set back). */
export interface FileIdentity {
  readonly ino: number;
  readonly ctimeMs: number;
}

interface IndexEntry extends FileColumns, FileIdentity {
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/**
 * FileColumns per absolute path, valid only for the same size, modification time and SHA-256
 * and the same flowlens version (a parser may change). In memory; `save` writes it back.
 */
export class ColumnIndex {
  private changed = false;

  private constructor(private readonly entries: Map<string, IndexEntry>) {}

  /** An index that knows nothing (and is never written). */
  static empty(): ColumnIndex {
    return new ColumnIndex(new Map());
  }

  /**
   * The index saved at `path`; empty when the file is missing, unreadable, from another version
   * or malformed (it is a cache: every entry is checked against the file's stamp on use).
   */
  static load(path: string): ColumnIndex {
    const entries = new Map<string, IndexEntry>();
    try {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; files?: unknown };
      if (saved.version === VERSION && typeof saved.files === 'object' && saved.files !== null) {
        for (const [p, e] of Object.entries(saved.files as Record<string, IndexEntry>)) if (isEntry(e)) entries.set(p, e);
      }
    } catch {
      /* no index yet, or a damaged one: start empty */
    }
    return new ColumnIndex(entries);
  }

  /** What the file with this stamp holds, when it was parsed before with these very bytes. */
  get(stamp: FileStamp): FileColumns | undefined {
    const e = this.entries.get(stamp.path);
    if (e === undefined || e.bytes !== stamp.bytes || e.mtimeMs !== stamp.mtimeMs || e.sha256 !== stamp.sha256) return undefined;
    return e;
  }

  /**
   * The SHA-256 hashed for the file at `path` when it is still the same file with the same size,
   * modification and change times (git's index trusts the same fields): its bytes need not be
   * read again. A write, a copy or `touch` changes the change time, so the file is hashed again.
   */
  knownSha256(path: string, bytes: number, mtimeMs: number, id: FileIdentity): string | undefined {
    const e = this.entries.get(path);
    return e !== undefined && e.bytes === bytes && e.mtimeMs === mtimeMs && e.ino === id.ino && e.ctimeMs === id.ctimeMs ? e.sha256 : undefined;
  }

  /** Records what a parse of the file with this stamp (and identity) found. */
  set(stamp: FileStamp, id: FileIdentity, found: FileColumns): void {
    const have = this.entries.get(stamp.path);
    if (have && this.get(stamp) && have.ino === id.ino && have.ctimeMs === id.ctimeMs && have.format === found.format && have.columns.join('\n') === found.columns.join('\n')) return;
    this.entries.set(stamp.path, { bytes: stamp.bytes, mtimeMs: stamp.mtimeMs, sha256: stamp.sha256, ino: id.ino, ctimeMs: id.ctimeMs, format: found.format, columns: [...found.columns] });
    this.changed = true;
  }

  /**
   * Writes the index to `path` when it changed: a temp file renamed over it, so a reader finds
   * the old or the new whole file (no fsync: losing it only costs one more parse). Best effort:
   * a cache that cannot be written is not an error of the import.
   */
  save(path: string): void {
    if (!this.changed) return;
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, `${JSON.stringify({ version: VERSION, files: Object.fromEntries(this.entries) })}\n`);
      renameSync(tmp, path);
      this.changed = false;
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}

function isEntry(e: IndexEntry): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.bytes === 'number' &&
    typeof e.mtimeMs === 'number' &&
    typeof e.sha256 === 'string' &&
    typeof e.ino === 'number' &&
    typeof e.ctimeMs === 'number' &&
    typeof e.format === 'string' &&
    Array.isArray(e.columns) &&
    e.columns.every((c) => typeof c === 'string')
  );
}
