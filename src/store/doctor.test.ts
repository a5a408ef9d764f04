import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { smallEarningsCalendar } from '../testing/earningsCalendar.ts';
import { CALENDAR_FIX, runDoctor } from './doctor.ts';
import { openStore, storePaths } from './parquetStore.ts';

const smallCalendar = smallEarningsCalendar;

describe('doctor: the stored S&P 500 earnings calendar', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-doctor-cal-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('absent: a note that the buyback window uses the seasonal model, nothing damaged', async () => {
    await (await openStore({ home, mode: 'write' })).close();
    const r = await runDoctor(home);
    assert.equal(r.calendar.status, 'absent');
    assert.equal(r.calendar.line, 'no S&P 500 earnings calendar in the store: the buyback window uses the seasonal model (`flowlens sync --from DIR` imports the calendar from the earnings dates and index weights files)');
    assert.equal(r.damaged, false);
  });

  it('whole: one line with its counts and seasons', async () => {
    const w = await openStore({ home, mode: 'write' });
    assert.equal(w.putEarningsCalendar(smallCalendar()), 'written');
    await w.close();
    const r = await runDoctor(home);
    assert.equal(r.calendar.status, 'ok');
    assert.equal(r.calendar.line, 'S&P 500 earnings calendar: 8 reports of 2 companies (weights for 100.0% of the index), results to 2023-12-31 … 2024-09-30; imported 2026-12-01 from sp500_earnings_dates_x.csv and sp500_weights_x.csv');
    assert.equal(r.damaged, false);
  });

  it('damaged (a date changed in place): the one-line error, moved to quarantine, and the readers fall back to the seasonal model', async () => {
    const file = storePaths(home).earningsCalendar;
    writeFileSync(file, readFileSync(file, 'utf8').replace('2024-04-25', '2024-04-26'));
    const r = await runDoctor(home);
    assert.equal(r.damaged, true);
    assert.equal(r.calendar.status, 'damaged');
    assert.equal(r.calendar.line, `${file}: the stored S&P 500 earnings calendar is damaged (checksum mismatch); import it again with \`flowlens sync --from DIR\` (the folder with the earnings dates and index weights files)`);
    assert.equal(r.calendar.quarantined, join(storePaths(home).quarantine, 'sp500-earnings.json'));
    assert.equal(r.calendar.fix, CALENDAR_FIX);
    assert.equal(existsSync(file), false);
    assert.ok(existsSync(r.calendar.quarantined));
    const s = await openStore({ home, mode: 'read' });
    assert.equal(s.earningsCalendar(), undefined);
    await s.close();
    // Run again: absent now, nothing damaged; a second damaged file does not overwrite the first.
    assert.equal((await runDoctor(home)).calendar.status, 'absent');
    const w = await openStore({ home, mode: 'write' });
    w.putEarningsCalendar(smallCalendar());
    await w.close();
    writeFileSync(file, '{"format": 1, "impor');
    const again = await runDoctor(home);
    assert.match(again.calendar.line, /is damaged \(not valid JSON\)/);
    assert.equal(again.calendar.quarantined, join(storePaths(home).quarantine, 'sp500-earnings.json.1'));
  });
});
