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
  for (const e of catalog) lines.push(`| ${e.id} | ${e.title.replace(/\|/g, '\\|')} | ${e.unit} | ${e.frequency} | ${e.source} | \`${e.key}\` |`);
  return lines.join('\n');
}

/** Replaces the text between the catalog markers of a README with the generated table. */
export function withCatalog(readme: string, catalog: readonly CatalogEntry[]): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README has no ${START} … ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${catalogMarkdown(catalog)}\n${readme.slice(b)}`;
}
