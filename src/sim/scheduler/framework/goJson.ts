/**
 * Typed decoding as a Kubernetes component reads its configuration file: the JSON (YAML is turned into
 * JSON first) is unmarshalled into Go structs, field names case-sensitive, unknown fields collected
 * (strict decoding), and a value of the wrong JSON type refused with the Go decoder's message:
 *
 *   json: cannot unmarshal bool into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile
 *
 * Go's rules are kept where they decide what a component accepts: `null` leaves a field unset (also a
 * list element, which becomes the zero struct), integers must be whole and fit their width, and the
 * first type error is the one reported. The output is a fresh copy holding only declared fields, built
 * from own properties, so keys such as `__proto__` in the input can reach nothing.
 */
import { jsonKind } from '../../api/schema/decode';

export type GoType =
  | { readonly k: 'string'; readonly go?: string }
  | { readonly k: 'bool' }
  | { readonly k: 'int'; readonly bits: 32 | 64 }
  | { readonly k: 'float'; readonly bits: 32 | 64 }
  /** metav1.Duration: a JSON string in time.ParseDuration syntax. */
  | { readonly k: 'duration' }
  | { readonly k: 'list'; readonly of: GoType }
  | { readonly k: 'map'; readonly of: GoType }
  | { readonly k: 'struct'; readonly go: string; readonly fields: Readonly<Record<string, GoType>> }
  /** runtime.RawExtension: any JSON, decoded later against the type its context names. */
  | { readonly k: 'raw' };

export const goString = (go?: string): GoType => (go ? { k: 'string', go } : { k: 'string' });
export const goBool: GoType = { k: 'bool' };
export const goInt32: GoType = { k: 'int', bits: 32 };
export const goInt64: GoType = { k: 'int', bits: 64 };
export const goFloat32: GoType = { k: 'float', bits: 32 };
export const goDuration: GoType = { k: 'duration' };
export const goRaw: GoType = { k: 'raw' };
export const goList = (of: GoType): GoType => ({ k: 'list', of });
export const goMap = (of: GoType): GoType => ({ k: 'map', of });
export const goStruct = (go: string, fields: Record<string, GoType>): GoType => ({ k: 'struct', go, fields });

/** reflect.Type.String() of a type. */
export function goTypeName(t: GoType): string {
  switch (t.k) {
    case 'string': return t.go ?? 'string';
    case 'bool': return 'bool';
    case 'int': return `int${t.bits}`;
    case 'float': return `float${t.bits}`;
    case 'duration': return 'v1.Duration';
    case 'list': return `[]${goTypeName(t.of)}`;
    case 'map': return `map[string]${goTypeName(t.of)}`;
    case 'struct': return t.go;
    case 'raw': return 'runtime.RawExtension';
  }
}

export type DecodeOutcome<T = unknown> =
  | { ok: true; value: T | undefined }
  /** A type error (Go's UnmarshalTypeError or a field's own parse error): the decode failed. */
  | { ok: false; kind: 'type'; message: string }
  /** Decoded, but fields were unknown: `strict decoding error: unknown field "a", unknown field "b"`. */
  | { ok: false; kind: 'strict'; message: string; unknown: string[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

// \u00b5 is µ: the CLI bundle stays ASCII (see scripts/build-cli.mjs)
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|ms|s|m|h))+)$/;
const INT_RANGE = { 32: [-2147483648, 2147483647], 64: [-9223372036854775808, 9223372036854775807] } as const;
const FLOAT32_MAX = 3.4028234663852886e38;

interface Context {
  /** Name of the innermost struct being filled (Go's errorContext.Struct), '' at the top. */
  struct: string;
  /** JSON field names from the top (Go's errorContext.FieldStack); list indices are not part of it. */
  fields: string[];
  /** The strict decoder's path, with indices: `profiles[0].plugins`. */
  path: string;
}

class Decoder {
  typeError: string | undefined;
  readonly unknown: string[] = [];

  private fail(ctx: Context, value: string, t: GoType): undefined {
    if (this.typeError === undefined) {
      this.typeError = ctx.fields.length === 0
        ? `json: cannot unmarshal ${value} into Go value of type ${goTypeName(t)}`
        : `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${goTypeName(t)}`;
    }
    return undefined;
  }

