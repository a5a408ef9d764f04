import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Point } from '../../series/types.ts';
import { assertFormatError } from './assertFormatError.ts';
import { parseFredJsonBundle, parseFredObservationsJson, parseJsonFile, parseOhlcJson } from './json.ts';

function pairs(points: readonly Point[]): [string, number | null][] {
  return points.map((p) => [p.date, Number.isNaN(p.value) ? null : p.value]);
}

const BUNDLE = JSON.stringify({
  fetched_at: '2026-08-20T20:49:14Z',
  observed_at: { EFFR: '2026-08-20', UNRATE: '2026-08-07' },
  series: {
    EFFR: [['2026-08-18', 3.63], ['2026-08-19', 3.63]],
    UNRATE: [['2025-09-01', 4.4], ['2025-11-01', 4.5], ['2025-12-01', null]],
  },
});

// Two NDX daily bars stamped at New York midnight (04:00 UTC in summer, 05:00 UTC in winter).
const PRECIOS = JSON.stringify({
  generado: '2026-08-21 00:34 UTC',
  demo: false,
  series: {
    NDX: { nombre: 'Nasdaq-100', tf: { '1D': [[1787112000000, 29580.85, 29652.3, 29288.75, 29426.02, 8173140000], [1787198400000, 29295.15, 29378.8, 29118.07, 29213.16, 1172482000]], '4H': [] }, patrones: {} },
    VIX: { nombre: 'VIX', tf: { '1D': [[631256400000, 17.24, 17.24, 17.24, 17.24, 0]] } },
  },
});

describe('FRED JSON bundle', () => {
  it('gives each series by id, null as missing', () => {
    const b = parseFredJsonBundle(BUNDLE, 'cache.json');
    assert.equal(b.format, 'fred-json-bundle');
    assert.deepEqual(b.columns, ['EFFR', 'UNRATE']);
    assert.deepEqual(pairs(b.points('EFFR')), [['2026-08-18', 3.63], ['2026-08-19', 3.63]]);
    assert.deepEqual(pairs(b.points('UNRATE')), [['2025-09-01', 4.4], ['2025-11-01', 4.5], ['2025-12-01', null]]);
    assertFormatError(() => b.points('DGS2'), 'cache.json', undefined, /no series "DGS2"/);
  });

  it('names the JSON path of a bad value, a bad date and a duplicated date', () => {
    const bad = (rows: unknown[]): string => JSON.stringify({ series: { X: rows } });
    assertFormatError(() => parseFredJsonBundle(bad([['2024-01-02', 'abc']]), 'b.json').points('X'), 'b.json', undefined, /series\.X\[0\]: not a number: "abc"/);
    assertFormatError(() => parseFredJsonBundle(bad([['2024-01-02', 1], ['Jan 3', 2]]), 'b.json').points('X'), 'b.json', undefined, /series\.X\[1\]: unknown date format "Jan 3"/);
    assertFormatError(
      () => parseFredJsonBundle(bad([['2024-01-02', 1], ['2024-01-01', 2], ['2024-01-02', 1]]), 'b.json').points('X'),
      'b.json',
      undefined,
      /duplicated date 2024-01-02: series\.X\[0\] and series\.X\[2\]/,
    );
  });
});

describe('NDX/VIX OHLC JSON', () => {
  it('takes the close of 1D bars at the UTC date of a local-midnight stamp', () => {
    const f = parseOhlcJson(PRECIOS, 'precios.json');
    assert.deepEqual(f.columns, ['NDX', 'VIX']);
    assert.deepEqual(pairs(f.points('NDX')), [['2026-08-19', 29426.02], ['2026-08-20', 29213.16]]);
    // 631256400000 = 1990-01-02T05:00:00Z (EST midnight).
    assert.deepEqual(pairs(f.points('VIX')), [['1990-01-02', 17.24]]);
  });
});

describe('parseJsonFile', () => {
  it('recognises both layouts', () => {
    assert.equal(parseJsonFile(BUNDLE, 'a.json').format, 'fred-json-bundle');
    assert.equal(parseJsonFile(PRECIOS, 'b.json').format, 'ohlc-json');
  });

  it('reports a truncated file with its line, an HTML page, an empty file and an unknown layout', () => {
    assertFormatError(() => parseJsonFile('{"series":\n{"X": [["2024-01-02", 1],', 't.json'), 't.json', 2, /invalid JSON/);
    assertFormatError(() => parseJsonFile('<!doctype html><p>404</p>', 'h.json'), 'h.json', 1, /HTML page/);
    assertFormatError(() => parseJsonFile('  \n', 'e.json'), 'e.json', 1, /empty file/);
    assertFormatError(() => parseJsonFile('{"observations": []}', 'o.json'), 'o.json', undefined, /unknown JSON layout/);
  });
});

describe('FRED API observations JSON', () => {
  it("reads date/value strings, '.' as missing", () => {
    const text = JSON.stringify({
      realtime_start: '2026-08-20',
      observations: [
        { realtime_start: '2026-08-20', realtime_end: '2026-08-20', date: '2026-08-17', value: '4.33' },
        { realtime_start: '2026-08-20', realtime_end: '2026-08-20', date: '2026-08-18', value: '.' },
      ],
    });
    assert.deepEqual(pairs(parseFredObservationsJson(text, 'https://api/x')), [['2026-08-17', 4.33], ['2026-08-18', null]]);
  });
  it('reports an API error message and a bad value', () => {
    assertFormatError(() => parseFredObservationsJson('{"error_code":400,"error_message":"Bad Request. The series does not exist."}', 'u'), 'u', undefined, /FRED error: Bad Request/);
    assertFormatError(() => parseFredObservationsJson('{"observations":[{"date":"2026-08-17","value":"n/a"}]}', 'u'), 'u', undefined, /observations\[0\]: not a number: "n\/a"/);
  });
});
