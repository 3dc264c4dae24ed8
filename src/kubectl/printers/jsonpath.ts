/**
 * kubectl's JSONPath templates (client-go util/jsonpath semantics, with missing keys allowed): text
 * outside `{}` is copied; inside, `.field` (backslash escapes a dot), `[n]`, `[a:b:s]`, `[*]`, `['key']`,
 * `[a,b]` unions, `..` recursive descent, `[?(@.x=="y")]` filters (==, !=, <, >, <=, >= and existence),
 * quoted string literals with Go escapes, `{range ...}...{end}`. Each action's results are printed
 * space-separated; maps and lists print as compact JSON, strings bare.
 */

type Node =
  | { t: 'list'; nodes: Node[] }
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'wild' }
  | { t: 'array'; start?: number; end?: number; endDerived: boolean; step?: number }
  | { t: 'filter'; left: Node[]; right: Node[]; op: string }
  | { t: 'recursive' }
  | { t: 'union'; parts: Node[][] }
  | { t: 'ident'; name: string }
  | { t: 'num'; value: number }
  | { t: 'bool'; value: boolean };

export class JsonPathError extends Error {}

const isSpaceCh = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isTerminator = (c: string | undefined): boolean => c === undefined || isSpaceCh(c) || '.,[]$@{}'.includes(c);

