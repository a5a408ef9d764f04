/**
 * The full importer fuzz campaign (`npm run qa:fuzz`): 10⁵ seeded damaged inputs over every
 * text format the importer reads, with a 10 MB line now and then. Prints the totals and exits 1
 * on any uncaught exception, invariant violation or input slower than 10 s (the hang guard).
 * `QA_FUZZ_INPUTS` and `QA_FUZZ_SEED` change the size and the seed.
 */
import { todayDay } from '../src/series/dates.ts';
import { FUZZ_SEEDS, runCampaign } from '../src/sources/fuzz.ts';

const inputs = Number(process.env.QA_FUZZ_INPUTS ?? 100_000);
const seed = Number(process.env.QA_FUZZ_SEED ?? 1);
const t0 = performance.now();
const s = runCampaign(FUZZ_SEEDS, inputs, { seed, today: todayDay(), slowMs: 10_000 });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `importer fuzz: ${s.inputs.toLocaleString('en-US')} inputs (seed ${seed}) in ${seconds.toFixed(1)} s: ` +
    `${s.uncaught} uncaught, ${s.violations} with a broken invariant, ${s.slow} over 10 s; ` +
    `${s.fileErrors.toLocaleString('en-US')} files refused with one line, ${s.rowErrors.toLocaleString('en-US')} rows skipped with file and line\n`,
);
for (const e of s.examples) process.stdout.write(`  ${e}\n`);
process.exitCode = s.uncaught + s.violations + s.slow > 0 ? 1 : 0;
