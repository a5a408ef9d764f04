import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { misspelledParam } from './queryKeys.ts';

describe('misspelledParam', () => {
  const known = ['ids', 'from', 'to', 'as-of', 'format', 'volTarget'];
  it('names a known parameter spelt with another case, dash or underscore', () => {
    assert.equal(misspelledParam(['ids', 'asOf'], known), 'unknown parameter "asOf" (did you mean as-of?)');
    assert.equal(misspelledParam(['as_of'], known), 'unknown parameter "as_of" (did you mean as-of?)');
    assert.equal(misspelledParam(['FROM'], known), 'unknown parameter "FROM" (did you mean from?)');
    assert.equal(misspelledParam(['vol-target'], known), 'unknown parameter "vol-target" (did you mean volTarget?)');
  });
  it('lets exact and unrelated parameters through (token, cache-busters)', () => {
    assert.equal(misspelledParam(['as-of', 'ids', 'token', '_', 'v'], known), undefined);
  });
});
