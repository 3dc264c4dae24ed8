/**
 * A kustomization file read as kustomize v5 reads it: strict JSON field names (an unknown one is
 * `invalid Kustomization: json: unknown field "x"`), the deprecation warnings `kubectl kustomize`
 * prints, and the fields this build does not carry out refused by name rather than ignored.
 */
import { yamlLib } from '../yamlLib';
import { YAML_OPTS } from '../apply';
import type { PatchEntry } from './patches';

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  /** Secrets only. */
  type?: string;
}

export interface LabelSet {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}

export interface ImageRule {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface Kustomization {
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  resources?: string[];
  bases?: string[];
  commonLabels?: Record<string, string>;
  labels?: LabelSet[];
  commonAnnotations?: Record<string, string>;
  images?: ImageRule[];
  replicas?: { name?: string; count?: number }[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  patches?: PatchEntry[];
  patchesStrategicMerge?: string[];
}

/** Every field of kustomize v5's Kustomization type (its JSON names). */
const KNOWN_FIELDS = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator',
  'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations', 'generators',
  'transformers', 'validators', 'buildMetadata',
];

/** The fields this build carries out; the rest of KNOWN_FIELDS are refused by name. */
const IMPLEMENTED = new Set([
  'apiVersion', 'kind', 'metadata', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations',
  'images', 'replicas', 'resources', 'bases', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'patches',
  'patchesStrategicMerge',
]);

/** The fields kustomize v5 warns about, with the field that replaces each. */
const DEPRECATED: Record<string, string> = {
  bases: 'resources',
  commonLabels: 'labels',
  imageTags: 'images',
  patchesJson6902: 'patches',
  patchesStrategicMerge: 'patches',
};

export class KustomizeError extends Error {}

/** The kustomization and the warnings reading it gives (each a whole line). */
export function parseKustomization(text: string): { k: Kustomization; warnings: string[] } {
  const doc = yamlLib().parseDocument(text, YAML_OPTS);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new KustomizeError(`invalid Kustomization: yaml: line ${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const raw = doc.toJS() as unknown;
  if (raw === null || raw === undefined) return { k: {}, warnings: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new KustomizeError('invalid Kustomization: json: cannot unmarshal array into Go value of type types.Kustomization');
  const fields = raw as Record<string, unknown>;
  const warnings: string[] = [];
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.includes(key)) throw new KustomizeError(`invalid Kustomization: json: unknown field ${JSON.stringify(key)}`);
  }
  for (const key of Object.keys(fields)) {
    const instead = DEPRECATED[key];
    if (instead) warnings.push(`# Warning: '${key}' is deprecated. Please use '${instead}' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n`);
  }
  for (const key of Object.keys(fields)) {
    if (!IMPLEMENTED.has(key) && fields[key] !== null) throw new KustomizeError(`the kustomization field ${JSON.stringify(key)} is not supported here`);
  }
  return { k: checkShapes(fields), warnings };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Go's json decoding of the fields kept: a value of the wrong shape fails as Go's does. */
function checkShapes(f: Record<string, unknown>): Kustomization {
  const bad = (field: string, want: string, v: unknown): never => {
    const got = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
    throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${got} into Go struct field Kustomization.${field} of type ${want}`);
  };
  for (const key of ['namespace', 'namePrefix', 'nameSuffix']) if (f[key] != null && typeof f[key] !== 'string') bad(key, 'string', f[key]);
  for (const key of ['resources', 'bases', 'patchesStrategicMerge']) {
    const v = f[key];
    if (v != null && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) bad(key, '[]string', v);
  }
  for (const key of ['commonLabels', 'commonAnnotations']) {
    const v = f[key];
    if (v != null && !isMap(v)) bad(key, 'map[string]string', v);
    // A value YAML reads as a number or boolean is not a string to Go; null is the empty string.
    if (isMap(v)) for (const [k, x] of Object.entries(v)) if (x === null) v[k] = '';
    else if (typeof x !== 'string') bad(key, 'string', x);
  }
  for (const key of ['labels', 'images', 'replicas', 'configMapGenerator', 'secretGenerator', 'patches']) {
    const v = f[key];
    if (v != null && (!Array.isArray(v) || v.some((x) => !isMap(x)))) bad(key, `[]types.${key}`, v);
  }
  for (const [key, fields] of Object.entries(ITEM_FIELDS)) {
    for (const item of (f[key] as Record<string, unknown>[] | undefined) ?? []) checkItem(item, fields, key);
  }
  for (const item of (f.labels as Record<string, unknown>[] | undefined) ?? []) {
    if (item.fields != null) throw new KustomizeError('the kustomization field "labels.fields" is not supported here');
  }
  return f as Kustomization;
}

const GENERATOR_FIELDS = ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'env', 'options'];
const OPTION_FIELDS = ['labels', 'annotations', 'disableNameSuffixHash', 'immutable'];

/** The fields of each list's items (Go's structs), for the strict decoding of nested unknown fields. */
const ITEM_FIELDS: Record<string, string[]> = {
  configMapGenerator: GENERATOR_FIELDS,
  secretGenerator: [...GENERATOR_FIELDS, 'type'],
  images: ['name', 'newName', 'newTag', 'digest', 'tagSuffix'],
  replicas: ['name', 'count'],
  labels: ['pairs', 'includeSelectors', 'includeTemplates', 'fields'],
  patches: ['path', 'patch', 'target', 'options'],
};

/** Go's json type names of a decoded YAML value, for "cannot unmarshal X into …". */
function jsonType(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
}

function checkItem(item: Record<string, unknown>, fields: string[], list: string): void {
  for (const k of Object.keys(item)) if (!fields.includes(k)) throw new KustomizeError(`invalid Kustomization: json: unknown field ${JSON.stringify(k)}`);
  if (list === 'configMapGenerator' || list === 'secretGenerator') {
    // YAML 1.1 reads `name: y` or `- on` as booleans: Go refuses them where it wants strings.
    const struct = list === 'configMapGenerator' ? 'ConfigMapArgs' : 'SecretArgs';
    const refuse = (field: string, v: unknown, want: string): never => {
      throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(v)} into Go struct field ${struct}.${list}.${field} of type ${want}`);
    };
    for (const field of ['name', 'namespace', 'behavior', 'type', 'env']) if (item[field] != null && typeof item[field] !== 'string') refuse(field, item[field], 'string');
    for (const field of ['literals', 'files', 'envs']) {
      const v = item[field];
      if (v == null) continue;
      if (!Array.isArray(v)) refuse(field, v, '[]string');
      for (const x of v as unknown[]) if (typeof x !== 'string') refuse(field, x, 'string');
    }
  }
  if ((list === 'configMapGenerator' || list === 'secretGenerator') && isMap(item.options)) {
    for (const k of Object.keys(item.options)) if (!OPTION_FIELDS.includes(k)) throw new KustomizeError(`invalid Kustomization: json: unknown field ${JSON.stringify(k)}`);
  }
  if (list === 'images' && item.tagSuffix != null) throw new KustomizeError('the kustomization field "images.tagSuffix" is not supported here');
}
