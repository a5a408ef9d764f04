import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FlowlensError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { cboeUrl, createCboeSource, parsePutCallArchive, putCallArchiveUrl } from './cboe.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient } from './http.ts';

const DAILY = '/api/global/us_indices/daily_prices';

describe('Cboe adapter against the replay server', () => {
  const server = new ReplayServer()
    .route(`${DAILY}/VIX_History.csv`, { status: 429, headers: { 'retry-after': '2' } }, { body: fixture('cboe/VIX_History.csv') })
    .route(`${DAILY}/VVIX_History.csv`, { body: fixture('cboe/VVIX_History.csv') })
    .route(`${DAILY}/SKEW_History.csv`, { headers: { 'content-type': 'text/html' }, body: fixture('cboe/access_denied.html') })
    .route('/resources/options/volume_and_call_put_ratios/equitypc.csv', { body: fixture('cboe/equitypc.csv') });
  let base = '';
  const waits: number[] = [];
  const cboe = () => createCboeSource({ baseUrl: base, http: new HttpClient({ sleep: async (ms) => void waits.push(ms), attempts: 3 }) });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('waits out a 429 as Retry-After says and reads CLOSE from the OHLC file', async () => {
    waits.length = 0;
    const r = await cboe().fetch(catalogEntry('VIX'));
    assert.deepEqual(waits, [2000]);
    assert.equal(server.seen(`${DAILY}/VIX_History.csv`).length, 2);
    assert.equal(r.points.length, 5);
    // 5 August 2024: the VIX closed at 38.57 after an intraday high of 65.73.
    assert.deepEqual(r.points[3], { date: '2024-08-05', value: 38.57 });
    assert.deepEqual(r.points[0], { date: '2024-07-31', value: 16.36 });
  });

  it('reads a close-only file (DATE,VVIX)', async () => {
    const r = await cboe().fetch(catalogEntry('VVIX'));
    assert.deepEqual(r.points, [
      { date: '2024-08-01', value: 104.82 },
      { date: '2024-08-02', value: 126.46 },
      { date: '2024-08-05', value: 147.36 },
    ]);
  });

  it('refuses an HTML page instead of the CSV', async () => {
    await assert.rejects(cboe().fetch(catalogEntry('SKEW')), (e: unknown) => e instanceof DataFormatError && e.message.includes('SKEW_History.csv: expected CSV but the server sent an HTML page'));
  });

  it('reads the keyless put/call archive and says it ends in 2019', async () => {
    const r = await cboe().fetch(catalogEntry('PCR_EQUITY'));
    assert.deepEqual(r.points, [
      { date: '2006-11-01', value: 0.64 },
      { date: '2019-10-04', value: 0.65 },
    ]);
    assert.match(r.origin, /equitypc\.csv \(archive, ends 2019-10-04\)$/);
  });

  it('says where to get put/call ratios that no keyless endpoint serves', async () => {
    const before = server.requests.length;
    await assert.rejects(cboe().fetch(catalogEntry('PCR_SPX')), (e: unknown) => e instanceof FlowlensError && /PCR_SPX: .*not available from a public keyless endpoint; import a file with `flowlens sync --from DIR`/.test(e.message));
    assert.equal(server.requests.length, before);
  });
});

describe('Cboe request builders and parsers', () => {
  it('builds the history and archive URLs', () => {
    assert.equal(cboeUrl('VIX3M'), 'https://cdn.cboe.com/api/global/us_indices/daily_prices/VIX3M_History.csv');
    assert.equal(putCallArchiveUrl('PCR:TOTAL'), 'https://cdn.cboe.com/resources/options/volume_and_call_put_ratios/totalpc.csv');
    assert.equal(putCallArchiveUrl('PCR:SPX'), undefined);
  });

  it('names the file when the archive has no header line', () => {
    assert.throws(() => parsePutCallArchive('Cboe disclaimer,,,,\n1,2,3\n', 'totalpc.csv'), /^DataFormatError: totalpc\.csv:1: no `DATE,CALL,PUT,TOTAL,P\/C Ratio` header/);
  });
});
