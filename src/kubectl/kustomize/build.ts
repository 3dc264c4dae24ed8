/**
 * `kustomize build DIR` as kubectl 1.31 runs it: the kustomization's resources (files, and
 * directories with their own kustomization, built first), its generated ConfigMaps and Secrets, its
 * transformers; then, for the top directory only, the generated names' hash suffixes, the name
 * references that follow renamed objects, and kustomize's legacy order by kind.
 */
import type { KObject } from '../../sim/types';
import { splitYamlDocuments } from '../apply';
import { yamlLib } from '../yamlLib';
import { toYaml } from '../printers/yaml';
import { KYAML_OPTS, absolute, isDir, outsideRoot, within, isFile, joinPath, kustomizationFile, noKustomizationMessage, type Area } from './fs';
import { configMapHash, secretHash } from './hash';
import { generate } from './generators';
import { KustomizeError, parseKustomization, type GeneratorArgs } from './kustomization';
import { fixNameReferences } from './nameRefs';
import { Resource } from './resource';
import { transform } from './transformers';
import { sortLegacy } from './order';
import { applyPatches, strategicMergeEntries } from './patches';

export { KustomizeError };

export interface BuildResult {
  objects: KObject[];
  /** Lines kustomize prints on stderr (deprecations). */
  warnings: string[];
}

/** The manifests of one resource file, as kustomize reads them (empty documents skipped). */
function readResources(text: string, path: string): Resource[] {
  const split = splitYamlDocuments(text);
  if (split.error) throw new KustomizeError(split.error);
  const out: Resource[] = [];
  for (const chunk of split.chunks) {
    const doc = yamlLib().parseDocument(chunk, KYAML_OPTS);
    if (doc.errors.length > 0) throw new KustomizeError(`MalformedYAMLError: yaml: line ${doc.errors[0]!.linePos?.[0]?.line ?? 1}: ${doc.errors[0]!.message.split('\n')[0]} in File: ${path}`);
    const v = doc.toJS() as unknown;
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw new KustomizeError(`missing Resource metadata`);
    const obj = v as KObject & { items?: unknown };
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push(new Resource(item as KObject));
      continue;
    }
    if (!obj.kind) throw new KustomizeError(`missing kind in object ${JSON.stringify(v)}`);
    out.push(new Resource(obj));
  }
  return out;
}

/** Adds resources, refusing one that is already there (same kind, group, name and namespace). */
function addAll(into: Resource[], add: Resource[]): void {
  for (const r of add) {
    if (into.some((x) => x.sameId(r))) throw new KustomizeError(`may not add resource with an already registered id: ${r.idString()}`);
    into.push(r);
  }
}

/** The `resources:` entry's objects: a file's manifests, or a directory's whole build. */
function accumulateEntry(area: Area, dir: string, entry: string, warnings: string[], roots: readonly string[]): Resource[] {
  const path = joinPath(dir, entry);
  const abs = path === undefined ? entry : absolute(path);
  const wrap = (inner: string, outer: string): never => {
    throw new KustomizeError(`accumulation err='${inner}': ${outer}`);
  };
  if (/^[a-z]+:\/\//.test(entry) || entry.startsWith('github.com/')) {
    wrap(`accumulating resources from '${entry}': remote resources are not supported here`, `must build at directory: not a valid directory: evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
  }
  if (path !== undefined && isFile(area, path)) {
    // LoadRestrictionsRootOnly: a file must lie in or below the kustomization's directory.
    if (!within(dir, path)) wrap(`accumulating resources from '${entry}': ${outsideRoot(path, dir)}`, `must build at directory: '${abs}': file is not directory`);
    return readResources(area!.get(path)!, abs);
  }
  if (path !== undefined && isDir(area, path)) {
    const mustBeFile = `accumulating resources from '${entry}': '${abs}' must resolve to a file`;
    // A directory at or above one being built (itself, a parent, or a base that includes it back) is a cycle, caught before its kustomization is read.
    const visited = [...roots].reverse().find((root) => root === abs || root.startsWith(`${abs}/`));
    if (visited !== undefined) wrap(mustBeFile, `cycle detected: candidate root '${abs}' contains visited root '${visited}'`);
    // Reading the directory's kustomization fails as "couldn't make target"; building it as "recursed accumulation".
    let k: Loaded;
    try {
      k = load(area, path);
    } catch (e) {
      if (e instanceof KustomizeError) wrap(mustBeFile, `couldn't make target for path '${abs}': ${e.message}`);
      throw e;
    }
    try {
      return accumulate(area, path, k, warnings, [...roots, abs]);
    } catch (e) {
      if (e instanceof KustomizeError) wrap(mustBeFile, `recursed accumulation of path '${abs}': ${e.message}`);
      throw e;
    }
  }
  const missing = `evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`;
  return wrap(`accumulating resources from '${entry}': ${missing}`, `must build at directory: not a valid directory: ${missing}`);
}

