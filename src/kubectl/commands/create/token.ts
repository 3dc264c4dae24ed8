/**
 * `kubectl create token SA`: a TokenRequest to the ServiceAccount's `token` subresource; prints the
 * token the API server issued (create_token.go). Nothing is stored: the token is only in the answer.
 */
import type { KObject } from '../../../sim/types';
import { StatusError } from '../../../sim/api/types';
import { KubectlError, plainError } from '../../errors';
import { flagList, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { parseOutputFlag, renderStructured, typedJson } from '../output';
import { oneName } from './common';

export const TOKEN_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  { long: 'audience', kind: 'stringArray' },
  { long: 'duration', kind: 'string', default: '0s' },
  { long: 'bound-object-kind', kind: 'string' },
  { long: 'bound-object-name', kind: 'string' },
  { long: 'bound-object-uid', kind: 'string' },
];

/** The kinds a token may be bound to (Node only with KUBECTL_NODE_BOUND_TOKENS=true, which this kubectl does not set). */
const BOUND_KINDS: Readonly<Record<string, string>> = { Pod: 'v1', Secret: 'v1' };

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds, or its error text. */
export function parseGoDuration(text: string): number | string {
  const invalid = `time: invalid duration ${JSON.stringify(text)}`;
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (num[0] === '' || num[0] === '.') return invalid;
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') return `time: missing unit in duration ${JSON.stringify(text)}`;
    const scale = UNIT_NS[unit];
    if (scale === undefined) return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`;
    s = s.slice(unit.length);
    total += Number(`${num[1] || '0'}.${num[2] || '0'}`) * scale;
  }
  return sign * total;
}

export function runCreateToken(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const durationText = flagString(f, 'duration');
  const duration = parseGoDuration(durationText);
  if (typeof duration === 'string') throw new KubectlError(`error: invalid argument ${JSON.stringify(durationText)} for "--duration" flag: ${duration}\nSee 'kubectl create token --help' for usage.`);
  const name = oneName(f, 'token');
  const audiences = flagList(f, 'audience');
  const kind = flagString(f, 'bound-object-kind');
  const boundName = flagString(f, 'bound-object-name');
  const boundUID = flagString(f, 'bound-object-uid');
  if (duration < 0) throw plainError('--duration must be greater than or equal to 0');
  if (duration % 1e9 !== 0) throw plainError('--duration cannot be expressed in units less than seconds');
  if (audiences.some((a) => a === '')) throw plainError('--audience must not be an empty string');
  if (kind === '') {
    if (boundName) throw plainError('--bound-object-name can only be set if --bound-object-kind is provided');
    if (boundUID) throw plainError('--bound-object-uid can only be set if --bound-object-kind is provided');
  } else {
    if (!Object.hasOwn(BOUND_KINDS, kind)) throw plainError(`supported --bound-object-kind values are ${Object.keys(BOUND_KINDS).sort().join(', ')}`);
    if (!boundName) throw plainError('--bound-object-name is required if --bound-object-kind is provided');
  }
  const spec: Record<string, unknown> = { audiences: audiences.length > 0 ? audiences : null };
  if (duration > 0) spec.expirationSeconds = duration / 1e9;
  if (kind) spec.boundObjectRef = { kind, apiVersion: BOUND_KINDS[kind], name: boundName, ...(boundUID ? { uid: boundUID } : {}) };
  const request = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name, namespace: scope.namespace }, spec } as unknown as KObject;
  let response: KObject;
  try {
    response = io.ctx.client.create<KObject>('serviceaccounts', request, { namespace: scope.namespace, subresource: 'token', name });
  } catch (e) {
    if (e instanceof StatusError) throw plainError(`failed to create token: ${e.status.message}`);
    throw e;
  }
  const token = (response as { status?: { token?: string } }).status?.token ?? '';
  if (token === '') throw plainError('failed to create token: no token in server response');
  const output = flagString(f, 'output');
  if (output) {
    // The typed TokenRequest kubectl decoded: JSON keeps its struct order (kind first), YAML sorts.
    const { kind: _k, apiVersion: _v, ...fields } = response as KObject & Record<string, unknown>;
    const typed = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', ...fields };
    const format = parseOutputFlag(output);
    io.out(format.kind === 'json' ? typedJson(typed) : renderStructured(format, typed));
    return;
  }
  // On a terminal kubectl ends the token with a newline.
  io.out(`${token}\n`);
}
