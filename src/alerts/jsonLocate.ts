// Where a value sits in a JSON text, so a problem found after parsing (a rule's field) can be
// named by its line as well as its path.

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * The offset in `text` (valid JSON) of the value at `path` (keys and array indexes, as zod gives
 * them); where the path leaves the document (a missing field), the offset of the deepest value
 * it reaches. A key's offset is that of its value, which is on the key's line in any usual layout.
 */
export function jsonPathOffset(text: string, path: readonly PropertyKey[]): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const str = (): string => {
    const from = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(from, i)) as string;
  };
  // Skips one value (the scanner stands on its first character).
  const skip = (): void => {
    const c = text[i];
    if (c === '"') {
      str();
      return;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = text[i];
        if (d === '"') {
          str();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        i++;
      } while (depth > 0 && i < text.length);
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i] as string)) i++;
  };
  ws();
  for (const step of path) {
    const at = i;
    if (text[i] === '{') {
      i++;
      let found = false;
      for (ws(); text[i] === '"'; ) {
        const key = str();
        ws();
        i++; // the colon
        ws();
        if (key === String(step)) {
          found = true;
          break;
        }
        skip();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      if (!found) return at;
    } else if (text[i] === '[' && typeof step === 'number') {
      i++;
      ws();
      for (let k = 0; k < step; k++) {
        if (text[i] === ']') return at;
        skip();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      if (text[i] === ']') return at;
    } else {
      return at;
    }
  }
  return i;
}
