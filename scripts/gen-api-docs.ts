/**
 * Generates src/sim/api/schema/k8s-1.31-docs.json, the documentation half of the API schema: per
 * definition of k8s-1.31.json its description and required properties, per property its description
 * and enum values. `kubectl explain` prints it; the editor's hover and completion show it.
 *
 *   npx tsx scripts/gen-api-docs.ts          # writes the file and prints what it had to settle
 *
 * Sources (devDependencies, pinned), first that has the text wins:
 * - cdk8s-plus-31's lib/imports/k8s.d.ts, generated from the Kubernetes 1.31.0 OpenAPI: its JSDoc is
 *   the OpenAPI description, paragraphs kept as blank comment lines. It adds `@default` and `@schema`
 *   tags of its own (dropped here) and leaves out apiVersion, kind and status.
 * - @kubernetes/client-node 1.0.0's models (from the 1.32.0 OpenAPI): the status types, and the
 *   apiVersion/kind docs. Its generator writes a paragraph break as two spaces and escapes quotes
 *   (`\"`, `\'`); both are undone. It writes no description for a property whose type is a definition.
 * - kubernetes-types 1.30.0 (from the 1.30 OpenAPI, paragraphs kept): the descriptions the other two
 *   lack (a kind's `status`, and the `$ref` properties of client-only definitions).
 *
 * The published OpenAPI ends the description of an enum field with "Possible enum values:" and lists
 * them (and gives the field an `enum`); all three generators drop both. api-docs-enums.ts carries them
 * for the `+enum` types of k8s.io/api 1.31 that the schema's fields have, from their types and constants.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ENUM_FIELDS, ENUM_TYPES } from './api-docs-enums';

const require = createRequire(import.meta.url);
const CDK8S_DTS = join(dirname(require.resolve('cdk8s-plus-31/package.json')), 'lib/imports/k8s.d.ts');
const CLIENT_MODELS = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist/gen/models');
const KTYPES = dirname(require.resolve('kubernetes-types/package.json'));
const SCHEMA = join(import.meta.dirname, '../src/sim/api/schema/k8s-1.31.json');
const OUT = join(import.meta.dirname, '../src/sim/api/schema/k8s-1.31-docs.json');

interface DocSource {
  description?: string;
  required: string[];
  props: Map<string, string | undefined>;
}

/** The definition key as k8s-1.31.json writes it, from a full OpenAPI name. */
function defKey(def: string): string {
  return def
    .replace(/^io\.k8s\.api\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\./, '')
    .replace(/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.kube-aggregator\.pkg\.apis\./, '');
}

