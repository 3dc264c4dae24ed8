/**
 * Resource arguments as kubectl's resource builder reads them: `TYPE[,TYPE...] [NAME...]`,
 * `TYPE/NAME...`, category aliases (`all`), and the builder's error texts.
 */
import type { ResourceDefinition } from '../../sim/api/types';
import { plainError } from '../errors';
import { resolveResource, resourcesInCategory } from '../resources';

export interface ResourceRequest {
  def: ResourceDefinition;
  /** undefined = every object of the type (subject to selectors) */
  name?: string;
}

export interface ParsedResourceArgs {
  requests: ResourceRequest[];
  /** true when names were given (so selectors are not allowed) */
  byName: boolean;
  /** kubectl's "single item implied": exactly one TYPE/NAME tuple, or one type and one name */
  singleItem: boolean;
  /** the number of distinct kinds requested */
  kinds: number;
  /** true when the request was in TYPE/NAME form (given so, or several types with names) */
  tuples: boolean;
}

export function resolveOrFail(type: string): ResourceDefinition {
  const def = resolveResource(type);
  if (!def) throw plainError(`the server doesn't have a resource type "${type}"`);
  return def;
}

function expandTypes(arg: string): string[] {
  const out: string[] = [];
  for (const t of arg.split(',')) {
    if (t === '') continue;
    if (t === 'all') {
      for (const d of resourcesInCategory('all')) out.push(d.group ? `${d.plural}.${d.group}` : d.plural);
    } else out.push(t);
  }
  return out;
}

/** splitResourceTypeName: `type/name` split, or undefined for a bare name; kubectl's errors for bad forms. */
export function splitResourceTypeName(arg: string): { type: string; name: string } | undefined {
  if (!arg.includes('/')) return undefined;
  const seg = arg.split('/');
  if (seg.length !== 2) throw plainError('arguments in resource/name form may not have more than one slash');
  const [type, name] = seg as [string, string];
  if (!type || !name || type.split(',').length !== 1) throw plainError('arguments in resource/name form must have a single resource and name');
  return { type, name };
}

export function parseResourceArgs(given: string[]): ParsedResourceArgs {
  let args = given;
  // normalizeMultipleResourcesArgs: `pods,svc a b` means pods/a pods/b svc/a svc/b.
  if (args.length >= 2) {
    const types = [...new Set(args[0]!.split(','))];
    if (types.length > 1) args = types.flatMap((t) => given.slice(1).map((n) => `${t}/${n}`));
  }
  const slashes = args.filter((a) => a.includes('/')).length;
  if (slashes > 0 && slashes !== args.length) {
    throw plainError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  }
  if (slashes > 0) {
    const requests: ResourceRequest[] = [];
    for (const a of args) {
      const { type, name } = splitResourceTypeName(a)!;
      requests.push({ def: resolveOrFail(type), name });
    }
    return { requests, byName: true, singleItem: requests.length === 1, kinds: new Set(requests.map((r) => r.def)).size, tuples: true };
  }
  if (args.length === 0) return { requests: [], byName: false, singleItem: false, kinds: 0, tuples: false };
  const types = expandTypes(args[0]!);
  const defs = types.map(resolveOrFail);
  const names = args.slice(1);
  const requests: ResourceRequest[] = [];
  if (names.length === 0) {
    for (const def of defs) requests.push({ def });
    return { requests, byName: false, singleItem: false, kinds: new Set(defs).size, tuples: false };
  }
  for (const def of defs) for (const name of names) requests.push({ def, name });
  return { requests, byName: true, singleItem: defs.length === 1 && names.length === 1, kinds: new Set(defs).size, tuples: false };
}
