import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FetchError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { createDfaSource, parseDfaKey } from './dfa.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient } from './http.ts';

/** A real zip, as the Fed serves it, built from the fixture CSVs (in a folder, to check folders are ignored). */
const ZIP = zipSync({
  'dfa/dfa-generation-shares.csv': strToU8(fixture('dfa/dfa-generation-shares.csv')),
  'dfa/dfa-networth-levels.csv': strToU8(fixture('dfa/dfa-networth-levels.csv')),
});

describe('DFA adapter against the replay server', () => {
  const server = new ReplayServer()
    .route('/dfa.zip', { body: ZIP, headers: { 'content-type': 'application/zip' } })
    .route('/flaky/dfa.zip', { status: 500, body: 'oops' }, { body: ZIP, headers: { 'content-type': 'application/zip' } })
    .route('/maintenance/dfa.zip', { headers: { 'content-type': 'text/html' }, body: fixture('cboe/access_denied.html') })
    .route('/notzip/dfa.zip', { body: 'this is not a zip', headers: { 'content-type': 'application/octet-stream' } });
  let base = '';
  const http = () => new HttpClient({ sleep: async () => {}, attempts: 1 });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('downloads the zip once for every DFA series and reads Category:Column', async () => {
    const dfa = createDfaSource({ url: `${base}/dfa.zip`, http: http() });
    const [mill, boom, top] = await Promise.all([
      dfa.fetch(catalogEntry('DFA_GEN_MILLENNIAL_NW_SHARE')),
      dfa.fetch(catalogEntry('DFA_GEN_BABYBOOM_NW_SHARE')),
      dfa.fetch(catalogEntry('DFA_PCT_TOPPT1_NW_LEVEL')),
    ]);
    assert.deepEqual(mill?.points, [
      { date: '2023-10-01', value: 8.9 },
      { date: '2024-01-01', value: 8.9 },
    ]);
    assert.deepEqual(boom?.points.map((p) => p.value), [51.6, 51.8]);
    assert.deepEqual(top?.points, [{ date: '2024-01-01', value: 21974386 }]);
    assert.equal(top?.origin, `${base}/dfa.zip#dfa-networth-levels.csv`);
    assert.equal(server.seen('/dfa.zip').length, 1);
  });

  it('names the missing file of the zip', async () => {
    const dfa = createDfaSource({ url: `${base}/dfa.zip`, http: http() });
    await assert.rejects(dfa.fetch(catalogEntry('DFA_PCT_TOPPT1_NW_SHARE')), (e: unknown) => e instanceof DataFormatError && /dfa\.zip: the zip has no dfa-networth-shares\.csv/.test(e.message));
  });

  it('tries the download again for the next series after a failure', async () => {
    const dfa = createDfaSource({ url: `${base}/flaky/dfa.zip`, http: http() });
    await assert.rejects(dfa.fetch(catalogEntry('DFA_GEN_MILLENNIAL_NW_SHARE')), (e: unknown) => e instanceof FetchError && e.status === 500);
    assert.equal((await dfa.fetch(catalogEntry('DFA_GEN_MILLENNIAL_NW_SHARE'))).points.length, 2);
    assert.equal(server.seen('/flaky/dfa.zip').length, 2);
  });

  it('refuses an HTML page or bytes that are not a zip', async () => {
    await assert.rejects(createDfaSource({ url: `${base}/maintenance/dfa.zip`, http: http() }).fetch(catalogEntry('DFA_GEN_GENX_NW_SHARE')), (e: unknown) => e instanceof DataFormatError && /maintenance\/dfa\.zip: .*HTML page/.test(e.message));
    await assert.rejects(createDfaSource({ url: `${base}/notzip/dfa.zip`, http: http() }).fetch(catalogEntry('DFA_GEN_GENX_NW_SHARE')), (e: unknown) => e instanceof DataFormatError && /notzip\/dfa\.zip: not a readable zip file/.test(e.message));
  });

  it('splits a key into file and Category:Column', () => {
    assert.deepEqual(parseDfaKey('generation-shares:Millennial:Net worth'), { file: 'dfa-generation-shares.csv', selector: 'Millennial:Net worth' });
  });
});
