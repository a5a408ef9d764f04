import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's static files (built by scripts/build.mjs into dist/assets/): name and content type. */
export const ASSETS: Readonly<Record<string, string>> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/** dist/assets of the installed package: from src/dashboard/ or from a chunk in dist/, the folder holding flowlens's package.json. */
export function defaultAssetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'flowlens') return join(dir, 'dist', 'assets');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), 'assets');
}

/** One asset's bytes and type, or undefined for an unknown name or a file not built (`npm run build`). */
export function readAsset(name: string, dir = defaultAssetsDir()): { type: string; body: Buffer } | undefined {
  const type = ASSETS[name];
  if (!type) return undefined;
  const file = join(dir, name);
  if (!existsSync(file)) return undefined;
  return { type, body: readFileSync(file) };
}
