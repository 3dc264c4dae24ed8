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
 * them; all three generators drop that list. ENUMS below carries it for the enum fields a manifest
 * commonly holds, read from the `+enum` types and their constants in k8s.io/api 1.31 (the list the
 * OpenAPI generator writes is each constant's value and its comment without the constant's name).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ENUMS } from './api-docs-enums';

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

// ---- building -------------------------------------------------------------------------------------

/**
 * A property's entry: its description, or [description, enum values]. A description several
 * properties share (metadata, apiVersion, kind…) is written once in `shared` and named by its index.
 */
type Text = string | number;
type PropOut = Text | [Text, string[]];
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
  const counts = { defs: 0, props: 0, fromCdk8s: 0, fromClient: 0, fromKtypes: 0, undocumented: 0, enums: 0 };
  const report: string[] = [];
  const defs: Record<string, DefOut> = {};
  for (const key of Object.keys(schema.defs).sort()) {
    counts.defs++;
    const sources: [string, DocSource | undefined][] = [
      ['cdk8s', cdk.get(key)],
      ['client', parseClient(key)],
      ['ktypes', parseKtypes(key)],
    ];
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
      let text = found?.[1]!.props.get(prop) ?? '';
      if (!found) {
        counts.undocumented++;
        report.push(`${key}.${prop}: no description`);
      } else if (found[0] === 'cdk8s') counts.fromCdk8s++;
      else if (found[0] === 'client') counts.fromClient++;
      else counts.fromKtypes++;
      const e = ENUMS[`${key}.${prop}`];
      if (e) {
        counts.enums++;
        text += '\n\nPossible enum values:\n' + e.map(([v, c]) => (c ? ` - \`"${v}"\` ${c}` : ` - \`"${v}"\``)).join('\n');
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
    for (const [prop, p] of Object.entries(def.p)) def.p[prop] = Array.isArray(p) ? [ref(p[0]), p[1]] : ref(p);
  }
  for (const k of Object.keys(ENUMS)) {
    const dot = k.lastIndexOf('.');
    if (!schema.defs[k.slice(0, dot)]?.props[k.slice(dot + 1)]) throw new Error(`ENUMS names ${k}, which the schema lacks`);
  }
  writeFileSync(OUT, JSON.stringify({ version: schema.version, shared, defs }) + '\n');
  console.log(`wrote ${OUT}`);
  console.log(JSON.stringify(counts));
  for (const r of report) console.log('  ' + r);
}

main();