/** Go's strconv.Unquote for "..." and '...' literals (single-quoted strings are taken as double-quoted text). */
function unquote(lit: string): string {
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case "'": out += "'"; break;
      case 'x': out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      default: throw new JsonPathError(`unquote string ${lit} error invalid syntax`);
    }
  }
  return out;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  parseTemplate(): Node[] {
    const root: Node[] = [];
    while (this.pos < this.s.length) {
      const i = this.s.indexOf('{', this.pos);
      if (i < 0) {
        root.push({ t: 'text', text: this.s.slice(this.pos) });
        this.pos = this.s.length;
        break;
      }
      if (i > this.pos) root.push({ t: 'text', text: this.s.slice(this.pos, i) });
      this.pos = i + 1;
      const list: Node[] = [];
      this.parseAction(list, true);
      root.push({ t: 'list', nodes: list });
    }
    return root;
  }

  /** Parses the inside of an action until `}` (when braced) or the end of input. */
  parseAction(cur: Node[], braced: boolean): void {
    const s = this.s;
    for (;;) {
      if (this.pos >= s.length) {
        if (braced) throw new JsonPathError('unclosed action');
        return;
      }
      if (braced && s[this.pos] === '}') {
        this.pos++;
        return;
      }
      if (s.startsWith('[?(', this.pos)) {
        this.parseFilter(cur);
        continue;
      }
      if (s.startsWith('..', this.pos)) {
        if (s[this.pos + 2] === '.') throw new JsonPathError('invalid multiple recursive descent');
        this.pos += 1;
        cur.push({ t: 'recursive' });
        this.parseField(cur);
        continue;
      }
      const c = s[this.pos]!;
      if (c === '\n') throw new JsonPathError('unclosed action');
      if (c === ' ' || c === '@' || c === '$') {
        this.pos++;
        continue;
      }
      if (c === '[') {
        this.parseArray(cur);
        continue;
      }
      if (c === '"' || c === "'") {
        this.parseQuote(cur, c);
        continue;
      }
      if (c === '.') {
        this.parseField(cur);
        continue;
      }
      if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        const start = this.pos;
        this.pos++;
        while (!isTerminator(s[this.pos])) this.pos++;
        const v = s.slice(start, this.pos);
        const n = Number(v);
        if (Number.isNaN(n)) throw new JsonPathError(`cannot parse number ${v}`);
        cur.push({ t: 'num', value: n });
        continue;
      }
      if (/[A-Za-z0-9_]/.test(c)) {
        const start = this.pos;
        while (!isTerminator(s[this.pos])) this.pos++;
        const v = s.slice(start, this.pos);
        if (v === 'true' || v === 'false') cur.push({ t: 'bool', value: v === 'true' });
        else cur.push({ t: 'ident', name: v });
        continue;
      }
      throw new JsonPathError(`unrecognized character in action: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
    }
  }

  parseField(cur: Node[]): void {
    const s = this.s;
    this.pos++; // the dot
    let name = '';
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '\\') {
        name += s[this.pos + 1] ?? '';
        this.pos += 2;
        continue;
      }
      if (isTerminator(c)) break;
      name += c;
      this.pos++;
    }
    if (name === '*') cur.push({ t: 'wild' });
    else cur.push({ t: 'field', name });
  }

  parseQuote(cur: Node[], q: string): void {
    const s = this.s;
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || c === '\n') throw new JsonPathError('unterminated quoted string');
      this.pos++;
      if (c === q && s[this.pos - 2] !== '\\') break;
    }
    cur.push({ t: 'text', text: unquote(s.slice(start, this.pos)) });
  }

  parseArray(cur: Node[]): void {
    const s = this.s;
    const close = s.indexOf(']', this.pos);
    const nl = s.indexOf('\n', this.pos);
    if (close < 0 || (nl >= 0 && nl < close)) throw new JsonPathError('unterminated array');
    let text = s.slice(this.pos + 1, close);
    this.pos = close + 1;
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      cur.push({
        t: 'union',
        parts: parts.map((p) => {
          const sub = new Parser(`[${p.trim()}]`);
          const n: Node[] = [];
          sub.parseAction(n, false);
          return n;
        }),
      });
      return;
    }
    const dict = /^'([^']*)'$/.exec(text) ?? /^"([^"]*)"$/.exec(text);
    if (dict) {
      cur.push({ t: 'field', name: dict[1]! });
      return;
    }
    const m = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const num = (x: string | undefined, i: number): number | undefined => {
      if (x === undefined || x === '') return undefined;
      const v = i > 0 ? x.slice(1) : x;
      if (v === '') return undefined;
      const n = Number(v);
      if (!Number.isInteger(n)) throw new JsonPathError(`array index ${v} is not a number`);
      return n;
    };
    const start = num(m[1], 0);
    let end = num(m[2], 1);
    let endDerived = false;
    if (m[2] === undefined) {
      end = (start ?? 0) + 1;
      endDerived = true;
    }
    cur.push({ t: 'array', start, end, endDerived, step: num(m[3], 2) });
  }

  parseFilter(cur: Node[]): void {
    const s = this.s;
    this.pos += 3;
    const start = this.pos;
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || c === '\n') throw new JsonPathError('unterminated filter');
      this.pos++;
      if (c === '"' || c === "'") {
        if (!begin) {
          begin = true;
          pair = c;
          continue;
        }
        if (s[this.pos - 2] !== '\\' && c === pair) end = true;
      } else if (c === ')') {
        if (begin === end) break;
      }
    }
    if (s[this.pos] !== ']') throw new JsonPathError('unclosed array expect ]');
    this.pos++;
    const text = s.slice(start, this.pos - 2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    const sub = (t: string): Node[] => {
      const p = new Parser(t);
      const n: Node[] = [];
      p.parseAction(n, false);
      return n;
    };
    if (!m) cur.push({ t: 'filter', left: sub(text), right: [], op: 'exists' });
    else cur.push({ t: 'filter', left: sub(m[1]!), right: sub(m[3]!), op: m[2]! });
  }
}

export interface JsonPathTemplate {
  source: string;
  nodes: Node[];
}

export function parseJsonPath(template: string): JsonPathTemplate {
  return { source: template, nodes: new Parser(template).parseTemplate() };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function evalList(input: unknown[], nodes: Node[]): unknown[] {
  let cur = input;
  for (const n of nodes) cur = walk(cur, n);
  return cur;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);
  switch (op) {
    case '==':
      return a === b || (num(a) !== undefined && num(a) === num(b));
    case '!=':
      return !(a === b);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new JsonPathError('incompatible types for comparison');
      const x = a as number | string;
      const y = b as number | string;
      return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
    }
  }
  throw new JsonPathError(`unrecognized filter operator ${op}`);
}

function walk(input: unknown[], n: Node): unknown[] {
  switch (n.t) {
    case 'list':
      return evalList(input, n.nodes);
    case 'text':
      return [n.text];
    case 'num':
      return [n.value];
    case 'bool':
      return [n.value];
    case 'ident':
      return input;
    case 'field': {
      const out: unknown[] = [];
      for (const v of input) if (isObj(v) && Object.prototype.hasOwnProperty.call(v, n.name) && v[n.name] !== undefined) out.push(v[n.name]);
      return out;
    }
    case 'wild': {
      const out: unknown[] = [];
      for (const v of input) {
        if (Array.isArray(v)) out.push(...v);
        else if (isObj(v)) for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out.push(v[k]);
      }
      return out;
    }
    case 'recursive': {
      const out: unknown[] = [];
      const visit = (v: unknown): void => {
        out.push(v);
        if (Array.isArray(v)) v.forEach(visit);
        else if (isObj(v)) for (const k of Object.keys(v).sort()) visit(v[k]);
      };
      input.forEach(visit);
      return out;
    }
    case 'union': {
      const out: unknown[] = [];
      for (const p of n.parts) out.push(...evalList(input, p));
      return out;
    }
    case 'array': {
      const out: unknown[] = [];
      for (const v of input) {
        if (v === null || v === undefined) continue;
        if (!Array.isArray(v)) throw new JsonPathError(`${isObj(v) ? 'map[string]interface {}' : typeof v} is not array or slice`);
        const len = v.length;
        let start = n.start ?? 0;
        if (start < 0) start += len;
        let end = n.end ?? len;
        if (end < 0 || (end === 0 && n.endDerived)) end += len;
        if (end === start) return out;
        if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
        if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
        if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
        const step = n.step ?? 1;
        if (n.step !== undefined && step <= 0) throw new JsonPathError('step must be > 0');
        for (let i = start; i < end; i += step) out.push(v[i]);
      }
      return out;
    }
    case 'filter': {
      const out: unknown[] = [];
      for (const v of input) {
        if (!Array.isArray(v)) throw new JsonPathError(`${JSON.stringify(v)} is not array or slice and cannot be filtered`);
        for (const item of v) {
          const lefts = evalList([item], n.left);
          if (n.op === 'exists') {
            if (lefts.length > 0) out.push(item);
            continue;
          }
          if (lefts.length === 0) continue;
          if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
          const rights = evalList([item], n.right);
          if (rights.length === 0) continue;
          if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
          if (compare(n.op, lefts[0], rights[0])) out.push(item);
        }
      }
      return out;
    }
  }
}

function compactJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => x).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function printResults(results: unknown[]): string {
  return results
    .map((r) => {
      if (r !== null && typeof r === 'object') return compactJson(sortKeysDeep(r));
      if (r === null || r === undefined) return 'null';
      return String(r);
    })
    .join(' ');
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (isObj(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeysDeep(v[k]);
    return o;
  }
  return v;
}

/** Runs a template over data; `{range}` blocks repeat their body per result. */
export function executeJsonPath(tpl: JsonPathTemplate, data: unknown): string {
  const out: string[] = [];
  const run = (nodes: Node[], cur: unknown): number => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.t === 'list' && node.nodes[0]?.t === 'ident') {
        const id = (node.nodes[0] as { name: string }).name;
        if (id === 'end') return i;
        if (id === 'range') {
          const results = evalList([cur], node.nodes.slice(1));
          const body = nodes.slice(i + 1);
          let endAt = -1;
          if (results.length === 0) {
            const saved = out.length;
            endAt = run(body, null);
            out.length = saved;
          }
          for (const r of results) endAt = run(body, r);
          if (endAt < 0) return nodes.length;
          i += endAt + 1;
          continue;
        }
      }
      out.push(printResults(walk([cur], node)));
    }
    return nodes.length;
  };
  run(tpl.nodes, data);
  return out.join('');
}

/** Each top-level expression's results, unprinted (what custom-columns reads, like FindResults). */
export function findResults(tpl: JsonPathTemplate, data: unknown): unknown[][] {
  return tpl.nodes.map((node) => walk([data], node));
}
