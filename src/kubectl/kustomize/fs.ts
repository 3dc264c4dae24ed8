/**
 * The scenario's file area as kustomize sees a file system: directories exist where files lie under
 * them, paths are joined and cleaned as Go's filepath does (`..` allowed, not above the area's top),
 * and errors name absolute paths, as kustomize's do, with the area mounted at WORKDIR.
 */
import { normalizePath } from '../files';
import { YAML_OPTS } from '../apply';

/** Where the file area lies for messages that print absolute paths (the shell's working directory). */
export const WORKDIR = '/root';

export type Area = ReadonlyMap<string, string> | undefined;

/** The kustomization file names kustomize looks for, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A path inside the area, cleaned (`a/./b/../c` → `a/c`); undefined when it climbs above the top. '' is the top. */
export function joinPath(dir: string, rel: string): string | undefined {
  const parts: string[] = [];
  const start = rel.startsWith('/') ? rel.slice(WORKDIR.length + 1) : `${dir}/${rel}`;
  if (rel.startsWith('/') && !(rel === WORKDIR || rel.startsWith(`${WORKDIR}/`))) return undefined;
  for (const seg of start.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** The absolute path a message names. */
export function absolute(path: string): string {
  const clean = normalizePath(path);
  return clean === '' || clean === '.' ? WORKDIR : `${WORKDIR}/${clean}`;
}

export function isFile(area: Area, path: string): boolean {
  return area?.has(path) ?? false;
}

/** A directory of the area: a path some file lies under (the top always is one). */
export function isDir(area: Area, path: string): boolean {
  if (path === '') return true;
  for (const p of area?.keys() ?? []) if (p.startsWith(`${path}/`)) return true;
  return false;
}

/** The path of the directory's kustomization file, or undefined. */
export function kustomizationFile(area: Area, dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const p = dir === '' ? name : `${dir}/${name}`;
    if (isFile(area, p)) return p;
  }
  return undefined;
}

/** kustomize's error for a directory without a kustomization file. */
export function noKustomizationMessage(dir: string): string {
  return `unable to find one of ${KUSTOMIZATION_FILE_NAMES.map((n) => `'${n}'`).join(', ').replace(/, ('[^']*')$/, ' or $1')} in directory '${absolute(dir)}'`;
}

/** The part of a path after its last slash. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether a path lies in or below a directory of the area. */
export function within(dir: string, path: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** kustomize's loader refusing a file outside the kustomization's directory (LoadRestrictionsRootOnly). */
export function outsideRoot(path: string, dir: string): string {
  return `security; file '${absolute(path)}' is not in or below '${absolute(dir)}'`;
}

/**
 * How kustomize reads resources and patches: kyaml (go-yaml v3), where `n`, `yes` or `off` are strings,
 * unlike the kustomization file itself, which goes through sigs.k8s.io/yaml's YAML 1.1.
 */
export const KYAML_OPTS = { ...YAML_OPTS, version: '1.2' as const };
