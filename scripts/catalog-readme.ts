// Regenerates the catalog table in README.md from src/series/catalog.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { CATALOG } from '../src/series/catalog.ts';
import { withCatalog } from '../src/series/catalogMarkdown.ts';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withCatalog(readFileSync(path, 'utf8'), CATALOG));
console.log(`README.md: catalog table with ${CATALOG.length} series`);
