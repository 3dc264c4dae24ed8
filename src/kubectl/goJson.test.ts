import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError } from './goJson';

// Texts checked against kubectl 1.32's `patch --type=json --dry-run=client -p …` (encoding/json's scanner).
describe('goJsonSyntaxError', () => {
  it.each([
    ['{', 'unexpected end of JSON input'],
    ['{a: 1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a": [}', "invalid character '}' looking for beginning of value"],
    ['{"a":1}}', "invalid character '}' after top-level value"],
    ['  {"a":1} x', "invalid character 'x' after top-level value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair"],
    ['{"a": [1 2]}', "invalid character '2' after array element"],
    ['{"a": tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a": 1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a": "\\q"}', "invalid character 'q' in string escape code"],
    ['{"a": "x\ny"}', "invalid character '\\n' in string literal"],
  ])('%j → %s', (text, msg) => {
    expect(goJsonSyntaxError(text)).toBe(msg);
  });

  it('accepts well-formed JSON', () => {
    expect(goJsonSyntaxError(' {"a": [1, -2.5e3, true, null, "\\u00e9"], "b": {}}\n')).toBeUndefined();
  });
});
