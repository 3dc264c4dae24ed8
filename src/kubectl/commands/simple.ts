/** Small commands: version, api-resources, cordon/uncordon, scale. */
import type { Node } from 'kubernetes-types/core/v1';
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { KubectlError, plainError, PlainError, usageError } from '../errors';
import { flagBool, flagInt, flagList, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { allResources, kindRef } from '../resources';
import { TABLE_TABWRITER, tabwrite } from '../tabwriter';
import { parseResourceArgs, resolveOrFail, splitResourceTypeName, type ResourceRequest } from './args';
import type { CommandIO } from './context';
import { getOne, listAll, type Scope } from './fetch';
import { parseOutputFlag, renderStructured } from './output';

// ---- version ----------------------------------------------------------------------------------------

export const VERSION_FLAGS: FlagSpec[] = [
  { long: 'client', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
];

const GIT_VERSION = 'v1.31.0';
const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: GIT_VERSION,
  gitCommit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T07:37:34Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function runVersion(io: CommandIO, f: ParsedFlags): void {
  if (f.args.length > 0) throw plainError(`extra arguments: [${f.args.join(' ')}]`);
  const o = flagString(f, 'output');
  const client = flagBool(f, 'client');
  if (o === 'json' || o === 'yaml') {
    const data: Record<string, unknown> = { clientVersion: VERSION_INFO, kustomizeVersion: 'v5.4.2' };
    if (!client) data.serverVersion = VERSION_INFO;
    io.out(renderStructured(parseOutputFlag(o), data));
    return;
  }
  if (o !== '') throw plainError(`--output must be 'yaml' or 'json'`);
  io.out(`Client Version: ${GIT_VERSION}\nKustomize Version: v5.4.2\n`);
  if (!client) io.out(`Server Version: ${GIT_VERSION}\n`);
}

// ---- api-resources ----------------------------------------------------------------------------------

export const API_RESOURCES_FLAGS: FlagSpec[] = [
  { long: 'namespaced', kind: 'bool', default: true },
  { long: 'api-group', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'sort-by', kind: 'string' },
  { long: 'verbs', kind: 'strings' },
  { long: 'cached', kind: 'bool' },
  { long: 'categories', kind: 'strings' },
];

export function runApiResources(io: CommandIO, f: ParsedFlags): void {
  if (f.args.length > 0) throw usageError('kubectl api-resources', `unexpected arguments: [${f.args.join(' ')}]`);
  const output = flagString(f, 'output');
  if (output !== '' && output !== 'wide' && output !== 'name') throw plainError(`--output ${output} is not available`);
  if (!['', 'name', 'kind'].includes(flagString(f, 'sort-by'))) throw plainError('--sort-by accepts only name or kind');
  const seen = new Set<string>();
  let defs = allResources().filter((d) => {
    const k = `${d.group}/${d.plural}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (f.changed.has('namespaced')) defs = defs.filter((d) => d.namespaced === flagBool(f, 'namespaced'));
  if (f.changed.has('api-group')) defs = defs.filter((d) => d.group === flagString(f, 'api-group'));
  const cats = flagList(f, 'categories');
  if (cats.length > 0) defs = defs.filter((d) => cats.every((c) => d.categories?.includes(c)));
  const sortBy = flagString(f, 'sort-by');
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  defs = [...defs].sort((a, b) => {
    const [x, y] = sortBy === 'name' ? [a.plural, b.plural] : sortBy === 'kind' ? [a.kind, b.kind] : [a.group, b.group];
    return cmp(x, y) || cmp(a.plural, b.plural);
  });
  const o = flagString(f, 'output');
  if (o === 'name') {
    for (const d of defs) io.out(`${d.group ? `${d.plural}.${d.group}` : d.plural}\n`);
    return;
  }
  const wide = o === 'wide';
  const lines: string[] = [];
  if (!flagBool(f, 'no-headers')) lines.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t'));
  for (const d of defs) {
    const gv = d.group ? `${d.group}/${d.version}` : d.version;
    const row = [d.plural, d.shortNames.join(','), gv, String(d.namespaced), d.kind];
    if (wide) row.push('[create delete deletecollection get list patch update watch]', (d.categories ?? []).join(','));
    lines.push(row.join('\t'));
  }
  io.out(tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER));
}

// ---- cordon / uncordon ------------------------------------------------------------------------------

export const CORDON_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'dry-run', kind: 'string' },
];

export function runCordon(io: CommandIO, f: ParsedFlags, desired: boolean): void {
  const client = io.ctx.client;
  const sel = flagString(f, 'selector');
  const verb = desired ? 'cordon' : 'uncordon';
  if (f.args.length === 0 && !sel) throw new KubectlError(`error: USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  const nodesDef = resolveOrFail('nodes');
  let nodes: KObject[];
  if (sel) nodes = listAll(client, nodesDef, { namespace: '', allNamespaces: true }, sel);
  else {
    nodes = [];
    for (const a of f.args) {
      const name = splitResourceTypeName(a)?.name ?? a;
      try {
        nodes.push(getOne(client, nodesDef, { namespace: '', allNamespaces: true }, name));
      } catch (e) {
        if (e instanceof StatusError) io.fail(e);
        else throw e;
      }
    }
  }
  for (const n of nodes) {
    const node = n as unknown as Node;
    const name = node.metadata?.name ?? '';
    if (!!node.spec?.unschedulable === desired) {
      io.out(`node/${name} already ${desired ? 'cordoned' : 'uncordoned'}\n`);
      continue;
    }
    try {
      client.patch('nodes', undefined, name, { spec: { unschedulable: desired ? true : null } }, { type: 'strategic' });
      io.out(`node/${name} ${desired ? 'cordoned' : 'uncordoned'}\n`);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}

// ---- scale ------------------------------------------------------------------------------------------

export const SCALE_FLAGS: FlagSpec[] = [
  { long: 'replicas', kind: 'int', default: -1 },
  { long: 'current-replicas', kind: 'int', default: -1 },
  { long: 'resource-version', kind: 'string' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'all', kind: 'bool' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'timeout', kind: 'string' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
];

export function runScale(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  if (!f.changed.has('replicas')) throw new KubectlError(`error: required flag(s) "replicas" not set`);
  const replicas = flagInt(f, 'replicas', -1);
  if (replicas < 0) throw plainError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const current = flagInt(f, 'current-replicas', -1);
  if (current < -1) throw plainError('The --current-replicas must specify an integer of -1 or greater');
  if (f.args.length === 0) throw new KubectlError("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const parsed = parseResourceArgs(f.args);
  const sel = flagString(f, 'selector');
  const targets: { req: ResourceRequest; ns: string | undefined; name: string }[] = [];
  for (const req of parsed.requests) {
    if (req.name !== undefined) targets.push({ req, ns: req.def.namespaced ? scope.namespace : undefined, name: req.name });
    else if (sel || flagBool(f, 'all')) for (const o of listAll(client, req.def, scope, sel)) targets.push({ req, ns: o.metadata?.namespace, name: o.metadata?.name ?? '' });
    else throw plainError('resource(s) were provided, but no name was specified');
  }
  if (targets.length === 0) throw plainError('no objects passed to scale');
  const rv = flagString(f, 'resource-version');
  if (rv && targets.length > 1) throw plainError('cannot use --resource-version with multiple resources');
  for (const t of targets) {
    const def = t.req.def;
    if (!def.subresources.includes('scale')) {
      io.fail(new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `the server could not find the requested resource` }));
      continue;
    }
    try {
      if (current >= 0 || rv) {
        const scale = client.get<KObject>(def.plural, t.ns, t.name, { subresource: 'scale' }) as KObject & { spec?: { replicas?: number }; metadata: { resourceVersion?: string } };
        const have = scale.spec?.replicas ?? 0;
        if (current >= 0 && have !== current) throw plainError(`Expected replicas to be ${current}, was ${have}`);
        if (rv && scale.metadata.resourceVersion !== rv) throw plainError(`Expected resourceVersion to be ${rv}, was ${scale.metadata.resourceVersion}`);
      }
      client.patch(def.plural, t.ns, t.name, { spec: { replicas } }, { type: 'merge', subresource: 'scale' });
      io.out(flagString(f, 'output') === 'name' ? `${kindRef(def)}/${t.name}\n` : `${kindRef(def)}/${t.name} scaled\n`);
    } catch (e) {
      if (e instanceof StatusError || e instanceof PlainError) io.fail(e);
      else throw e;
    }
  }
}
