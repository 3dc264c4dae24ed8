/**
 * `patches` (and the older `patchesStrategicMerge`): strategic merge patches and JSON 6902 patches,
 * from a file or inline, applied to the resources their `target` selects (kind, group, version, name
 * and namespace as anchored regular expressions, label and annotation selectors) or, for a strategic
 * merge patch without one, to the object its own kind and name identify. They run before the other
 * transformers, so they see the names the resources were written with.
 */
import { jsonPatch } from '../../sim/api/patch';
import { kustomizeSmp } from './smp';
import { parseSelector, type Selector } from '../../sim/api/labels';
import type { KObject } from '../../sim/types';
import { yamlLib } from '../yamlLib';
import { splitYamlDocuments } from '../apply';
import { toYaml } from '../printers/yaml';
import { KYAML_OPTS, absolute, isFile, joinPath, outsideRoot, within, type Area } from './fs';
import { KustomizeError } from './kustomization';
import type { Resource } from './resource';

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: PatchTarget;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The patch's documents; text that is neither YAML maps nor one JSON patch list fails as kustomize's PatchTransformer configuration does. */
function parseYamlDocs(text: string, e: PatchEntry): unknown[] {
  const refuse = (): never => {
    throw new KustomizeError(`${configText(e)}: unable to parse SM or JSON patch from [${entryText(e)}]`);
  };
  const split = splitYamlDocuments(text);
  if (split.error) throw new KustomizeError(split.error);
  const docs = split.chunks.map((c) => {
    const doc = yamlLib().parseDocument(c, KYAML_OPTS);
    return doc.errors.length > 0 ? refuse() : (doc.toJS() as unknown);
  });
  const kept = docs.filter((v) => v !== null && v !== undefined);
  if (!(kept.length === 1 && Array.isArray(kept[0])) && kept.some((d) => !isMap(d))) refuse();
  return kept;
}

/** kustomize's wrapping of a patch entry it could not configure: the entry as YAML (its fields sorted, as sigs.k8s.io/yaml writes them). */
function configText(e: PatchEntry): string {
  const fields = Object.fromEntries(Object.entries({ path: e.path, patch: e.patch, target: e.target, options: e.options }).filter(([, v]) => v !== undefined));
  return `trouble configuring builtin PatchTransformer with config: \`\n${toYaml(fields)}\``;
}

/** kustomize's text of a patch entry in its errors: the entry's fields as YAML. */
function entryText(e: PatchEntry): string {
  return e.path !== undefined ? `path: ${e.path}` : `patch: ${JSON.stringify(e.patch ?? '')}`;
}

