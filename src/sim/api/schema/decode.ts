/**
 * Decodes a request body into a kind's Go type the way the API server does (kubernetes-sigs/json, the
 * case-sensitive fork of encoding/json, in strict mode), and answers with its errors:
 *
 * - Type errors. Go keeps decoding after one and reports the first, naming the innermost struct,
 *   the JSON path from the root without list indices, and the Go type:
 *   `json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string`.
 *   Types with their own UnmarshalJSON (Quantity, IntOrString, Time) stop decoding at once instead,
 *   and their error is the one reported.
 * - Unknown fields, only when there is no type error: every one, in document order, with list
 *   indices and map keys in the path: `unknown field "spec.template.spec.containers[0].port"`.
 *   Field names match exactly (`Replicas` is unknown).
 *
 * Objects are walked in sorted key order: kubectl sends JSON marshalled from a map, so that is the
 * order the server reads. The decoded value is what the Go object marshals back to: unknown fields
 * dropped, null struct fields gone, a null string in a map "" (a Quantity "0").
 */
import { canonicalJson } from '../names';
import { parseQuantity } from '../quantity';
import { base64Encode, base64ErrorOffset } from './goBase64';
import { goTimeParseError, RFC3339, RFC3339_MICRO } from './goTime';
import type { StructDef, TypeNode } from './schema';

export interface DecodeOutcome {
  /** the decoded object; undefined when there is a type error */
  value?: Record<string, unknown>;
  /** the first type error (or a custom unmarshaler's error), as Go's decoder words it */
  error?: string;
  /** unknown fields, as the strict decoder words them (`unknown field "spec.replicass"`) */
  strict: string[];
}

/** Stops the walk: a custom unmarshaler returned an error, which is the one reported. */
class Abort {
  constructor(readonly message: string) {}
}

const MAX_STRICT_ERRORS = 100;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// int64 bounds as JS numbers round them: 2^63 itself is just out of range.
const INT64_LIMIT = 9223372036854775808;

/** What Go's scanner calls a JSON value in "cannot unmarshal X": string, number, bool, array, object. */
export function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

/** The Go kind of a decoded unstructured value (integers are int64, as the patch decoder keeps them). */
function unstructuredKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'invalid';
  return Array.isArray(v) ? 'slice' : 'map';
}

/** A number as JSON writes it: the literal Go puts in `cannot unmarshal number 1.5`. JS and Go agree for float64. */
function numberLiteral(n: number): string {
  return JSON.stringify(n);
}

