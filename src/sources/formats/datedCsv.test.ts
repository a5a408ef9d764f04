import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFormatError } from '../../core/errors.ts';
import type { Point } from '../../series/types.ts';
import { assertFormatError } from './assertFormatError.ts';
import { parseCboeCsv, parseCsvFile, parseCsvPoints, parseFredGraphCsv, parseYahooCsv } from './datedCsv.ts';

/** Points as [date, value] pairs, NaN written as null, for readable deepEqual. */
function pairs(points: readonly Point[]): [string, number | null][] {
  return points.map((p) => [p.date, Number.isNaN(p.value) ? null : p.value]);
}

describe('parseCsvFile: formats found in the sources', () => {
  it("reads FRED's fredgraph.csv (observation_date,<ID>) with float noise and an empty value", () => {
    const text = 'observation_date,WDTGAL\n2024-01-31,865481\n2024-02-07,793226.0000000000\n2025-10-01,\n';
    const t = parseCsvFile(text, 'WDTGAL.csv');
    assert.equal(t.format, 'fredgraph');
    assert.deepEqual(pairs(t.points()), [['2024-01-31', 865481], ['2024-02-07', 793226], ['2025-10-01', null]]);
    assert.deepEqual(pairs(parseFredGraphCsv(text, 'WDTGAL.csv')), pairs(t.points()));
  });

  it("reads old FRED downloads (DATE,<ID>) with '.' for holidays", () => {
    const t = parseCsvFile('DATE,GOLDAMGBD228NLBM\n1968-04-01,38.000\n1968-04-02,.\n', 'gold.csv');
    assert.equal(t.format, 'fredgraph');
    assert.deepEqual(pairs(t.points()), [['1968-04-01', 38], ['1968-04-02', null]]);
  });

  it('reads date,value / "Date","<ID>" / Date,Value downloads', () => {
    assert.deepEqual(pairs(parseCsvPoints('date,value\n2002-12-18,719542.0\n2002-12-25,720000\n', 'WALCL.csv')), [
      ['2002-12-18', 719542],
      ['2002-12-25', 720000],
    ]);
    assert.deepEqual(pairs(parseCsvPoints('"Date","CUSR0000SEHA"\n1981-01-01,84.7\n', 'CUSR0000SEHA.csv')), [['1981-01-01', 84.7]]);
    assert.deepEqual(pairs(parseCsvPoints('\uFEFFDate,Value\n2002-11-13,122.88\n', 'MOVE_index_daily.csv')), [['2002-11-13', 122.88]]);
  });

  it('reads date,value,<derived columns> taking value', () => {
    const t = parseCsvFile('"date","value","deseasonalized_value"\n1948-01-01,5.8,5.83001644736842\n', 'LNS14000036.csv');
    assert.equal(t.defaultColumn, 'value');
    assert.deepEqual(pairs(t.points()), [['1948-01-01', 5.8]]);
  });

  it('ignores text columns nobody reads (JOLTS labels)', () => {
    const text = 'date,value,value_trail_three,dataelement_text\n2021-02-01,4,3.93,Hires\n2021-03-01,4.3,4.1,Hires\n';
    assert.deepEqual(pairs(parseCsvPoints(text, 'JTSHIR.csv', 'value')), [['2021-02-01', 4], ['2021-03-01', 4.3]]);
    assertFormatError(() => parseCsvPoints(text, 'JTSHIR.csv', 'dataelement_text'), 'JTSHIR.csv', 2, /column "dataelement_text": not a number: "Hires"/);
  });

  it('reads Cboe OHLC history (MM/DD/YYYY) taking CLOSE', () => {
    const text = 'DATE,OPEN,HIGH,LOW,CLOSE\n01/02/1990,17.240000,17.240000,17.240000,17.240000\n03/16/2020,57.830000,83.560000,57.830000,82.690000\n';
    const t = parseCsvFile(text, 'VIX_History.csv');
    assert.equal(t.format, 'cboe-ohlc');
    assert.deepEqual(pairs(parseCboeCsv(text, 'VIX_History.csv')), [['1990-01-02', 17.24], ['2020-03-16', 82.69]]);
  });

  it('reads single-value Cboe files (DATE,VVIX)', () => {
    const text = 'DATE,VVIX\n03/06/2006,71.730000\n03/07/2006,72.5\n';
    assert.equal(parseCsvFile(text, 'VVIX.csv').format, 'cboe-single');
    assert.deepEqual(pairs(parseCboeCsv(text, 'VVIX.csv')), [['2006-03-06', 71.73], ['2006-03-07', 72.5]]);
  });

  it('reads Yahoo OHLCV in both column orders, picking Close by name', () => {
    const classic = 'Date,Open,High,Low,Close,Volume\n1993-01-29,24.25862779793665,24.25862779793665,24.137938107399652,24.24138641357422,1003200\n';
    assert.deepEqual(pairs(parseYahooCsv(classic, 'SPY.csv')), [['1993-01-29', 24.24138641357422]]);
    const yf = 'Date,Close,High,Low,Open,Volume\r\n2020-04-20,-37.630001068115234,17.850000381469727,-40.31999969482422,17.729999542236328,247947\r\n';
    assert.deepEqual(pairs(parseYahooCsv(yf, 'CL=F.csv')), [['2020-04-20', -37.630001068115234]]);
    const adj = 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-12-31,3733.270020,3760.199951,3726.879883,3756.070068,3756.070068,3172510000';
    assert.deepEqual(pairs(parseYahooCsv(adj, 'GSPC.csv')), [['2020-12-31', 3756.070068]]);
    const weekly = 'Date,High,Low,Close\n1928-01-02,17.65999984741211,17.65999984741211,17.6\n';
    assert.deepEqual(pairs(parseYahooCsv(weekly, 'SPX_weekly.csv')), [['1928-01-02', 17.6]]);
  });

  it('reads EIA/datahub Date,Price and Month,Price (YYYY-MM)', () => {
    assert.deepEqual(pairs(parseCsvPoints('Date,Price\r\n1997-01-07,3.82\r\n2018-01-05,\r\n', 'daily.csv')), [['1997-01-07', 3.82], ['2018-01-05', null]]);
    const m = parseCsvFile('Month,Price\r\n1997-01,3.45\r\n1997-02,2.15\r\n', 'monthly.csv');
    assert.equal(m.format, 'eia-price');
    assert.deepEqual(pairs(m.points()), [['1997-01-01', 3.45], ['1997-02-01', 2.15]]);
  });

  it('reads the uranium file with an empty first header cell', () => {
    assert.deepEqual(pairs(parseCsvPoints(',uranium\n1992-01,8.75\n2026-07,69.23\n', 'uranium.csv', 'uranium')), [['1992-01-01', 8.75], ['2026-07-01', 69.23]]);
  });

  it('reads multi-column files by column name (put/call Fecha,…; term structure fecha,…)', () => {
    const pc = parseCsvFile('Fecha,TOTAL_PUT_CALL_RATIO,INDEX_PUT_CALL_RATIO,MXEF_PUT_CALL_RATIO\n2019-10-07,1.05,1.05,\n2019-10-08,0.98,1.2,0.0\n', 'pcr.csv');
    assert.equal(pc.format, 'multi-column');
    assert.equal(pc.defaultColumn, undefined);
    assert.deepEqual(pairs(pc.points('INDEX_PUT_CALL_RATIO')), [['2019-10-07', 1.05], ['2019-10-08', 1.2]]);
    assertFormatError(() => pc.points(), 'pcr.csv', undefined, /several value columns and none named/);
    assertFormatError(() => pc.points('VIX_PUT_CALL_RATIO'), 'pcr.csv', undefined, /no column "VIX_PUT_CALL_RATIO"/);
    const ts = parseCsvFile('fecha,NDX_close,VIX_close,VIX3M_close\n2000-01-03,3790.550048828125,24.209999084472656,\n2026-08-20,29213.1640625,16.01,19.059999465942383\n', 'ts.csv');
    assert.deepEqual(pairs(ts.points('VIX3M_close')), [['2000-01-03', null], ['2026-08-20', 19.059999465942383]]);
  });

  it('reads the Cboe put/call archive (M/D/YYYY then MM/DD/YYYY with spaces, CRLF)', () => {
    const text = 'DATE,CALLS,PUTS,TOTAL,Ratio\r\n11/1/2006,1401036,1271445,2672481,0.91\r\n10/04/2019, 2175006, 2289715, 4464721, 1.05\r\n';
    assert.deepEqual(pairs(parseCsvPoints(text, 'totalpc.csv', 'Ratio')), [['2006-11-01', 0.91], ['2019-10-04', 1.05]]);
  });

  it('reads CFTC TFF by its report date and computes A-B net positions', () => {
    const text =
      'CFTC_Contract_Market_Code,Report_Date_as_YYYY-MM-DD,Open_Interest_All,Dealer_Positions_Long_All,Dealer_Positions_Short_All\n' +
      '209742,2006-06-13,598465,305538,95367\n209742,2006-06-20,600000,300000,310000\n';
    const t = parseCsvFile(text, 'cot.csv');
    assert.equal(t.format, 'cftc-tff');
    assert.deepEqual(pairs(t.points('Open_Interest_All')), [['2006-06-13', 598465], ['2006-06-20', 600000]]);
    assert.deepEqual(pairs(t.points('Dealer_Positions_Long_All-Dealer_Positions_Short_All')), [['2006-06-13', 210171], ['2006-06-20', -10000]]);
  });

  it('reads Fed DFA files (Date,Category,…; YYYY:Qn) as Category:Column', () => {
    const text =
      'Date,Category,Net worth,Assets\n1989:Q3,Silent,78.6,73.4\n1989:Q3,Millennial,0.0,0.1\n1989:Q4,Silent,78.4,73.0\n1989:Q4,Millennial,0.1,0.2\n';
    const t = parseCsvFile(text, 'dfa-generation-shares.csv');
    assert.equal(t.format, 'dfa');
    assert.deepEqual(pairs(t.points('Millennial:Net worth')), [['1989-07-01', 0], ['1989-10-01', 0.1]]);
    assert.deepEqual(pairs(t.points('Silent:Assets')), [['1989-07-01', 73.4], ['1989-10-01', 73]]);
    assertFormatError(() => parseCsvFile('Date,Category,Net worth\n1989:Q3,Silent,1\n1989:Q3,Silent,2\n', 'dfa.csv'), 'dfa.csv', 3, /duplicated.*1989-07-01 Silent: line 2 and line 3/);
  });
});

