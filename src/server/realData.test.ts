import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readForModel, type PointInTime } from '../cli/data.ts';
import { buildReport, REPORT_INPUTS } from '../cli/report.ts';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { syncFromFetched } from '../sync/runSync.ts';
import { importRealData, realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { startServer, type RunningServer } from './server.ts';

/** The last line of a file in the real-data folder, split on commas. */
function lastRow(rel: string): string[] {
  const lines = readFileSync(join(realDataDir() ?? '', rel), 'utf8').trim().split('\n');
  return (lines[lines.length - 1] ?? '').split(',');
}

/** The CLOSE of a Cboe history file (MM/DD/YYYY) on an ISO date. */
function cboeClose(rel: string, iso: string): number {
  const [y, m, d] = iso.split('-');
  const line = readFileSync(join(realDataDir() ?? '', rel), 'utf8').split('\n').find((l) => l.startsWith(`${m}/${d}/${y},`));
  assert.ok(line, `${rel} has no row for ${iso}`);
  return Number(line.split(',')[4]);
}

interface ReportBody {
  asOf: string | null;
  theses: { id: string; verdict: string; metrics: { label: string; value: string; asOf?: string }[] }[];
  inputsAsOf: Record<string, string>;
}

async function timed(url: string): Promise<{ ms: number; res: Response; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { ms: performance.now() - t0, res, body };
}

describe('flowlens serve over a store imported from the real data', { skip: skipWithoutRealData }, () => {
  let home: string;
  let srv: RunningServer;
  const log: string[] = [];
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-serve-real-'));
    const store = await openStore({ home, mode: 'write' });
    try {
      await syncFromFetched(store, (await importRealData()).series);
    } finally {
      await store.close();
    }
    srv = await startServer({ home, port: 0, log: (l) => log.push(l) });
  });
  after(async () => {
    await srv?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('/api/series/WALCL ends on the last row of macro/WALCL.csv', async () => {
    const [date, value] = lastRow('macro/WALCL.csv');
    const j = (await (await fetch(`${srv.url}api/series/WALCL`)).json()) as { dates: string[]; values: number[]; count: number };
    assert.equal(j.dates.at(-1), date);
    assert.equal(j.values.at(-1), Number(value));
    assert.equal(j.count, j.dates.length);
    assert.ok(j.count > 1000, `WALCL has ${j.count} weekly values`);
  });

  it('/api/series lists WALCL with the same last date and count as the series read', async () => {
    const [date] = lastRow('macro/WALCL.csv');
    const j = (await (await fetch(`${srv.url}api/series`)).json()) as { series: { id: string; lastDate: string; count: number; status: string }[] };
    const one = (await (await fetch(`${srv.url}api/series/WALCL`)).json()) as { count: number };
    const w = j.series.find((s) => s.id === 'WALCL');
    assert.equal(w?.lastDate, date);
    assert.equal(w?.count, one.count);
    assert.ok(j.series.filter((s) => s.status !== 'not synced').length >= 150);
  });

  it('GET / builds the page once, then answers from the cache until the store changes', async (t) => {
    const cold = await timed(srv.url);
    const warm = await timed(srv.url);
    t.diagnostic(`cold GET / ${cold.ms.toFixed(0)} ms (${cold.body.length} bytes), cached GET / ${warm.ms.toFixed(1)} ms`);
    assert.equal(cold.res.status, 200);
    assert.equal(cold.res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(cold.res.headers.get('x-flowlens-cache'), 'miss');
    assert.equal(warm.res.headers.get('x-flowlens-cache'), 'hit');
    assert.equal(warm.body, cold.body);
    assert.match(cold.body, /^<!DOCTYPE html>/);
    const [walclDate] = lastRow('macro/WALCL.csv');
    assert.ok(cold.body.includes(`<td>WALCL</td><td>${walclDate}</td>`), 'the as-of table lists WALCL with its last date');
    assert.match(cold.body, /served by flowlens serve — data as of \d{4}-\d{2}-\d{2} \(store last written \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\) — reload to refresh/);
  });

  it('/api/report has the 12 theses with the verdicts `flowlens report --json` computes from the same store', async () => {
    const j = (await (await fetch(`${srv.url}api/report`)).json()) as ReportBody;
    const store = await openStore({ home, mode: 'read' });
    const pit: PointInTime = { laterVintages: [] };
    const direct = buildReport(await readForModel(store, [...new Set(REPORT_INPUTS)], pit), pit);
    await store.close();
    assert.equal(j.theses.length, 12);
    assert.equal(j.asOf, null);
    assert.deepEqual(
      j.theses.map((t) => [t.id, t.verdict]),
      direct.theses.map((t) => [t.id, t.verdict]),
    );
    assert.deepEqual(j.inputsAsOf, direct.inputsAsOf);
  });

  it('?as-of=2024-08-06 gives vix-hedging\'s key metric, VIX/VIX3M, as it closed that day', async () => {
    const ratio = cboeClose('market/VIX_History_cboe.csv', '2024-08-06') / cboeClose('market/VIX3M_History.csv', '2024-08-06');
    const j = (await (await fetch(`${srv.url}api/report?as-of=2024-08-06`)).json()) as ReportBody;
    assert.equal(j.asOf, '2024-08-06');
    const vix = j.theses.find((t) => t.id === 'vix-hedging');
    assert.deepEqual(vix?.metrics[0], { label: 'VIX / VIX3M', value: ratio.toFixed(3), asOf: '2024-08-06' });
    assert.equal(ratio.toFixed(3), '1.036');
    const page = await fetch(`${srv.url}?as-of=2024-08-06`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(html.includes('As of 2024-08-06'));
    assert.ok(html.includes(`<div class="v">${ratio.toFixed(3)}</div><div class="l">VIX / VIX3M</div>`));
    assert.ok(html.includes('served by flowlens serve — data as of 2024-08-06'));
  });

  it('reads while another handle holds the writer lock and writes, and shows the new value on the next request', async () => {
    const [lastDate, lastValue] = lastRow('macro/WALCL.csv');
    const writer = await openStore({ home, mode: 'write' });
    const before = new Date().toISOString();
    try {
      // The writer holds write.lock from here on; the server must still answer.
      assert.equal((await fetch(`${srv.url}api/report`)).headers.get('x-flowlens-cache'), 'hit');
      await new Promise((r) => setTimeout(r, 20)); // a later mtime than the import's on coarse clocks
      const r = await writer.write({ seriesId: 'WALCL', points: [{ date: '2026-12-30' as IsoDate, value: 6_700_001 }], origin: 'serve test' }, new Date().toISOString());
      assert.equal(r.added, 1);
      await writer.commit(); // a write is visible once committed (a sync commits in batches and at its end)
      const j = (await (await fetch(`${srv.url}api/series/WALCL?from=2026-08-01`)).json()) as { dates: string[]; values: number[] };
      assert.deepEqual(j.dates.slice(-2), [lastDate, '2026-12-30']);
      assert.deepEqual(j.values.slice(-2), [Number(lastValue), 6_700_001]);
      const old = (await (await fetch(`${srv.url}api/series/WALCL?from=2026-08-01&as-of=${before}`)).json()) as { dates: string[] };
      assert.equal(old.dates.at(-1), lastDate, 'as of before the write, the new week is not there');
      const report = await fetch(`${srv.url}api/report`);
      assert.equal(report.headers.get('x-flowlens-cache'), 'miss', 'the write invalidated the cached report');
      assert.equal(((await report.json()) as ReportBody).inputsAsOf.WALCL, '2026-12-30');
      const page = await fetch(srv.url);
      assert.equal(page.headers.get('x-flowlens-cache'), 'hit', 'the page shares the rebuilt report');
      assert.ok((await page.text()).includes('<td>WALCL</td><td>2026-12-30</td>'));
    } finally {
      await writer.close();
    }
    // No 5xx status (the third field of "METHOD PATH STATUS N ms"; a build time can be 5xx ms).
    assert.ok(!log.some((l) => /^\S+ \S+ 5\d\d /.test(l)), log.join('\n'));
  });
});
