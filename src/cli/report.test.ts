import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportTitle } from './report.ts';

describe('report title', () => {
  it('says "right now" only for the latest data, and the date under --as-of', () => {
    assert.equal(reportTitle(null), 'flowlens: is the flows thesis true right now?');
    assert.equal(reportTitle('2024-08-06'), 'flowlens: was the flows thesis true on 2024-08-06?');
  });
});