describe('parseCsvFile: bad input', () => {
  it('names the line of an unknown date format', () => {
    assertFormatError(() => parseCsvFile('date,value\n2024-01-02,1\n02.01.2024,2\n', 'd.csv'), 'd.csv', 3, /unknown date format "02\.01\.2024"/);
  });

  it('names both lines of a duplicated date', () => {
    assertFormatError(() => parseCsvFile('date,value\n2024-01-02,1\n2024-01-03,2\n2024-01-02,1\n', 'dup.csv'), 'dup.csv', 4, /duplicated date 2024-01-02: line 2 and line 4/);
  });

  it('in a lenient read, leaves out a repeated date with the line of its first row, sorted or not before it', () => {
    const errors: DataFormatError[] = [];
    const t = parseCsvFile('date,value\n2024-01-02,1\n2024-01-03,2\n2024-01-04,3\n2024-01-03,9\n2024-01-01,0\n2024-01-01,8\n', 'dup.csv', errors);
    assert.deepEqual(pairs(t.points()), [['2024-01-02', 1], ['2024-01-03', 2], ['2024-01-04', 3], ['2024-01-01', 0]]);
    assert.deepEqual(errors.map((e) => e.message), ['dup.csv:5: duplicated date 2024-01-03 (first on line 3); row skipped', 'dup.csv:7: duplicated date 2024-01-01 (first on line 6); row skipped']);
  });

  it('names the line and column of a non-numeric value', () => {
    const t = parseCsvFile('date,value\n2024-01-02,1\n\n2024-01-03,#N/A\n', 'n.csv');
    assertFormatError(() => t.points(), 'n.csv', 4, /column "value": not a number: "#N\/A"/);
    assertFormatError(() => parseCsvPoints('Date,Close\n2024-01-02,abc\n', 'a.csv'), 'a.csv', 2, /column "Close": not a number: "abc"/);
  });

  it('reports a header without a date column', () => {
    assertFormatError(() => parseCsvFile('ticker,fy_end,revenue\nAAPL,2007-09-29,1\n', 'h.csv'), 'h.csv', 1, /no date column/);
  });

  it('reports an empty file, an HTML page and a truncated last row', () => {
    assertFormatError(() => parseCsvFile('', 'e.csv'), 'e.csv', 1, /empty file/);
    assertFormatError(() => parseCsvFile('<!DOCTYPE html><html><title>Error</title></html>', 'p.csv'), 'p.csv', 1, /HTML page/);
    assertFormatError(() => parseCsvFile('Date,Open,Close\n2024-01-02,1,2\n2024-01-03,1', 't.csv'), 't.csv', 3, /truncated/);
  });

  it('rejects a Cboe parser call on a Yahoo file', () => {
    assertFormatError(() => parseCboeCsv('Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n', 'y.csv'), 'y.csv', 1, /expected a cboe-ohlc or cboe-single CSV, found yahoo/);
  });
});
