import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { IsoDate } from '../series/types.ts';
import { openStore, storePaths } from '../store/parquetStore.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

/** Runs `flowlens doctor` in a child process on `home`. */
function doctor(home: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'doctor', ...args], { encoding: 'utf8', env: { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('flowlens doctor: the stored S&P 500 earnings calendar', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-doctor-cli-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('says what it holds, names a damaged file with the way out (exit 1), and notes the seasonal model when there is none', async () => {
    const w = await openStore({ home, mode: 'write' });
    w.putEarningsCalendar({
      importedAt: '2026-12-01T10:00:00.000Z',
      sources: { dates: { file: 'sp500_earnings_dates_x.csv', bytes: 1, sha256: 'a' }, weights: { file: 'sp500_weights_x.csv', bytes: 1, sha256: 'b' } },
      reports: ['2024-01-25', '2024-04-25'].map((d) => ({ ticker: 'AAA', date: d as IsoDate, weight: 1 })),
      weights: { AAA: 1 },
      withoutWeight: [],
      withoutDates: [],
      duplicatesDropped: 0,
    });
    await w.close();
    const ok = doctor(home);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'OK      S&P 500 earnings calendar: 2 reports of 1 companies (weights for 100.0% of the index), results to 2023-12-31 … 2024-03-31; imported 2026-12-01 from sp500_earnings_dates_x.csv and sp500_weights_x.csv\n0 of 0 series OK.\n');
    const file = storePaths(home).earningsCalendar;
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    const bad = doctor(home);
    assert.equal(bad.code, 1);
    const moved = join(storePaths(home).quarantine, 'sp500-earnings.json');
    assert.equal(bad.stdout, `DAMAGED ${file}: the stored S&P 500 earnings calendar is damaged (not valid JSON); import it again with \`flowlens sync --from DIR\` (the folder with the earnings dates and index weights files); moved to ${moved}\n0 of 0 series OK.\n`);
    const json = JSON.parse(doctor(home, '--json').stdout) as { calendar: { status: string; line: string }; damaged: boolean };
    assert.deepEqual([json.calendar.status, json.damaged], ['absent', false]);
    assert.equal(doctor(home).stdout.split('\n')[0], 'NOTE    no S&P 500 earnings calendar in the store: the buyback window uses the seasonal model (`flowlens sync --from DIR` imports the calendar from the earnings dates and index weights files)');
  });
});
