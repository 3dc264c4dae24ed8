/**
 * The two text functions kubectl explain's template pipes descriptions through: `wrap` (kubectl's
 * word-wrap writer, which is github.com/mitchellh/go-wordwrap's WrapString) and `indent`.
 */

const isSpace = (c: string): boolean => /\s/u.test(c) && c !== '\u00a0';

/**
 * Wraps at white space so that lines are at most `limit` characters (runes), where words allow: a word
 * longer than the limit stays whole on its own line. Line breaks in the text are kept; spaces before a
 * break are kept when they fit. Runs of spaces between words are kept as they are.
 */
export function wordWrap(s: string, limit: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  for (const c of s) {
    if (c === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen <= limit) out += space;
      } else out += space + word;
      space = '';
      spaceLen = 0;
      word = '';
      wordLen = 0;
      out += '\n';
      current = 0;
    } else if (isSpace(c)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += c;
      spaceLen++;
    } else {
      word += c;
      wordLen++;
      // The word no longer fits after the spaces before it: break the line there (dropping the spaces).
      if (current + spaceLen + wordLen > limit && wordLen < limit) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else out += space + word;
  return out;
}

/** The template's `indent`: pads the first line and every line after a line break. */
export function indent(amount: number, s: string): string {
  const pad = ' '.repeat(amount);
  return pad + s.replaceAll('\n', '\n' + pad);
}
