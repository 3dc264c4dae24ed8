/**
 * `kubectl auth can-i` and `kubectl auth whoami`: questions to the API server about the caller, asked
 * with SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview as kubectl 1.31 asks them
 * (cani.go, whoami.go), and printed as it prints the answers.
 */
import type { FlagSpec, ParsedFlags, Subcommand } from '../flags';
import { flagBool, flagString, PRINT_FLAGS } from '../flags';
import { KubectlError, plainError } from '../errors';
import { resolveResource } from '../resources';
import { tabwrite, TABLE_TABWRITER } from '../tabwriter';
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { parseOutputFlag, renderStructured, typedJson } from './output';
import { accessTable, type RulesReviewStatus } from './authRules';
import type { CommandIO } from './context';
import type { Scope } from './fetch';

const CAN_I_FLAGS: FlagSpec[] = [
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'quiet', short: 'q', kind: 'bool' },
  { long: 'subresource', kind: 'string' },
  { long: 'list', kind: 'bool' },
  { long: 'no-headers', kind: 'bool' },
];
const WHOAMI_FLAGS: FlagSpec[] = PRINT_FLAGS;

export const AUTH_FLAGS: FlagSpec[] = [];
export const AUTH_SUBCOMMANDS: Subcommand[] = [
  { name: 'can-i', flags: CAN_I_FLAGS },
  { name: 'whoami', flags: WHOAMI_FLAGS },
];

