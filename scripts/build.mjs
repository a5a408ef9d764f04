// Builds dist/: the CLI, the library and the scenario worker as ES modules (esbuild, ~1 s), and with
// `--types` the library's declarations (tsc, slower: run by `prepack`, so only a packed tarball
// pays for them). `npm ci` / `npm install` run this through the `prepare` script.
//
// One flat folder: dist/cli.js, dist/index.js, dist/worker.js and the shared chunks beside them.
// Code splitting keeps every dynamic import a separate chunk, so a command loads only its own
// modules; the flat layout lets the pool find worker.js next to whichever chunk it landed in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const withTypes = args.includes('--types');
// --outdir DIR: build elsewhere (the tests build a fresh copy into a temp folder).
const outAt = args.indexOf('--outdir');
const dist = outAt >= 0 && args[outAt + 1] ? resolve(args[outAt + 1]) : join(root, 'dist');

// Dependencies stay in node_modules, except @duckdb/node-api: its JavaScript (181 CommonJS files)
// is bundled, which cuts its load from ~0.35 s to ~0.05 s of CPU; only its native binding
// (@duckdb/node-bindings, a dependency of its own) is loaded from node_modules. Its version is
// pinned in package.json, so the bundled API and the installed binding always match.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies).filter((d) => d !== '@duckdb/node-api'), '@duckdb/node-bindings'];

// The old bundle goes (chunk names change with every build); dist/types stays, because `npm pack`
// runs `prepack` (with --types) before `prepare` (without), and both must leave it there.
mkdirSync(dist, { recursive: true });
for (const f of readdirSync(dist)) if (f.endsWith('.js') || f === 'meta.json' || f === 'THIRD_PARTY_LICENSES.txt') rmSync(join(dist, f));
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', worker: 'src/sim/worker.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // Bundled CommonJS (DuckDB's API) calls require(): give every chunk one.
  banner: { js: "import { createRequire as __flowlensRequire } from 'node:module'; const require = __flowlensRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  metafile: true,
});
// The dashboard's client (src/dashboard/client/: uPlot and its CSS bundled in, no CDN): one
// browser script and one stylesheet in dist/assets/, served by `flowlens serve` under /assets/.
const client = await build({
  absWorkingDir: root,
  entryPoints: { dashboard: 'src/dashboard/client/main.ts' },
  outdir: join(dist, 'assets'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
for (const input of Object.keys(client.metafile.inputs)) result.metafile.inputs[input] ??= client.metafile.inputs[input];

// --metafile: which source modules each output file holds (meta.json; the tests trace loading with it).
if (args.includes('--metafile')) writeFileSync(join(dist, 'meta.json'), JSON.stringify(result.metafile));

// The licence of every package whose code is inside dist/ travels with it.
const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) bundled.add(m[1]);
}
const notices = [...bundled].sort().map((name) => {
  const dir = join(root, 'node_modules', name);
  const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  return `${name} ${version} (${license})\n\n${file ? readFileSync(join(dir, file), 'utf8').trim() : `licence: ${license}`}\n`;
});
writeFileSync(join(dist, 'THIRD_PARTY_LICENSES.txt'), `Code of these packages is bundled in this folder:\n\n${notices.join('\n---\n\n')}`);

if (withTypes) {
  // Declarations of the library's public modules only (src/index.ts and what it reaches).
  rmSync(join(dist, 'types'), { recursive: true, force: true });
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
