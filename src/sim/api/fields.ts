/**
 * Field selectors: the k8s.io/apimachinery/pkg/fields grammar (`a=b`, `a==b`, `a!=b`, comma-joined,
 * backslash escapes) and the per-kind field label conversions of the API server, which decide which
 * fields a kind may be selected by and word the error when one is not.
 */
import type { KObject } from '../types';
import { StatusError } from './types';

export interface FieldTerm {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  terms: readonly FieldTerm[];
  matches(obj: KObject): boolean;
  empty(): boolean;
  toString(): string;
  requiresExactMatch(field: string): string | undefined;
}

function badRequest(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
}

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The first position where `!=`, `==` or `=` starts (tried in that order at each position). */
function splitTerm(t: string): { lhs: string; op: '=' | '==' | '!='; rhs: string } | null {
  for (let i = 0; i < t.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (t.startsWith(op, i)) return { lhs: t.slice(0, i), op, rhs: t.slice(i + op.length) };
    }
  }
  return null;
}

function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      const n = v[i + 1];
      if (n === '\\' || n === ',' || n === '=') {
        out += n;
        i++;
      } else throw badRequest(`invalid field selector: invalid escape sequence: \\${n ?? ''}`);
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.charCodeAt(0)}`);
    } else out += c;
  }
  return out;
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

// ---- supported fields per resource (the API server's field label conversions, 1.31) ----------------

const META = ['metadata.name', 'metadata.namespace'];

/** Resources with their own conversion; everything else accepts only metadata.name and metadata.namespace. */
const SUPPORTED: Record<string, { fields: string[]; error: (f: string) => string }> = {
  pods: {
    fields: [
      ...META,
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
      'spec.host',
    ],
    error: (f) => `field label not supported: ${f}`,
  },
  nodes: { fields: ['metadata.name', 'spec.unschedulable'], error: (f) => `field label not supported: ${f}` },
  replicationcontrollers: { fields: [...META, 'status.replicas'], error: (f) => `field label not supported: ${f}` },
  events: {
    fields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
      ...META,
    ],
    error: (f) => `field label not supported: ${f}`,
  },
  namespaces: { fields: ['status.phase', 'metadata.name'], error: (f) => `field label not supported: ${f}` },
  secrets: { fields: ['type', ...META], error: (f) => `field label not supported: ${f}` },
  services: { fields: [...META, 'spec.clusterIP', 'spec.type'], error: (f) => `field label not supported: ${f}` },
  jobs: { fields: [...META, 'status.successful'], error: (f) => `field label ${JSON.stringify(f)} not supported for batchv1.Job` },
  certificatesigningrequests: { fields: [...META, 'spec.signerName'], error: (f) => `field label not supported: ${f}` },
};

function defaultError(f: string): string {
  return `"${f}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
}

/** Plural resource name (e.g. `pods`), optionally `plural.group`; `events.events.k8s.io` uses the default rules. */
export function fieldSelectorSupported(resource: string, field: string): boolean {
  const s = SUPPORTED[resource];
  return s ? s.fields.includes(field) : META.includes(field);
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** The string a field has for selection: absent strings are '', booleans print as true/false. */
function fieldValue(obj: KObject, field: string): string | string[] {
  switch (field) {
    case 'spec.host':
      return String(get(obj, 'spec.nodeName') ?? '');
    case 'spec.hostNetwork':
    case 'spec.unschedulable':
      return String(get(obj, field) === true);
    case 'status.podIPs': {
      const ips = get(obj, 'status.podIPs');
      return Array.isArray(ips) ? ips.map((x) => String((x as { ip?: string }).ip ?? '')) : [];
    }
    case 'source':
      // core Event: the `source` selector is the reporting component.
      return String(get(obj, 'source.component') ?? '');
    case 'status.replicas':
      return String(get(obj, field) ?? 0);
    case 'status.successful':
      // A Job's selectable field is named successful; its value is the count of succeeded pods.
      return String(get(obj, 'status.succeeded') ?? 0);
    default: {
      const v = get(obj, field);
      return v === undefined || v === null ? '' : String(v);
    }
  }
}

function termMatches(t: FieldTerm, obj: KObject): boolean {
  const v = fieldValue(obj, t.field);
  const eq = Array.isArray(v) ? v.includes(t.value) : v === t.value;
  return t.op === '=' ? eq : !eq;
}

class Terms implements FieldSelector {
  constructor(readonly terms: readonly FieldTerm[]) {}
  matches(obj: KObject): boolean {
    return this.terms.every((t) => termMatches(t, obj));
  }
  empty(): boolean {
    return this.terms.length === 0;
  }
  toString(): string {
    return this.terms.map((t) => `${t.field}${t.op}${escape(t.value)}`).join(',');
  }
  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.op === '=')?.value;
  }
}

/**
 * fields.ParseSelector plus the API server's label conversion for `resource` (a plural like `pods`).
 * Throws a StatusError (BadRequest, 400) with the real message on bad syntax or an unsupported field.
 * Without a resource only the syntax is checked.
 */
export function parseFieldSelector(s: string, resource?: string): FieldSelector {
  const parts = splitTerms(s).sort();
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    let field = t.lhs;
    if (resource !== undefined) {
      const rule = SUPPORTED[resource];
      if (rule ? !rule.fields.includes(field) : !META.includes(field)) throw badRequest(rule ? rule.error(field) : defaultError(field));
      // Old clients say spec.host; the server reads it as spec.nodeName.
      if (resource === 'pods' && field === 'spec.host') field = 'spec.nodeName';
    }
    terms.push({ field, op: t.op === '!=' ? '!=' : '=', value: unescape(t.rhs) });
  }
  return new Terms(terms);
}

export function everythingFields(): FieldSelector {
  return new Terms([]);
}
