// Types only: importing @duckdb/node-api's values loads DuckDB's native library (~0.3 s), which a
// store read in JS (seriesParquetRead.ts) never needs; LazyDuck loads it on first use.
import type { DuckDBDataChunk, DuckDBDoubleVector, DuckDBIntegerVector } from '@duckdb/node-api';
import { FlowlensError } from '../core/errors.ts';

/**
 * The typed view of DuckDB's data that @duckdb/node-api 1.5 keeps in every INTEGER and DOUBLE
 * vector (`items`, declared private), when it is there with the chunk's length; undefined
 * otherwise (another version of the library), and the caller reads item by item.
 */
function itemsOf(v: DuckDBIntegerVector | DuckDBDoubleVector, rows: number): Int32Array | Float64Array | undefined {
  const items = (v as unknown as { items?: unknown }).items;
  return (items instanceof Int32Array || items instanceof Float64Array) && items.length === rows ? items : undefined;
}

/**
 * Columns of a DuckDB result as typed arrays, copied chunk by chunk from DuckDB's own INTEGER or
 * DOUBLE vectors instead of through getColumnsJS, which builds a value per cell through a
 * generic converter and pushes it into a JS array (the store's reads of whole series spent most
 * of their time there). `kinds[c]` is column c's SQL type, INTEGER (int32) or DOUBLE (float64).
 * The columns must not hold NULL (coalesce in SQL, e.g. to 'NaN'::DOUBLE): the bulk copy does
 * not read the validity mask, and the data under a NULL is undefined.
 */
export function typedColumns(chunks: readonly DuckDBDataChunk[], kinds: readonly ('int32' | 'float64')[]): (Int32Array | Float64Array)[] {
  let n = 0;
  for (const ch of chunks) n += ch.rowCount;
  return kinds.map((kind, c) => {
    const out = kind === 'int32' ? new Int32Array(n) : new Float64Array(n);
    let at = 0;
    for (const ch of chunks) {
      const v = ch.getColumnVector(c);
      // By the vector's SQL type (the classes are not imported, see above).
      if (v.type.toString() !== (kind === 'int32' ? 'INTEGER' : 'DOUBLE')) throw new FlowlensError(`store read: column ${c} is ${v.type.toString()}, expected ${kind === 'int32' ? 'INTEGER' : 'DOUBLE'}`);
      const typed = v as DuckDBIntegerVector | DuckDBDoubleVector;
      const rows = ch.rowCount;
      const items = itemsOf(typed, rows);
      if (items) out.set(items, at);
      else for (let i = 0; i < rows; i++) out[at + i] = typed.getItem(i) ?? Number.NaN;
      at += rows;
    }
    return out;
  });
}