/** A generator's object merged into, or replacing the data of, the one it names; or added. */
function addGenerated(all: Resource[], made: Resource, g: GeneratorArgs): void {
  const existing = all.find((r) => r.kind() === made.kind() && r.names.includes(made.name()) && (!g.namespace || r.namespace() === g.namespace));
  const id = `resid.ResId{Gvk:resid.Gvk{Group:"", Version:"v1", Kind:"${made.kind()}", isClusterScoped:false}, Name:"${made.name()}", Namespace:"${made.namespace()}"}`;
  if (made.behavior === 'create') {
    if (existing) throw new KustomizeError(`merging from generator: id ${id} exists; behavior must be merge or replace`);
    all.push(made);
    return;
  }
  if (made.behavior !== 'merge' && made.behavior !== 'replace') throw new KustomizeError(`unknown generation behavior '${made.behavior}'`);
  if (!existing) throw new KustomizeError(`merging from generator: id ${id} does not exist; cannot merge or replace`);
  const target = existing.obj as Record<string, unknown> & KObject;
  const source = made.obj as Record<string, unknown> & KObject;
  if (made.behavior === 'replace') {
    if (source.data === undefined) delete target.data;
    else target.data = source.data;
  } else if (source.data !== undefined) target.data = { ...((target.data as Record<string, string>) ?? {}), ...(source.data as Record<string, string>) };
  const meta = target.metadata ?? {};
  const labels = { ...(meta.labels ?? {}), ...(source.metadata?.labels ?? {}) };
  const annotations = { ...(meta.annotations ?? {}), ...(source.metadata?.annotations ?? {}) };
  target.metadata = { ...meta, ...(Object.keys(labels).length > 0 ? { labels } : {}), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) };
  existing.hashSuffix = made.hashSuffix;
}

type Loaded = ReturnType<typeof parseKustomization>;

/** The directory's kustomization, read. */
function load(area: Area, dir: string): Loaded {
  const file = kustomizationFile(area, dir);
  if (!file) throw new KustomizeError(noKustomizationMessage(dir));
  return parseKustomization(area!.get(file)!);
}

/** One directory's resources, generated objects and transformers (no hashes, references or order yet). */
function accumulate(area: Area, dir: string, loaded: Loaded, warnings: string[], roots: readonly string[]): Resource[] {
  const { k, warnings: own } = loaded;
  warnings.push(...own);
  const all: Resource[] = [];
  for (const entry of [...(k.resources ?? []), ...(k.bases ?? [])]) {
    try {
      const found = accumulateEntry(area, dir, entry, warnings, roots);
      try {
        addAll(all, found);
      } catch (e) {
        if (!(e instanceof KustomizeError)) throw e;
        const path = joinPath(dir, entry);
        throw new KustomizeError(`accumulation err='merging resources from '${entry}': ${e.message}': must build at directory: '${path === undefined ? entry : absolute(path)}': file is not directory`);
      }
    } catch (e) {
      if (e instanceof KustomizeError) throw new KustomizeError(`accumulating resources: ${e.message}`);
      throw e;
    }
  }
  for (const g of k.configMapGenerator ?? []) addGenerated(all, generate('ConfigMap', area, dir, g, k.generatorOptions), g);
  for (const g of k.secretGenerator ?? []) addGenerated(all, generate('Secret', area, dir, g, k.generatorOptions), g);
  // Patches come first among the transformers (kustomize v5's order), on the names as written.
  applyPatches(all, area, dir, [...strategicMergeEntries(k.patchesStrategicMerge ?? []), ...(k.patches ?? [])]);
  transform(all, k);
  return all;
}

/** The name a generated object ends with: its content hash, computed as kustomize v5 does (name left out). */
function suffixed(r: Resource): string {
  const o = r.obj as Record<string, unknown>;
  const data = o.data as Record<string, string> | undefined;
  const hash = r.kind() === 'Secret' ? secretHash('', typeof o.type === 'string' ? o.type : '', data ?? {}) : configMapHash('', data ?? '', o.binaryData as Record<string, string> | undefined);
  return `${r.name()}-${hash}`;
}

/** Builds the kustomization in DIR (a path in the file area). Throws KustomizeError with kustomize's text. */
export function kustomizeBuild(area: Area, dirArg: string): BuildResult {
  const dir = joinPath('', dirArg);
  if (dir === undefined || (!isDir(area, dir) && !isFile(area, dir))) {
    const abs = dir === undefined ? dirArg : absolute(dir);
    throw new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
  }
  if (isFile(area, dir)) throw new KustomizeError(`must build at directory: '${absolute(dir)}': file is not directory`);
  const warnings: string[] = [];
  const all = accumulate(area, dir, load(area, dir), warnings, [absolute(dir)]);
  for (const r of all) {
    if (!r.hashSuffix) continue;
    r.storePreviousId();
    r.rename(suffixed(r));
  }
  fixNameReferences(all);
  return { objects: sortLegacy(all).map((r) => r.obj), warnings };
}

/** The build as `kubectl kustomize` prints it: each object's YAML, `---` between them. */
export function kustomizeYaml(objects: readonly KObject[]): string {
  return objects.map((o) => toYaml(o)).join('---\n');
}
