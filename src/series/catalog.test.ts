import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOG, catalogEntry, hasSeries } from './catalog.ts';
import { withCatalog } from './catalogMarkdown.ts';

describe('catalog', () => {
  it('has unique ids made of upper-case letters, digits and underscores', () => {
    const ids = CATALOG.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[A-Z0-9_]+$/);
  });

  it('covers the series the models need', () => {
    for (const id of ['GSPC', 'SPY', 'NDX', 'QQQ', 'RUT', 'IWM', 'RSP', 'XLK', 'XLU', 'XLE', 'XLF', 'XLY', 'SMH', 'BTCUSD', 'VIX', 'VIX3M', 'VIX9D', 'DTB3', 'DGS2', 'DGS10', 'DFEDTARU', 'DFEDTARL', 'EFFR', 'SOFR', 'BAMLH0A0HYM2', 'RNGWHHD', 'HG_F', 'DCOILWTICO', 'WALCL', 'WTREGEN', 'RRPONTSYD']) {
      assert.ok(hasSeries(id), id);
    }
  });

  it('keeps the source keys that the adapters request', () => {
    assert.equal(catalogEntry('GSPC').key, '^GSPC');
    assert.equal(catalogEntry('BTCUSD').key, 'BTC-USD');
    assert.equal(catalogEntry('RNGWHHD').key, 'NG.RNGWHHD.D');
    assert.equal(catalogEntry('DFA_GEN_MILLENNIAL_NW_SHARE').key, 'generation-shares:Millennial:Net worth');
    assert.equal(catalogEntry('walcl').id, 'WALCL');
  });

  it('suggests near ids for an unknown one', () => {
    assert.throws(() => catalogEntry('VIX3'), /unknown series "VIX3" \(did you mean VIX3M, VIX/);
  });

  it('is listed in full in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.equal(readme, withCatalog(readme, CATALOG), 'README catalog table is out of date: run `npm run catalog:readme`');
  });
});
