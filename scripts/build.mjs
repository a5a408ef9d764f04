// Builds dist/: the CLI, the library and the scenario worker as ES modules (esbuild, ~1 s), and with
// `--types` the library's declarations (tsc, slower: run by `prepack`, so only a packed tarball
// pays for them). `npm ci` / `npm install` run this through the `prepare` script.
//
// One flat folder: dist/cli.js, dist/index.js, dist/worker.js and the shared chunks beside them.
// Code splitting keeps every dynamic import a separate chunk, so a command loads only its own
// modules; the flat layout lets the pool find worker.js next to whichever chunk it landed in.
// Dependencies stay external (node_modules), as an installed package resolves them.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const withTypes = args.includes('--types');
// --outdir DIR: build elsewhere (the tests build a fresh copy into a temp folder).
const outAt = args.indexOf('--outdir');
const dist = outAt >= 0 && args[outAt + 1] ? resolve(args[outAt + 1]) : join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', worker: 'src/sim/worker.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  metafile: args.includes('--metafile'),
});
// --metafile: which source modules each output file holds (meta.json; the tests trace loading with it).
if (result.metafile) writeFileSync(join(dist, 'meta.json'), JSON.stringify(result.metafile));

if (withTypes) {
  // Declarations of the library's public modules only (src/index.ts and what it reaches).
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.types.json'), '--outDir', join(dist, 'types')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build: tsc could not emit the declarations');
    process.exit(1);
  }
  // The sources import './x.ts'; tsc keeps that in declarations. A consumer resolves './x.js' to
  // x.d.ts under every moduleResolution, so the relative specifiers are rewritten.
  for (const f of readdirSync(join(dist, 'types'), { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.d.ts')) continue;
    const path = join(dist, 'types', f);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
  }
}
