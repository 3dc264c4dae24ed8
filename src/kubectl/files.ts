/**
 * Paths against the scenario's file area, for every command that reads it (`apply|create|delete -f`,
 * `create configmap|secret --from-file`, `patch --patch-file`). As kubectl's resource builder reads
 * paths: a file is read whatever its name; a directory gives its .json, .yaml and .yml files in lexical
 * order, its subdirectories too with -R; a path that is neither: `the path "x" does not exist`.
 */
import { plainError } from './errors';

/** The extensions kubectl's builder takes from a directory. */
const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** A path as the file area keys it: no leading `./`, no trailing `/` (`.` and `` are the top). */
export function normalizePath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** What a path names in the file area: a file, a directory (its files, every depth, sorted), or nothing. */
export function resolvePath(files: ReadonlyMap<string, string> | undefined, path: string): { kind: 'file'; content: string } | { kind: 'dir'; prefix: string; paths: string[] } | undefined {
  const clean = normalizePath(path);
  const one = files?.get(clean);
  if (one !== undefined) return { kind: 'file', content: one };
  const prefix = clean === '.' || clean === '' ? '' : `${clean}/`;
  const under = [...(files?.keys() ?? [])].filter((p) => p.startsWith(prefix)).sort();
  return under.length === 0 ? undefined : { kind: 'dir', prefix, paths: under };
}

/** The files `-f path` names, in the order kubectl visits them. */
export function filesForPath(files: ReadonlyMap<string, string> | undefined, path: string, recursive: boolean): { path: string; content: string }[] {
  const found = resolvePath(files, path);
  if (!found) throw plainError(`the path "${path}" does not exist`);
  if (found.kind === 'file') return [{ path, content: found.content }];
  const picked = found.paths.filter((p) => (recursive || !p.slice(found.prefix.length).includes('/')) && MANIFEST_EXTENSIONS.some((ext) => p.endsWith(ext)));
  // builder.Path: a directory that gave no file at all is an error of its own.
  if (picked.length === 0) throw plainError(`error reading [${path}]: recognized file extensions are [${MANIFEST_EXTENSIONS.join(' ')}]`);
  // Go's filepath.Join names them: the directory's path cleaned, then the file's name.
  return picked.map((p) => ({ path: p, content: files!.get(p)! }));
}

/** The sources of every `-f` value: `-` is stdin; all paths are looked up before anything is sent, as kubectl's builder does. */
export function sourcesForFilenames(ctx: { files?: ReadonlyMap<string, string>; stdin?: string }, filenames: string[], recursive: boolean): { path: string; content: string }[] {
  return filenames.flatMap((file) => (file === '-' ? [{ path: 'STDIN', content: ctx.stdin ?? '' }] : filesForPath(ctx.files, file, recursive)));
}
