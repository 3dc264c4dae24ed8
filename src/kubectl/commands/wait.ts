/**
 * `kubectl wait --for=condition=C[=V] | delete | jsonpath='{…}'[=V] (TYPE NAME | TYPE/NAME | -l SEL | --all)`
 * as kubectl 1.31 waits: one object after another, each watched by name until its condition holds
 * (`pod/x condition met`), it is deleted (for delete), or --timeout (30s) passes for it
 * (`error: timed out waiting for the condition on pods/x`).
 */
import { StatusError } from '../../sim/api/types';
import type { ResourceDefinition } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { plainError } from '../errors';
import { FILENAME_FLAGS, flagBool, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../flags';
import { FollowSink } from '../follow';
import { findResults, parseJsonPath } from '../printers/jsonpath';
import { goQuote } from '../../sim/api/validation/fieldErrors';
import { parseResourceArgs } from './args';
import type { CommandIO } from './context';
import { getOne, listAll, type Scope } from './fetch';
import { parseGoDurationSeconds } from './logs';
import { nameRef } from './output';

export const WAIT_FLAGS: FlagSpec[] = [
  { long: 'all', kind: 'bool' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'field-selector', kind: 'string' },
  { long: 'for', kind: 'string' },
  { long: 'local', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'timeout', kind: 'string', default: '30s' },
  ...FILENAME_FLAGS.filter((f) => f.long !== 'recursive'),
  { long: 'recursive', short: 'R', kind: 'bool', default: true },
  ...PRINT_FLAGS,
];

type Condition = { kind: 'delete' } | { kind: 'condition'; type: string; status: string } | { kind: 'jsonpath'; path: string; value?: string };

/** The --for value as kubectl reads it; anything else is `unrecognized condition`. */
export function parseWaitFor(s: string): Condition {
  const lower = s.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower.startsWith('condition=')) {
    const rest = s.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq < 0 ? { kind: 'condition', type: rest, status: 'true' } : { kind: 'condition', type: rest.slice(0, eq), status: rest.slice(eq + 1) };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = s.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    const expr = close >= 0 ? rest.slice(0, close + 1) : rest;
    const tail = close >= 0 ? rest.slice(close + 1) : '';
    if (tail !== '' && !tail.startsWith('=')) throw plainError(`unrecognized condition: ${goQuote(s)}`);
    const path = expr.startsWith('{') ? expr : `{${expr}}`;
    try {
      parseJsonPath(path);
    } catch (e) {
      throw plainError(`unrecognized condition: ${goQuote(s)}`);
    }
    return tail === '' ? { kind: 'jsonpath', path } : { kind: 'jsonpath', path, value: tail.slice(1) };
  }
  throw plainError(`unrecognized condition: ${goQuote(s)}`);
}

/** Whether the object now meets a condition other than delete. */
function met(cond: Exclude<Condition, { kind: 'delete' }>, obj: KObject): boolean {
  if (cond.kind === 'condition') {
    const status = (obj as { status?: { conditions?: { type?: string; status?: string; observedGeneration?: number }[] } }).status;
    const c = (status?.conditions ?? []).find((x) => x.type?.toLowerCase() === cond.type.toLowerCase());
    if (!c) return false;
    // A condition written for an older generation does not count yet.
    if (c.observedGeneration !== undefined && obj.metadata?.generation !== undefined && c.observedGeneration < obj.metadata.generation) return false;
    return (c.status ?? '').toLowerCase() === cond.status.toLowerCase();
  }
  const results = findResults(parseJsonPath(cond.path), obj).flat();
  if (cond.value === undefined) return results.length > 0;
  if (results.length !== 1) return false;
  const v = results[0];
  const text = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  return text === cond.value;
}

export function runWait(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const forFlag = flagString(f, 'for');
  const cond = parseWaitFor(forFlag);
  const timeoutFlag = flagString(f, 'timeout');
  const timeoutS = parseGoDurationSeconds(timeoutFlag) ?? (/^-?\d+$/.test(timeoutFlag) ? Number(timeoutFlag) : undefined);
  if (timeoutS === undefined) throw plainError(`invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`);
  if (f.args.length === 0) throw plainError('resource(s) were provided, but no name was specified');
  const parsed = parseResourceArgs(f.args);
  const labelSel = flagString(f, 'selector');
  const fieldSel = flagString(f, 'field-selector');
  const client = io.ctx.client;
  const targets: { def: ResourceDefinition; obj: KObject }[] = [];
  for (const req of parsed.requests) {
    if (req.name === undefined) {
      if (!labelSel && !fieldSel && !flagBool(f, 'all')) throw plainError('resource(s) were provided, but no name was specified');
      for (const obj of listAll(client, req.def, scope, labelSel, fieldSel)) targets.push({ def: req.def, obj });
      continue;
    }
    try {
      targets.push({ def: req.def, obj: getOne(client, req.def, scope, req.name) });
    } catch (e) {
      // Waiting for the deletion of what is already gone is done at once.
      if (cond.kind === 'delete' && e instanceof StatusError && e.reason === 'NotFound') continue;
      throw e;
    }
  }
  if (targets.length === 0) {
    if (cond.kind === 'delete') return;
    throw plainError('no matching resources found');
  }

  const sink = new FollowSink(io, (s) => checkDeadline(s));
  let index = -1;
  let deadline = Number.POSITIVE_INFINITY;
  let stopWatch: (() => void) | undefined;
  sink.stream.onEnd(() => stopWatch?.());
  const current = () => targets[index]!;
  function checkDeadline(s: FollowSink): boolean {
    if (io.ctx.nowMs() < deadline) return false;
    const { def, obj } = current();
    s.writeErr(`error: timed out waiting for the condition on ${def.plural}/${obj.metadata?.name ?? ''}\n`);
    s.end(1);
    return true;
  }
  const conditionMet = (): void => {
    sink.write(`${nameRef(current().def, current().obj)} condition met\n`);
    next();
  };
  const next = (): void => {
    stopWatch?.();
    stopWatch = undefined;
    index++;
    if (index >= targets.length) {
      sink.end(0);
      return;
    }
    const { def, obj } = current();
    const ns = def.namespaced ? obj.metadata?.namespace : undefined;
    const name = obj.metadata?.name ?? '';
    let latest: KObject;
    try {
      latest = client.get<KObject>(def.plural, ns, name);
    } catch (e) {
      if (cond.kind === 'delete' && e instanceof StatusError && e.reason === 'NotFound') return conditionMet();
      throw e;
    }
    if (cond.kind !== 'delete' && met(cond, latest)) return conditionMet();
    if (timeoutS <= 0 && checkDeadline(sink)) return;
    const w = client.watch<KObject>(def.plural, ns, { resourceVersion: latest.metadata?.resourceVersion ?? '0', fieldSelector: `metadata.name=${name}` }, (ev) => {
      if (!sink.running || checkDeadline(sink)) return;
      if (ev.type === 'DELETED') {
        if (cond.kind === 'delete') conditionMet();
        return;
      }
      if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && cond.kind !== 'delete' && met(cond, ev.object)) conditionMet();
    });
    stopWatch = () => w.stop();
  };
  // One timeout for the whole visit, as kubectl's RunWait sets one context before visiting the objects.
  deadline = io.ctx.nowMs() + timeoutS * 1000;
  next();
  sink.detach();
}
