import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFuturesContractsCsv, parseFuturesContractsCsv } from './futuresContracts.ts';

const cme = 'symbol,date,open,high,low,close,volume,open_interest\nZQH23,2023-03-09,95.3,95.3,95.3,95.305,100,1\nZQH23,2023-03-10,95.3,95.35,95.3,95.3375,46054,2\nZQJ23,2023-03-10,95.0,95.1,95.0,95.1,0,3\n';
const long =
  'Index,name,value,term\n2024-09-06,ZQZ24.CBT.Close,95.56999969482422,2024 Dec\n2024-09-06,ZQZ24.CBT.Volume,46556,2024 Dec\n2024-09-06,ZQZ24.CBT.Open,95.5,2024 Dec\n' +
  '2024-09-06,ZQZ24.CBT.Close,95.56999969482422,2025 Jan\n2024-09-06,ZQZ24.CBT.Volume,46556,2025 Jan\n';
const tracker = 'trade_date,contract,close,source\n2025-07-04,ZQU26,96.7900,yahoo\n2025-07-03,ZQU26,96.7800,yahoo\n';

describe('fed funds futures files', () => {
  it('recognises the three layouts from the header', () => {
    assert.ok(isFuturesContractsCsv(cme) && isFuturesContractsCsv(long) && isFuturesContractsCsv(tracker));
    assert.ok(!isFuturesContractsCsv('Index,name,value,term\n2024-01-01,SPY.Close,1,x\n'));
    assert.ok(!isFuturesContractsCsv('date,value\n2024-01-01,1\n'));
  });

  it('reads CME settlements and volumes by contract', () => {
    const f = parseFuturesContractsCsv(cme, 'a.csv');
    assert.deepEqual(f.columns, ['ZQH23', 'ZQH23_VOL', 'ZQJ23', 'ZQJ23_VOL']);
    assert.deepEqual(f.points('ZQH23'), [
      { date: '2023-03-09', value: 95.305 },
      { date: '2023-03-10', value: 95.3375 },
    ]);
    assert.deepEqual(f.points('ZQJ23_VOL'), [{ date: '2023-03-10', value: 0 }]);
  });

  it('reads the quantmod long file: one row per repeated label, float32 noise rounded', () => {
    const f = parseFuturesContractsCsv(long, 'b.csv');
    assert.deepEqual(f.columns, ['ZQZ24', 'ZQZ24_VOL']);
    assert.deepEqual(f.points('ZQZ24'), [{ date: '2024-09-06', value: 95.57 }]);
    assert.deepEqual(f.points('ZQZ24_VOL'), [{ date: '2024-09-06', value: 46556 }]);
  });

  it('reads the tracker file sorted by date', () => {
    const f = parseFuturesContractsCsv(tracker, 'c.csv');
    assert.deepEqual(f.points('ZQU26').map((p) => p.date), ['2025-07-03', '2025-07-04']);
  });

  it('names the file and line of bad input; a bad settlement spoils its contract only', () => {
    assert.throws(() => parseFuturesContractsCsv(cme.replace('ZQJ23', 'ZQA23'), 'a.csv'), /^DataFormatError: a\.csv:4: unknown contract code "ZQA23"/);
    assert.throws(() => parseFuturesContractsCsv(tracker.replace('2025-07-03', '07/33/2025'), 'c.csv'), /c\.csv:3: unknown date format/);
    const high = parseFuturesContractsCsv(cme.replace('95.3375', '100.5'), 'a.csv');
    assert.throws(() => high.points('ZQH23'), /a\.csv:3: ZQH23 settlement 100\.5 is outside 90–100\.25/);
    assert.equal(high.points('ZQJ23')[0]?.value, 95.1);
    // On a day without trades an impossible settlement is a placeholder: missing, not an error.
    const placeholder = parseFuturesContractsCsv(cme.replace('95.0,95.1,95.0,95.1,0', '85.0,85.1,85.0,85.1,0'), 'a.csv');
    assert.ok(Number.isNaN(placeholder.points('ZQJ23')[0]?.value));
    const low = parseFuturesContractsCsv(tracker.replace('96.7800', '89.5'), 'c.csv');
    assert.throws(() => low.points('ZQU26'), /c\.csv:3: ZQU26 settlement 89\.5 is outside 90–100\.25 \(an implied rate of 10\.500%\)/);
    const twice = parseFuturesContractsCsv(long.replace('95.56999969482422,2025 Jan', '95.6,2025 Jan'), 'b.csv');
    assert.throws(() => twice.points('ZQZ24'), /b\.csv:5: ZQZ24 on 2024-09-06 is listed twice with different values: 95\.57 \(line 2\) and 95\.6/);
  });
});
