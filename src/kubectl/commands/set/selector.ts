/** `kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version]`: replaces a service's selector. */
import { StatusError } from '../../../sim/api/types';
import { plainError } from '../../errors';
import { dryRunStrategy, FILENAME_FLAGS, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { refuseServerDryRun } from '../dryRun';
import { nameRef } from '../output';
import { selectTargets } from './common';

export const SET_SELECTOR_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  ...FILENAME_FLAGS,
  { long: 'all', kind: 'bool' },
  { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-set' },
  { long: 'local', kind: 'bool' },
  { long: 'resource-version', kind: 'string' },
];

export function runSetSelector(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const args = f.args.slice(1);
  const selectorText = args.length >= 2 ? args[args.length - 1]! : '';
  const resArgs = args.slice(0, -1);
  if (args.length < 2) throw plainError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const selector: Record<string, string> = {};
  if (selectorText !== '') {
    for (const pair of selectorText.split(',')) {
      const kv = pair.split('=');
      if (kv.length !== 2 || kv[0] === '') throw plainError(`invalid selector: ${pair}`);
      selector[kv[0]!] = kv[1]!;
    }
  }
  const rv = flagString(f, 'resource-version');
  const dryRun = dryRunStrategy(f);
  refuseServerDryRun(dryRun);
  for (const { def, obj } of selectTargets(io, f, scope, resArgs)) {
    if (obj.kind !== 'Service') {
      // updateSelectorForObject handles Services only; its error ends the visit.
      throw plainError('setting a selector is only supported for Services');
    }
    try {
      // The selector replaced whole (a merge patch of the map would keep the old keys).
      const ops: unknown[] = [{ op: 'add', path: '/spec/selector', value: selector }];
      if (rv) ops.unshift({ op: 'test', path: '/metadata/resourceVersion', value: rv });
      if (dryRun !== 'client') io.ctx.client.patch(def.plural, obj.metadata?.namespace, obj.metadata?.name ?? '', ops, { type: 'json' });
      io.out(`${nameRef(def, obj)} selector updated${dryRun === 'client' ? ' (dry run)' : ''}\n`);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}
