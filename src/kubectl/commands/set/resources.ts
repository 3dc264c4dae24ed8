/** `kubectl set resources RESOURCE/NAME [--limits=cpu=…,memory=…] [--requests=…] [-c]` */
import { StatusError } from '../../../sim/api/types';
import { formatQuantity, parseQuantity } from '../../../sim/api/quantity';
import type { KObject } from '../../../sim/types';
import { PlainError, plainError } from '../../errors';
import { dryRunStrategy, FILENAME_FLAGS, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import { withTypeMeta, type Scope } from '../fetch';
import { refuseServerDryRun } from '../dryRun';
import { NO_RESOURCES, podSpecOf, podSpecPatch, printSetResult, checkOutputFlag, selectTargets } from './common';

export const SET_RESOURCES_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  ...FILENAME_FLAGS,
  { long: 'all', kind: 'bool' },
  { long: 'containers', short: 'c', kind: 'string', default: '*' },
  { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-set' },
  { long: 'limits', kind: 'string' },
  { long: 'local', kind: 'bool' },
  { long: 'requests', kind: 'string' },
  { long: 'selector', short: 'l', kind: 'string' },
];

/** `cpu=200m,memory=512Mi` into canonical quantities. */
function parseList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === '') return out;
  for (const pair of text.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2) throw plainError(`Invalid argument syntax ${pair}, expected <resource>=<value>`);
    try {
      out[kv[0]!] = formatQuantity(parseQuantity(kv[1]!));
    } catch (e) {
      throw plainError((e as Error).message);
    }
  }
  return out;
}

export function runSetResources(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const resArgs = f.args.slice(1);
  if (resArgs.length === 0) throw plainError(NO_RESOURCES);
  const limitsText = flagString(f, 'limits');
  const requestsText = flagString(f, 'requests');
  if (limitsText === '' && requestsText === '') throw plainError('you must specify an update to requests or limits (in the form of --requests/--limits)');
  const limits = parseList(limitsText);
  const requests = parseList(requestsText);
  const pattern = flagString(f, 'containers') || '*';
  const dryRun = dryRunStrategy(f);
  refuseServerDryRun(dryRun);
  checkOutputFlag(f);
  for (const { def, obj: frozen } of selectTargets(io, f, scope, resArgs)) {
    const obj = JSON.parse(JSON.stringify(frozen)) as KObject;
    const spec = podSpecOf(obj);
    const containers = (spec?.containers ?? []).filter((c) => pattern === '*' || c.name === pattern);
    if (containers.length === 0) {
      io.fail(new PlainError(`error: unable to find container named ${pattern}`));
      continue;
    }
    for (const c of containers) {
      const r = (c.resources ??= {});
      if (Object.keys(limits).length > 0) r.limits = { ...(r.limits ?? {}), ...limits };
      if (Object.keys(requests).length > 0) r.requests = { ...(r.requests ?? {}), ...requests };
    }
    try {
      const shown = dryRun === 'client' ? obj : withTypeMeta(def, io.ctx.client.patch<KObject>(def.plural, def.namespaced ? obj.metadata?.namespace : undefined, obj.metadata?.name ?? '', podSpecPatch(obj, { containers: spec!.containers }), { type: 'merge' }));
      printSetResult(io, f, def, shown, 'resource requirements updated', dryRun);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}
