import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FetchError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { cftcUrl, createCftcSource, parseCftcKey } from './cftc.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient } from './http.ts';

const TFF = '/resource/gpe5-46if.json';
const json = { 'content-type': 'application/json;charset=utf-8' };

describe('CFTC adapter against the replay server', () => {
  const server = new ReplayServer()
    .route((p, q) => p === TFF && q.get('cftc_contract_market_code') === '209742', { body: fixture('cftc/tff_209742.json'), headers: json })
    .route(TFF, { status: 400, body: fixture('cftc/bad_column.json'), headers: json });
  let base = '';
  const cftc = () => createCftcSource({ baseUrl: base, http: new HttpClient({ sleep: async () => {}, attempts: 2 }) });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('derives open interest and the three net positions from one response', async () => {
    const src = cftc();
    const get = async (id: string) => (await src.fetch(catalogEntry(id))).points.map((p) => [p.date, p.value]);
    assert.deepEqual(await get('CFTC_NQ_OI'), [
      ['2024-07-30', 262115],
      ['2024-08-06', 258340],
    ]);
    // net = long − short: 44163 − 102874, 46825 − 98410 …
    assert.deepEqual(await get('CFTC_NQ_DEALER_NET'), [
      ['2024-07-30', -58711],
      ['2024-08-06', -51585],
    ]);
    assert.deepEqual(await get('CFTC_NQ_ASSET_MGR_NET'), [
      ['2024-07-30', 84265],
      ['2024-08-06', 79830],
    ]);
    assert.deepEqual(await get('CFTC_NQ_LEV_MONEY_NET'), [
      ['2024-07-30', -29604],
      ['2024-08-06', -25456],
    ]);
    const seen = server.seen(TFF);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.query.get('$order'), 'report_date_as_yyyy_mm_dd');
    assert.equal(seen[0]?.query.get('$limit'), '50000');
    assert.match(seen[0]?.query.get('$select') ?? '', /^report_date_as_yyyy_mm_dd,open_interest_all,dealer_positions_long_all,/);
  });

  it("reports Socrata's error message with the URL", async () => {
    const entry = { ...catalogEntry('CFTC_NQ_OI'), key: '13874A:OI' };
    await assert.rejects(cftc().fetch(entry), (e: unknown) => e instanceof FetchError && e.status === 400 && /cftc_contract_market_code=13874A.*: HTTP 400: No such column/.test(e.message));
  });

  it('checks keys', () => {
    assert.deepEqual(parseCftcKey('209742:LEV_MONEY_NET'), { code: '209742', measure: 'LEV_MONEY_NET' });
    assert.throws(() => parseCftcKey('209742:NET'), /unknown TFF measure NET/);
    assert.match(cftcUrl('209742'), /^https:\/\/publicreporting\.cftc\.gov\/resource\/gpe5-46if\.json\?cftc_contract_market_code=209742&/);
  });
});
