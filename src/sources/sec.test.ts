import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FetchError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient, USER_AGENT } from './http.ts';
import { createSources } from './registry.ts';
import { openStore } from '../store/parquetStore.ts';
import { syncFromSources } from '../sync/runSync.ts';
import { createSecSource, extractSecFacts, isFullFiscalYear, parseSecEntry, secAnnualPoints, secConcepts, secUrl } from './sec.ts';

const MSFT = '/api/xbrl/companyfacts/CIK0000789019.json';
const json = { 'content-type': 'application/json' };

/**
 * The fixture is Microsoft's companyfacts in SEC's shape, cut to a few facts: real fiscal-year
 * values (capex FY2023–FY2025, revenue FY2017 and FY2023–FY2025, SalesRevenueNet before ASC 606),
 * each year repeated by the next 10-K, a 10-Q quarter and a three-month 10-K fact that must be
 * ignored. The FY2023 capex of 28.2 bn in the FY2025 10-K is made up for the test (Microsoft
 * reported 28.107 bn each time): it stands for a restatement.
 */
describe('SEC adapter against the replay server', () => {
  const server = new ReplayServer()
    .route(MSFT, { body: fixture('sec/CIK0000789019.json'), headers: json })
    .route('/bad/api/xbrl/companyfacts/CIK0000789019.json', { body: fixture('sec/bad_val.json'), headers: json })
    .route('/flaky/api/xbrl/companyfacts/CIK0000789019.json', { status: 503, body: '' }, { body: fixture('sec/CIK0000789019.json'), headers: json })
    .route('/denied/api/xbrl/companyfacts/CIK0000789019.json', { status: 403, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code></Error>', headers: { 'content-type': 'application/xml' } })
    .route('/empty/api/xbrl/companyfacts/CIK0000789019.json', { body: '{"cik":789019,"entityName":"MICROSOFT CORPORATION","facts":{"dei":{}}}', headers: json });
  let base = '';
  const sec = (path = '') => createSecSource({ baseUrl: `${base}${path}`, http: new HttpClient({ sleep: async () => {}, attempts: 2 }) });
  const pairs = async (src: ReturnType<typeof sec>, id: string) => (await src.fetch(catalogEntry(id))).points.map((p) => [p.date, p.value]);
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('keeps full fiscal years from 10-Ks in USD bn at the fiscal-year end; the latest filing wins', async () => {
    const src = sec();
    assert.deepEqual(await pairs(src, 'CAPEX_MSFT'), [
      ['2023-06-30', 28.2], // restated in the FY2025 10-K (filed 2025-07-30)
      ['2024-06-30', 44.477],
      ['2025-06-30', 64.551],
    ]);
    // FY2017: the ASC 606 concept (96.571 bn, restated in the FY2019 10-K) comes before SalesRevenueNet (89.95 bn as first filed);
    // FY2016 exists only as SalesRevenueNet.
    assert.deepEqual(await pairs(src, 'REVENUE_MSFT'), [
      ['2016-06-30', 85.32],
      ['2017-06-30', 96.571],
      ['2023-06-30', 211.915],
      ['2024-06-30', 245.122],
      ['2025-06-30', 281.724],
    ]);
    // One download serves both series of the company.
    assert.equal(server.seen(MSFT).length, 1);
  });

  it('dates each value at its filing, so a restatement is stored as a revision', async () => {
    const capex = await sec().fetch(catalogEntry('CAPEX_MSFT'));
    assert.equal(capex.origin, `${base}${MSFT}`);
    assert.deepEqual(capex.vintages, [
      { realtimeStart: '2023-07-27', points: [{ date: '2023-06-30', value: 28.107 }] },
      { realtimeStart: '2024-07-30', points: [{ date: '2024-06-30', value: 44.477 }] },
      {
        realtimeStart: '2025-07-30',
        points: [
          { date: '2023-06-30', value: 28.2 },
          { date: '2025-06-30', value: 64.551 },
        ],
      },
    ]);
  });

  it('names the malformed field', async () => {
    await assert.rejects(
      sec('/bad').fetch(catalogEntry('CAPEX_MSFT')),
      (e: unknown) =>
        e instanceof DataFormatError &&
        e.message === `${base}/bad${MSFT}: facts.us-gaap.PaymentsToAcquirePropertyPlantAndEquipment.units.USD[2].val: expected a number, got "28200000000"`,
    );
    await assert.rejects(sec('/empty').fetch(catalogEntry('REVENUE_MSFT')), (e: unknown) => e instanceof DataFormatError && /empty\/api.*: facts\.us-gaap: missing/.test(e.message));
  });

  it('retries a 503, and on a 403 says how to set the User-Agent SEC asks for', async () => {
    assert.equal((await sec('/flaky').fetch(catalogEntry('CAPEX_MSFT'))).points.length, 3);
    await assert.rejects(
      sec('/denied').fetch(catalogEntry('CAPEX_MSFT')),
      (e: unknown) => e instanceof FetchError && e.status === 403 && /HTTP 403.*FLOWLENS_SEC_USER_AGENT='Your Name you@example\.com'/.test(e.message),
    );
  });

  it('syncs CAPEX_/REVENUE_ series into the store, the restatement as a revision dated at its filing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'flowlens-sec-'));
    const store = await openStore({ home, mode: 'write' });
    try {
      const rows = await syncFromSources(store, [catalogEntry('CAPEX_MSFT'), catalogEntry('REVENUE_MSFT')], createSources({ FLOWLENS_SEC_URL: base }), {
        now: () => new Date('2026-11-30T12:00:00Z'),
      });
      assert.deepEqual(
        rows.map((r) => [r.seriesId, r.source, r.added, r.error]),
        [
          ['CAPEX_MSFT', 'sec', 3, undefined],
          ['REVENUE_MSFT', 'sec', 5, undefined],
        ],
      );
      const on = async (asOf?: string) => (await store.read('CAPEX_MSFT', asOf ? { asOf } : {})).map((p) => [p.date, p.value]);
      assert.deepEqual(await on('2025-01-01'), [
        ['2023-06-30', 28.107],
        ['2024-06-30', 44.477],
      ]);
      assert.deepEqual(await on(), [
        ['2023-06-30', 28.2],
        ['2024-06-30', 44.477],
        ['2025-06-30', 64.551],
      ]);
    } finally {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('is wired into createSources with FLOWLENS_SEC_URL and FLOWLENS_SEC_USER_AGENT', async () => {
    const ua = 'flowlens tests ops@example.org';
    const src = createSources({ FLOWLENS_SEC_URL: base, FLOWLENS_SEC_USER_AGENT: ua }).sec;
    assert.equal((await src.fetch(catalogEntry('REVENUE_MSFT'))).points.at(-1)?.value, 281.724);
    assert.equal(server.seen(MSFT).at(-1)?.headers['user-agent'], ua);
    await createSources({ FLOWLENS_SEC_URL: base }).sec.fetch(catalogEntry('CAPEX_MSFT'));
    assert.equal(server.seen(MSFT).at(-1)?.headers['user-agent'], USER_AGENT);
  });
});

describe('SEC company facts, step by step', () => {
  const origin = 'facts.json';
  const fact = (over: Record<string, unknown>) => ({ start: '2024-01-01', end: '2024-12-31', val: 1e9, fy: 2024, fp: 'FY', form: '10-K', filed: '2025-02-01', ...over });
  const doc = (facts: unknown[]) => ({ facts: { 'us-gaap': { PaymentsToAcquireProductiveAssets: { units: { USD: facts } } } } });

  it('keeps 10-K full years only: 350 to 380 days, fp FY', () => {
    const facts = extractSecFacts(doc([fact({}), fact({ start: '2024-10-01' }), fact({ fp: 'Q4' }), fact({ form: '10-Q' }), fact({ start: '2023-12-25', end: '2024-12-28' })]), ['PaymentsToAcquireProductiveAssets'], origin);
    assert.deepEqual(
      facts.get('PaymentsToAcquireProductiveAssets')?.map(isFullFiscalYear),
      [true, false, false, false, true], // a 53-week year (369 days) is a full year
    );
  });

  it('takes the first concept holding a year: Amazon capex before the PP&E concept', () => {
    assert.deepEqual(secConcepts('0001018724', 'capex'), ['PaymentsToAcquireProductiveAssets', 'PaymentsToAcquirePropertyPlantAndEquipment']);
    assert.deepEqual(secConcepts('0000320193', 'capex'), ['PaymentsToAcquirePropertyPlantAndEquipment']);
    const json = {
      facts: {
        'us-gaap': {
          PaymentsToAcquireProductiveAssets: { units: { USD: [fact({ val: 82_999_000_000 })] } },
          PaymentsToAcquirePropertyPlantAndEquipment: { units: { USD: [fact({ val: 1 }), fact({ start: '2023-01-01', end: '2023-12-31', val: 52_729_000_000 })] } },
        },
      },
    };
    const concepts = secConcepts('0001018724', 'capex');
    assert.deepEqual(secAnnualPoints(extractSecFacts(json, concepts, origin), concepts).points, [
      { date: '2023-12-31', value: 52.729 },
      { date: '2024-12-31', value: 82.999 },
    ]);
  });

  it('rejects a response that is not companyfacts, naming the field', () => {
    assert.throws(() => extractSecFacts({ message: 'Not found' }, ['X'], origin), /^DataFormatError: facts\.json: facts: missing/);
    assert.throws(() => extractSecFacts(doc([fact({ end: '12/31/2024' })]), ['PaymentsToAcquireProductiveAssets'], origin), /USD\[0\]\.end: expected a YYYY-MM-DD date, got "12\/31\/2024"/);
    assert.throws(() => extractSecFacts(doc([fact({ filed: undefined })]), ['PaymentsToAcquireProductiveAssets'], origin), /USD\[0\]\.filed: expected a YYYY-MM-DD date, got undefined/);
    assert.throws(() => extractSecFacts({ facts: { 'us-gaap': { PaymentsToAcquireProductiveAssets: { units: { USD: {} } } } } }, ['PaymentsToAcquireProductiveAssets'], origin), /units\.USD: expected an array/);
  });

  it('reads the CIK from the key and the measure from the id', () => {
    assert.deepEqual(parseSecEntry(catalogEntry('CAPEX_AMZN')), { cik: '0001018724', measure: 'capex' });
    assert.deepEqual(parseSecEntry(catalogEntry('REVENUE_GOOGL')), { cik: '0001652044', measure: 'revenue' });
    assert.throws(() => parseSecEntry({ id: 'CAPEX_X', key: '320193' }), /10-digit CIK/);
    assert.equal(secUrl('0000320193'), 'https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json');
  });
});
