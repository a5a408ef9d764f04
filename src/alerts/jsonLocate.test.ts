import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonPathOffset, lineColumn } from './jsonLocate.ts';

describe('where a value sits in a JSON text', () => {
  const text = '{\n  "a": "x}\\"]{",\n  "rules": [\n    { "id": "v", "n": [1, {"k": 2}] },\n    { "id": "w", "n": -3.5e2 }\n  ]\n}';
  const lineOf = (path: PropertyKey[]) => lineColumn(text, jsonPathOffset(text, path)).line;
  it('follows keys and indexes past strings holding brackets, quotes and escapes', () => {
    assert.equal(lineOf(['a']), 2);
    assert.equal(lineOf(['rules', 1, 'n']), 5);
    assert.equal(text.slice(jsonPathOffset(text, ['rules', 1, 'n'])).slice(0, 6), '-3.5e2');
    assert.equal(text.slice(jsonPathOffset(text, ['rules', 0, 'n', 1, 'k'])).slice(0, 1), '2');
  });
  it('a path that leaves the document stops at the deepest value it reaches', () => {
    assert.equal(lineOf(['rules', 1, 'missing']), 5);
    assert.equal(lineOf(['rules', 7]), 3);
    assert.equal(lineOf([]), 1);
  });
  it('lines and columns count from 1', () => {
    assert.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  });
});
