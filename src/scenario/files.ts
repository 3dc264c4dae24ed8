/**
 * The scenario's file area: manifests and kustomizations the user keeps with the story (`files:` in a
 * scenario, carried in its share link), read by `kubectl apply -f PATH`. Paths are relative and
 * `/`-separated; sizes are bounded by what a link may carry.
 */
import { ScenarioError } from './errors';
import { kindOf } from './errors';

/** Files a scenario holds at most, and the characters of one file and of a path. */
export const MAX_FILES = 100;
export const MAX_FILE_CHARS = 200_000;
export const MAX_PATH_CHARS = 255;

export type ScenarioFiles = Record<string, string>;

/** Why a path is not one of the file area's, or undefined when it is. */
export function badFilePath(path: string): string | undefined {
  if (path === '') return 'a path must not be empty';
  if (path.length > MAX_PATH_CHARS) return `a path must be at most ${MAX_PATH_CHARS} characters`;
  if (path.startsWith('/')) return 'a path must be relative';
  if (path.includes('\\')) return 'a path is separated by "/", not by backslashes';
  if (/[\u0000-\u001f]/.test(path)) return 'a path must not contain control characters';
  for (const seg of path.split('/')) {
    if (seg === '') return 'a path must not have an empty segment';
    if (seg === '.' || seg === '..') return `a path must not contain "${seg}"`;
  }
  return undefined;
}

export function parseFiles(raw: unknown): ScenarioFiles | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ScenarioError(`files: expected a mapping of path to content, got ${kindOf(raw)}`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_FILES) throw new ScenarioError(`files: at most ${MAX_FILES} files, got ${entries.length}`);
  const out: ScenarioFiles = {};
  const paths = new Set<string>();
  for (const [path, content] of entries) {
    const bad = badFilePath(path);
    if (bad) throw new ScenarioError(`files: ${JSON.stringify(path)}: ${bad}`);
    if (typeof content !== 'string') throw new ScenarioError(`files: ${JSON.stringify(path)}: expected the file's text, got ${kindOf(content)}`);
    if (content.length > MAX_FILE_CHARS) throw new ScenarioError(`files: ${JSON.stringify(path)}: at most ${MAX_FILE_CHARS} characters, got ${content.length}`);
    // A path cannot be both a file and a directory.
    for (const other of paths) {
      if (other.startsWith(`${path}/`) || path.startsWith(`${other}/`)) throw new ScenarioError(`files: ${JSON.stringify(path)}: ${JSON.stringify(other)} makes one of them both a file and a directory`);
    }
    paths.add(path);
    out[path] = content;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Writes one file of the area as a shell's `> PATH` / `>> PATH` would (the map and the scenario's
 * files change together); returns why it cannot, in the system's words, or undefined.
 */
export function writeAreaFile(area: Map<string, string>, path: string, content: string, append: boolean): string | undefined {
  if (path.startsWith('/')) return 'Read-only file system';
  const clean = path.replace(/\/+$/, '');
  if (clean === '' || clean === '.' || path.endsWith('/')) return 'Is a directory';
  if (badFilePath(clean)) return 'No such file or directory';
  for (const other of area.keys()) {
    if (other.startsWith(`${clean}/`)) return 'Is a directory';
    if (clean.startsWith(`${other}/`)) return 'Not a directory';
  }
  const before = area.get(clean);
  if (before === undefined && area.size >= MAX_FILES) return 'No space left on device';
  const next = append && before !== undefined ? before + content : content;
  if (next.length > MAX_FILE_CHARS) return 'File too large';
  area.set(clean, next);
  return undefined;
}
