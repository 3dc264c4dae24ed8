/** `kubectl delete`: by name, TYPE/NAME, -l, --all, -f; --grace-period, --now, --force. */
import { isStatusError, StatusError } from '../../sim/api/types';
import type { DeleteOptions, PropagationPolicy } from '../../sim/api/types';
import { formatError, KubectlError, plainError } from '../errors';
import { flagBool, flagInt, flagList, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { kindRef } from '../resources';
import { parseManifests } from '../apply';
import { manifestSources } from '../kustomize/sources';
import { parseResourceArgs, type ResourceRequest } from './args';
import type { CommandIO } from './context';
import { listAll, type Scope } from './fetch';

export const DELETE_FLAGS: FlagSpec[] = [
  { long: 'all', kind: 'bool' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'field-selector', kind: 'string' },
  { long: 'grace-period', kind: 'int', default: -1 },
  { long: 'now', kind: 'bool' },
  { long: 'force', kind: 'bool' },
  { long: 'ignore-not-found', kind: 'bool' },
  { long: 'wait', kind: 'bool', default: true },
  { long: 'cascade', kind: 'string', default: 'background' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'timeout', kind: 'string' },
];

export const MISSING_RESOURCE =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

function cascade(v: string): PropagationPolicy {
  switch (v) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
  }
  throw plainError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
}

export function runDelete(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const output = flagString(f, 'output');
  if (output !== '' && output !== 'name') throw plainError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  const all = flagBool(f, 'all');
  const sel = flagString(f, 'selector');
  const fieldSel = flagString(f, 'field-selector');
  if (all && sel) throw plainError('cannot set --all and --selector at the same time');
  if (all && fieldSel) throw plainError('cannot set --all and --field-selector at the same time');
  let grace = flagInt(f, 'grace-period', -1);
  const force = flagBool(f, 'force');
  if (flagBool(f, 'now')) {
    if (grace !== -1) throw plainError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  if (grace === 0 && force) io.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  else if (grace > 0 && force) throw plainError('--force and --grace-period greater than 0 cannot be specified together');
  const policy = cascade(flagString(f, 'cascade'));
  let ignoreNotFound = flagBool(f, 'ignore-not-found');
  if ((all || sel || fieldSel) && !f.changed.has('ignore-not-found')) ignoreNotFound = true;

  // what to delete: (request, namespace, name)
  const targets: { req: ResourceRequest; ns: string | undefined; name: string }[] = [];
  const files = flagList(f, 'filename');
  const kustomizeDir = flagString(f, 'kustomize');
  if (files.length > 0 || kustomizeDir !== '') {
    if (f.args.length > 0) throw plainError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    // Every path is looked up before anything is deleted, as kubectl's builder does.
    for (const source of manifestSources(io.ctx, files, kustomizeDir, flagBool(f, 'recursive'), (line) => io.err(line), 'error')) {
      const docs = parseManifests(source.content, source.path);
      if (docs.error) io.fail(plainError(docs.error));
      for (const d of docs.objects) {
        if (!d.def) {
          io.fail(plainError(d.error ?? ''));
          continue;
        }
        targets.push({ req: { def: d.def, name: d.obj.metadata?.name ?? '' }, ns: d.def.namespaced ? (d.obj.metadata?.namespace ?? scope.namespace) : undefined, name: d.obj.metadata?.name ?? '' });
      }
    }
  } else {
    if (f.args.length === 0) throw new KubectlError(MISSING_RESOURCE);
    const parsed = parseResourceArgs(f.args);
    if (parsed.byName && (sel || all)) throw plainError(parsed.tuples ? 'selectors and the all flag cannot be used when passing resource/name arguments' : 'name cannot be provided when a selector is specified');
    for (const req of parsed.requests) {
      if (req.name !== undefined) {
        targets.push({ req, ns: req.def.namespaced ? scope.namespace : undefined, name: req.name });
        continue;
      }
      if (!all && !sel && !fieldSel) throw plainError('resource(s) were provided, but no name was specified');
      for (const o of listAll(client, req.def, scope, sel, fieldSel)) targets.push({ req, ns: o.metadata?.namespace, name: o.metadata?.name ?? '' });
    }
  }

  let found = 0;
  for (const t of targets) {
    const opts: DeleteOptions = { propagationPolicy: policy };
    if (grace >= 0) opts.gracePeriodSeconds = grace;
    try {
      client.delete(t.req.def.plural, t.ns, t.name, opts);
    } catch (e) {
      if (e instanceof StatusError) {
        if (isStatusError(e, 'NotFound') && ignoreNotFound) continue;
        io.fail(e);
        continue;
      }
      throw e;
    }
    found++;
    const kind = kindRef(t.req.def);
    if (output === 'name') io.out(`${kind}/${t.name}\n`);
    else io.out(`${kind} "${t.name}" ${grace === 0 ? 'force deleted' : 'deleted'}\n`);
  }
  if (found === 0 && !io.hasErrors()) io.out('No resources found\n');
}