  decode(v: unknown, t: GoType, ctx: Context): unknown {
    if (v === null || v === undefined) return undefined; // null leaves the Go value as it was
    switch (t.k) {
      case 'raw':
        return copyJson(v);
      case 'string':
        return typeof v === 'string' ? v : this.fail(ctx, jsonKind(v), t);
      case 'bool':
        return typeof v === 'boolean' ? v : this.fail(ctx, jsonKind(v), t);
      case 'int': {
        if (typeof v !== 'number') return this.fail(ctx, jsonKind(v), t);
        const [lo, hi] = INT_RANGE[t.bits];
        return Number.isInteger(v) && v >= lo && v <= hi ? v : this.fail(ctx, `number ${String(v)}`, t);
      }
      case 'float':
        if (typeof v !== 'number') return this.fail(ctx, jsonKind(v), t);
        return t.bits === 32 && Math.abs(v) > FLOAT32_MAX ? this.fail(ctx, `number ${String(v)}`, t) : v;
      case 'duration':
        // metav1.Duration unmarshals a bare string first, then parses it.
        if (typeof v !== 'string') {
          if (this.typeError === undefined) this.typeError = `json: cannot unmarshal ${jsonKind(v)} into Go value of type string`;
          return undefined;
        }
        if (!GO_DURATION.test(v)) {
          if (this.typeError === undefined) this.typeError = `time: invalid duration ${JSON.stringify(v)}`;
          return undefined;
        }
        return v;
      case 'list': {
        if (!Array.isArray(v)) return this.fail(ctx, jsonKind(v), t);
        // An element that is null becomes the element type's zero value, as in Go.
        return v.map((e, i) => this.decode(e, t.of, { ...ctx, path: `${ctx.path}[${i}]` }) ?? zeroOf(t.of));
      }
      case 'map': {
        if (!isPlainObject(v)) return this.fail(ctx, jsonKind(v), t);
        const entries: [string, unknown][] = [];
        for (const key of Object.keys(v)) entries.push([key, this.decode(v[key], t.of, { ...ctx, path: `${ctx.path}[${key}]` }) ?? zeroOf(t.of)]);
        return Object.fromEntries(entries);
      }
      case 'struct': {
        if (!isPlainObject(v)) return this.fail(ctx, jsonKind(v), t);
        const entries: [string, unknown][] = [];
        const name = t.go.slice(t.go.lastIndexOf('.') + 1);
        for (const key of Object.keys(v)) {
          const path = ctx.path ? `${ctx.path}.${key}` : key;
          if (!Object.prototype.hasOwnProperty.call(t.fields, key)) {
            this.unknown.push(path);
            continue;
          }
          const out = this.decode(v[key], t.fields[key]!, { struct: name, fields: [...ctx.fields, key], path });
          if (out !== undefined) entries.push([key, out]);
        }
        return Object.fromEntries(entries);
      }
    }
  }
}

/** The Go zero value as kubetab represents it: an empty struct, an empty string, 0, false. */
function zeroOf(t: GoType): unknown {
  switch (t.k) {
    case 'struct': return {};
    case 'string': case 'duration': return '';
    case 'int': case 'float': return 0;
    case 'bool': return false;
    default: return undefined;
  }
}

/** A plain copy of JSON data from own properties only (undefined members left out, as JSON would). */
export function copyJson(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyJson);
  const entries: [string, unknown][] = [];
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) entries.push([k, copyJson(x)]);
  }
  return Object.fromEntries(entries);
}

/** Decodes `value` as Go type `t`; never throws. */
export function decodeGo<T = unknown>(value: unknown, t: GoType): DecodeOutcome<T> {
  const d = new Decoder();
  const out = d.decode(value, t, { struct: '', fields: [], path: '' });
  if (d.typeError !== undefined) return { ok: false, kind: 'type', message: d.typeError };
  if (d.unknown.length > 0) return { ok: false, kind: 'strict', message: `strict decoding error: ${d.unknown.map((u) => `unknown field ${JSON.stringify(u)}`).join(', ')}`, unknown: d.unknown };
  return { ok: true, value: out as T | undefined };
}