/** A JSDoc block's text lines (without the ` * ` lead), up to its first tag. */
function jsdocText(block: string[]): string | undefined {
  const lines: string[] = [];
  for (const raw of block) {
    const l = raw.replace(/^\s*\/?\*\*?\/?\s?/, '').replace(/\s*\*\/$/, '');
    if (l.startsWith('@')) break;
    lines.push(l);
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  if (lines.length === 0) return undefined;
  // cdk8s and kubernetes-types write one source line per paragraph, blank lines between them.
  return lines.join('\n').replace(/\n\n+/g, '\n\n');
}

// ---- cdk8s-plus-31 --------------------------------------------------------------------------------

function parseCdk8s(): Map<string, DocSource> {
  const lines = readFileSync(CDK8S_DTS, 'utf8').split('\n');
  const out = new Map<string, DocSource>();
  let block: string[] = [];
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\/\*\*/.test(line)) {
      block = [line];
      inBlock = !line.includes('*/');
      continue;
    }
    if (inBlock) {
      block.push(line);
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (!/^export interface \w+ \{$/.test(line)) continue;
    const schemaTag = block.map((l) => /^ \* @schema (\S+)$/.exec(l)).find((m) => m);
    if (!schemaTag) continue;
    const def = defKey(schemaTag[1]!);
    const src: DocSource = { description: jsdocText(block.slice(1)), required: [], props: new Map() };
    let pblock: string[] = [];
    for (i++; i < lines.length && lines[i] !== '}'; i++) {
      const l = lines[i]!;
      if (/^ {4}\/\*\*/.test(l)) {
        pblock = [];
        for (i++; !/^ {5}\*\/$/.test(lines[i]!); i++) pblock.push(lines[i]!);
        continue;
      }
      const decl = /^ {4}readonly [\w$]+(\??): /.exec(l);
      if (!decl) continue;
      const json = pblock.map((b) => /@schema \S+#(\S+)$/.exec(b)).find((m) => m)?.[1];
      if (!json) throw new Error(`no @schema tag on a property of ${def}: ${l}`);
      src.props.set(json, jsdocText(pblock));
      if (decl[1] !== '?') src.required.push(json);
      pblock = [];
    }
    if (!out.has(def)) out.set(def, src);
  }
  return out;
}

// ---- @kubernetes/client-node ----------------------------------------------------------------------

/** Undoes openapi-generator's escaping: `\"` and `\'`, and a paragraph break written as two spaces. */
function unescapeClient(s: string): string {
  return s.replace(/\\(["'\\])/g, '$1').replace(/ {2}/g, '\n\n');
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function parseClient(key: string): DocSource | undefined {
  const parts = key.split('.');
  const name = parts[parts.length - 1]!;
  const version = parts[parts.length - 2]!;
  const group = parts[parts.length - 3]!;
  const file = [`${capital(version)}${name}`, `${capital(group)}${capital(version)}${name}`]
    .map((n) => join(CLIENT_MODELS, `${n}.d.ts`))
    .find((f) => existsSync(f));
  if (!file) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^export declare class /.test(l));
  let j = start - 1;
  const classDoc: string[] = [];
  if (lines[j] === '*/') {
    for (j--; !lines[j]!.startsWith('/**'); j--) classDoc.unshift(lines[j]!);
  }
  const desc = classDoc.map((l) => l.replace(/^\* ?/, '')).join(' ').trim();
  const src: DocSource = { description: desc ? unescapeClient(desc) : undefined, required: [], props: new Map() };
  let doc: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^ {4}\/\*\*$/.test(l)) {
      doc = [];
      for (i++; !/^ {4}\*\/$/.test(lines[i]!); i++) doc.push(lines[i]!.replace(/^ {4}\* ?/, ''));
      continue;
    }
    const decl = /^ {4}'([^']+)'(\??): /.exec(l);
    if (decl) {
      const text = doc.join(' ').trim();
      src.props.set(decl[1]!, text ? unescapeClient(text) : undefined);
      if (decl[2] !== '?') src.required.push(decl[1]!);
      doc = [];
    } else if (/^ {4}static /.test(l)) break;
  }
  return src;
}

// ---- kubernetes-types -----------------------------------------------------------------------------

const ktypesFiles = new Map<string, string[] | undefined>();

function parseKtypes(key: string): DocSource | undefined {
  const parts = key.split('.');
  const name = parts[parts.length - 1]!;
  const rel = `${parts.slice(0, -2).join('/')}/${parts[parts.length - 2]}.d.ts`;
  if (!ktypesFiles.has(rel)) {
    const f = join(KTYPES, rel);
    ktypesFiles.set(rel, existsSync(f) ? readFileSync(f, 'utf8').split('\n') : undefined);
  }
  const lines = ktypesFiles.get(rel);
  if (!lines) return undefined;
  const start = lines.findIndex((l) => l === `export interface ${name} {`);
  if (start < 0) return undefined;
  const docBefore = (at: number, indent: string): string | undefined => {
    const prev = lines[at - 1]!;
    const single = new RegExp(`^${indent}/\\*\\* (.*) \\*/$`).exec(prev);
    if (single) return single[1];
    if (prev.trim() !== '*/') return undefined;
    const block: string[] = [];
    let j = at - 2;
    for (; !lines[j]!.trim().startsWith('/**'); j--) block.unshift(lines[j]!);
    return jsdocText(block);
  };
  const src: DocSource = { description: docBefore(start, ''), required: [], props: new Map() };
  for (let i = start + 1; i < lines.length && lines[i] !== '}'; i++) {
    const decl = /^ {4}(?:readonly )?([\w$]+)(\??): /.exec(lines[i]!);
    if (!decl) continue;
    src.props.set(decl[1]!, docBefore(i, '    '));
    if (decl[2] !== '?') src.required.push(decl[1]!);
  }
  return src;
}

/**
 * Descriptions none of the three sources has: a property whose type is a definition that is new in 1.31
 * (client-node writes no description for those, kubernetes-types 1.30 lacks them), or a status client-node
 * leaves undescribed. The text is the field's doc comment in k8s.io/api (kube-aggregator for APIService).
 */
const MISSING: Record<string, string> = {
  'core.v1.ContainerStatus.user': 'User represents user identity information initially attached to the first process of the container',
  'core.v1.ContainerUser.linux': 'Linux holds user identity information initially attached to the first process of the containers in Linux. Note that the actual running identity can be changed if the process has enough privilege to do so.',
  'core.v1.NodeStatus.features': 'Features describes the set of features implemented by the CRI implementation.',
  'apiregistration.v1.APIService.status': 'Status contains derived information about an API server',
};

// ---- the definitions that are not structs ----------------------------------------------------------

function scalarDefinitions(): Record<string, string> {
  const fromKtypes = (file: string, name: string): string => {
    const lines = readFileSync(join(KTYPES, file), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith(`export type ${name} `) || l === `export interface ${name} {`);
    if (at < 0) throw new Error(`kubernetes-types has no ${name} in ${file}`);
    const prev = lines[at - 1]!;
    const single = /^\/\*\* (.*) \*\/$/.exec(prev);
    if (single) return single[1]!;
    const block: string[] = [];
    for (let j = at - 2; !lines[j]!.startsWith('/**'); j--) block.unshift(lines[j]!);
    return jsdocText(block)!;
  };
  // client-node writes IntOrString's own description on the properties of that type.
  const intOrString = /\* (IntOrString is a type .*)$/m.exec(readFileSync(join(CLIENT_MODELS, 'V1ServicePort.d.ts'), 'utf8'))![1]!;
  return {
    'api.resource.Quantity': fromKtypes('api/resource.d.ts', 'Quantity'),
    'util.intstr.IntOrString': intOrString,
    'meta.v1.Time': fromKtypes('meta/v1.d.ts', 'Time'),
    'meta.v1.MicroTime': fromKtypes('meta/v1.d.ts', 'MicroTime'),
    'meta.v1.FieldsV1': fromKtypes('meta/v1.d.ts', 'FieldsV1'),
    'runtime.RawExtension': fromKtypes('runtime.d.ts', 'RawExtension'),
    'apiextensions.v1.JSON': fromKtypes('apiextensions/v1.d.ts', 'JSON'),
    'apiextensions.v1.JSONSchemaPropsOrArray': fromKtypes('apiextensions/v1.d.ts', 'JSONSchemaPropsOrArray'),
    'apiextensions.v1.JSONSchemaPropsOrBool': fromKtypes('apiextensions/v1.d.ts', 'JSONSchemaPropsOrBool'),
    'apiextensions.v1.JSONSchemaPropsOrStringArray': fromKtypes('apiextensions/v1.d.ts', 'JSONSchemaPropsOrStringArray'),
  };
}

// ---- building -------------------------------------------------------------------------------------

/**
 * A property's entry: its description, or [description, enum values(, items' enum values)]. A description several
 * properties share (metadata, apiVersion, kind…) is written once in `shared` and named by its index.
 */
type Text = string | number;
/** [description, the field's enum values, its items' enum values (a list of an enum type)] */
type PropOut = Text | [Text, string[]] | [Text, string[], string[]];
interface DefOut {
  /** description */
  d?: string;
  /** required properties */
  r?: string[];
  /** properties */
  p: Record<string, PropOut>;
}

function main(): void {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { version: string; defs: Record<string, { props: Record<string, string> }> };
  const cdk = parseCdk8s();
  const counts = { defs: 0, props: 0, fromCdk8s: 0, fromClient: 0, fromKtypes: 0, undocumented: 0, fromMissing: 0, enums: 0 };
  const report: string[] = [];
  const scalars = scalarDefinitions();
  const scalarDescriptions = new Set(Object.values(scalars));
  const defs: Record<string, DefOut> = {};
  const usedEnums = new Set<string>();
  const usedFields = new Set<string>();
  for (const key of Object.keys(schema.defs).sort()) {
    counts.defs++;
    const sources: [string, DocSource | undefined][] = [
      ['cdk8s', cdk.get(key)],
      ['client', parseClient(key)],
      ['ktypes', parseKtypes(key)],
    ];
    // client-node cannot tell a paragraph break from two spaces; where kubernetes-types has the same
    // text it shows which it was.
    const kt = sources[2]![1];
    const cl = sources[1]![1];
    // client-node writes, for a property whose type is IntOrString or MicroTime, that type's own
    // description instead of the property's: not the property's text.
    if (cl) for (const [prop, text] of cl.props) if (text && scalarDescriptions.has(text)) cl.props.set(prop, undefined);
    if (cl && kt) {
      const same = (a: string, b: string) => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');
      for (const [prop, text] of cl.props) {
        const k = kt.props.get(prop);
        if (text && k && same(text, k)) cl.props.set(prop, k);
      }
      if (cl.description && kt.description && same(cl.description, kt.description)) cl.description = kt.description;
    }
    const primary = sources.find(([, s]) => s)?.[1];
    const d = sources.map(([, s]) => s?.description).find((x) => x);
    if (!d) report.push(`${key}: no description`);
    // Required comes from the first source that has the definition: each marks it by a property
    // without `?`.
    const required = primary ? primary.required.filter((r) => r in schema.defs[key]!.props) : [];
    const out: DefOut = { ...(d ? { d } : {}), ...(required.length > 0 ? { r: required } : {}), p: {} };
    for (const prop of Object.keys(schema.defs[key]!.props)) {
      counts.props++;
      const found = sources.find(([, s]) => s?.props.get(prop));
      let text = found?.[1]!.props.get(prop) ?? MISSING[`${key}.${prop}`] ?? '';
      if (!found && text) counts.fromMissing++;
      else if (!found) {
        counts.undocumented++;
        report.push(`${key}.${prop}: no description`);
      } else if (found[0] === 'cdk8s') counts.fromCdk8s++;
      else if (found[0] === 'client') counts.fromClient++;
      else counts.fromKtypes++;
      const named = /^(\[\])?\(([\w.]+)\)string$/.exec(schema.defs[key]!.props[prop]!);
      const fieldEnum = ENUM_FIELDS[`${key}.${prop}`];
      if (fieldEnum) usedFields.add(`${key}.${prop}`);
      const typeName = named?.[2] ?? fieldEnum;
      const e = typeName ? ENUM_TYPES[typeName] : undefined;
      if (e && named?.[1]) {
        // A list of an enum type: the generator puts the values on the items and leaves the list's
        // description as it is.
        counts.enums++;
        usedEnums.add(typeName!);
        out.p[prop] = [text, [], e.map(([v]) => v)];
      } else if (e) {
        counts.enums++;
        usedEnums.add(typeName!);
        // kube-openapi's line: ` - `%q` %s` (a trailing space when the constant has no comment), sorted.
        const lines = e.map(([v, c]) => ` - \`${JSON.stringify(v)}\` ${c}`).sort();
        text = (text ? `${text}\n\n` : '\n') + `Possible enum values:\n${lines.join('\n')}`;
        out.p[prop] = [text, e.map(([v]) => v)];
      } else out.p[prop] = text;
    }
    defs[key] = out;
  }
  // Descriptions used more than once go to the shared table; each use names its index.
  const uses = new Map<string, number>();
  for (const def of Object.values(defs)) for (const p of Object.values(def.p)) {
    const t = (Array.isArray(p) ? p[0] : p) as string;
    uses.set(t, (uses.get(t) ?? 0) + 1);
  }
  const shared = [...uses].filter(([t, n]) => n > 1 && t.length > 8).map(([t]) => t).sort();
  const index = new Map(shared.map((t, i) => [t, i]));
  const ref = (t: Text): Text => index.get(t as string) ?? t;
  for (const def of Object.values(defs)) {
    for (const [prop, p] of Object.entries(def.p)) def.p[prop] = Array.isArray(p) ? [ref(p[0]), ...p.slice(1)] as PropOut : ref(p);
  }
  // The definitions the compact schema writes as types of their own (Quantity, IntOrString, Time…):
  // explain prints their descriptions after a field's own.
  for (const [key, description] of Object.entries(scalars)) defs[key] = { d: description, p: {} };
  for (const t of Object.keys(ENUM_TYPES)) if (!usedEnums.has(t)) throw new Error(`ENUM_TYPES names ${t}, which no field of the schema has`);
  for (const f of Object.keys(ENUM_FIELDS)) {
    if (!usedFields.has(f)) throw new Error(`ENUM_FIELDS names ${f}, which the schema does not have`);
    if (!ENUM_TYPES[ENUM_FIELDS[f]!]) throw new Error(`ENUM_FIELDS names ${ENUM_FIELDS[f]}, which ENUM_TYPES lacks`);
  }
  writeFileSync(OUT, JSON.stringify({ version: schema.version, shared, defs }) + '\n');
  console.log(`wrote ${OUT}`);
  console.log(JSON.stringify(counts));
  for (const r of report) console.log('  ' + r);
}

main();
