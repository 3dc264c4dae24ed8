/** `kubectl describe TYPE [NAME_PREFIX]`, `describe TYPE/NAME`, with -l and -A. */
import { isStatusError, StatusError } from '../../sim/api/types';
import { describeObject } from '../describe';
import { formatError, KubectlError, plainError } from '../errors';
import { flagBool, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { parseResourceArgs } from './args';
import type { CommandIO } from './context';
import { listAll, type Scope } from './fetch';

export const DESCRIBE_FLAGS: FlagSpec[] = [
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'show-events', kind: 'bool', default: true },
  { long: 'chunk-size', kind: 'int' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
];

export function runDescribe(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const nowMs = io.ctx.nowMs();
  const showEvents = flagBool(f, 'show-events');
  if (f.args.length === 0) {
    throw new KubectlError(
      "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
    );
  }
  const parsed = parseResourceArgs(f.args);
  const sel = flagString(f, 'selector');
  const outputs: string[] = [];
  const describeOne = (def: Parameters<typeof describeObject>[1], ns: string | undefined, name: string): void => {
    try {
      outputs.push(describeObject(client, def, ns, name, nowMs, showEvents));
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  };
  if (parsed.byName) {
    // kubectl describe TYPE NAME falls back to a name-prefix match when the exact name is not found
    if (f.args.length === 2 && !f.args[0]!.includes('/') && parsed.requests.length === 1) {
      const req = parsed.requests[0]!;
      try {
        client.get(req.def.plural, req.def.namespaced ? scope.namespace : undefined, req.name!);
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
        const matches = listAll(client, req.def, { ...scope, allNamespaces: false }).filter((o) => (o.metadata?.name ?? '').startsWith(req.name!));
        if (matches.length === 0) throw e;
        for (const m of matches) io.out(describeObject(client, req.def, m.metadata?.namespace, m.metadata?.name ?? '', nowMs, showEvents) + '\n');
        return;
      }
    }
    for (const r of parsed.requests) describeOne(r.def, scope.namespace, r.name!);
  } else {
    for (const r of parsed.requests) {
      for (const o of listAll(client, r.def, scope, sel)) describeOne(r.def, o.metadata?.namespace, o.metadata?.name ?? '');
    }
    if (outputs.length === 0 && !io.hasErrors()) {
      io.err(scope.allNamespaces ? 'No resources found\n' : `No resources found in ${scope.namespace} namespace.\n`);
    }
  }
  io.out(outputs.join('\n\n'));
  void plainError;
}
