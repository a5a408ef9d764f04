import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from 'linkedom';
import { ALERT } from '../../testing/alertReceiver.ts';
import { renderAtomFeed } from './atom.ts';

/** The few DOM calls the test makes (linkedom's parser is typed loosely). */
interface El {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): Iterable<El>;
}
const parseXml = (xml: string): El => new DOMParser().parseFromString(xml, 'text/xml') as unknown as El;

describe('Atom feed of the alert history', () => {
  const older = { ...ALERT, id: 'liq@2024-08-01T22:00:00.000Z', rule: 'liq', kind: 'net-liquidity-change' as const, firedAt: '2024-08-01T22:00:00.000Z', title: 'liq: net liquidity <4w> & falling', message: 'net liquidity -139 bn over 4 weeks' };

  it('lists the alerts newest first with stable ids, escaped text and the newest time as updated', () => {
    const xml = renderAtomFeed([older, ALERT], { selfUrl: 'http://127.0.0.1:8787/alerts.atom' });
    const doc = parseXml(xml);
    const entries = [...doc.querySelectorAll('entry')];
    assert.equal(entries.length, 2);
    assert.deepEqual(entries.map((e) => e.querySelector('title')?.textContent), ['vix: VIX/VIX3M ≥ 1', 'liq: net liquidity <4w> & falling']);
    assert.equal(entries[0]?.querySelector('id')?.textContent, 'tag:flowlens,2026:alert:vix%402024-08-05T22%3A00%3A00.000Z');
    assert.equal(entries[1]?.querySelector('category')?.getAttribute('term'), 'net-liquidity-change');
    assert.equal(entries[0]?.querySelector('summary')?.textContent, 'VIX/VIX3M 1.144 ≥ 1 on 2024-08-05 (VIX 38.57, VIX3M 33.71; hedging flow)\n(as of 2024-08-05)');
    assert.equal(doc.querySelector('feed > updated')?.textContent, '2024-08-05T22:00:00.000Z');
    assert.match(xml, /<title>liq: net liquidity &lt;4w&gt; &amp; falling<\/title>/);
    assert.match(xml, /<link rel="self" href="http:\/\/127\.0\.0\.1:8787\/alerts\.atom"\/>/);
  });

  it('is a pure function of the history: same bytes every time; an empty history is a valid empty feed', () => {
    assert.equal(renderAtomFeed([older, ALERT]), renderAtomFeed([ALERT, older]));
    const empty = renderAtomFeed([]);
    assert.match(empty, /<updated>1970-01-01T00:00:00\.000Z<\/updated>/);
    assert.doesNotMatch(empty, /<entry>/);
  });

  it('keeps at most `limit` entries, the newest', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...ALERT, id: `a${i}`, firedAt: `2024-08-0${i + 1}T00:00:00.000Z` }));
    const doc = parseXml(renderAtomFeed(many, { limit: 2 }));
    assert.deepEqual([...doc.querySelectorAll('entry > updated')].map((e) => e.textContent), ['2024-08-05T00:00:00.000Z', '2024-08-04T00:00:00.000Z']);
  });
});
