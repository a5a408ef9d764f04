import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDeskFigures } from './deskFigures.ts';

const HEAD = 'published,desk,model,from,to,low_bn,high_bn,source,note\n';

describe('desk figures file', () => {
  it('reads the CSV, a range or a point, quoted sources with commas', () => {
    const r = parseDeskFigures(`${HEAD}2024-08-05,Morgan Stanley,systematic-equity,2024-08-05,2024-08-05,-80,-70,"Bloomberg, 5 Aug 2024",reported\n`, 'f.csv');
    assert.deepEqual(r, [{ published: '2024-08-05', desk: 'Morgan Stanley', model: 'systematic-equity', from: '2024-08-05', to: '2024-08-05', lowBn: -80, highBn: -70, source: 'Bloomberg, 5 Aug 2024', note: 'reported', line: 2 }]);
  });

  it('reads the same figures from JSON', () => {
    const r = parseDeskFigures('[{"published":"2024-08-02","desk":"Nomura","model":"vol-control","from":"2024-07-22","to":"2024-08-02","low_bn":-83.6,"high_bn":-83.6,"source":"Reuters"}]', 'f.json');
    assert.equal(r[0]?.lowBn, -83.6);
    assert.equal(r[0]?.note, '');
  });

  it('the example file in docs/ parses: five figures from Nomura and Morgan Stanley, each with its source', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'desk-figures.example.csv'), 'utf8');
    const r = parseDeskFigures(text, 'desk-figures.example.csv');
    assert.equal(r.length, 5);
    assert.deepEqual(r.map((f) => f.desk.split(' ')[0]), ['Nomura', 'Nomura', 'Nomura', 'Morgan', 'Morgan']);
    assert.ok(r.every((f) => f.source.length > 20 && f.note.startsWith('reported')));
  });

  it('names the file and line (or JSON entry) of a bad figure', () => {
    assert.throws(() => parseDeskFigures(`${HEAD}2024-08-05,MS,vol,2024-08-05,2024-08-05,-80,-70,Bloomberg,\n`, 'f.csv'), /f\.csv:2: field "model": one of vol-control, cta, cta-equity, risk-parity, risk-parity-equity, systematic-equity, got "vol"/);
    assert.throws(() => parseDeskFigures(`${HEAD}2024-08-05,MS,cta,2024-08-05,2024-08-01,-80,-70,Bloomberg,\n`, 'f.csv'), /f\.csv:2: "to" \(2024-08-01\) is before "from"/);
    assert.throws(() => parseDeskFigures(`${HEAD}2024-08-05,MS,cta,2024-08-05,2024-08-05,-70,-80,Bloomberg,\n`, 'f.csv'), /f\.csv:2: high_bn \(-80\) is below low_bn \(-70\)/);
    assert.throws(() => parseDeskFigures(`${HEAD}2024-08-05,MS,cta,5 Aug,2024-08-05,-80,-70,Bloomberg,\n`, 'f.csv'), /f\.csv:2: field "from": not a date YYYY-MM-DD: "5 Aug"/);
    assert.throws(() => parseDeskFigures(`${HEAD}2024-08-05,MS,cta,2024-08-05,2024-08-05,lots,-70,Bloomberg,\n`, 'f.csv'), /f\.csv:2: field "low_bn": a flow in USD bn/);
    assert.throws(() => parseDeskFigures('published,desk,model\n', 'f.csv'), /f\.csv:1: header needs .* missing from, to, low_bn, high_bn, source/);
    assert.throws(() => parseDeskFigures('[{"published":"2024-08-02","desk":"Nomura","model":"cta","from":"2024-07-22","to":"2024-08-02","low_bn":-1,"high_bn":-1}]', 'f.json'), /f\.json: entry 1: field "source" is empty/);
    assert.throws(() => parseDeskFigures('{"figures": []}', 'f.json'), (e: Error) => e.message === 'f.json: expected a JSON array of figures');
    assert.throws(() => parseDeskFigures('{', 'f.json'), /^DataFormatError: f\.json:1: invalid JSON \(/);
  });
});
