// Builds dist/: the CLI, the library and the scenario worker as ES modules (esbuild, ~1 s), and with
// `--types` the library's declarations (tsc, slower: run by `prepack`, so only a packed tarball
// pays for them). `npm ci` / `npm install` run this through the `prepare` script.
//
// One flat folder: dist/cli.js, dist/index.js, dist/worker.js and the shared chunks beside them.
// Code splitting keeps every dynamic import a separate chunk, so a command loads only its own
// modules; the flat layout lets the pool find worker.js next to whichever chunk it landed in.
// Dependencies stay external (node_modules), as an installed package resolves them.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const withTypes = process.argv.includes('--types');

rmSync(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', worker: 'src/sim/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});

if (withTypes) {
  // Declarations of the library's public modules only (src/index.ts and what it reaches).
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.types.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build: tsc could not emit the declarations');
    process.exit(1);
  }
}
