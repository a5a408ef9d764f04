// Checks the package as a user gets it: `npm pack` (prepack builds dist/ with its declarations),
// the tarball's file list (what a user needs, nothing of tests, fixtures or bench), an install of
// the tarball into an empty folder (no install script of ours runs or is warned about; package.json
// is as it was after the pack), `npx flowlens --version`, and `import … from 'flowlens'` from
// a .mjs file (run) and from .ts files (ours and the README's example, type-checked with tsc,
// strict, against the shipped .d.ts).
// Fails with the first thing that is wrong. CI runs it after the tests (`npm run check:package`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const packageText = readFileSync(join(root, 'package.json'), 'utf8');
const { version } = JSON.parse(packageText);
const work = mkdtempSync(join(tmpdir(), 'flowlens-package-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function fail(message) {
  console.error(`check:package: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

try {
  // 1. Pack, and look at what the tarball holds.
  const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], root))[0];
  const files = packed.files.map((f) => f.path);
  for (const need of ['package.json', 'bin/flowlens.js', 'dist/cli.js', 'dist/index.js', 'dist/worker.js', 'dist/assets/dashboard.js', 'dist/assets/dashboard.css', 'dist/types/index.d.ts', 'README.md', 'LICENSE']) {
    if (!files.includes(need)) fail(`the tarball lacks ${need}`);
  }
  const unwanted = files.filter((f) => /^(src|bench|scripts|test-output|\.ci)\/|\.test\.|fixtures|(^|\/)meta\.json$/.test(f));
  if (unwanted.length > 0) fail(`the tarball ships files a user does not need: ${unwanted.slice(0, 5).join(', ')}`);
  console.log(`packed ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB`);

  // 2. Install it into an empty project (dependencies from npm's cache when it has them).
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'uses-flowlens', private: true, type: 'module' }));
  const installed = spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: app, encoding: 'utf8' });
  if (installed.status !== 0) fail(`npm install of the tarball failed (exit ${installed.status}):\n${installed.stdout}\n${installed.stderr}`);
  // The tarball ships dist/ built: an install must run nothing of ours (npm 11 warns of any install
  // script not covered by allowScripts, and `prepare` would need sources the tarball lacks).
  const shipped = JSON.parse(readFileSync(join(app, 'node_modules', 'flowlens', 'package.json'), 'utf8'));
  const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => shipped.scripts?.[s] !== undefined);
  if (installScripts.length > 0) fail(`the shipped package.json lists install scripts: ${installScripts.join(', ')}`);
  if (/install-scripts/.test(installed.stderr)) fail(`npm install warned about install scripts:\n${installed.stderr}`);
  if (readFileSync(join(root, 'package.json'), 'utf8') !== packageText) fail('package.json differs after `npm pack` (postpack did not restore it)');

  // 3. The command.
  const v = run(npm, ['exec', '--offline', '--', 'flowlens', '--version'], app).trim();
  if (v !== version) fail(`npx flowlens --version printed "${v}", expected "${version}"`);
  const help = run(npm, ['exec', '--offline', '--', 'flowlens', '--help'], app);
  if (!/^ {2}export \[options\]/m.test(help)) fail('npx flowlens --help does not list the commands');

  // 4. The library from JavaScript: the named functions, run on a series and on an empty store.
  writeFileSync(
    join(app, 'use.mjs'),
    `import { volControlModel, ctaModel, fedWatch, netLiquidity, liquidityModel, weeklyNetLiquidity, openStore, readSeries, catalogEntry, seriesFrom, toIso } from 'flowlens';
for (const f of [volControlModel, ctaModel, fedWatch, netLiquidity, liquidityModel, weeklyNetLiquidity, openStore, readSeries]) if (typeof f !== 'function') throw new Error('not a function: ' + f);
const dates = [], values = [];
for (let i = 0; i < 300; i++) { dates.push(toIso(19000 + i)); values.push(100 * Math.exp(0.01 * Math.sin(i / 3) + 0.0002 * i)); }
const vc = volControlModel(seriesFrom('SPY', dates, values));
if (!(vc.latest.exposure > 0 && vc.latest.exposure <= 1.5)) throw new Error('exposure ' + vc.latest.exposure);
const home = process.argv[2];
const store = await openStore({ home, mode: 'read' });
const s = await readSeries(store, catalogEntry('WALCL'));
await store.close();
if (s.id !== 'WALCL' || s.dates.length !== 0) throw new Error('empty store read ' + s.dates.length);
console.log('mjs ok: exposure ' + vc.latest.exposure.toFixed(4) + ' on ' + vc.latest.date);
`,
  );
  process.stdout.write(run(process.execPath, [join(app, 'use.mjs'), join(work, 'home')], app));

  // 5. The library from TypeScript: strict, the shipped declarations checked too (no skipLibCheck);
  // the @ts-expect-error lines fail the check if the types went missing (everything `any`).
  writeFileSync(
    join(app, 'use.ts'),
    `import { volControlModel, ctaModel, fedWatch, netLiquidity, liquidityModel, openStore, readSeries, catalogEntry, seriesFrom } from 'flowlens';
import type { CtaAssetInput, CtaResult, FedPathResult, FedWatchInputs, IsoDate, LiquidityInputs, LiquidityResult, Series, Store, VolControlResult } from 'flowlens';
const s: Series = seriesFrom('SPY', ['2024-01-02', '2024-01-03'], [470.1, 468.8]);
const vc: VolControlResult = volControlModel(s);
const exposure: number = vc.latest.exposure;
// @ts-expect-error exposure is a number
const wrong: string = vc.latest.exposure;
const cta: (assets: readonly CtaAssetInput[]) => CtaResult = ctaModel;
const fed: (inputs: FedWatchInputs) => FedPathResult = fedWatch;
const liq: (inputs: LiquidityInputs) => LiquidityResult = liquidityModel;
const nl: Float64Array = netLiquidity({ walcl: s, rrp: s }).netLiquidity;
// @ts-expect-error the store needs a mode
void openStore({ home: '/tmp/x' });
async function read(): Promise<Float64Array> {
  const store: Store = await openStore({ home: '/tmp/x', mode: 'read' });
  const w = await readSeries(store, catalogEntry('WALCL'), { to: '2024-01-01' as IsoDate });
  await store.close();
  return w.values;
}
export { exposure, wrong, cta, fed, liq, nl, read };
`,
  );
  // The README's example, as shipped, type-checks too.
  const readme = readFileSync(join(app, 'node_modules', 'flowlens', 'README.md'), 'utf8');
  const example = /## As a library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) fail('README.md has no ```ts example under "As a library"');
  writeFileSync(join(app, 'readme.ts'), example);
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [join(root, 'node_modules', '@types')], types: ['node'] },
      files: ['use.ts', 'readme.ts'],
    }),
  );
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(app, 'tsconfig.json')], app);
  console.log('ts ok: use.ts and the README example type-check against the shipped declarations');
  console.log(`check:package: OK (flowlens ${version})`);
} catch (err) {
  if (process.exitCode !== 1) {
    console.error(`check:package: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
