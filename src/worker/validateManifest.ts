/**
 * The editor's squiggles: every document of the buffer checked as `kubectl apply` would have it
 * checked — YAML to JSON, kubectl's own apiVersion/kind checks, the REST mapping, then the API
 * server's strict decoding and its create validation (ApiServer.checkCreate) — each problem in the
 * words kubectl or the server would print, placed on the key or value it is about. Nothing is sent:
 * no request, no request-log entry, nothing in the scenario.
 */
import type { Document, Node as YamlNode, Pair, YAMLError } from 'yaml';
import type { Cluster } from '../sim/cluster';
import { isStatusError } from '../sim/api/types';
import type { FieldError } from '../sim/api/types';
import { fieldErrorString } from '../sim/api/validation/fieldErrors';
import type { KObject } from '../sim/types';
import { YAML_OPTS } from '../kubectl/apply';
import { goYamlMessage } from '../kubectl/goYaml';
import { yamlLib } from '../kubectl/yamlLib';

export interface ManifestProblem {
  /** 1-based, as the editor counts */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  message: string;
}

/** A document of the stream: its text and where it starts in the buffer. */
interface Chunk {
  text: string;
  offset: number;
}

/** Splits at `---` lines as kubectl's YAML reader does, keeping each document's offset in the buffer. */
function chunks(text: string): { chunks: Chunk[]; badSeparator?: { offset: number; length: number; rest: string } } {
  const out: Chunk[] = [];
  let start = 0;
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && rest[0] !== '#') return { chunks: out, badSeparator: { offset: at, length: line.length, rest } };
      if (at > start) out.push({ text: text.slice(start, at), offset: start });
      start = at + line.length + 1;
    }
    at += line.length + 1;
  }
  if (start < text.length) out.push({ text: text.slice(start), offset: start });
  return { chunks: out };
}

type Span = [number, number];

