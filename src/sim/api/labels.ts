/**
 * Label selectors: the string grammar of k8s.io/apimachinery/pkg/labels (lexer + recursive-descent
 * parser, with its error texts), matching, conversion from metav1.LabelSelector, and the canonical
 * string forms kubectl and the API server print.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { isQualifiedName, isValidLabelValue } from './validation/primitives';
import { aggregateMessage, invalid } from './validation/fieldErrors';
import type { FieldError } from './types';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type Labels = Record<string, string> | undefined | null;

export interface Selector {
  matches(labels: Labels): boolean;
  /** True when the selector does not restrict anything (Everything). Nothing is not empty. */
  empty(): boolean;
  toString(): string;
  requirements(): readonly Requirement[];
  /** The value a key must have when the selector pins it to exactly one value. */
  requiresExactMatch(key: string): string | undefined;
  /** True only for the Nothing selector (a nil metav1 selector). */
  readonly matchesNothing: boolean;
}

function has(ls: Labels, k: string): boolean {
  return !!ls && Object.prototype.hasOwnProperty.call(ls, k);
}

function requirementMatches(r: Requirement, ls: Labels): boolean {
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has(ls, r.key) && r.values.includes(ls![r.key]!);
    case '!=':
    case 'notin':
      return !has(ls, r.key) || !r.values.includes(ls![r.key]!);
    case 'exists':
      return has(ls, r.key);
    case '!':
      return !has(ls, r.key);
    case 'gt':
    case 'lt': {
      if (!has(ls, r.key) || r.values.length !== 1) return false;
      const a = Number(ls![r.key]);
      const b = Number(r.values[0]);
      if (!/^[+-]?\d+$/.test(ls![r.key]!) || !Number.isFinite(a) || !Number.isFinite(b)) return false;
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

/** Requirement.String(): values sorted on output, `in`/`notin` in parentheses. */
export function requirementString(r: Requirement): string {
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${vals})`;
    case 'notin':
      return `${r.key} notin (${vals})`;
    case 'gt':
      return `${r.key}>${vals}`;
    case 'lt':
      return `${r.key}<${vals}`;
    default:
      return `${r.key}${r.operator}${vals}`;
  }
}

class RequirementsSelector implements Selector {
  readonly matchesNothing = false;
  constructor(private readonly reqs: Requirement[]) {}
  matches(ls: Labels): boolean {
    return this.reqs.every((r) => requirementMatches(r, ls));
  }
  empty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map(requirementString).join(',');
  }
  requirements(): readonly Requirement[] {
    return this.reqs;
  }
  requiresExactMatch(key: string): string | undefined {
    const r = this.reqs.find((x) => x.key === key);
    if (!r) return undefined;
    return (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1 ? r.values[0] : undefined;
  }
}

class NothingSelector implements Selector {
  readonly matchesNothing = true;
  matches(): boolean {
    return false;
  }
  empty(): boolean {
    return false;
  }
  toString(): string {
    return '';
  }
  requirements(): readonly Requirement[] {
    return [];
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
}

export const everything = (): Selector => new RequirementsSelector([]);
export const nothing = (): Selector => new NothingSelector();

function byKey(reqs: Requirement[]): Requirement[] {
  // Stable sort by key: the real parser sorts for a deterministic string form.
  return reqs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/**
 * labels.NewRequirement's checks. `path` is the field path prefix the errors carry: `<nil>` when the
 * parser calls it (it has no path), as the real messages show.
 */
function newRequirement(key: string, op: Operator, vals: string[], path: string | null): Requirement {
  const errs: FieldError[] = [];
  const keyPath = path === null ? 'key' : `${path}.key`;
  const valuesPath = path === null ? 'values' : `${path}.values`;
  const keyMsgs = isQualifiedName(key);
  if (keyMsgs.length) errs.push(invalid(keyPath, key, keyMsgs.join('; ')));
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(invalid(valuesPath, vals, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(invalid(valuesPath, vals, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(invalid(valuesPath, vals, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(invalid(valuesPath, vals, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(invalid(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const m = isValidLabelValue(v);
    if (m.length) errs.push(invalid(`${valuesPath}[${i}][${key}]`, v, m.join('; ')));
  });
  if (errs.length) throw new Error(aggregateMessage(errs));
  return { key, operator: op, values: vals };
}

// ---- lexer ----------------------------------------------------------------------------------------

type Tok = 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
interface Item {
  tok: Tok;
  lit: string;
}
const SYMBOLS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isWs = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): Item[] {
  const out: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWs(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    if (isSpecial(s[pos]!)) {
      // Longest run of symbol characters that still forms a known operator (every single symbol is one).
      let buf = s[pos]!;
      pos++;
      while (pos < s.length && isSpecial(s[pos]!) && SYMBOLS[buf + s[pos]]) buf += s[pos++];
      out.push({ tok: SYMBOLS[buf]!, lit: buf });
      continue;
    }
    let buf = '';
    while (pos < s.length && !isSpecial(s[pos]!) && !isWs(s[pos]!)) buf += s[pos++];
    const t = SYMBOLS[buf];
    out.push(t ? { tok: t, lit: buf } : { tok: 'id', lit: buf });
  }
}

// ---- parser ---------------------------------------------------------------------------------------

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In a values context the keywords `in`/`notin` are plain identifiers. */
  private peek(values: boolean): Item {
    const it = this.items[Math.min(this.pos, this.items.length - 1)]!;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }
  private next(values: boolean): Item {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === 'id' || tok === '!') {
        let r: Requirement;
        try {
          r = this.requirement();
        } catch (e) {
          throw new Error(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const t = this.next(true);
        if (t.tok === 'eos') return reqs;
        if (t.tok === ',') {
          const t2 = this.peek(true);
          if (t2.tok !== 'id' && t2.tok !== '!') throw new Error(`found '${t2.lit}', expected: identifier after ','`);
        } else throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
      } else if (tok === 'eos') return reqs;
      else throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): Requirement {
    let op: Operator | undefined;
    let t = this.next(true);
    if (t.tok === '!') {
      op = '!';
      t = this.next(true);
    }
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyMsgs = isQualifiedName(key);
    // The parser validates the key with no field path, which Go prints as <nil>.
    if (keyMsgs.length) throw new Error(aggregateMessage([invalid('<nil>', key, keyMsgs.join('; '))]));
    const after = this.peek(true).tok;
    // `!key` is complete by itself; whatever follows is the caller's problem (`,` or end expected).
    if (op === '!' || after === 'eos' || after === ',') return newRequirement(key, op ?? 'exists', [], null);
    const o = this.next(false);
    let bin: Operator;
    switch (o.tok) {
      case 'in':
        bin = 'in';
        break;
      case 'notin':
        bin = 'notin';
        break;
      case '=':
        bin = '=';
        break;
      case '==':
        bin = '==';
        break;
      case '!=':
        bin = '!=';
        break;
      case '>':
        bin = 'gt';
        break;
      case '<':
        bin = 'lt';
        break;
      default:
        throw new Error(`found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    const vals = bin === 'in' || bin === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, bin, vals, null);
  }

  private setValues(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek(true);
    if (tok === 'id' || tok === ',') {
      const s = this.identifiers();
      if (this.next(true).tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === ')') {
      this.next(true);
      return [''];
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  /** A comma list where empty entries stand for the empty string; result sorted and de-duplicated (a Go string set). */
  private identifiers(): string[] {
    const s = new Set<string>();
    const done = () => [...s].sort();
    for (;;) {
      const t = this.next(true);
      if (t.tok === 'id') {
        s.add(t.lit);
        const t2 = this.peek(true);
        if (t2.tok === ',') continue;
        if (t2.tok === ')') return done();
        throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (s.size === 0) s.add('');
        const t2 = this.peek(true);
        if (t2.tok === ')') {
          s.add('');
          return done();
        }
        if (t2.tok === ',') s.add('');
      } else throw new Error(`found '${t.lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const p = this.peek(true);
    if (p.tok === 'eos' || p.tok === ',') return [''];
    const t = this.next(true);
    if (t.tok === 'id') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }
}

/** labels.Parse: throws an Error carrying the real parser's message on bad input. */
export function parseSelector(s: string): Selector {
  return new RequirementsSelector(byKey(new Parser(lex(s)).parse()));
}

const OP_FROM_META: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: nil matches nothing, `{}` matches everything. Invalid requirements
 * throw with the NewRequirement message.
 */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (!ls) return nothing();
  const ml = ls.matchLabels ?? {};
  const me = ls.matchExpressions ?? [];
  if (Object.keys(ml).length + me.length === 0) return everything();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ml)) reqs.push(newRequirement(k, '=', [v], null));
  for (const e of me) {
    const op = OP_FROM_META[e.operator];
    if (!op) throw new Error(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, [...(e.values ?? [])], null));
  }
  return new RequirementsSelector(byKey(reqs));
}

/** Selector matching exactly the given set (labels.SelectorFromSet): empty set = everything. */
export function selectorFromSet(set: Record<string, string> | undefined | null): Selector {
  return new RequirementsSelector(byKey(Object.entries(set ?? {}).map(([key, v]) => ({ key, operator: '=' as Operator, values: [v] }))));
}

/** metav1.FormatLabelSelector: the SELECTOR column of `-o wide`; `<none>` when empty or nil, `<error>` when bad. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  let s: string;
  try {
    s = selectorFromLabelSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

/** labels.Set.String(): `k=v` pairs sorted as strings and comma-joined; '' for none. */
export function labelsToString(map: Record<string, string> | undefined | null): string {
  return Object.entries(map ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
}
