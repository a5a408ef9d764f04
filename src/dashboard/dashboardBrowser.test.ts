import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { skipWithoutRealData } from '../testing/realData.ts';
import { realDataStore, type RealStore } from '../testing/realStore.ts';
import { PAGES } from './layout.ts';
import { dashboardRoutes } from '../server/dashboardRoutes.ts';
import { startServer, type RunningServer } from '../server/server.ts';

const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? '/usr/bin/chromium';
const skip = skipWithoutRealData || (existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (Debian package chromium): browser test skipped`);
/** Screenshots of every page land here (gitignored). */
const ARTEFACTS = join(process.cwd(), 'test-output', 'dashboard');

/** Every chart of the page drawn by the client (or the page has none). */
async function chartsDrawn(page: Page): Promise<number> {
  await page.waitForFunction(() => document.querySelectorAll('figure.chart.live').length === document.querySelectorAll('figure.chart').length);
  return page.locator('figure.chart.live').count();
}

describe('the dashboard in headless Chromium, on the real data', { skip }, () => {
  let rs: RealStore;
  let browser: Browser;
  let server: RunningServer;
  let origin: string;
  let assets: string;
  before(async () => {
    // The client as the package ships it: scripts/build.mjs into a temp folder.
    assets = mkdtempSync(join(tmpdir(), 'flowlens-dash-build-'));
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', assets], { encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    writeFileSync(join(assets, 'alerts.json'), JSON.stringify({ rules: [{ id: 'vix-inverted', condition: { kind: 'vix-ratio', atLeast: 1 } }] }));
    rs = await realDataStore();
    // `flowlens serve` as the CLI starts it: the hono app with the dashboard's routes, on loopback.
    server = await startServer({ home: rs.home, port: 0, log: () => undefined, routes: dashboardRoutes((ctx) => ({ assetsDir: join(assets, 'assets'), alerts: { home: ctx.home, rulesFile: join(assets, 'alerts.json') } })) });
    origin = server.url.replace(/\/$/, '');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(ARTEFACTS, { recursive: true });
    process.stdout.write(`dashboard screenshots: ${ARTEFACTS}\n`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await rs?.close();
    if (assets) rmSync(assets, { recursive: true, force: true });
  });

  for (const width of [1440, 390]) {
    it(`every page at ${width} px: no console error, no request off 127.0.0.1, charts drawn, no page-wide horizontal scroll`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: width > 400 ? 900 : 844 }, colorScheme: width > 400 ? 'light' : 'dark' });
      try {
        for (const pg of PAGES) {
          const page = await ctx.newPage();
          const errors: string[] = [];
          const offMachine: string[] = [];
          page.on('console', (m) => {
            if (m.type() === 'error') errors.push(m.text());
          });
          page.on('pageerror', (e) => errors.push(e.message));
          page.on('request', (r) => {
            const u = r.url();
            if (!u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:')) offMachine.push(u);
          });
          const res = await page.goto(`${origin}${pg.path}`);
          assert.equal(res?.status(), 200, pg.path);
          await chartsDrawn(page);
          assert.deepEqual(errors, [], `${pg.path}: console errors`);
          assert.deepEqual(offMachine, [], `${pg.path}: requests off the machine`);
          // Headings in order: one h1, and no level skipped.
          const levels = await page.$$eval('h1, h2, h3, h4', (hs) => hs.map((h) => Number(h.tagName.slice(1))));
          assert.equal(levels.filter((l) => l === 1).length, 1, `${pg.path}: one h1`);
          levels.forEach((l, i) => assert.ok(i === 0 || l <= (levels[i - 1] as number) + 1, `${pg.path}: heading h${l} after h${levels[i - 1]}`));
          // Every chart has an accessible name and a one-line summary.
          const named = await page.$$eval('figure.chart', (fs) => fs.every((f) => (document.getElementById(f.getAttribute('aria-labelledby') ?? '')?.textContent ?? '').length > 3 && (document.getElementById(f.getAttribute('aria-describedby') ?? '')?.textContent ?? '').length > 10));
          assert.ok(named, `${pg.path}: a chart without a name or summary`);
          const docWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width === 390) {
            assert.ok(docWidth <= 390, `${pg.path}: the page is ${docWidth} px wide at 390 px`);
            // No table scrolls inside its box either (the FedWatch table's compare columns did):
            // every details element opened, every table measured against the box it sits in.
            const wide = await page.evaluate(() => {
              document.querySelectorAll('details').forEach((d) => (d.open = true));
              return [...document.querySelectorAll('table')].flatMap((t) => {
                const box = t.parentElement as HTMLElement;
                const w = t.getBoundingClientRect().width;
                return w > box.clientWidth + 0.5 || box.scrollWidth > box.clientWidth ? [`${t.querySelector('caption')?.textContent ?? t.closest('figure')?.id ?? t.closest('form')?.getAttribute('aria-label') ?? 'a table'}: ${Math.round(w)} px in ${box.clientWidth} px`] : [];
              });
            });
            assert.deepEqual(wide, [], `${pg.path}: tables wider than their box at 390 px`);
            if (pg.path === '/fed') assert.ok((await page.locator('table.stack').count()) >= 1, '/fed: the FedWatch tables stack');
          }
          await page.screenshot({ path: join(ARTEFACTS, `${pg.path === '/' ? 'overview' : pg.path.slice(1)}-${width}.png`), fullPage: true });
          await page.close();
        }
      } finally {
        await ctx.close();
      }
    });
  }

  it('the range buttons say which range is shown; the PNG has the page background (dark mode: #0d1117, not transparent)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark', acceptDownloads: true });
    try {
      const page = await ctx.newPage();
      await page.goto(`${origin}/volatility?as-of=2024-08-05`);
      await chartsDrawn(page);
      const pressed = () => page.locator('#chart-vix-ratio [data-range]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-range')}:${e.getAttribute('aria-pressed')}`));
      assert.deepEqual(await pressed(), ['1y:false', '5y:false', 'max:true']);
      await page.locator('#chart-vix-ratio [data-range="1y"]').click();
      assert.deepEqual(await pressed(), ['1y:true', '5y:false', 'max:false']);
      const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#chart-vix-ratio [data-download="png"]').click()]);
      const b64 = readFileSync((await png.path()) ?? '').toString('base64');
      // The corner pixel is outside the plot: the background, opaque.
      const corner = await page.evaluate(async (data) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        g.drawImage(img, 0, 0);
        return Array.from(g.getImageData(1, 1, 1, 1).data);
      }, b64);
      assert.deepEqual(corner, [13, 17, 23, 255]);
    } finally {
      await ctx.close();
    }
  });

  it('hovering the VIX/VIX3M chart shows the date and value under the cursor; CSV downloads the chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await page.goto(`${origin}/volatility?as-of=2024-08-05`);
    await chartsDrawn(page);
    const over = page.locator('#chart-vix-ratio .u-over');
    const box = await over.boundingBox();
    assert.ok(box);
    await over.hover({ position: { x: box.width - 2, y: box.height / 2 } });
    const tip = page.locator('#chart-vix-ratio .tip');
    await tip.filter({ hasText: /\d{4}-\d{2}-\d{2}: VIX\/VIX3M \d/ }).waitFor();
    assert.match((await tip.textContent()) ?? '', /^2024-0[78]-\d\d: VIX\/VIX3M [01]\.\d+/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#chart-vix-ratio [data-download="csv"]').click()]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
    assert.equal(csv[0], 'date,VIX/VIX3M (ratio)');
    assert.match(csv.at(-1) ?? '', /^2024-08-05,1\.144/);
    // The term structure is a chart over maturity: hovering the 3-month point names it and each curve's value.
    const curve = page.locator('#chart-vix-curve .u-over');
    const cbox = await curve.boundingBox();
    assert.ok(cbox);
    assert.equal(await page.locator('#chart-vix-curve').getAttribute('aria-labelledby'), 'chart-vix-curve-t');
    assert.match((await page.locator('#chart-vix-curve-s').textContent()) ?? '', /^On 2024-08-05 the curve runs from 9 days .* falling with maturity \(inverted\)/);
    // 91 days on an axis from 9 − 5% to 182 + 5% of the span.
    const span = 182 - 9;
    const at = (91 - (9 - 0.05 * span)) / (1.1 * span);
    await curve.hover({ position: { x: cbox.width * at, y: cbox.height / 2 } });
    const ctip = page.locator('#chart-vix-curve .tip');
    await ctip.filter({ hasText: /^3 months:/ }).waitFor();
    assert.match((await ctip.textContent()) ?? '', /^3 months: now \(2024-08-05\) \d\d\.\d\d · 1 week ago \(2024-07-29\) \d\d\.\d\d · 1 month ago \(2024-07-06\) \d\d\.\d\d index points$/);
    await page.close();
    // Without script the curve is a static SVG with the tenors on its axis, and its table is there.
    const still = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const plain = await still.newPage();
    await plain.goto(`${origin}/volatility?as-of=2024-08-05`);
    const svg = plain.locator('#chart-vix-curve .static svg').last();
    assert.ok(await svg.isVisible());
    assert.match((await svg.textContent()) ?? '', /9 days.*30 days.*3 months.*6 months/);
    assert.equal(await plain.locator('#chart-vix-curve details tr', { hasText: '30 days' }).locator('td').nth(1).textContent(), '38.57');
    await still.close();
  });

  it('the date control re-renders the page as of that date', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${origin}/volatility`);
    const before = await page.locator('#vix-value').textContent();
    await page.locator('#as-of').fill('2024-08-05');
    await Promise.all([page.waitForURL(/as-of=2024-08-05/), page.getByRole('button', { name: 'Show as of this date' }).click()]);
    assert.equal(await page.locator('#vix-value').textContent(), '38.57'); // Cboe's VIX close of 2024-08-05
    assert.notEqual(before, '38.57');
    // The date travels with the nav.
    await Promise.all([page.waitForURL(/\/fed\?as-of=2024-08-05/), page.getByRole('link', { name: 'Fed' }).click()]);
    assert.equal(await page.locator('#fed-trade-date').textContent(), '2024-08-05');
    await page.close();
  });

  it('a changed assumption changes the result and is shown beside its default', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${origin}/flows?as-of=2024-08-05`);
    const before = await page.locator('#vc-exposure-value').textContent();
    await page.locator('details.assumptions summary').click();
    await page.locator('#a-volTarget').fill('0.2');
    await Promise.all([page.waitForURL(/volTarget=0.2/), page.getByRole('button', { name: 'Recompute' }).click()]);
    const after = await page.locator('#vc-exposure-value').textContent();
    assert.notEqual(after, before);
    assert.ok(Number.parseFloat(after ?? '') > Number.parseFloat(before ?? ''), `${after} vs ${before}`);
    assert.equal(await page.locator('tr', { has: page.locator('label[for="a-volTarget"]') }).locator('td.changed').textContent(), 'changed');
    assert.match(page.url(), /as-of=2024-08-05/);
    const bad = await page.goto(`${origin}/flows?volTarget=9`);
    assert.equal(bad?.status(), 400);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /volTarget must be from 0.01 to 0.5/);
    await page.close();
  });
});
