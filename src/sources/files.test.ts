import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { IsoDate, Point } from '../series/types.ts';
import { realDataDir, skipWithoutRealData } from '../testing/realData.ts';
import { columnsOf, pointsOf } from './formats/table.ts';
import { importDirectory, mergeByPriority, type DirectoryImport, type ImportedSeries } from './files.ts';

const p = (date: string, value: number): Point => ({ date: date as IsoDate, value });

function pairs(points: readonly Point[]): [string, number | null][] {
  return points.map((x) => [x.date, Number.isNaN(x.value) ? null : x.value]);
}

/** mergeByPriority on point lists: each list as columns, the result as points again. */
function merged(lists: readonly (readonly Point[])[]): Point[] {
  return pointsOf(mergeByPriority(lists.map(columnsOf)));
}

describe('mergeByPriority', () => {
  it('keeps the first file for a date, adds dates the earlier lack, fills an earlier NaN', () => {
    const high = [p('2024-01-03', 3), p('2024-01-02', 2), p('2024-01-04', NaN)];
    const low = [p('2024-01-01', 10), p('2024-01-02', 20), p('2024-01-04', 40), p('2024-01-05', 50)];
    assert.deepEqual(pairs(merged([high, low])), [
      ['2024-01-01', 10],
      ['2024-01-02', 2],
      ['2024-01-03', 3],
      ['2024-01-04', 40],
      ['2024-01-05', 50],
    ]);
  });
  it('merges sorted lists the same way, in priority order', () => {
    const a = [p('2024-01-02', 2), p('2024-01-03', 3), p('2024-01-04', NaN)];
    const b = [p('2024-01-01', 10), p('2024-01-02', 20), p('2024-01-04', NaN), p('2024-01-05', 50)];
    const c = [p('2024-01-04', 400), p('2024-01-05', 500), p('2024-01-06', 600)];
    assert.deepEqual(pairs(merged([a, b, c])), [
      ['2024-01-01', 10],
      ['2024-01-02', 2],
      ['2024-01-03', 3],
      ['2024-01-04', 400],
      ['2024-01-05', 50],
      ['2024-01-06', 600],
    ]);
  });
  it('keeps a NaN no later file fills', () => {
    assert.deepEqual(pairs(merged([[p('2024-01-02', NaN)], [p('2024-01-03', 1)]])), [['2024-01-02', null], ['2024-01-03', 1]]);
  });
});

