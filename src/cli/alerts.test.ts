import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('flowlens alerts', () => {
  it('a bad rules file is one line naming the file (its path), the line and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-alerts-cli-'));
    try {
      const file = join(dir, 'alerts.json');
      writeFileSync(file, JSON.stringify({ rules: [{ id: 'a', condition: { kind: 'vix-ratio' } }, { id: 'b', condition: { kind: 'vix-ratio' } }, { id: 'c', condition: { kind: 'vix-ratoi' } }] }));
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'alerts', 'list'], { encoding: 'utf8', env: { ...process.env, FLOWLENS_HOME: dir, FLOWLENS_ALERTS: file, NO_COLOR: '1' }, timeout: 60_000 });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `flowlens: ${file}:1: rules[2].condition.kind: unknown "vix-ratoi" (expected one of cta-trigger-near, cta-trigger-crossed, vix-ratio, vol-control-flow, net-liquidity-change, cut-odds-move, claim-verdict-changed)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
