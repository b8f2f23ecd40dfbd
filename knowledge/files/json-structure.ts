/**
 * What JSON.parse does not say about a JSON text: a key given twice in one object (JSON.parse
 * silently keeps the last value) and nesting deeper than any Iceberg file has (which would cost
 * stack in every step after parsing). Scanned before parsing; tolerant of malformed JSON, which
 * JSON.parse reports itself.
 */

export interface DuplicateKey {
  key: string;
  /** Where the object is: property names and array indexes from the top. */
  path: (string | number)[];
  line: number;
  column: number;
}

export interface JsonStructure {
  duplicateKeys: DuplicateKey[];
  /** Where nesting first went past the limit, if it did (the scan stops there). */
  tooDeep?: { line: number; column: number };
}

/** Far deeper than any Iceberg file (a library is 4 levels deep). */
export const MAX_JSON_DEPTH = 64;

interface Container {
  kind: 'object' | 'array';
  keys?: Set<string>;
  /** Object: the last key read; array: the index of the current element. */
  at: string | number;
  /** Object: whether the next string is a key. */
  expectKey: boolean;
}

export function scanJsonStructure(text: string, options: { maxDepth?: number; maxDuplicates?: number } = {}): JsonStructure {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const maxDuplicates = options.maxDuplicates ?? 100;
  const duplicateKeys: DuplicateKey[] = [];
  const stack: Container[] = [];
  let line = 1;
  let lineStart = 0;
  const path = () => stack.slice(0, -1).map((container) => container.at);
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      line += 1;
      lineStart = index + 1;
    } else if (code === 34) {
      // A string: find its end, skipping escapes.
      let end = index + 1;
      let escaped = false;
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote < 0) return { duplicateKeys };
        let backslashes = 0;
        for (let at = quote - 1; at > index && text.charCodeAt(at) === 92; at -= 1) backslashes += 1;
        if (backslashes > 0) escaped = true;
        end = quote + 1;
        if (backslashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const raw = text.slice(index + 1, end - 1);
        let key = raw;
        if (escaped) {
          try {
            key = JSON.parse(`"${raw}"`) as string;
          } catch {
            key = raw;
          }
        }
        if (top.keys!.has(key)) {
          if (duplicateKeys.length < maxDuplicates) duplicateKeys.push({ key, path: path(), line, column: index - lineStart + 1 });
        } else top.keys!.add(key);
        top.at = key;
        top.expectKey = false;
      }
      index = end - 1;
    } else if (code === 123 || code === 91) {
      // { or [
      const parent = stack[stack.length - 1];
      if (stack.length >= maxDepth) return { duplicateKeys, tooDeep: { line, column: index - lineStart + 1 } };
      stack.push(code === 123 ? { kind: 'object', keys: new Set(), at: '', expectKey: true } : { kind: 'array', at: 0, expectKey: false });
      if (parent?.kind === 'object') parent.expectKey = false;
    } else if (code === 125 || code === 93) {
      stack.pop();
    } else if (code === 44) {
      // ,
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.at = (top.at as number) + 1;
    }
  }
  return { duplicateKeys };
}