/** Field-error types whose message is about the value written, not a field left out. */
const ABOUT_VALUE = new Set(['FieldValueInvalid', 'FieldValueNotSupported', 'FieldValueTypeInvalid', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueDuplicate', 'FieldValueForbidden']);

/** `spec.template.spec.containers[0].image`, `metadata.labels[app]` → its steps. */
function pathSteps(path: string): string[] {
  const steps: string[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) steps.push(m[1] ?? m[2] ?? '');
  return steps;
}

const isMap = (n: unknown): n is { items: Pair[] } & YamlNode => yamlLib().isMap(n);
const isSeq = (n: unknown): n is { items: unknown[] } & YamlNode => yamlLib().isSeq(n);

function keyText(p: Pair): string | undefined {
  const k = p.key as unknown;
  return yamlLib().isScalar(k) ? String(k.value) : undefined;
}

function spanOf(n: unknown): Span | undefined {
  const r = (n as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/**
 * The pair a field path leads to, or the deepest pair on the way (a required field left out is
 * shown on its parent). `found` says whether the whole path was there.
 */
function locate(doc: Document, path: string): { pair?: Pair; found: boolean } {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const step of pathSteps(path)) {
    if (isMap(node)) {
      const p = node.items.find((x) => keyText(x) === step);
      if (!p) return { ...(pair ? { pair } : {}), found: false };
      pair = p;
      node = p.value;
    } else if (isSeq(node) && /^\d+$/.test(step)) {
      const x = node.items[Number(step)];
      if (x === undefined) return { ...(pair ? { pair } : {}), found: false };
      node = x;
    } else return { ...(pair ? { pair } : {}), found: false };
  }
  return { ...(pair ? { pair } : {}), found: true };
}

/** The JSON kind of a YAML node, as Go's decoder names it in "cannot unmarshal X". */
function nodeKind(n: unknown): string {
  if (isMap(n)) return 'object';
  if (isSeq(n)) return 'array';
  const v = yamlLib().isScalar(n) ? n.value : n;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'null';
}

/**
 * Where a decoding error is: Go names the path without list indices (`Container.spec.containers.args`),
 * so every list on the way is searched for a value of the kind it could not take.
 */
function locateTypeError(doc: Document, message: string): Span | undefined {
  const m = /Go struct field [^.\s]+\.(\S+) of type/.exec(message);
  if (!m) return undefined;
  const what = /cannot unmarshal (\w+)/.exec(message)?.[1] ?? '';
  const steps = m[1]!.split('.');
  let first: Span | undefined;
  const walk = (node: unknown, i: number): Span | undefined => {
    if (isSeq(node)) {
      for (const x of node.items) {
        const s = walk(x, i);
        if (s) return s;
      }
      return undefined;
    }
    if (!isMap(node)) return undefined;
    const p = node.items.find((x) => keyText(x) === steps[i]);
    if (!p) return undefined;
    if (i === steps.length - 1) {
      const span = spanOf(p.value) ?? spanOf(p.key);
      first ??= span;
      if (nodeKind(p.value) === what) return span;
      // A list of the wrong element kind: the element is the culprit.
      if (isSeq(p.value)) for (const x of p.value.items) if (nodeKind(x) === what) return spanOf(x);
      return undefined;
    }
    return walk(p.value, i + 1);
  };
  return walk(doc.contents, 0) ?? first;
}

/** The span of the document's first line: where a problem with no place of its own is shown. */
function headSpan(c: Chunk): Span {
  const lead = c.text.length - c.text.trimStart().length;
  const end = c.text.indexOf('\n', lead);
  return [lead, end < 0 ? c.text.length : end];
}

export function validateManifest(cluster: Cluster, text: string): ManifestProblem[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const problems: ManifestProblem[] = [];
  const add = (c: Chunk, span: Span, message: string, severity: 'error' | 'warning' = 'error'): void => {
    const from = position(c.offset + span[0]);
    // An empty span still needs a character to underline.
    const to = position(c.offset + Math.max(span[1], span[0] + 1));
    problems.push({ line: from.line, column: from.column, endLine: to.line, endColumn: to.column, severity, message });
  };

  const split = chunks(text);
  for (const c of split.chunks) checkDocument(cluster, c, add);
  if (split.badSeparator) {
    const { offset, length, rest } = split.badSeparator;
    add({ text, offset: 0 }, [offset, offset + length], `invalid Yaml document separator: ${rest}`);
  }
  return problems;
}

type Add = (c: Chunk, span: Span, message: string, severity?: 'error' | 'warning') => void;

function checkDocument(cluster: Cluster, c: Chunk, add: Add): void {
  const yaml = yamlLib();
  const doc = yaml.parseDocument(c.text, YAML_OPTS);
  if (doc.errors.length > 0) {
    // kubectl stops at the first syntax error: the others are often echoes of it.
    const e = doc.errors[0] as YAMLError;
    add(c, [e.pos[0], e.pos[1]], `yaml: ${goYamlMessage(e)}`);
    return;
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    add(c, spanOf(doc.contents) ?? headSpan(c), `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string'} into Go value of type unstructured.detector`);
    return;
  }
  const obj = JSON.parse(JSON.stringify(value)) as KObject & Record<string, unknown>;
  const keySpan = (field: string): Span => {
    const { pair } = locate(doc, field);
    return (pair && spanOf(pair.key)) ?? headSpan(c);
  };
  const valueSpan = (field: string): Span => {
    const { pair, found } = locate(doc, field);
    if (pair && found) return spanOf(pair.value) ?? spanOf(pair.key) ?? headSpan(c);
    return (pair && spanOf(pair.key)) ?? headSpan(c);
  };

  // kubectl's checks before it sends anything.
  let typed = true;
  for (const f of ['apiVersion', 'kind'] as const) {
    const v = obj[f];
    if (v === undefined || v === null || v === '') {
      add(c, headSpan(c), `error validating data: ${f} not set`);
      typed = false;
    } else if (typeof v !== 'string') {
      add(c, valueSpan(f), `error validating data: ${f} isn't string type`);
      typed = false;
    }
  }
  if (!typed) return;
  const apiVersion = obj.apiVersion as string;
  const kind = obj.kind as string;
  if (kind.endsWith('List') && Array.isArray(obj.items)) return;

  let outcome: ReturnType<Cluster['api']['checkCreate']>;
  try {
    outcome = cluster.api.checkCreate(apiVersion, kind, obj);
  } catch (e) {
    if (!isStatusError(e)) throw e;
    add(c, valueSpan(e.status.reason === 'NoMatch' ? 'kind' : 'apiVersion'), e.status.message);
    return;
  }
  if (outcome.decodeError !== undefined) {
    add(c, locateTypeError(doc, outcome.decodeError) ?? headSpan(c), outcome.decodeError);
    return;
  }
  for (const u of outcome.unknownFields) {
    const field = /^unknown field "(.*)"$/.exec(u)?.[1] ?? '';
    add(c, keySpan(field), u);
  }
  for (const e of outcome.invalid) add(c, spanForFieldError(e, keySpan, valueSpan), fieldErrorString(e));
}

function spanForFieldError(e: FieldError, keySpan: (f: string) => Span, valueSpan: (f: string) => Span): Span {
  return ABOUT_VALUE.has(e.type) ? valueSpan(e.field) : keySpan(e.field);
}
