/**
 * YAML output as `kubectl -o yaml` writes it: JSON converted by sigs.k8s.io/yaml (go-yaml v2 over
 * libyaml's emitter). Map keys sorted with go-yaml's key order (digit runs compared as numbers,
 * non-letters before letters), two-space indentation, sequences not indented under their key, empty
 * collections as `{}` / `[]`, strings that would read back as another type double-quoted, strings the
 * plain style cannot carry single-quoted, multi-line strings as literal blocks, and long scalars folded
 * at spaces past column 80.
 */

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

const isLetter = (c: string): boolean => {
  const x = c.charCodeAt(0);
  if (x < 0x80) return (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
  return /\p{L}/u.test(c);
};
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const ASCII = /^[\x00-\x7f]*$/;
const toRunes = (s: string): string[] => (ASCII.test(s) ? s.split('') : [...s]);

/** go-yaml v2's map key ordering for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  if (ASCII.test(a) && ASCII.test(b)) return keyLess(a, b, (s, i) => s.charCodeAt(i), a.length, b.length, asciiLetter);
  const ar = [...a].map((c) => c.codePointAt(0)!);
  const br = [...b].map((c) => c.codePointAt(0)!);
  return keyLess(ar, br, (s, i) => s[i]!, ar.length, br.length, (x) => (x < 0x80 ? asciiLetter(x) : /\p{L}/u.test(String.fromCodePoint(x))));
}

const asciiLetter = (x: number): boolean => (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
const digit = (x: number): boolean => x >= 48 && x <= 57;

function keyLess<S>(a: S, b: S, at: (s: S, i: number) => number, alen: number, blen: number, letter: (x: number) => boolean): boolean {
  for (let i = 0; i < alen && i < blen; i++) {
    const ca = at(a, i);
    const cb = at(b, i);
    if (ca === cb) continue;
    const al = letter(ca);
    const bl = letter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ca === 48 || cb === 48) {
      for (let j = i - 1; j >= 0 && digit(at(a, j)); j--) {
        if (at(a, j) !== 48) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < alen && digit(at(a, ai)); ai++) an = an * 10 + (at(a, ai) - 48);
    for (; bi < blen && digit(at(b, bi)); bi++) bn = bn * 10 + (at(b, bi) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return alen < blen;
}

export function sortedYamlKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((a, b) => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : 1));
}

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(([Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?([ \t]*(Z|[-+]\d{1,2}(:\d{2})?))?)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** True when go-yaml would read the plain text back as something other than a string. */
function resolvesToNonString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0]!;
  if (c === '.') return YAML_FLOAT.test(s) || /^\.[0-9]/.test(s);
  if (c === '+' || c === '-' || isDigit(c)) {
    if (TIMESTAMP.test(s)) return true;
    const plain = s.replace(/_/g, '');
    if (GO_INT.test(plain)) return true;
    if (YAML_FLOAT.test(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  return false;
}

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isPrintable = (cp: number): boolean =>
  cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || (cp >= 0x10000 && cp <= 0x10ffff);

/** libyaml's scalar analysis, for block context. */
const SAFE_PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./=+()-]*$/;

function analyze(s: string): Analysis {
  if (SAFE_PLAIN.test(s)) return { multiline: false, blockPlain: true, singleQuoted: true, block: true };
  const cps = toRunes(s);
  let flowInd = false;
  let blockInd = false;
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    const next = cps[i + 1];
    const followedByWs = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowInd = true;
        blockInd = true;
      }
      if (ch === '?' || ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '-' && followedByWs) {
        flowInd = true;
        blockInd = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '#' && precededByWs) {
        flowInd = true;
        blockInd = true;
      }
    }
    const cp = ch.codePointAt(0)!;
    if (!isPrintable(cp)) special = true;
    const isBreak = ch === '\n' || ch === '\r' || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
    if (isBreak) lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak) {
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = ch === ' ' || ch === '\t' || isBreak;
  }
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    blockPlain = false;
    singleQuoted = false;
  }
  if (spaceBreak || special) {
    blockPlain = false;
    singleQuoted = false;
    block = false;
  }
  if (lineBreaks) blockPlain = false;
  if (blockInd) blockPlain = false;
  void flowInd;
  return { multiline: lineBreaks, blockPlain, singleQuoted, block };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

const styleCache = [new Map<string, Style>(), new Map<string, Style>()];

function chooseStyle(s: string, simpleKey: boolean): Style {
  const cache = styleCache[simpleKey ? 1 : 0]!;
  let style = cache.get(s);
  if (style === undefined) {
    style = computeStyle(s, simpleKey);
    if (cache.size > 5000) cache.clear();
    cache.set(s, style);
  }
  return style;
}

