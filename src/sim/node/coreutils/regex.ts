/**
 * POSIX basic and extended regular expressions, as GNU grep reads them, turned into JavaScript ones:
 * BRE's `\(` `\)` `\{` `\}` `\|` `\+` `\?` are its operators and the bare characters literals (ERE the
 * other way round); bracket expressions with `[:class:]`; GNU's `\< \> \w \W \s \S \b \B`. Errors
 * carry grep's messages.
 */

export class RegexError extends Error {}

const CLASSES: Record<string, string> = {
  alpha: '\\p{L}',
  digit: '0-9',
  alnum: '\\p{L}\\p{N}',
  upper: '\\p{Lu}',
  lower: '\\p{Ll}',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: '\\x20-\\x7e\\p{L}\\p{N}',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

/** A literal character, escaped for a JavaScript regular expression in unicode mode. */
function lit(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** A bracket expression starting at `src[i] === '['`: its JavaScript form and where it ended. */
function bracket(src: string, i: number): { js: string; end: number } {
  let j = i + 1;
  let out = '[';
  if (src[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (; j < src.length; j++) {
    const c = src[j]!;
    if (c === ']' && !first) return { js: `${out}]`, end: j + 1 };
    first = false;
    if (c === '[' && src[j + 1] === ':') {
      const close = src.indexOf(':]', j + 2);
      if (close < 0) break;
      const name = src.slice(j + 2, close);
      const cls = CLASSES[name];
      if (cls === undefined) throw new RegexError('Invalid character class name');
      out += cls;
      j = close + 1;
      continue;
    }
    if (c === '-' && src[j + 1] !== ']' && out.length > 1 && !out.endsWith('^')) {
      out += '-';
      continue;
    }
    out += /[\\\]\[^\-]/.test(c) ? `\\${c}` : c;
  }
  throw new RegexError('Unmatched [, [^, [:, [., or [=');
}

export function posixToJs(src: string, extended: boolean): string {
  // grep's hint names [:space:] whichever class was meant.
  if (/^\[:[a-z]+:\]$/.test(src)) throw new RegexError('character class syntax is [[:space:]], not [:space:]');
  if (src.endsWith('[') && !src.endsWith('\\[')) throw new RegexError('Invalid regular expression');
  let out = '';
  let depth = 0;
  /** where a `*` would be literal: at the start, after `(`, `|` or `^` */
  let atStart = true;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const wasStart = atStart;
    atStart = false;
    if (c === '[') {
      const b = bracket(src, i);
      out += b.js;
      i = b.end - 1;
      continue;
    }
    if (c === '\\' && i + 1 < src.length) {
      const d = src[++i]!;
      const op = !extended && '(){}|+?'.includes(d);
      if (op) {
        ({ out, depth, atStart } = operator(d, out, depth, src, i, extended));
        if (d === '{') i = skipInterval(src, i, extended);
        continue;
      }
      if (d === '<') out += '\\b(?=[\\p{L}\\p{N}_])';
      else if (d === '>') out += '\\b(?<=[\\p{L}\\p{N}_])';
      else if (d === 'w') out += '[\\p{L}\\p{N}_]';
      else if (d === 'W') out += '[^\\p{L}\\p{N}_]';
      else if ('sSbB'.includes(d)) out += `\\${d}`;
      else if (/[1-9]/.test(d)) out += `\\${d}`;
      else out += lit(d);
      continue;
    }
    if (extended && '(){}|+?'.includes(c)) {
      if (c === '{' && !/^\{\d+(,\d*)?\}/.test(src.slice(i))) {
        out += '\\{';
        continue;
      }
      if (c === ')' && depth === 0) {
        out += '\\)';
        continue;
      }
      ({ out, depth, atStart } = operator(c, out, depth, src, i, extended));
      if (c === '{') i = skipInterval(src, i, extended);
      continue;
    }
    if (c === '*' && wasStart) {
      out += '\\*';
      continue;
    }
    if (c === '^') {
      // An anchor only at the start (BRE) or anywhere (ERE); otherwise a literal caret.
      if (extended || wasStart) {
        out += '^';
        atStart = true;
      } else out += '\\^';
      continue;
    }
    if (c === '$') {
      out += extended || i === src.length - 1 || src.slice(i + 1, i + 3) === '\\)' ? '$' : '\\$';
      continue;
    }
    if (c === '.' || c === '*') {
      out += c;
      continue;
    }
    out += lit(c);
  }
  if (depth > 0) throw new RegexError('Unmatched ( or \\(');
  return out;
}

function operator(op: string, out: string, depth: number, src: string, i: number, extended: boolean): { out: string; depth: number; atStart: boolean } {
  switch (op) {
    case '(':
      return { out: `${out}(`, depth: depth + 1, atStart: true };
    case ')':
      if (depth === 0) throw new RegexError('Unmatched ) or \\)');
      return { out: `${out})`, depth: depth - 1, atStart: false };
    case '|':
      return { out: `${out}|`, depth, atStart: true };
    case '{': {
      const m = (extended ? /^\{(\d+)(,(\d*))?\}/ : /^\\?\{(\d+)(,(\d*))?\\\}/).exec(src.slice(extended ? i : i));
      if (!m) throw new RegexError(extended ? 'Invalid preceding regular expression' : 'Unmatched \\{');
      return { out: `${out}{${m[1]}${m[2] ?? ''}}`, depth, atStart: false };
    }
    default:
      return { out: out + op, depth, atStart: false };
  }
}

/** The index of an interval's last character (`}`), the interval starting at `src[i] === '{'`. */
function skipInterval(src: string, i: number, extended: boolean): number {
  const close = src.indexOf(extended ? '}' : '\\}', i);
  return extended ? close : close + 1;
}
