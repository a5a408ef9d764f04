/**
 * The full importer fuzz campaign (`npm run qa:fuzz`): 10⁵ seeded damaged inputs over every
 * text format the importer reads, with a 10 MB line now and then, then 2,000 damaged Parquet
 * files (a DuckDB read each, ~80 ms). Prints the totals and exits 1 on any uncaught exception,
 * invariant violation or input slower than 10 s (the hang guard). `QA_FUZZ_INPUTS`,
 * `QA_FUZZ_PARQUET_INPUTS` and `QA_FUZZ_SEED` change the sizes and the seed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { todayDay } from '../src/series/dates.ts';
import { FUZZ_SEEDS, runCampaign, type FuzzSummary } from '../src/sources/fuzz.ts';
import { runParquetCampaign } from '../src/sources/fuzzParquet.ts';

const inputs = Number(process.env.QA_FUZZ_INPUTS ?? 100_000);
const parquetInputs = Number(process.env.QA_FUZZ_PARQUET_INPUTS ?? 2_000);
const seed = Number(process.env.QA_FUZZ_SEED ?? 1);

function print(label: string, s: FuzzSummary, seconds: number): void {
  process.stdout.write(
    `${label}: ${s.inputs.toLocaleString('en-US')} inputs (seed ${seed}) in ${seconds.toFixed(1)} s: ` +
      `${s.uncaught} uncaught, ${s.violations} with a broken invariant, ${s.slow} over 10 s; ` +
      `${s.fileErrors.toLocaleString('en-US')} files refused with one line, ${s.rowErrors.toLocaleString('en-US')} rows skipped with file and line\n`,
  );
  for (const e of s.examples) process.stdout.write(`  ${e}\n`);
}

let t0 = performance.now();
const text = runCampaign(FUZZ_SEEDS, inputs, { seed, today: todayDay(), slowMs: 10_000 });
print('importer fuzz (text formats)', text, (performance.now() - t0) / 1000);

const dir = mkdtempSync(join(tmpdir(), 'flowlens-qa-fuzz-parquet-'));
t0 = performance.now();
let parquet: FuzzSummary;
try {
  parquet = await runParquetCampaign(parquetInputs, { dir, seed, today: todayDay(), slowMs: 10_000 });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
print('importer fuzz (Parquet)', parquet, (performance.now() - t0) / 1000);
process.exitCode = [text, parquet].some((s) => s.uncaught + s.violations + s.slow > 0) ? 1 : 0;