/** The JSON text of a value, as a custom unmarshaler receives it. */
function rawJson(v: unknown): string {
  if (v !== null && typeof v === 'object') return canonicalJson(v);
  return JSON.stringify(v);
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

class Decoder {
  /** the first saved type error */
  error: string | undefined;
  readonly strict: string[] = [];
  private readonly seen = new Set<string>();
  /** the struct holding the field being decoded, and the field's path (Go's errorContext) */
  private struct = '';
  private fields: string[] = [];
  /** the path with indices and keys, for unknown fields (the fork's strict field stack) */
  private strictPath = '';

  /**
   * `converter`: the unstructured converter (FromUnstructured) reads the value instead of the JSON
   * decoder, as for a strategic merge patch's result: its own type errors, and it stops at the first.
   */
  constructor(
    private readonly checkUnknown: boolean,
    private readonly converter = false,
  ) {}

  /** The converter's error for a value of the wrong shape: `prim` is the Go kind the field wants. */
  private convertError(v: unknown, target: 'struct' | 'map' | 'slice' | string): never {
    const from = unstructuredKind(v);
    if (target === 'struct') throw new Abort(`cannot restore struct from: ${from}`);
    if (target === 'map') throw new Abort(`cannot restore map from ${from}`);
    if (target === 'slice') throw new Abort(`cannot restore slice from ${from}`);
    // reflect's ConvertibleTo: integers convert to strings and floats to integers, then JSON's groups are enforced.
    const convertible = (from === 'int64' && target !== 'bool') || (from === 'float64' && target !== 'string' && target !== 'bool');
    throw new Abort(convertible ? `cannot convert ${from} to ${target}` : `unrecognized type: ${target}`);
  }

  private typeError(what: string, go: string): void {
    if (this.error !== undefined) return;
    this.error = this.fields.length > 0
      ? `json: cannot unmarshal ${what} into Go struct field ${this.struct}.${this.fields.join('.')} of type ${go}`
      : `json: cannot unmarshal ${what} into Go value of type ${go}`;
  }

  /** An error an UnmarshalJSON returned from encoding/json, given the field's context as Go adds it. */
  private abortWithTypeError(what: string, go: string): never {
    if (this.converter) throw new Abort(`json: cannot unmarshal ${what} into Go value of type ${go}`);
    const prev = this.error;
    this.error = undefined;
    this.typeError(what, go);
    const m = this.error!;
    this.error = prev;
    throw new Abort(m);
  }

  private unknown(key: string): void {
    if (!this.checkUnknown || this.strict.length >= MAX_STRICT_ERRORS) return;
    const msg = `unknown field ${JSON.stringify(this.strictPath ? `${this.strictPath}.${key}` : key)}`;
    if (this.seen.has(msg)) return;
    this.seen.add(msg);
    this.strict.push(msg);
  }

  value(v: unknown, t: TypeNode): unknown {
    switch (t.k) {
      case 'scalar':
        return this.scalar(v, t.prim, t.go);
      case 'struct':
        return this.object(v, t.def, t.go);
      case 'list':
        return this.list(v, t);
      case 'map':
        return this.map(v, t);
      case 'bytes':
        return this.bytes(v);
      case 'quantity':
        return this.quantity(v);
      case 'intOrString':
        return this.intOrString(v);
      case 'time':
      case 'microTime':
        return this.time(v, t.k === 'time' ? RFC3339 : RFC3339_MICRO);
      case 'any':
        return v;
    }
  }

  object(v: unknown, def: StructDef, go: string): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      if (this.converter) this.convertError(v, 'struct');
      this.typeError(jsonKind(v), go);
      return undefined;
    }
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const savedStruct = this.struct;
    const depth = this.fields.length;
    const savedPath = this.strictPath;
    for (const key of Object.keys(src).sort(byteOrder)) {
      const x = src[key];
      if (x === undefined) continue;
      const t = def.props.get(key);
      if (!t) {
        this.unknown(key);
        continue;
      }
      this.struct = def.name;
      this.fields.push(key);
      this.strictPath = savedPath ? `${savedPath}.${key}` : key;
      const d = x === null ? undefined : this.value(x, t);
      if (d !== undefined) out[key] = d;
      this.fields.length = depth;
      this.struct = savedStruct;
      this.strictPath = savedPath;
    }
    return out;
  }

  private list(v: unknown, t: Extract<TypeNode, { k: 'list' }>): unknown {
    if (!Array.isArray(v)) {
      if (this.converter) this.convertError(v, 'slice');
      this.typeError(jsonKind(v), t.go);
      return undefined;
    }
    const savedPath = this.strictPath;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      this.strictPath = `${savedPath}[${i}]`;
      const x: unknown = v[i];
      out[i] = x === null || x === undefined ? zeroOf(t.of) : (this.value(x, t.of) ?? zeroOf(t.of));
    }
    this.strictPath = savedPath;
    return out;
  }

  private map(v: unknown, t: Extract<TypeNode, { k: 'map' }>): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      if (this.converter) this.convertError(v, 'map');
      this.typeError(jsonKind(v), t.go);
      return undefined;
    }
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const savedPath = this.strictPath;
    for (const key of Object.keys(src).sort(byteOrder)) {
      const x = src[key];
      if (x === undefined) continue;
      this.strictPath = savedPath ? `${savedPath}.${key}` : key;
      out[key] = x === null ? zeroOf(t.of) : (this.value(x, t.of) ?? zeroOf(t.of));
    }
    this.strictPath = savedPath;
    return out;
  }

  private scalar(v: unknown, prim: string, go: string): unknown {
    switch (prim) {
      case 'string':
        if (typeof v === 'string') return v;
        break;
      case 'bool':
        if (typeof v === 'boolean') return v;
        break;
      case 'float64':
        if (typeof v === 'number') return v;
        break;
      case 'int32':
      case 'int64':
        if (typeof v === 'number') {
          const ok = Number.isInteger(v) && (prim === 'int32' ? v >= INT32_MIN && v <= INT32_MAX : v >= -INT64_LIMIT && v < INT64_LIMIT);
          if (ok) return v;
          // The converter narrows an integer without a range check; a fraction it cannot convert.
          if (this.converter && Number.isInteger(v)) return v;
          if (this.converter) this.convertError(v, prim);
          this.typeError(`number ${numberLiteral(v)}`, go);
          return undefined;
        }
        break;
    }
    if (this.converter) this.convertError(v, prim);
    this.typeError(jsonKind(v), go);
    return undefined;
  }

  /** []byte: a base64 string, or an array of numbers 0–255 (re-encoded as base64). */
  private bytes(v: unknown): unknown {
    if (typeof v === 'string') {
      const at = base64ErrorOffset(v);
      if (at !== undefined) {
        // encoding/json saves the base64 error as it is: no "json:" and no field.
        if (this.error === undefined) this.error = `illegal base64 data at input byte ${at}`;
        return undefined;
      }
      return v;
    }
    if (Array.isArray(v)) {
      const bytes: number[] = [];
      for (const x of v) {
        if (x === null) bytes.push(0);
        else if (typeof x !== 'number') this.typeError(jsonKind(x), 'uint8');
        else if (!Number.isInteger(x) || x < 0 || x > 255) this.typeError(`number ${numberLiteral(x)}`, 'uint8');
        else bytes.push(x);
      }
      return base64Encode(bytes);
    }
    this.typeError(jsonKind(v), '[]uint8');
    return undefined;
  }

  /** resource.Quantity's UnmarshalJSON: a quoted or bare quantity; anything else fails to parse. */
  private quantity(v: unknown): unknown {
    const text = typeof v === 'string' ? v.trim() : rawJson(v);
    try {
      parseQuantity(text);
    } catch (e) {
      throw new Abort((e as Error).message);
    }
    return typeof v === 'number' ? v : typeof v === 'string' ? v : text;
  }

  /** intstr.IntOrString's UnmarshalJSON: a string, or a JSON number decoded into an int32. */
  private intOrString(v: unknown): unknown {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) return v;
      this.abortWithTypeError(`number ${numberLiteral(v)}`, 'int32');
    }
    return this.abortWithTypeError(jsonKind(v), 'int32');
  }

  /** metav1.Time / MicroTime's UnmarshalJSON: a JSON string that time.Parse reads with the layout. */
  private time(v: unknown, layout: string): unknown {
    if (typeof v !== 'string') this.abortWithTypeError(jsonKind(v), 'string');
    const err = goTimeParseError(layout, v as string);
    if (err) throw new Abort(err);
    return v;
  }
}

/** What Go leaves in a list element or map value that was null. */
function zeroOf(t: TypeNode): unknown {
  switch (t.k) {
    case 'scalar':
      return t.prim === 'string' ? '' : t.prim === 'bool' ? false : 0;
    case 'struct':
      return {};
    case 'quantity':
      return '0';
    case 'intOrString':
      return 0;
    default:
      return null;
  }
}

/**
 * Decodes `value` as the struct `def` (a kind's top-level type). `checkUnknown` collects unknown
 * fields (fieldValidation Strict or Warn); they are dropped from the result either way.
 */
export function decodeObject(value: unknown, def: StructDef, go: string, checkUnknown: boolean, converter = false): DecodeOutcome {
  const d = new Decoder(checkUnknown, converter);
  try {
    const out = d.object(value, def, go);
    if (d.error !== undefined) return { error: d.error, strict: [] };
    return { value: out as Record<string, unknown>, strict: d.strict };
  } catch (e) {
    if (e instanceof Abort) return { error: e.message, strict: [] };
    throw e;
  }
}
