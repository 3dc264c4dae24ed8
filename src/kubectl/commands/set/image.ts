/** `kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 …` */
import { StatusError } from '../../../sim/api/types';
import type { KObject } from '../../../sim/types';
import { PlainError, plainError } from '../../errors';
import { FILENAME_FLAGS, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { nameRef } from '../output';
import { NO_RESOURCES, podSpecOf, podSpecPatch, selectTargets } from './common';

export const SET_IMAGE_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  ...FILENAME_FLAGS,
  { long: 'all', kind: 'bool' },
  { long: 'dry-run', kind: 'string', noOptDefVal: 'unchanged' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-set' },
  { long: 'local', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
];

export function runSetImage(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const resArgs: string[] = [];
  const pairs: [string, string][] = [];
  for (const a of f.args.slice(1)) {
    const eq = a.indexOf('=');
    if (eq > 0) pairs.push([a.slice(0, eq), a.slice(eq + 1)]);
    else if (pairs.length > 0) throw plainError(`all resources must be specified before image changes: ${a}`);
    else resArgs.push(a);
  }
  if (resArgs.length === 0) throw plainError(NO_RESOURCES);
  if (pairs.length === 0) throw plainError('at least one image update is required');
  for (const { def, obj: frozen } of selectTargets(io, f, scope, resArgs)) {
    const obj = JSON.parse(JSON.stringify(frozen)) as KObject;
    const before = JSON.stringify(obj);
    const spec = podSpecOf(obj);
    let failed = false;
    for (const [cname, image] of pairs) {
      let found = false;
      for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
        if (cname === '*' || c.name === cname) {
          c.image = image;
          found = true;
        }
      }
      if (!found && cname !== '*') {
        io.fail(new PlainError(`error: unable to find container named "${cname}"`));
        failed = true;
      }
    }
    if (failed || JSON.stringify(obj) === before) continue;
    try {
      const patchSpec: Record<string, unknown> = { containers: (spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image })) };
      if ((spec?.initContainers ?? []).length > 0) patchSpec.initContainers = spec!.initContainers!.map((c) => ({ name: c.name, image: c.image }));
      client.patch(def.plural, def.namespaced ? obj.metadata?.namespace : undefined, obj.metadata?.name ?? '', podSpecPatch(obj, patchSpec), { type: 'strategic' });
      io.out(`${nameRef(def, obj)} image updated\n`);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}
