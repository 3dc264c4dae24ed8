/**
 * Field errors as the API server builds and prints them (apimachinery field.Error / ErrorList.ToAggregate /
 * errors.NewInvalid). The bad value is rendered once, when the error is made, the way Go's fmt renders it:
 * strings quoted (%q), numbers and booleans bare, maps and structs in %#v form.
 */
import type { FieldError, FieldErrorType, Status } from '../types';
import { StatusError } from '../types';

/** A value already in its Go-printed form (e.g. a struct rendered by a caller); printed as is. */
export class GoText {
  constructor(readonly text: string) {}
}
export const goText = (s: string): GoText => new GoText(s);

/** The control characters strconv.Quote writes with a letter. */
const GO_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

/** Go strconv.Quote: double quotes, backslash escapes, \x for other control bytes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function isStringMap(v: object): v is Record<string, string> {
  return Object.values(v).every((x) => typeof x === 'string');
}

/**
 * Renders a JS value as Go's fmt would for the field error's bad value. Maps of strings come out as
 * `map[string]string{"a":"b"}` with sorted keys (Go sorts map keys when printing); string slices as
 * `[]string{"a", "b"}`; null as `null` (the API server's nil rendering).
 */
export function renderGoValue(v: unknown): string {
  if (v instanceof GoText) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => goQuote(x as string)).join(', ')}}`;
    if (v.every((x) => typeof x === 'number')) return `[]int32{${v.join(', ')}}`;
    return `[]interface {}{${v.map(renderGoValue).join(', ')}}`;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    if (isStringMap(v)) return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(v[k]!)}`).join(', ')}}`;
    return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${renderGoValue((v as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return String(v);
}

/** A nil-able string map as Go prints it with %#v: `map[string]string(nil)` when absent. */
export function renderStringMap(m: Record<string, string> | undefined | null): string {
  return m ? renderGoValue(m) : 'map[string]string(nil)';
}

/** metav1.LabelSelector as %#v prints it; the shape seen in "field is immutable" selector errors. */
export function renderLabelSelector(
  ls: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined | null,
): GoText {
  if (!ls) return goText('(*v1.LabelSelector)(nil)');
  const exprs = ls.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${ls.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${
              e.values ? renderGoValue(e.values) : '[]string(nil)'
            }}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return goText(`v1.LabelSelector{MatchLabels:${renderStringMap(ls.matchLabels)}, MatchExpressions:${exprs}}`);
}

function make(type: FieldErrorType, field: string, badValue: unknown, detail: string | undefined, withValue: boolean): FieldError {
  const e: FieldError = { field, type };
  if (withValue) e.badValue = renderGoValue(badValue);
  if (detail) e.detail = detail;
  return e;
}

export const required = (field: string, detail = ''): FieldError => make('FieldValueRequired', field, '', detail, false);
export const forbidden = (field: string, detail: string): FieldError => make('FieldValueForbidden', field, '', detail, false);
export const invalid = (field: string, value: unknown, detail: string): FieldError => make('FieldValueInvalid', field, value, detail, true);
export const duplicate = (field: string, value: unknown): FieldError => make('FieldValueDuplicate', field, value, undefined, true);
export const notFound = (field: string, value: unknown): FieldError => make('FieldValueNotFound', field, value, undefined, true);
export const notSupported = (field: string, value: unknown, valid: readonly string[]): FieldError =>
  make('FieldValueNotSupported', field, value, valid.length ? `supported values: ${valid.map(goQuote).join(', ')}` : '', true);
/** 1.31 wording of field.TooLong. */
export const tooLong = (field: string, maxLength: number): FieldError =>
  make('FieldValueTooLong', field, '', maxLength >= 0 ? `may not be longer than ${maxLength}` : 'value is too long', false);
/** The wording the object-size checks (annotations, ConfigMap) use: "must have at most N bytes". */
export const tooLongBytes = (field: string, maxBytes: number): FieldError =>
  make('FieldValueTooLong', field, '', `must have at most ${maxBytes} bytes`, false);
export const tooMany = (field: string, actual: number, max: number): FieldError =>
  make('FieldValueTooMany', field, actual, max >= 0 ? `must have at most ${max} items` : 'has too many items', actual >= 0);

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
};

/** field.Error.ErrorBody(): the message without the field path. */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const omitsValue = e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' || e.type === 'FieldValueTooLong';
  if (!omitsValue && e.badValue !== undefined) s += `: ${e.badValue}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(): `<field>: <body>`. */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** ErrorList.ToAggregate().Error(): duplicates dropped, one message bare, several as `[a, b]`. */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errs) {
    const m = fieldErrorString(e);
    if (!seen.includes(m)) seen.push(m);
  }
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/** `Kind.group`, or `Kind` for the core group: schema.GroupKind.String(). */
export function qualifiedKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** The message of a 422 Invalid: `Deployment.apps "web" is invalid: <errors>`. */
export function invalidMessage(kindWithGroup: string, name: string, errs: readonly FieldError[]): string {
  return `${kindWithGroup} ${goQuote(name)} is invalid: ${aggregateMessage(errs)}`;
}

/** The StatusError errors.NewInvalid returns, causes included. */
export function invalidError(group: string, kind: string, name: string, errs: readonly FieldError[]): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: invalidMessage(qualifiedKind(group, kind), name, errs),
    reason: 'Invalid',
    details: {
      name,
      group,
      kind,
      causes: errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    },
    code: 422,
  };
  return new StatusError(status);
}

/** Small path builder in field.Path's print form: `a.b[0][key]`. */
export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((x) => x !== '').join('.');
}
export function index(path: string, i: number | string): string {
  return `${path}[${i}]`;
}
