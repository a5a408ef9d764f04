import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { IsoDate } from '../series/types.ts';
import type { Store } from '../store/store.ts';
import { assetResponse, dashboardResponse, futureAsOfProblem, pageShell } from './routes.ts';

describe('assetResponse: the dashboard client files under /assets/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-assets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a built asset with its type; a known one not built says to build; any other name lists the assets', () => {
    assert.equal(assetResponse('/assets/dashboard.js', dir).body, "no asset /assets/dashboard.js: the dashboard's client is not built (run `npm run build`)");
    writeFileSync(join(dir, 'dashboard.js'), 'console.log(1)');
    const ok = assetResponse('/assets/dashboard.js', dir);
    assert.deepEqual([ok.status, ok.type, String(ok.body)], [200, 'text/javascript; charset=utf-8', 'console.log(1)']);
    const typo = assetResponse('/assets/dashbord.js', dir);
    assert.deepEqual([typo.status, typo.body], [404, 'no asset /assets/dashbord.js (the assets are /assets/dashboard.js, /assets/dashboard.css)']);
  });
});

describe('a time-machine date after today', () => {
  const today = '2026-12-02' as IsoDate;
  const msg = 'as-of 2099-01-01 is after today (2026-12-02): the time machine shows days that have happened; pick an earlier date, or clear it for the latest data';

  it('is refused with the dates named; today and earlier days are not', () => {
    assert.equal(futureAsOfProblem('2099-01-01' as IsoDate, today), msg);
    assert.equal(futureAsOfProblem('2026-12-02' as IsoDate, today), undefined);
    assert.equal(futureAsOfProblem('1900-01-01' as IsoDate, today), undefined);
    assert.equal(futureAsOfProblem(undefined, today), undefined);
  });

  it('answers 400 with the message on the page, the date control cleared, before reading the store; no 200 shell is sent first', async () => {
    // The store is never touched for a refused date.
    const r = await dashboardResponse({} as Store, '/volatility', new URLSearchParams({ 'as-of': '2099-01-01', volTarget: '0.2' }), { today });
    assert.equal(r?.status, 400);
    const html = String(r?.body);
    assert.ok(html.includes(`<p class="problem" role="alert">${msg}</p>`));
    assert.match(html, /<input type="date" id="as-of" name="as-of" value=""/);
    // The date control carries the assumptions; the volatility page has no assumptions form (they do not change it).
    assert.match(html, /<input type="hidden" name="volTarget" value="0.2">/);
    assert.doesNotMatch(html, /aria-label="Assumptions"/);
    const flows = await dashboardResponse({} as Store, '/flows', new URLSearchParams({ 'as-of': '2099-01-01', volTarget: '0.2' }), { today });
    assert.match(String(flows?.body), /<form method="get" action="\/flows" aria-label="Assumptions">/);
    assert.match(String(flows?.body), /id="a-volTarget" name="volTarget" value="0.2"/);
    assert.equal(pageShell('/', new URLSearchParams({ 'as-of': '2099-01-01' }), today), undefined);
    assert.ok(pageShell('/', new URLSearchParams({ 'as-of': '2020-03-16' }), today)?.includes('2020-03-16'));
  });
});

describe('a refused study parameter', () => {
  it('answers 400 with the message and the study form as sent, so the field can be corrected in place', async () => {
    const r = await dashboardResponse({} as Store, '/study', new URLSearchParams({ event: 'fomc', horizons: '1,1000000', gap: '' }), { today: '2026-12-02' as IsoDate });
    assert.equal(r?.status, 400);
    const html = String(r?.body);
    assert.ok(html.includes('<p class="problem" role="alert">horizons must be 1 to 6 whole trading days from 1 to 252 separated by commas, got &quot;1,1000000&quot;</p>'));
    assert.ok(html.includes('<option value="fomc" selected>fomc</option>'));
    assert.ok(html.includes('<input id="st-horizons" name="horizons" value="1,1000000" size="12">'));
    assert.ok(html.includes('name="gap" value="0" size="5">'));
    assert.ok(html.includes('<button type="submit">Run study</button>'));
  });
});

describe('a refused assumption', () => {
  it('answers 400 naming the field, keeping the as-of date and the other values sent in the form', async () => {
    const r = await dashboardResponse({} as Store, '/flows', new URLSearchParams({ 'as-of': '2020-03-16', volTarget: 'abc', vcAumBn: '500', ctaLookbacks: '21,,63' }), { today: '2026-12-02' as IsoDate });
    assert.equal(r?.status, 400);
    const html = String(r?.body);
    assert.ok(html.includes('<p class="problem" role="alert">volTarget must be a number</p>'));
    assert.match(html, /<input type="date" id="as-of" name="as-of" value="2020-03-16"/);
    assert.match(html, /name="vcAumBn" value="500"/);
    assert.match(html, /name="ctaLookbacks" value="21,63"/);
    assert.match(html, /name="volTarget" value="0.1"/);
  });
});
