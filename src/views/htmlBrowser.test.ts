import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { seriesFrom } from '../series/series.ts';
import { renderHtml } from './html.ts';
import { lineChartSvg } from './svg.ts';

const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (Debian package chromium): browser test skipped`;

describe('the HTML report in headless Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    dir = mkdtempSync(join(tmpdir(), 'flowlens-html-'));
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens offline with no console error or request, and every chart draws its line', async () => {
    const a = seriesFrom('NETLIQ', ['2026-07-29', '2026-08-05', '2026-08-12', '2026-08-19'], [5900, 5850, 5830, 5809], { title: 'Net liquidity' });
    const b = seriesFrom('RATIO', ['2024-08-01', '2024-08-02', '2024-08-05', '2024-08-06'], [0.86, 0.95, 1.14, 0.98], { title: 'VIX/VIX3M' });
    const file = join(dir, 'report.html');
    writeFileSync(
      file,
      renderHtml({
        title: 'flowlens test report',
        sections: [
          { id: 'a', title: 'Liquidity', charts: [lineChartSvg([a], { title: 'Net liquidity' })] },
          { id: 'b', title: 'VIX', charts: [lineChartSvg([b], { rules: [1], bands: [{ from: '2024-08-02', to: '2024-08-07' }] })] },
        ],
      }),
    );
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    const lines = await page.$$eval('g[aria-label="line"] path', (ps) => ps.map((p) => (p as SVGPathElement).getTotalLength()));
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
    assert.equal(lines.length, 2);
    assert.ok(lines.every((len) => len > 50), `line lengths ${lines.join(', ')}`);
    const out = join(process.cwd(), 'test-output');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
  });
});
