/**
 * Mutations of JSON-shaped values and of text: the ways input goes wrong — a value of another type,
 * a number out of range, a missing or renamed or repeated key, deep nesting, unicode, keys that name
 * JavaScript's own object machinery (`__proto__`, `constructor`).
 *
 * Generated values never contain the words `undefined` or `NaN`, so finding them in output always
 * means the program made them.
 */
import type { Fuzz } from './random';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets an own property even for `__proto__`, which plain assignment would turn into a prototype change. */
export function setKey(o: Record<string, Json>, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A deep copy that keeps `__proto__` keys as data. */
export function clone<T extends Json>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isObj(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, clone(x));
    return out as T;
  }
  return v;
}

export const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'length', '0', ''];

export const ODD_NUMBERS = [0, -1, 1.5, -0.5, 2147483647, 2147483648, -2147483649, 4294967296, 9007199254740993, 1e21, -1e21, 1e308, 5e-324, 0.1, 65536, 100000];

export const ODD_STRINGS = [
  '',
  ' ',
  'sleep 3600',
  '3',
  '-1',
  '1e+21',
  'true',
  'null',
  '0x1F',
  '1.5',
  '4Gi',
  '500m',
  '1e+308',
  '-4',
  'Always',
  'ÄÖÜ-ñ',
  '名前',
  '🚀🔥',
  '\u202Egnp.exe',
  'a\u0301',
  '\u200b',
  'tab\there',
  'line\nbreak',
  '{{ .Values.x }}',
  '<script>alert(1)</script>',
  '${HOME}',
  "'; DROP TABLE pods; --",
  '../../etc/passwd',
  'x'.repeat(300),
  '%s%n%x',
  '[object Object]'.replace('object', 'obj'),
  'toString',
  '__proto__',
  'constructor',
];

/** A random value, mostly small, of any JSON type. */
export function randomValue(f: Fuzz, depth = 0): Json {
  switch (f.int(depth > 2 ? 4 : 6)) {
    case 0:
      return f.pick(ODD_STRINGS);
    case 1:
      return f.pick(ODD_NUMBERS);
    case 2:
      return f.chance(50);
    case 3:
      return null;
    case 4:
      return f.chance(50) ? [] : [randomValue(f, depth + 1)];
    default: {
      const o: Record<string, Json> = {};
      setKey(o, f.chance(30) ? f.pick(ODD_KEYS) : f.pick(['a', 'name', 'value', 'spec', 'items']), randomValue(f, depth + 1));
      return o;
    }
  }
}

function typeOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'map' : typeof v;
}

/** A value of another JSON type than `v`, often built from it (the string↔number↔list↔map confusions). */
function otherType(f: Fuzz, v: Json): Json {
  for (let i = 0; i < 8; i++) {
    let out: Json;
    switch (f.int(7)) {
      case 0:
        out = typeof v === 'number' ? String(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(' ') : f.pick(ODD_STRINGS);
        break;
      case 1:
        out = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : f.pick(ODD_NUMBERS);
        break;
      case 2:
        out = f.chance(50);
        break;
      case 3:
        out = [v];
        break;
      case 4: {
        const o: Record<string, Json> = {};
        setKey(o, f.pick(['value', 'a', '0', '__proto__']), v);
        out = o;
        break;
      }
      case 5:
        out = null;
        break;
      default:
        out = randomValue(f);
    }
    if (typeOf(out) !== typeOf(v)) return out;
  }
  return v === null ? 'null' : null;
}

function oddNumber(f: Fuzz, v: number): number {
  switch (f.int(6)) {
    case 0:
      return -Math.abs(v || 1);
    case 1:
      return v + 0.5;
    case 2:
      return v * 1e6;
    case 3:
      return 2147483648;
    case 4:
      return 1e21;
    default:
      return f.pick(ODD_NUMBERS);
  }
}

function typo(f: Fuzz, k: string): string {
  if (k === '') return 'x';
  switch (f.int(5)) {
    case 0:
      return k + k[k.length - 1];
    case 1:
      return k.slice(0, -1);
    case 2:
      return k[0]!.toUpperCase() + k.slice(1);
    case 3:
      return k.toLowerCase() === k ? k.replace(/([a-z])([A-Z]|$)/, '$1_$2').toLowerCase() : k.toLowerCase();
    default:
      return f.pick(ODD_KEYS);
  }
}

function nest(f: Fuzz, v: Json): Json {
  const depth = f.range(30, 160);
  let out = v;
  const asList = f.chance(50);
  for (let i = 0; i < depth; i++) {
    if (asList) out = [out];
    else {
      const o: Record<string, Json> = {};
      setKey(o, 'a', out);
      out = o;
    }
  }
  return out;
}

interface Slot {
  parent: Record<string, Json> | Json[];
  key: string | number;
}

function slots(v: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push({ parent: v, key: i });
      slots(x, out);
    });
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      out.push({ parent: v, key: k });
      slots(x, out);
    }
  }
  return out;
}