describe('importDirectory on a small folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-files-'));
  const entry = (id: string, source: CatalogEntry['source'], files?: CatalogEntry['files']): CatalogEntry => ({
    id,
    title: id,
    unit: '',
    frequency: 'daily',
    source,
    key: id,
    group: 'rates',
    ...(files ? { files } : {}),
  });
  const catalog: CatalogEntry[] = [
    entry('EFFR', 'fred'),
    entry('WDTGAL', 'fred', [{ file: 'WDTGAL_excerpt.csv' }]),
    entry('VIX3M', 'cboe', [{ file: 'VIX3M_History.csv' }, { file: 'term.csv', column: 'VIX3M_close' }]),
    entry('VIX9D', 'cboe', [{ file: 'term.csv', column: 'VIX9D_close' }]),
    entry('BROKEN', 'cboe', [{ file: 'broken.csv' }]),
    entry('DUPES', 'cboe', [{ file: 'dupes.csv' }]),
    entry('DGS3MO', 'fred'),
  ];
  let imp: DirectoryImport;
  const get = (id: string): ImportedSeries => {
    const s = imp.series.find((x) => x.seriesId === id);
    assert.ok(s, `${id} imported`);
    return s;
  };

  before(async () => {
    mkdirSync(join(dir, 'macro'));
    mkdirSync(join(dir, 'market'));
    writeFileSync(join(dir, 'macro', 'EFFR.csv'), 'Date,Value\n2026-06-03,3.63\n2026-06-04,\n');
    writeFileSync(
      join(dir, 'macro', 'cache.json'),
      JSON.stringify({ fetched_at: 'x', series: { EFFR: [['2026-06-03', 9.99], ['2026-06-04', 3.62], ['2026-08-19', 3.61]], NOTINCATALOG: [] } }),
    );
    writeFileSync(join(dir, 'macro', 'WDTGAL_excerpt.csv'), 'observation_date,WDTGAL\n2024-01-31,865481\n');
    writeFileSync(join(dir, 'macro', 'SOURCES.md'), '# sources\n');
    writeFileSync(join(dir, 'macro', 'definitions.txt'), 'text\n');
    writeFileSync(join(dir, 'market', 'VIX3M_History.csv'), 'DATE,OPEN,HIGH,LOW,CLOSE\n07/21/2026,19.83,20.04,19.45,19.59\n07/22/2026,19.79,19.82,19.27,19.54\n');
    writeFileSync(join(dir, 'market', 'term.csv'), 'fecha,VIX3M_close,VIX9D_close\n2026-07-22,19.6,14.1\n2026-08-20,19.059999465942383,14.39\n');
    writeFileSync(join(dir, 'market', 'broken.csv'), '<!DOCTYPE html>\n<html><body>Too many requests</body></html>\n');
    writeFileSync(join(dir, 'market', 'dupes.csv'), 'date,value\n2026-01-02,1\n2026-01-02,2\n2026-01-05,9999-12-31\n9999-12-31,4\n2026-01-06,3\n');
    writeFileSync(join(dir, 'market', 'QQQ_fund_flows_derived.csv'), 'Fecha,Signo\n1999-03-10,Salida\n');
    writeFileSync(join(dir, 'market', 'other.csv'), 'date,value\n2026-01-02,1\n');
    imp = await importDirectory(dir, { catalog });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('merges a FRED <ID>.csv with a JSON bundle: CSV first, bundle fills its gaps and extends it', () => {
    const effr = get('EFFR');
    assert.deepEqual(pairs(effr.points), [['2026-06-03', 3.63], ['2026-06-04', 3.62], ['2026-08-19', 3.61]]);
    assert.deepEqual(effr.files, ['macro/EFFR.csv', 'macro/cache.json']);
    assert.equal(effr.origin, `${join(dir, 'macro/EFFR.csv')},${join(dir, 'macro/cache.json')}`);
  });

  it("uses an entry's explicit files in priority order, with columns", () => {
    assert.deepEqual(pairs(get('VIX3M').points), [['2026-07-21', 19.59], ['2026-07-22', 19.54], ['2026-08-20', 19.059999465942383]]);
    assert.deepEqual(pairs(get('VIX9D').points), [['2026-07-22', 14.1], ['2026-08-20', 14.39]]);
    assert.deepEqual(pairs(get('WDTGAL').points), [['2024-01-31', 865481]]);
  });

  it('reports a file that fails to parse without stopping the others', () => {
    assert.equal(imp.problems.length, 1);
    const [problem] = imp.problems;
    assert.equal(problem?.file, 'market/broken.csv');
    assert.ok(problem?.error instanceof DataFormatError);
    assert.match(problem.error.message, /broken\.csv:1: an HTML page, not data/);
    assert.deepEqual(imp.missing, ['BROKEN', 'DGS3MO']);
  });

  it('leaves out bad rows with file and line and imports the rest of the file', () => {
    assert.deepEqual(pairs(get('DUPES').points), [['2026-01-02', 1], ['2026-01-06', 3]]);
    const messages = imp.rowProblems.filter((r) => r.file === 'market/dupes.csv').map((r) => r.message.slice(r.message.indexOf('dupes.csv')));
    assert.equal(messages.length, 3);
    assert.equal(messages[0], 'dupes.csv:3: duplicated date 2026-01-02 (first on line 2); row skipped');
    assert.equal(messages[1], 'dupes.csv:4: column "value": not a number: "9999-12-31"; row skipped');
    assert.match(messages[2] ?? '', /^dupes\.csv:5: DUPES: date 9999-12-31 is after \d{4}-\d{2}-\d{2} \(today plus the publication margin\); row skipped$/);
  });

  it('sorts every file into imported, documentation or unmatched-with-reason', () => {
    assert.deepEqual(imp.documentation, ['macro/SOURCES.md', 'macro/definitions.txt']);
    assert.deepEqual(imp.unmatched, [
      { file: 'market/QQQ_fund_flows_derived.csv', reason: 'derived by a third party; not imported' },
      { file: 'market/other.csv', reason: 'no catalog series lists this file (add it to a FileMatch in src/series/catalog.ts to import it)' },
    ]);
  });
});

