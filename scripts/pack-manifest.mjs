// The package.json a tarball ships: without the development scripts. `prepare` builds dist/ from
// the sources in a clone (`npm ci`), but the tarball ships dist/ already built and none of the
// sources or scripts/build.mjs, so an installed copy listing `prepare` would only make npm 11 warn
// "install scripts not yet covered by allowScripts: flowlens (prepare…)" — and fail if run.
//
// `node scripts/pack-manifest.mjs strip` (npm's `prepack`, after the build): keeps package.json as
// package.json.orig and writes it again with `postpack` as its only script (npm reads the scripts
// again after `prepack`, and `postpack` must still run); `restore` (`postpack`) moves it back.
// A strip finding package.json.orig left by a pack that died midway restores it first, so the
// working copy is never lost.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const manifest = join(root, 'package.json');
const kept = join(root, 'package.json.orig');
const action = process.argv[2];

if (action === 'strip') {
  if (existsSync(kept)) renameSync(kept, manifest);
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  pkg.scripts = { postpack: pkg.scripts.postpack };
  writeFileSync(kept, text);
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (action === 'restore') {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error(`pack-manifest: expected "strip" or "restore", got "${action ?? ''}"`);
  process.exitCode = 2;
}