function computeStyle(s: string, simpleKey: boolean): Style {
  let style: Style;
  if (s === '' || resolvesToNonString(s) || BASE60.test(s)) style = 'double';
  else if (s.includes('\n')) style = 'literal';
  else style = 'plain';
  const a = analyze(s);
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (simpleKey && a.multiline) style = 'double';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

const SPACES = ' '.repeat(256);

class Out {
  text = '';
  column = 0;
  write(s: string): void {
    this.text += s;
    let ascii = true;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    this.column += ascii ? s.length : [...s].length;
  }
  newline(indent: number): void {
    this.text += '\n' + (indent <= 256 ? SPACES.slice(0, indent) : ' '.repeat(indent));
    this.column = indent;
  }
  /** A line break with nothing after it (an empty line inside a literal block). */
  bareNewline(): void {
    this.text += '\n';
    this.column = 0;
  }
}

function escapeDouble(cp: number, ch: string): string {
  switch (ch) {
    case '\0':
      return '\\0';
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    case '\x0b':
      return '\\v';
    case '\f':
      return '\\f';
    case '\r':
      return '\\r';
    case '\x1b':
      return '\\e';
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
  }
  if (cp === 0x85) return '\\N';
  if (cp === 0xa0) return '\\_';
  if (cp === 0x2028) return '\\L';
  if (cp === 0x2029) return '\\P';
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return '\\x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

function writeScalar(out: Out, s: string, indent: number, simpleKey: boolean): void {
  const style = chooseStyle(s, simpleKey);
  const allowBreaks = !simpleKey;
  if (style === 'plain' && (simpleKey || out.column + s.length <= BEST_WIDTH || !s.includes(' '))) {
    out.write(s);
    return;
  }
  const cps = toRunes(s);
  if (style === 'plain') {
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && out.column > BEST_WIDTH && cps[i + 1] !== ' ') out.newline(indent);
        else out.write(ch);
        spaces = true;
      } else {
        out.write(ch);
        spaces = false;
      }
    }
    return;
  }
  if (style === 'single') {
    out.write("'");
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1 && cps[i + 1] !== ' ') out.newline(indent);
        else out.write(ch);
        spaces = true;
      } else {
        out.write(ch === "'" ? "''" : ch);
        spaces = false;
      }
    }
    out.write("'");
    return;
  }
  if (style === 'double') {
    out.write('"');
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      const cp = ch.codePointAt(0)!;
      const isBreak = ch === '\n' || ch === '\r' || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak || ch === '"' || ch === '\\') {
        out.write(escapeDouble(cp, ch));
        spaces = false;
        continue;
      }
      if (ch === ' ') {
        if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
          out.newline(indent);
          if (cps[i + 1] === ' ') out.write('\\');
        } else out.write(ch);
        spaces = true;
      } else {
        out.write(ch);
        spaces = false;
      }
    }
    out.write('"');
    return;
  }
  // literal block
  let hint = '';
  if (cps[0] === ' ' || cps[0] === '\n') hint = String(BEST_INDENT);
  let chomp = '';
  if (!s.endsWith('\n')) chomp = '-';
  else if (s === '\n' || s.endsWith('\n\n')) chomp = '+';
  out.write('|' + hint + chomp);
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  for (const line of body.split('\n')) {
    if (line === '') out.bareNewline();
    else {
      out.newline(indent);
      out.write(line);
    }
  }
  if (chomp === '+') {
    // the kept trailing newlines beyond the last line are emitted as empty lines
  }
}

function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n > 0 ? '+.inf' : '-.inf';
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 21) {
    const sign = exp < 0 ? '-' : '+';
    const e = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${sign}${e}`;
  }
  return String(n);
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object') {
    for (const k in v as Record<string, unknown>) if ((v as Record<string, unknown>)[k] !== undefined) return false;
    return true;
  }
  return false;
}

function writeInline(out: Out, v: unknown, indent: number): void {
  if (v === null || v === undefined) out.write('null');
  else if (typeof v === 'boolean') out.write(v ? 'true' : 'false');
  else if (typeof v === 'number') out.write(goFloat(v));
  else if (typeof v === 'string') writeScalar(out, v, indent, false);
  else if (Array.isArray(v)) out.write('[]');
  else out.write('{}');
}

/** Writes a block mapping whose first key goes at the current position; later keys at `indent`. */
function writeMapping(out: Out, o: Record<string, unknown>, indent: number, first: boolean): void {
  const keys = sortedYamlKeys(o);
  keys.forEach((k, idx) => {
    if (!(first && idx === 0)) out.newline(indent);
    writeScalar(out, k, indent + BEST_INDENT, true);
    out.write(':');
    const v = o[k];
    if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
      if (Array.isArray(v)) writeSequence(out, v, indent, false);
      else {
        out.newline(indent + BEST_INDENT);
        writeMapping(out, v as Record<string, unknown>, indent + BEST_INDENT, true);
      }
    } else {
      out.write(' ');
      writeInline(out, v, indent + BEST_INDENT);
    }
  });
}

/** Writes a block sequence; `first` means the first dash goes at the current position. */
function writeSequence(out: Out, arr: unknown[], indent: number, first: boolean): void {
  arr.forEach((item, idx) => {
    if (!(first && idx === 0)) out.newline(indent);
    out.write('- ');
    if (item !== null && typeof item === 'object' && !isEmptyCollection(item)) {
      if (Array.isArray(item)) writeSequence(out, item, indent + BEST_INDENT, true);
      else writeMapping(out, item as Record<string, unknown>, indent + BEST_INDENT, true);
    } else writeInline(out, item, indent + BEST_INDENT);
  });
}

/** The YAML text of a JSON value, ending with a newline. */
export function toYaml(v: unknown): string {
  const out = new Out();
  if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
    if (Array.isArray(v)) writeSequence(out, v, 0, true);
    else writeMapping(out, v as Record<string, unknown>, 0, true);
  } else writeInline(out, v, 0);
  return (out.text.startsWith('\n') ? out.text.slice(1) : out.text) + '\n';
}
