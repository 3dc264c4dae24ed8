/**
 * `kubectl explain RESOURCE[.FIELD...]`: kubectl 1.31's explain over the OpenAPI v3 document, printed
 * by its plaintext template (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl),
 * which the functions below follow one for one: KIND/VERSION (and GROUP), FIELD with its ENUM,
 * DESCRIPTION wrapped at 76 columns under a 4-space indent, FIELDS with `name\t<type>` and
 * `-required-`, and the indented tree of `--recursive`.
 */
import type { ResourceDefinition } from '../../sim/api/types';
import { KubectlError, plainError } from '../errors';
import { flagBool, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { allResources } from '../resources';
import type { CommandIO } from './context';
import { typeGuess as sharedTypeGuess } from '../../sim/api/schema/openApiType';
import { explainSchema, type ExplainSchema, type OpenApiSchema } from './explainSchema';
import { indent, wordWrap } from './explainText';

export const EXPLAIN_FLAGS: FlagSpec[] = [
  { long: 'api-version', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string', default: 'plaintext' },
  { long: 'recursive', kind: 'bool' },
];

/** GroupVersionResource.String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
function gvrString(group: string, version: string, resource: string): string {
  return `${group}/${version}, Resource=${resource}`;
}

/** The definitions a resource argument names, preferred version first (the RESTMapper's ResourcesFor). */
function resourcesFor(name: string): ResourceDefinition[] {
  const n = name.toLowerCase();
  return allResources().filter((d) => d.plural === n || d.singular === n || d.shortNames.includes(n) || d.kind.toLowerCase() === n);
}

/**
 * SplitAndParseResourceRequestWithMatchingPrefix: the first dotted part names the resource; the field
 * path starts after `plural.group` when the argument spells it so (`deployments.apps.spec`), and after
 * the first part otherwise.
 */
function splitWithMatchingPrefix(arg: string): { def: ResourceDefinition; fields: string[] } {
  const input = arg.endsWith('.') ? arg.slice(0, -1) : arg;
  const parts = input.split('.');
  const defs = resourcesFor(parts[0]!);
  if (defs.length === 0) throw plainError(`the server doesn't have a resource type "${parts[0]}"`);
  for (const def of defs) {
    const groupResource = def.group ? `${def.plural}.${def.group}` : def.plural;
    if (input.startsWith(groupResource)) {
      const suffix = input.slice(groupResource.length);
      return { def, fields: suffix.length > 0 ? suffix.slice(1).split('.') : [] };
    }
  }
  return { def: defs[0]!, fields: parts.slice(1) };
}

/** ParseGroupVersion's checks, with its error text. */
function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: gv };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw plainError(`unexpected GroupVersion string: ${gv}`);
}

export function runExplain(io: CommandIO, f: ParsedFlags): void {
  if (f.args.length === 0) throw new KubectlError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  if (f.args.length > 1) throw new KubectlError('error: We accept only this format: explain RESOURCE');
  const schema = explainSchema();
  if (!schema) throw new Error('the API documentation is not loaded: await loadExplainSchema() before running explain');
  const apiVersion = flagString(f, 'api-version');
  let def: ResourceDefinition;
  let fields: string[];
  if (apiVersion === '') ({ def, fields } = splitWithMatchingPrefix(f.args[0]!));
  else {
    // With --api-version the first dotted part is the resource and everything after it the path.
    const input = f.args[0]!.replace(/\.$/, '');
    const parts = input.split('.');
    const found = resourcesFor(parts[0]!)[0];
    if (!found) throw plainError(`the server doesn't have a resource type "${parts[0]}"`);
    def = found;
    fields = parts.slice(1);
  }
  const output = flagString(f, 'output');
  // plaintext-openapiv2 (the explain before OpenAPI v3) is not part of this emulator.
  if (output !== 'plaintext') throw plainError(`unrecognized format: ${output}`);
  let group = def.group;
  let version = def.version;
  if (apiVersion !== '') ({ group, version } = parseGroupVersion(apiVersion));
  io.out(render(schema, group, version, def.plural, fields, flagBool(f, 'recursive')));
}

/** The template's top: the GVK of the GVR, then the schema of that GVK. */
function render(schema: ExplainSchema, group: string, version: string, resource: string, fieldPath: string[], recursive: boolean): string {
  const gv = group ? `${group}/${version}` : version;
  if (!schema.hasGroupVersion(gv)) throw plainError(`couldn't find resource for "${gvrString(group, version, resource)}"`);
  const served = allResources().find((d) => d.group === group && d.version === version && d.plural === resource);
  if (!served) throw new KubectlError(`error: GVR (${gvrString(group, version, resource)}) not found in OpenAPI schema`);
  const key = schema.kindKey(gv, served.kind);
  if (!key) throw new KubectlError(`error: GVK map[group:${group} kind:${served.kind} version:${version}] not found in OpenAPI schema`);
  let head = group ? `GROUP:      ${group}\n` : '';
  head += `KIND:       ${served.kind}\nVERSION:    ${version}\n\n`;
  const body = output(schema, { schema: schema.resolve(key), fieldPath, history: new Set(), recursive });
  if (body === '') throw new KubectlError(`error: field "${fieldPath[fieldPath.length - 1]}" does not exist`);
  return `${head}${body}\n`;
}