const AUTH_HELP = `Inspect authorization.

Available Commands:
  can-i         Check whether an action is allowed
  whoami        Experimental: Check self subject attributes

Usage:
  kubectl auth [flags] [options]

Use "kubectl auth <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** The verbs cani.go knows; another one is asked anyway, after a warning. */
const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
/** Resources the server authorizes but does not serve (impersonation's `users` and `groups`): no warning for them. */
const NON_STANDARD_RESOURCES = new Set(['users', 'groups']);

export function runAuth(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const [sub, ...args] = f.args;
  if (sub === 'can-i') return canI(io, f, scope, args);
  // whoami takes no arguments and ignores any.
  if (sub === 'whoami') return whoami(io, f);
  if (sub !== undefined) throw new KubectlError(`error: unknown command ${JSON.stringify(sub)}\nSee 'kubectl auth -h' for help and examples`);
  // Without a subcommand kubectl prints the group's help on stderr and fails.
  io.err(AUTH_HELP);
  io.exitCode = 1;
}

/** kubectl's WarningPrinter: `Warning: ` and the message, then a newline (cani.go's messages end with one too). */
function warn(io: CommandIO, message: string): void {
  io.err(`Warning: ${message}\n`);
}

/** The request body as Go's encoder writes ResourceAttributes: every field is omitempty. */
function omitEmpty(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
}

interface GroupResource {
  group: string;
  resource: string;
  namespaced: boolean | undefined;
}

/** cani.go's resourceFor: the RESTMapper's resource for the argument, or the argument itself with a warning. */
function resourceFor(io: CommandIO, arg: string): GroupResource {
  if (arg === '*') return { group: '', resource: '*', namespaced: true };
  const lower = arg.toLowerCase();
  const def = resolveResource(lower);
  if (def) return { group: def.group, resource: def.plural, namespaced: def.namespaced };
  // schema.ParseResourceArg: `resource.group`, or `resource.version.group` fully specified.
  const dot = lower.indexOf('.');
  const resource = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? '' : lower.slice(dot + 1);
  const groupResource = group ? `${resource}.${group}` : resource;
  if (!NON_STANDARD_RESOURCES.has(groupResource)) {
    warn(io, group ? `the server doesn't have a resource type '${resource}' in group '${group}'\n` : `the server doesn't have a resource type '${resource}'\n`);
  }
  return { group: '', resource: arg, namespaced: undefined };
}

function canI(io: CommandIO, f: ParsedFlags, scope: Scope, args: string[]): void {
  const list = flagBool(f, 'list');
  const quiet = flagBool(f, 'quiet');
  const allNamespaces = flagBool(f, 'all-namespaces');
  const subresource = flagString(f, 'subresource');
  const namespace = allNamespaces ? '' : scope.namespace;
  if (list) {
    if (args.length !== 0) throw plainError('list option must be specified with no arguments');
    if (quiet || allNamespaces || subresource !== '') throw plainError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
    return accessList(io, namespace, flagBool(f, 'no-headers'));
  }
  if (args.length !== 2) throw new KubectlError("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
  const verb = args[0]!;
  const target = args[1]!;
  let nonResourceURL = '';
  let res: GroupResource | undefined;
  let name = '';
  if (target.startsWith('/')) nonResourceURL = target;
  else {
    const slash = target.indexOf('/');
    res = resourceFor(io, slash < 0 ? target : target.slice(0, slash));
    if (slash >= 0) name = target.slice(slash + 1);
  }
  if (nonResourceURL !== '') {
    if (subresource !== '') throw plainError('--subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warn(io, `verb '${verb}' is not a known verb\n`);
  } else if (res && !allNamespaces) {
    if (res.namespaced === false) warn(io, res.group ? `resource '${res.resource}' is not namespace scoped in group '${res.group}'\n` : `resource '${res.resource}' is not namespace scoped\n`);
    if (!RESOURCE_VERBS.has(verb)) warn(io, `verb '${verb}' is not a known verb\n`);
  }
  if (flagBool(f, 'no-headers')) throw plainError('--no-headers cannot be set without --list specified');

  const spec =
    nonResourceURL !== ''
      ? { nonResourceAttributes: { path: nonResourceURL, verb } }
      : { resourceAttributes: omitEmpty({ namespace, verb, group: res!.group, resource: res!.resource, subresource, name }) };
  const review = io.ctx.client.create<KObject>('selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec } as KObject);
  const status = ((review as { status?: { allowed?: boolean; reason?: string; evaluationError?: string } }).status ?? {});
  let line: string;
  if (status.allowed) line = 'yes\n';
  else line = `no${status.reason ? ` - ${status.reason}` : ''}${status.evaluationError ? ` - ${status.evaluationError}` : ''}\n`;
  if (!quiet) io.out(line);
  // kubectl exits 1 on "no", with nothing on stderr.
  if (!status.allowed) io.exitCode = 1;
}

function accessList(io: CommandIO, namespace: string, noHeaders: boolean): void {
  const review = io.ctx.client.create<KObject>('selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: { namespace } } as KObject);
  const status = ((review as { status?: RulesReviewStatus }).status ?? { resourceRules: [], nonResourceRules: [], incomplete: false });
  if (status.incomplete) warn(io, `the list may be incomplete: ${status.evaluationError ?? ''}`);
  io.out(tabwrite(accessTable(status, noHeaders), TABLE_TABWRITER));
}

interface UserInfoWire {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/**
 * The SelfSubjectReview kubectl decoded, in its Go struct's field order (kind before apiVersion;
 * creationTimestamp null, as Go marshals a zero time); empty fields left out as omitempty does.
 */
function reviewStruct(ui: UserInfoWire): Record<string, unknown> {
  const userInfo: Record<string, unknown> = {};
  if (ui.username) userInfo.username = ui.username;
  if (ui.uid) userInfo.uid = ui.uid;
  if (ui.groups && ui.groups.length > 0) userInfo.groups = ui.groups;
  if (ui.extra && Object.keys(ui.extra).length > 0) userInfo.extra = ui.extra;
  return { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } };
}

/** whoami's messages for a server without the API, or a caller not allowed to use it. */
const WHOAMI_FORBIDDEN = 'the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it';

function whoami(io: CommandIO, f: ParsedFlags): void {
  const output = flagString(f, 'output');
  const format = output ? parseOutputFlag(output) : undefined;
  let review: KObject;
  try {
    review = io.ctx.client.create<KObject>('selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} } as KObject);
  } catch (e) {
    if (e instanceof StatusError && e.status.code === 403) throw plainError(WHOAMI_FORBIDDEN);
    throw e;
  }
  const ui = ((review as { status?: { userInfo?: UserInfoWire } }).status?.userInfo ?? {});
  if (format) {
    io.out(format.kind === 'json' ? typedJson(reviewStruct(ui)) : renderStructured(format, reviewStruct(ui)));
    return;
  }
  const rows = ['ATTRIBUTE\tVALUE\n'];
  if (ui.username) rows.push(`Username\t${ui.username}\n`);
  if (ui.uid) rows.push(`UID\t${ui.uid}\n`);
  if (ui.groups && ui.groups.length > 0) rows.push(`Groups\t[${ui.groups.join(' ')}]\n`);
  for (const k of Object.keys(ui.extra ?? {}).sort()) rows.push(`Extra: ${k}\t[${(ui.extra![k] ?? []).join(' ')}]\n`);
  io.out(tabwrite(rows.join(''), TABLE_TABWRITER));
}
