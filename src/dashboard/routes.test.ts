import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assetResponse } from './routes.ts';

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
