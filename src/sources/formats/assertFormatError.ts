import assert from 'node:assert/strict';
import { DataFormatError } from '../../core/errors.ts';

/**
 * Test helper: asserts that `fn` throws a DataFormatError for `file` at `line` (undefined: no
 * line) whose message starts with `file:line: ` and matches `part`.
 */
export function assertFormatError(fn: () => unknown, file: string, line: number | undefined, part: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataFormatError, `expected a DataFormatError, got ${String(e)}`);
    assert.equal(e.origin, file);
    assert.equal(e.line, line, e.message);
    assert.ok(e.message.startsWith(line === undefined ? `${file}: ` : `${file}:${line}: `), e.message);
    assert.match(e.message, part);
    return true;
  });
}