function patchText(area: Area, dir: string, e: PatchEntry): string {
  if (e.path === undefined) return e.patch ?? '';
  const path = joinPath(dir, e.path);
  const config = `trouble configuring builtin PatchTransformer with config: \`\npath: ${e.path}\n\``;
  if (path !== undefined && !within(dir, path)) throw new KustomizeError(`${config}: failed to get the patch file from path(${e.path}): ${outsideRoot(path, dir)}`);
  if (path === undefined || !isFile(area, path)) {
    const abs = path === undefined ? e.path : absolute(path);
    throw new KustomizeError(`${config}: failed to get the patch file from path(${e.path}): evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
  }
  return area!.get(path)!;
}

const anchored = (pattern: string, value: string): boolean => {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
};

function selects(t: PatchTarget, r: Resource, labelSel?: Selector, annotationSel?: Selector): boolean {
  if (t.kind && !anchored(t.kind, r.kind())) return false;
  if (t.group !== undefined && t.group !== '' && !anchored(t.group, r.group())) return false;
  if (t.version && !anchored(t.version, r.version())) return false;
  if (t.name && !r.names.some((n) => anchored(t.name!, n))) return false;
  if (t.namespace && !anchored(t.namespace, r.namespace())) return false;
  if (labelSel && !labelSel.matches(r.obj.metadata?.labels ?? {})) return false;
  if (annotationSel && !annotationSel.matches(r.obj.metadata?.annotations ?? {})) return false;
  return true;
}

/** kustomize's id of a patch's own object: `Deployment.v1.apps/web.[noNs]`. */
function patchId(p: Obj): string {
  const av = typeof p.apiVersion === 'string' ? p.apiVersion : '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  const version = av.slice(av.indexOf('/') + 1);
  const meta = isMap(p.metadata) ? p.metadata : {};
  return `${String(p.kind ?? '')}.${version || '[noVer]'}.${group || '[noGrp]'}/${String(meta.name ?? '')}.${typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : '[noNs]'}`;
}

/** A strategic merge patch on one object; its identity stays unless the options let the patch change it. */
function applySmp(r: Resource, patch: Obj, e: PatchEntry): void {
  const before = r.obj as Obj;
  if (e.options?.allowNameChange || e.options?.allowKindChange) r.storePreviousId();
  const after = kustomizeSmp(JSON.parse(JSON.stringify(before)), patch) as Obj;
  const meta = { ...((isMap(after.metadata) ? after.metadata : {}) as Obj) };
  if (!e.options?.allowNameChange) meta.name = r.name();
  if (!e.options?.allowKindChange) {
    after.kind = before.kind;
    after.apiVersion = before.apiVersion;
  }
  after.metadata = meta;
  for (const k of Object.keys(before)) delete before[k];
  Object.assign(before, after);
  if (meta.name !== r.names[r.names.length - 1]) r.names.push(String(meta.name));
}

function applyEntry(all: Resource[], area: Area, dir: string, e: PatchEntry): void {
  const text = patchText(area, dir, e);
  const docs = parseYamlDocs(text, e);
  const json6902 = docs.length === 1 && Array.isArray(docs[0]);
  const t = e.target;
  const labelSel = t?.labelSelector ? parseSelector(t.labelSelector) : undefined;
  const annotationSel = t?.annotationSelector ? parseSelector(t.annotationSelector) : undefined;
  if (json6902) {
    if (!t) throw new KustomizeError(`must specify a target for JSON patch [${entryText(e)}]`);
    for (const r of all.filter((x) => selects(t, x, labelSel, annotationSel))) {
      // kustomize keeps the identity before every JSON patch, whether or not it renames.
      r.storePreviousId();
      try {
        const out = jsonPatch(JSON.parse(JSON.stringify(r.obj)), docs[0]) as KObject;
        for (const k of Object.keys(r.obj)) delete (r.obj as Obj)[k];
        Object.assign(r.obj, out);
      } catch (err) {
        // kustomize v5.5 passes the patch library's error on as it is, without naming the object.
        throw new KustomizeError((err as Error).message);
      }
    }
    return;
  }
  for (const doc of docs) {
    if (!isMap(doc)) throw new KustomizeError(`unable to parse SM or JSON patch from [${entryText(e)}]`);
    if (t) {
      for (const r of all.filter((x) => selects(t, x, labelSel, annotationSel))) applySmp(r, doc, e);
      continue;
    }
    const id = patchId(doc);
    const meta = isMap(doc.metadata) ? doc.metadata : {};
    const matches = all.filter((r) => r.kind() === doc.kind && r.names.includes(String(meta.name ?? '')) && (typeof meta.namespace !== 'string' || meta.namespace === '' || r.namespace() === meta.namespace));
    if (matches.length !== 1) {
      throw new KustomizeError(`no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}`);
    }
    applySmp(matches[0]!, doc, e);
  }
}

/** The kustomization's `patches`, in order. */
export function applyPatches(all: Resource[], area: Area, dir: string, entries: PatchEntry[]): void {
  for (const e of entries) applyEntry(all, area, dir, e);
}

/** `patchesStrategicMerge`: each entry a file path, or a patch written inline. */
export function strategicMergeEntries(list: string[]): PatchEntry[] {
  return list.map((s) => (s.includes('\n') || s.trimStart().startsWith('{') ? { patch: s } : { path: s }));
}
