import type { FiredAlert } from '../evaluate.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The alert history as an Atom 1.0 feed (RFC 4287), newest entry first, at most `limit`
 * entries. Pure: the same history gives the same bytes. `updated` is the newest alert's time
 * (the Unix epoch for an empty history, so the feed does not change while nothing fires). Each
 * entry's id is a tag URI of the alert id, stable across renders.
 */
export function renderAtomFeed(history: readonly FiredAlert[], opts: { readonly selfUrl?: string; readonly limit?: number } = {}): string {
  const entries = [...history].sort((a, b) => (a.firedAt < b.firedAt ? 1 : a.firedAt > b.firedAt ? -1 : 0)).slice(0, opts.limit ?? 100);
  const updated = entries[0]?.firedAt ?? new Date(0).toISOString();
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <title>flowlens alerts</title>',
    '  <id>tag:flowlens,2026:alerts</id>',
    `  <updated>${updated}</updated>`,
    '  <author><name>flowlens</name></author>',
    ...(opts.selfUrl ? [`  <link rel="self" href="${escapeXml(opts.selfUrl)}"/>`] : []),
  ];
  for (const a of entries) {
    lines.push(
      '  <entry>',
      `    <id>tag:flowlens,2026:alert:${escapeXml(encodeURIComponent(a.id))}</id>`,
      `    <title>${escapeXml(a.title)}</title>`,
      `    <updated>${a.firedAt}</updated>`,
      `    <category term="${escapeXml(a.kind)}"/>`,
      `    <summary type="text">${escapeXml(`${a.message}\n(as of ${a.asOf ?? 'the latest data'})`)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}
