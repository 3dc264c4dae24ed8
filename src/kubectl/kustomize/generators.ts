/**
 * configMapGenerator and secretGenerator: data from literals (`K=V`, matching outer quotes dropped),
 * files (`[key=]path`, the key the file's base name) and env files (`K=V` lines, `#` comments),
 * with the generator options of the item over the kustomization's. The name suffix is added at the
 * end of the build, from the final content.
 */
import type { KObject } from '../../sim/types';
import { absolute, baseName, isFile, joinPath, outsideRoot, within, type Area } from './fs';
import { KustomizeError, type GeneratorArgs, type GeneratorOptions } from './kustomization';
import { Resource } from './resource';

/** `K=V` of a literal: the value's matching outer quotes are dropped. */
function literalPair(source: string, all: string[]): [string, string] {
  const at = source.indexOf('=');
  if (at <= 0) throw new KustomizeError(`loading KV pairs: literal sources [${all.join(' ')}]: invalid literal source ${source}, expected key=value`);
  let value = source.slice(at + 1);
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
  return [source.slice(0, at), value];
}

/** A file a generator reads; `what` and `all` name the source list in the error, as Go prints a slice. */
function readFile(area: Area, dir: string, rel: string, what: string, all: string[]): string {
  const path = joinPath(dir, rel);
  const context = `loading KV pairs: ${what}: [${all.join(' ')}]`;
  if (path !== undefined && !within(dir, path)) throw new KustomizeError(`${context}: ${outsideRoot(path, dir)}`);
  if (path === undefined || !isFile(area, path)) {
    const abs = path === undefined ? rel : absolute(path);
    throw new KustomizeError(`${context}: evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
  }
  return area!.get(path)!;
}

/** The pairs of an env file: blank lines and comments skipped, a line without `=` an empty value. */
function envPairs(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at < 0) out.push([trimmed, '']);
    else out.push([trimmed.slice(0, at), trimmed.slice(at + 1)]);
  }
  return out;
}

function dataOf(area: Area, dir: string, g: GeneratorArgs): Record<string, string> {
  const data: Record<string, string> = {};
  const put = (k: string, v: string): void => {
    if (Object.hasOwn(data, k)) throw new KustomizeError(`configmap ${g.name ?? ''} illegally repeats the key \`${k}\``);
    data[k] = v;
  };
  for (const envFile of [...(g.envs ?? []), ...(g.env ? [g.env] : [])]) for (const [k, v] of envPairs(readFile(area, dir, envFile, 'env source files', [...(g.envs ?? []), ...(g.env ? [g.env] : [])]))) put(k, v);
  for (const l of g.literals ?? []) put(...literalPair(l, g.literals!));
  for (const f of g.files ?? []) {
    const at = f.indexOf('=');
    const [key, path] = at > 0 ? [f.slice(0, at), f.slice(at + 1)] : [baseName(f), f];
    put(key, readFile(area, dir, path, 'file sources', g.files!));
  }
  return data;
}

const base64 = (s: string): string => {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
};

/** The item's options over the kustomization's generatorOptions. */
function options(global: GeneratorOptions | undefined, own: GeneratorOptions | undefined): GeneratorOptions {
  return {
    labels: { ...(global?.labels ?? {}), ...(own?.labels ?? {}) },
    annotations: { ...(global?.annotations ?? {}), ...(own?.annotations ?? {}) },
    disableNameSuffixHash: own?.disableNameSuffixHash ?? global?.disableNameSuffixHash ?? false,
    immutable: own?.immutable ?? global?.immutable ?? false,
  };
}

/** One generated ConfigMap or Secret. */
export function generate(kind: 'ConfigMap' | 'Secret', area: Area, dir: string, g: GeneratorArgs, global?: GeneratorOptions): Resource {
  const opts = options(global, g.options);
  const metadata: NonNullable<KObject['metadata']> = { name: g.name ?? '' };
  if (g.namespace) metadata.namespace = g.namespace;
  if (Object.keys(opts.labels!).length > 0) metadata.labels = opts.labels;
  if (Object.keys(opts.annotations!).length > 0) metadata.annotations = opts.annotations;
  const data = dataOf(area, dir, g);
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind, metadata };
  // A Secret always carries its data map (`data: {}` when empty); a ConfigMap only when it has some.
  if (kind === 'Secret') obj.data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)]));
  else if (Object.keys(data).length > 0) obj.data = data;
  if (kind === 'Secret') obj.type = g.type || 'Opaque';
  if (opts.immutable) obj.immutable = true;
  return new Resource(obj as KObject, !opts.disableNameSuffixHash, g.behavior || 'create');
}
