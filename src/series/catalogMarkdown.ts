import type { CatalogEntry } from './catalog.ts';

const START = '<!-- catalog:start -->';
const END = '<!-- catalog:end -->';

/** The catalog as a Markdown table grouped by topic, for the README. */
export function catalogMarkdown(catalog: readonly CatalogEntry[]): string {
  const lines = [
    `${catalog.length} series. \`key\` is the source's own identifier.`,
    '',
    '| id | title | unit | frequency | source | key |',
    '|---|---|---|---|---|---|',
  ];
  const families = new Map<string, CatalogEntry[]>();
  for (const e of catalog) {
    if (!e.family) continue;
    const list = families.get(e.family);
    if (list) list.push(e);
    else families.set(e.family, [e]);
  }
  for (const e of catalog) {
    if (!e.family) {
      lines.push(`| ${e.id} | ${e.title.replace(/\|/g, '\\|')} | ${e.unit} | ${e.frequency} | ${e.source} | \`${e.key}\` |`);
      continue;
    }
    // A generated family (one entry per contract) is one row: its first and last ids.
    const all = families.get(e.family) ?? [];
    if (all[0] !== e) continue;
    const last = all[all.length - 1] ?? e;
    lines.push(`| ${e.id} … ${last.id} | ${e.family}: ${all.length} series, one per contract (and its volume, \`_VOL\`) | ${e.unit} | ${e.frequency} | ${e.source} | \`${e.key}\` … |`);
  }
  return lines.join('\n');
}

/** Replaces the text between the catalog markers of a README with the generated table. */
export function withCatalog(readme: string, catalog: readonly CatalogEntry[]): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README has no ${START} … ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${catalogMarkdown(catalog)}\n${readme.slice(b)}`;
}
