import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readdirSync } from 'node:fs';
const db = await DuckDBInstance.create(':memory:'); const c = await db.connect();
const dir = mkdtempSync('/tmp/fl-store-p2-');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
await c.run('CREATE TEMP TABLE staging (s INTEGER, d INTEGER, value DOUBLE, r DOUBLE, o INTEGER)');
let t = performance.now(), c0 = cpu();
const app = await c.createAppender('staging');
for (let s = 0; s < 165; s++) for (let j = 0; j < 3400; j++) { app.appendInteger(s); app.appendInteger(10000 + j); app.appendDouble(j * 1.5); app.appendDouble(1.7e12); app.appendInteger(s); app.endRow(); }
app.closeSync();
console.log('append', (performance.now() - t).toFixed(0), (cpu() - c0).toFixed(0));
t = performance.now(); c0 = cpu();
await c.run(`COPY (SELECT s, DATE '1970-01-01' + d AS date, value, make_timestamp((r*1000)::BIGINT) AS retrieved_at, 'origin' || o AS origin FROM staging ORDER BY s, retrieved_at, date) TO '${dir}/part' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (s))`);
console.log('partitioned copy', (performance.now() - t).toFixed(0), (cpu() - c0).toFixed(0), readdirSync(dir + '/part').length, readdirSync(dir + '/part/s=3'));
t = performance.now(); c0 = cpu();
for (let s = 0; s < 165; s++) await c.run(`COPY (SELECT DATE '1970-01-01' + d AS date, value, make_timestamp((r*1000)::BIGINT) AS retrieved_at, 'origin' || o AS origin FROM staging WHERE s = ${s} ORDER BY retrieved_at, date) TO '${dir}/f${s}.parquet' (FORMAT parquet, COMPRESSION zstd)`);
console.log('165 copies', (performance.now() - t).toFixed(0), (cpu() - c0).toFixed(0));
const r = await c.runAndReadAll(`SELECT name FROM parquet_schema('${dir}/part/s=3/data_0.parquet')`); console.log(r.getRowsJS());