describe('importDirectory on FLOWLENS_DATA_DIR (real data)', () => {
  let imp: DirectoryImport;
  const last = (id: string): string | undefined => {
    const s = imp.series.find((x) => x.seriesId === id);
    return s?.points.filter((x) => !Number.isNaN(x.value)).at(-1)?.date;
  };
  const valueOn = (id: string, date: string): number | undefined => imp.series.find((x) => x.seriesId === id)?.points.find((x) => x.date === date)?.value;

  before(async () => {
    const dir = realDataDir();
    if (dir !== undefined) imp = await importDirectory(dir);
  });

  it('reads every file without a parse error', { skip: skipWithoutRealData }, () => {
    assert.deepEqual(
      imp.problems.map((x) => x.error.message),
      [],
    );
  });

  it('imports the fed funds futures by contract from the three files, and daily DFF', { skip: skipWithoutRealData }, () => {
    // CME settlements (pyfedwatch), with their volume.
    assert.equal(valueOn('ZQH23', '2023-03-10'), 95.3375);
    assert.equal(valueOn('ZQH23_VOL', '2023-03-10'), 46054);
    // Yahoo (quantmod long): float32 noise rounded off; the repeated `2025 Jan` rows are ZQZ24 again.
    assert.equal(valueOn('ZQV24', '2024-09-06'), 94.995);
    assert.equal(valueOn('ZQZ24', '2024-09-06'), 95.57);
    assert.equal(valueOn('ZQZ24_VOL', '2024-09-06'), 46556);
    assert.deepEqual(imp.series.find((x) => x.seriesId === 'ZQZ24')?.files.map((f) => f.replace(/^.*\//, '')), ['fed_funds_futures_daily.csv', 'zq_contracts_2024_yahoo_long.csv']);
    assert.ok(imp.missing.includes('ZQZ31'));
    // The tracker: contracts from September 2026 on.
    assert.equal(valueOn('ZQU26', '2025-07-04'), 96.79);
    assert.equal(last('ZQF30'), '2026-09-28');
    // ZQG02 "settled" at 83.425 on 2000-09-12 with no trades (93.425 on the days around): missing.
    assert.ok(Number.isNaN(valueOn('ZQG02', '2000-09-12')));
    assert.equal(valueOn('DFF', '1994-01-01'), 2.85);
    assert.equal(last('DFF'), '2026-03-26');
  });

  it('places every file: imported by a series, documentation, or unmatched with a reason', { skip: skipWithoutRealData }, async () => {
    const { readdir } = await import('node:fs/promises');
    const dir = realDataDir() ?? '';
    const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.'));
    const used = new Set(imp.series.flatMap((s) => s.files));
    const placed = new Set([...used, ...imp.documentation, ...imp.unmatched.map((u) => u.file)]);
    for (const e of all) {
      const rel = join(e.parentPath, e.name).slice(dir.replace(/\/$/, '').length + 1);
      assert.ok(placed.has(rel), `${rel} is neither imported, documentation nor unmatched`);
    }
    for (const u of imp.unmatched) assert.ok(u.reason.length > 10, u.file);
    assert.ok(imp.documentation.some((d) => d.endsWith('SOURCES.md')));
    assert.equal(imp.unmatched.find((u) => u.file.endsWith('fed_funds_futures_daily.csv')), undefined);
    for (const derived of ['QQQ_fund_flows_derived.csv', 'sp500_breadth_calculated.csv', 'HOUSE_TO_INCOME_RATIO.csv']) {
      assert.equal(imp.unmatched.find((u) => u.file.endsWith(derived))?.reason, 'derived by a third party; not imported');
    }
  });

  it('ends each series at the last date its freshest file holds', { skip: skipWithoutRealData }, () => {
    assert.equal(last('WALCL'), '2026-08-19');
    assert.equal(last('VIXCLS'), '2026-08-19');
    assert.equal(last('UNRATE'), '2026-07-01');
    assert.equal(last('VIX3M'), '2026-08-20');
    assert.equal(last('EFFR'), '2026-08-19');
    assert.equal(last('BAMLH0A0HYM2'), '2026-08-19');
    assert.equal(imp.series.find((x) => x.seriesId === 'BAMLH0A0HYM2')?.points[0]?.date, '1996-12-31');
    assert.equal(last('SPY'), '2026-06-05');
    // The Cboe VIX file ends 2026-07-22; the Yahoo term-structure copy extends it, never backfills.
    assert.equal(last('VIX'), '2026-08-20');
    assert.equal(imp.series.find((x) => x.seriesId === 'VIX3M')?.points[0]?.date, '2009-09-18');
  });

  it('keeps the October 2025 gap in UNRATE', { skip: skipWithoutRealData }, () => {
    assert.equal(valueOn('UNRATE', '2025-10-01'), undefined);
    assert.equal(valueOn('UNRATE', '2025-09-01'), 4.4);
    assert.equal(valueOn('UNRATE', '2025-11-01'), 4.5);
  });

  it('reads known values from the files', { skip: skipWithoutRealData }, () => {
    // WALCL.csv line 2; SPY_daily_yahoo.csv 2020-03-16 adjusted close; VIX_History_cboe.csv 03/16/2020 close.
    assert.equal(valueOn('WALCL', '2002-12-18'), 719542);
    assert.equal(valueOn('SPY', '2020-03-16'), 219.78977966308594);
    assert.equal(valueOn('VIX', '2020-03-16'), 82.69);
    assert.equal(valueOn('VIX', '2008-10-24'), 79.13);
    // VIX3M from the Cboe file (priority) and, after it ends, the term-structure file.
    assert.equal(valueOn('VIX3M', '2026-07-22'), 19.54);
    assert.equal(valueOn('VIX3M', '2026-08-20'), 19.059999465942383);
    assert.equal(valueOn('EFFR', '2026-08-19'), 3.63);
    assert.equal(valueOn('BAMLH0A0HYM2', '1996-12-31'), 3.13);
    assert.equal(valueOn('BAMLH0A0HYM2', '2026-08-19'), 2.73);
    assert.equal(valueOn('CL_F', '2020-04-20'), -37.630001068115234);
    assert.equal(valueOn('CFTC_NQ_DEALER_NET', '2006-06-13'), 305538 - 95367);
    assert.equal(valueOn('DFA_GEN_SILENT_NW_SHARE', '1989-07-01'), 78.6);
    assert.equal(valueOn('RNGWHHM', '1997-01-01'), 3.45);
    assert.equal(valueOn('PURANUSDM', '1992-01-01'), 8.75);
    // NDX from the precios JSON bars (priority), rounded to cents there.
    assert.equal(valueOn('NDX', '2026-08-20'), 29213.16);
  });
});