interface OutputContext {
  schema: OpenApiSchema;
  fieldPath: string[];
  /** the `$ref`s followed on the way here: a cycle ends the walk */
  history: ReadonlySet<string>;
  recursive: boolean;
}

const resolved = (schema: ExplainSchema, s: OpenApiSchema): OpenApiSchema => (s.ref ? schema.resolve(s.ref) : s);

/** Template "output": follows the field path, then prints the field's description and its fields. */
function output(schema: ExplainSchema, c: OutputContext): string {
  const ref = c.schema.ref ?? '';
  const next = { ...c, history: new Set([...c.history, ref]) };
  const r = resolved(schema, c.schema);
  if (c.fieldPath.length === 0) {
    let out = 'DESCRIPTION:\n' + indent(4, wordWrap(description(schema, r) || '<empty>', 76)) + '\n';
    const fields = fieldList(schema, { schema: r, level: 1, history: new Set(), recursive: c.recursive });
    if (fields) out += 'FIELDS:\n' + fields;
    return out;
  }
  if (ref && c.history.has(ref)) return '';
  const first = c.fieldPath[0]!;
  const sub = r.properties?.get(first);
  if (sub) {
    let out = '';
    if (c.fieldPath.length === 1) out += `FIELD: ${first} <${typeGuess(schema, sub)}>\n` + extractEnum(sub, true, -1, 0) + '\n\n';
    return out + output(schema, { ...next, schema: sub, fieldPath: c.fieldPath.slice(1), history: new Set() });
  }
  if (r.items) return output(schema, { ...next, schema: r.items });
  if (r.additionalProperties) return output(schema, { ...next, schema: r.additionalProperties });
  for (const a of r.allOf ?? []) {
    const o = output(schema, { ...next, schema: a });
    if (o) return o;
  }
  return '';
}

/** Template "description": the schema's own description, then those of what it refers to or holds. */
function description(schema: ExplainSchema, s: OpenApiSchema): string {
  const r = resolved(schema, s);
  let out = r.description ? r.description + '\n' : '';
  for (const a of r.allOf ?? []) out += description(schema, a);
  if (r.items) out += description(schema, r.items);
  if (r.additionalProperties) out += description(schema, r.additionalProperties);
  return out;
}

interface ListContext {
  schema: OpenApiSchema;
  level: number;
  history: ReadonlySet<string>;
  recursive: boolean;
}

/** Template "fieldList": the fields in name order; with --recursive, each one's fields under it. */
function fieldList(schema: ExplainSchema, c: ListContext): string {
  const ref = c.schema.ref ?? '';
  if (ref && c.history.has(ref)) return '';
  const next = { ...c, history: new Set([...c.history, ref]) };
  const r = resolved(schema, c.schema);
  let out = '';
  // Go templates range over a map in key order.
  for (const name of [...(r.properties?.keys() ?? [])].sort(byteOrder)) {
    out += fieldDetail(schema, name, r, c.recursive, c.level);
    if (c.recursive) out += fieldList(schema, { ...next, schema: r.properties!.get(name)!, level: c.level + 1 });
  }
  for (const a of r.allOf ?? []) out += fieldList(schema, { ...next, schema: a });
  if (r.items) out += fieldList(schema, { ...next, schema: r.items });
  if (r.additionalProperties) out += fieldList(schema, { ...next, schema: r.additionalProperties });
  return out;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Template "fieldDetail": `name\t<type>[ -required-]`, its enum, and (unless short) its description. */
function fieldDetail(schema: ExplainSchema, name: string, parent: OpenApiSchema, short: boolean, level: number): string {
  const amount = level * 2;
  const field = parent.properties!.get(name)!;
  let out = indent(amount, name) + `\t<${typeGuess(schema, field)}>`;
  if (parent.required?.includes(name)) out += ' -required-';
  out += extractEnum(field, false, 4, amount) + '\n';
  if (!short) out += indent(amount + 2, wordWrap(field.description || '<no description>', 78 - amount)) + '\n\n';
  return out;
}

/** Template "typeGuess" (shared with the editor's hover heading). */
function typeGuess(schema: ExplainSchema, s: OpenApiSchema): string {
  return sharedTypeGuess(s, (key) => schema.resolve(key).type);
}

/** Template "extractEnum": `ENUM:` and one value a line for a field, `enum: a, b, c, d, ....` in a list. */
function extractEnum(s: OpenApiSchema, long: boolean, limit: number, amount: number): string {
  if (!s.enum || s.enum.length === 0) return '';
  let out = long ? 'ENUM:' : '\n' + ' '.repeat(amount) + 'enum: ';
  for (const [i, v] of s.enum.entries()) {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      break;
    }
    if (i > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    out += v === '' ? '""' : v;
  }
  return out;
}
