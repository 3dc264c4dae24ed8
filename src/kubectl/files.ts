/**
 * `-f PATH` against the scenario's file area, as kubectl's resource builder reads paths: a file is read
 * whatever its name; a directory gives its .json, .yaml and .yml files in lexical order, its
 * subdirectories too with -R; a path that is neither: `the path "x" does not exist`.
 */
import { plainError } from './errors';

/** The extensions kubectl's builder takes from a directory. */
const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** The files `-f path` names, in the order kubectl visits them. */
export function filesForPath(files: ReadonlyMap<string, string> | undefined, path: string, recursive: boolean): { path: string; content: string }[] {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  const one = files?.get(clean);
  if (one !== undefined) return [{ path, content: one }];
  const prefix = clean === '.' || clean === '' ? '' : `${clean}/`;
  const under = [...(files?.keys() ?? [])].filter((p) => p.startsWith(prefix)).sort();
  if (under.length === 0) throw plainError(`the path "${path}" does not exist`);
  const picked = under.filter((p) => (recursive || !p.slice(prefix.length).includes('/')) && MANIFEST_EXTENSIONS.some((ext) => p.endsWith(ext)));
  // Go's filepath.Join names them: the directory's path cleaned, then the file's name.
  return picked.map((p) => ({ path: p, content: files!.get(p)! }));
}