export const MUTATIONS = ['type', 'number', 'delete', 'duplicate', 'rename', 'nest', 'unicode', 'oddKey', 'huge'] as const;
export type MutationName = (typeof MUTATIONS)[number];

/** Applies one mutation somewhere inside `root` (in place); returns a short description of it. */
export function mutateOnce(f: Fuzz, root: Json): string {
  const all = slots(root);
  if (all.length === 0) return 'none';
  // Favour leaves and shallow keys alike: pick uniformly among every slot.
  const s = all[f.int(all.length)]!;
  const get = (): Json => (Array.isArray(s.parent) ? s.parent[s.key as number]! : s.parent[s.key as string]!);
  const set = (v: Json): void => {
    if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
    else setKey(s.parent, s.key as string, v);
  };
  const path = String(s.key);
  const v = get();
  const op: MutationName = f.pick(MUTATIONS);
  switch (op) {
    case 'type':
      set(otherType(f, v));
      break;
    case 'number':
      if (typeof v === 'number') set(oddNumber(f, v));
      else set(f.pick(ODD_NUMBERS));
      break;
    case 'delete':
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
      break;
    case 'duplicate':
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 0, clone(v));
      else if (Array.isArray(v) && v.length > 0) v.push(clone(v[0]!));
      else setKey(s.parent, `${s.key as string}`, clone(v));
      break;
    case 'rename':
      if (!Array.isArray(s.parent)) {
        delete s.parent[s.key as string];
        setKey(s.parent, typo(f, s.key as string), v);
      } else set(otherType(f, v));
      break;
    case 'nest':
      set(nest(f, v));
      break;
    case 'unicode':
      set(f.pick(ODD_STRINGS.slice(15, 30)));
      break;
    case 'oddKey':
      if (isObj(v)) setKey(v, f.pick(ODD_KEYS), randomValue(f));
      else if (!Array.isArray(s.parent)) setKey(s.parent, f.pick(ODD_KEYS), randomValue(f));
      else set(randomValue(f));
      break;
    case 'huge':
      set(typeof v === 'string' ? v.repeat(f.range(20, 200)) : Array.isArray(v) ? Array.from({ length: f.range(100, 400) }, () => clone(v[0] ?? null)) : f.pick([1e308, 2147483648, 1e21]));
      break;
  }
  return `${op} at ${path}`;
}

/** 1–3 mutations of a copy of `root`. */
export function mutate(f: Fuzz, root: Json): { value: Json; how: string[] } {
  const value = clone(root);
  const how: string[] = [];
  const n = f.range(1, 3);
  for (let i = 0; i < n; i++) how.push(mutateOnce(f, value));
  return { value, how };
}

/** Text-level damage: what a hand edit or a broken copy does to YAML. */
export function mutateText(f: Fuzz, text: string): { text: string; how: string } {
  const lines = text.split('\n');
  const i = f.int(Math.max(1, lines.length));
  switch (f.int(6)) {
    case 0:
      lines.splice(i, 0, lines[i] ?? '');
      return { text: lines.join('\n'), how: `duplicate line ${i + 1}` };
    case 1:
      lines.splice(i, 1);
      return { text: lines.join('\n'), how: `delete line ${i + 1}` };
    case 2:
      return { text: text.slice(0, f.int(text.length + 1)), how: 'truncate' };
    case 3:
      lines[i] = `\t${lines[i] ?? ''}`;
      return { text: lines.join('\n'), how: `tab at line ${i + 1}` };
    case 4:
      lines[i] = ` ${lines[i] ?? ''}`;
      return { text: lines.join('\n'), how: `indent line ${i + 1}` };
    default: {
      const at = f.int(text.length + 1);
      return { text: text.slice(0, at) + f.pick([':', '- ', '{', ']', '"', "'", '&a', '*a', '!!binary ', '---\n', '...\n', '\u0000', '#']) + text.slice(at), how: 'insert syntax' };
    }
  }
}
