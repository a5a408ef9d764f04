import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calendarCompanies, calendarSummary, coveredSeasons, weightCovered } from '../series/earningsCalendar.ts';
import { openStore, type ParquetStore, storePaths } from '../store/parquetStore.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { importEarningsCalendar } from './earningsCalendar.ts';

const DATES = 'market/sp500_earnings_dates_2020-2026.csv';
const WEIGHTS = 'market/sp500_weights_snapshot_2026.csv';

describe('sync --from: the S&P 500 earnings calendar into the store', { skip: skipWithoutRealData }, () => {
  let home: string;
  let store: ParquetStore;
  const data = realDataDir() ?? '';
  const file = () => storePaths(home).earningsCalendar;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-cal-'));
    store = await openStore({ home, mode: 'write' });
  });
  after(async () => {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('imports the real files: 12,198 reports of 496 companies, AAPL\'s 25 dates with its 6.59% weight', async () => {
    const r = await importEarningsCalendar(store, data, ['macro/WALCL.csv', DATES, WEIGHTS], new Date('2026-12-01T10:00:00Z'));
    assert.equal(r.status, 'imported');
    const cal = store.earningsCalendar();
    assert.ok(cal);
    // 12,356 rows of the dates file: 109 of the 7 companies without a weight and 49 second reports in a season left out.
    assert.equal(cal.reports.length, 12198);
    assert.equal(calendarCompanies(cal), 496);
    assert.deepEqual(cal.withoutWeight, ['BE', 'FERG', 'HONA', 'ILMN', 'P', 'RDDT', 'VMRK']);
    assert.deepEqual(cal.withoutDates, ['AVB', 'BLDR', 'CAG', 'EA', 'EQR', 'TAP', 'TTD']);
    assert.equal(cal.duplicatesDropped, 49);
    const aapl = cal.reports.filter((x) => x.ticker === 'AAPL');
    assert.equal(aapl.length, 25);
    assert.equal(aapl[0]?.date, '2020-10-30');
    assert.equal(aapl.at(-1)?.date, '2026-10-30');
    assert.ok(aapl.some((x) => x.date === '2024-08-02'));
    assert.equal(aapl[0]?.weight, 0.065924);
    assert.equal(cal.importedAt, '2026-12-01T10:00:00.000Z');
    assert.equal(cal.sources.dates.file, 'sp500_earnings_dates_2020-2026.csv');
    assert.equal(cal.sources.weights.file, 'sp500_weights_snapshot_2026.csv');
    assert.equal(cal.sources.dates.bytes, statSync(join(data, DATES)).size);
    assert.match(cal.sources.weights.sha256, /^[0-9a-f]{64}$/);
    // The seven companies without dates hold 0.2002% of the index's 99.9866% (EA 0.0731, AVB 0.0418, EQR 0.0365, …).
    assert.ok(Math.abs(weightCovered(cal) - (1 - 0.200216 / 99.9866)) < 1e-9, `${weightCovered(cal)}`);
    assert.equal(calendarSummary(cal), '12,198 reports of 496 companies (weights for 99.8% of the index)');
    // The results to 2020-09-30 are the first season with most of the index, 2026-09-30's the last.
    assert.deepEqual(coveredSeasons(cal.reports), { first: '2020-09-30', last: '2026-09-30' });
    // A reader opened afterwards sees the same calendar.
    const reader = await openStore({ home, mode: 'read' });
    try {
      assert.equal(reader.earningsCalendar()?.reports.length, 12198);
    } finally {
      await reader.close();
    }
  });

  it('a second import of the same files reads neither again and leaves the stored file untouched', async () => {
    const before_ = statSync(file());
    const bytes = readFileSync(file());
    const r = await importEarningsCalendar(store, data, [DATES, WEIGHTS], new Date('2026-12-02T10:00:00Z'));
    assert.equal(r.status, 'unchanged');
    assert.equal(statSync(file()).mtimeMs, before_.mtimeMs);
    assert.equal(statSync(file()).ino, before_.ino);
    assert.deepEqual(readFileSync(file()), bytes);
    assert.equal(store.earningsCalendar()?.importedAt, '2026-12-01T10:00:00.000Z');
  });

  it('a bad line in either file is one line naming file and line, and the stored calendar is kept', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'flowlens-cal-bad-'));
    try {
      const bytes = readFileSync(file());
      writeFileSync(join(bad, 'sp500_earnings_dates_2020-2027.csv'), 'ticker,date\nAAPL,2027-01-29\nMSFT,01/27/2027\n');
      writeFileSync(join(bad, 'sp500_weights_snapshot_2027.csv'), readFileSync(join(data, WEIGHTS)));
      const r = await importEarningsCalendar(store, bad, ['sp500_earnings_dates_2020-2027.csv', 'sp500_weights_snapshot_2027.csv']);
      assert.equal(r.status, 'failed');
      assert.ok(r.status === 'failed');
      assert.equal(r.file, 'sp500_earnings_dates_2020-2027.csv');
      assert.equal(r.error, `${join(bad, 'sp500_earnings_dates_2020-2027.csv')}:3: column "date": not a date YYYY-MM-DD: "01/27/2027"`);
      writeFileSync(join(bad, 'sp500_earnings_dates_2020-2027.csv'), 'ticker,date\nAAPL,2027-01-29\n');
      writeFileSync(join(bad, 'sp500_weights_snapshot_2027.csv'), 'Unternehmen,Ticker,Gewichtung_pct\nApple Inc.,AAPL,6.5\nMicrosoft Corp.,MSFT,viel\n');
      const w = await importEarningsCalendar(store, bad, ['sp500_earnings_dates_2020-2027.csv', 'sp500_weights_snapshot_2027.csv']);
      assert.ok(w.status === 'failed');
      assert.equal(w.file, 'sp500_weights_snapshot_2027.csv');
      assert.match(w.error, /sp500_weights_snapshot_2027\.csv:3: column "Gewichtung_pct": a weight in % from 0 to 100, got "viel"$/);
      assert.deepEqual(readFileSync(file()), bytes);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('one file without the other imports nothing and says which is missing', async () => {
    const r = await importEarningsCalendar(store, data, [DATES]);
    assert.deepEqual(r, { status: 'incomplete', present: DATES, missing: 'an S&P 500 weights file (sp500_weights*.csv)' });
    assert.deepEqual(await importEarningsCalendar(store, data, ['macro/WALCL.csv']), { status: 'absent' });
  });

  it('a damaged calendar file is one line naming it; the next import writes it whole again', async () => {
    const whole = readFileSync(file());
    writeFileSync(file(), whole.subarray(0, 5000));
    assert.throws(() => store.earningsCalendar(), (e: Error) => e.message === `${file()}: the stored S&P 500 earnings calendar is damaged (not valid JSON); import it again with \`flowlens sync --from DIR\` (the folder with the earnings dates and index weights files)`);
    // A changed date that keeps the JSON valid fails the checksum.
    writeFileSync(file(), whole.toString('utf8').replace('["AAPL","2024-08-02"]', '["AAPL","2024-08-09"]'));
    assert.throws(() => store.earningsCalendar(), /damaged \(checksum mismatch\)/);
    const r = await importEarningsCalendar(store, data, [DATES, WEIGHTS], new Date('2026-12-03T10:00:00Z'));
    assert.equal(r.status, 'imported');
    assert.equal(store.earningsCalendar()?.reports.length, 12198);
  });
});

describe('the stored earnings calendar after a crash', () => {
  it('a temp file a crashed sync left beside it is removed when the next writer opens the store; a reader never sees it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'flowlens-cal-crash-'));
    try {
      const path = storePaths(home).earningsCalendar;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp-999999`, '{"format":1,"importedAt":"2026-');
      const reader = await openStore({ home, mode: 'read' });
      assert.equal(reader.earningsCalendar(), undefined);
      await reader.close();
      const writer = await openStore({ home, mode: 'write' });
      await writer.close();
      assert.deepEqual(readdirSync(dirname(path)), []);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
