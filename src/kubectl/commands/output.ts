/** The -o formats shared by commands: name, yaml, json, jsonpath; and kubectl's "unknown format" error. */
import type { ResourceDefinition } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { plainError } from '../errors';
import { executeJsonPath, findResults, JsonPathError, parseJsonPath } from '../printers/jsonpath';
import { tabwrite, TABLE_TABWRITER } from '../tabwriter';
import { toJson } from '../printers/json';
import { toYaml } from '../printers/yaml';
import { kindRef } from '../resources';

export const ALLOWED_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type OutputFormat =
  | { kind: 'human'; wide: boolean }
  | { kind: 'name' }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; columns: { header: string; path: string }[] };

export function parseOutputFlag(o: string): OutputFormat {
  if (o === '') return { kind: 'human', wide: false };
  if (o === 'wide') return { kind: 'human', wide: true };
  if (o === 'name') return { kind: 'name' };
  if (o === 'yaml') return { kind: 'yaml' };
  if (o === 'json') return { kind: 'json' };
  const m = /^jsonpath=(.*)$/s.exec(o);
  if (m) return { kind: 'jsonpath', template: m[1]! };
  if (o === 'jsonpath') throw plainError('template format specified but no template given');
  if (o === 'custom-columns' || o === 'custom-columns=') throw plainError('custom-columns format specified but no custom columns given');
  const cc = /^custom-columns=(.*)$/s.exec(o);
  if (cc) return { kind: 'custom-columns', columns: parseCustomColumns(cc[1]!) };
  throw plainError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${ALLOWED_FORMATS}`);
}

/** `NAME:.metadata.name,NODE:.spec.nodeName`: each column a header and a relaxed JSONPath expression. */
function parseCustomColumns(spec: string): { header: string; path: string }[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw plainError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: relaxedJsonPath(part.slice(colon + 1)) };
  });
}

/** `.a.b`, `a.b`, `{.a.b}` and `{a.b}` all mean `{.a.b}`. */
function relaxedJsonPath(expr: string): string {
  const m = /^\{?(?:\.)?(.*?)\}?$/s.exec(expr);
  const inner = m ? m[1]! : expr;
  if (inner === '') throw plainError(`unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`);
  return `{.${inner}}`;
}

/** A value as Go's %v prints what the JSONPath walk found. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goValue(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** The custom-columns table: headers as given, `<none>` where a path finds nothing, several values joined by commas. */
export function renderCustomColumns(columns: { header: string; path: string }[], objs: unknown[], noHeaders: boolean): string {
  const tpls = columns.map((c) => {
    try {
      return parseJsonPath(c.path);
    } catch (e) {
      throw plainError(`error parsing jsonpath ${c.path}, ${(e as Error).message}`);
    }
  });
  const lines: string[] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  for (const obj of objs) {
    const cells = tpls.map((t) => {
      const found = findResults(t, obj).flat();
      return found.length === 0 ? '<none>' : found.map(goValue).join(',');
    });
    lines.push(cells.join('\t'));
  }
  return tabwrite(lines.map((l) => l + '\n').join(''), TABLE_TABWRITER);
}

/** `deployment.apps/web` */
export function nameRef(def: ResourceDefinition, obj: KObject): string {
  return `${kindRef(def)}/${obj.metadata?.name ?? '<unknown>'}`;
}

/** The List kubectl wraps several objects in for -o yaml/json/jsonpath. */
export function asList(items: KObject[]): KObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } } as KObject;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Zero-valued structs the 1.31 server always writes out: an embedded ObjectMeta (a pod template's, a
 * job template's, a claim template's) carries its zero creation time as `creationTimestamp: null`,
 * and a Service without a load balancer has `status: {loadBalancer: {}}`.
 */
function wireForm(data: unknown): unknown {
  if (!isObj(data)) return data;
  if (Array.isArray(data.items)) return { ...data, items: data.items.map(wireForm) };
  if (data.kind === 'Service' && data.apiVersion === 'v1' && !isObj(data.status)) return { ...data, status: { loadBalancer: {} } };
  const markMeta = (holder: unknown): unknown => {
    if (!isObj(holder)) return holder;
    const meta = isObj(holder.metadata) ? holder.metadata : {};
    return 'creationTimestamp' in meta ? holder : { ...holder, metadata: { creationTimestamp: null, ...meta } };
  };
  const kind = data.kind;
  if (kind === 'PodTemplate') return { ...data, template: markMeta(data.template) };
  if (!isObj(data.spec)) return data;
  const spec: Obj = { ...data.spec };
  if (['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet', 'Job'].includes(kind as string) && isObj(spec.template)) spec.template = markMeta(spec.template);
  if (kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates)) spec.volumeClaimTemplates = spec.volumeClaimTemplates.map(markMeta);
  if (kind === 'CronJob' && isObj(spec.jobTemplate)) {
    const jt = markMeta(spec.jobTemplate) as Obj;
    if (isObj(jt.spec) && isObj(jt.spec.template)) spec.jobTemplate = { ...jt, spec: { ...jt.spec, template: markMeta(jt.spec.template) } };
    else spec.jobTemplate = jt;
  }
  return { ...data, spec };
}

/** Renders one object or a list for a structured format; throws a KubectlError for jsonpath failures. */
export function renderStructured(fmt: OutputFormat, raw: unknown): string {
  const data = wireForm(raw);
  switch (fmt.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data);
    case 'jsonpath': {
      let tpl;
      try {
        tpl = parseJsonPath(fmt.template);
      } catch (e) {
        throw plainError(`error parsing jsonpath ${fmt.template}, ${(e as Error).message}\n`);
      }
      try {
        return executeJsonPath(tpl, data);
      } catch (e) {
        if (e instanceof JsonPathError) {
          throw plainError(`error executing jsonpath "${fmt.template}": Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${fmt.template}\n\tobject given to jsonpath engine was:\n\t\t${JSON.stringify(data)}\n\n`);
        }
        throw e;
      }
    }
    default:
      return '';
  }
}

/**
 * kubectl's JSON printer on a typed object (a review, a TokenRequest): Go's encoder keeps the struct's
 * field order (kind before apiVersion), where an object read as unstructured comes out sorted.
 */
export function typedJson(obj: unknown): string {
  return `${JSON.stringify(obj, null, 4)}\n`;
}
