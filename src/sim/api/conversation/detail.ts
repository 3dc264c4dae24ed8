/**
 * One request in full, as the two places a real cluster shows it: the client's log at -v=8 (client-go's
 * round_trippers and rest/request.go lines of v1.31, the same in kubectl and every component) and the
 * audit.k8s.io/v1 Event the API server writes at level RequestResponse.
 */
import { compactString } from '../../auth/escalation';
import type { Decision, PolicyRule, RequestAttributes, RoleRef, UserInfo } from '../../auth/types';
import { SIM_EPOCH_MS } from '../../clock';
import type { Status } from '../types';
import { dialsServiceIP, groupsOf, userAgentOf } from './components';
import type { ConversationLog, KeptRequest } from './recorder';
import type { AuthzExplanation, RequestDetail, RequestEntry, WatchEntry } from './types';

/** The rules of a Role or ClusterRole as the store holds them now (an observer's read), for the rule that allowed a request. */
export type RoleRules = (role: RoleRef) => readonly PolicyRule[] | undefined;

/** What the detail reads of the API server now, when it can: the roles' rules, and a user's groups as its authenticator knows them. */
export interface ServerLookups {
  roleRules?: RoleRules;
  userInfo?: (name: string) => UserInfo;
}

/** Where the cluster's clients reach the API server, and where requests come from. */
export interface Endpoints {
  /** the first control-plane node's address: the server admin.conf, kubelet.conf and kube-proxy's kubeconfig name */
  controlPlaneIP: string;
  /** the `kubernetes` Service's ClusterIP, which in-cluster clients (CoreDNS, flanneld) dial */
  serviceIP: string;
  /** the address a process's requests come from (`kube-scheduler/control-plane-3`, `kubelet/worker-2` → that node's IP) */
  sourceIP(process: string): string;
  /**
   * The API server a control-plane process dials: kubeadm writes scheduler.conf and
   * controller-manager.conf with the node's own advertise address, so each talks to the API server
   * beside it. Undefined for a process that is not one of a control-plane node's static pods.
   */
  localServerIP(process: string): string | undefined;
}

/** The reason the audit record gives for a request kept without a decision (the server's own, not authorized). */
export const AUTHORIZATION_REASON = 'AlwaysAllow: authorization is not enforced in this cluster';

/** klog cuts a body at -v=8 to this many bytes (rest/request.go truncateBody). */
const BODY_LOG_LIMIT = 1024;
/** net/http sends Content-Length itself when the whole answer fits its 2048-byte buffer. */
const CHUNKING_THRESHOLD = 2048;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

const PATCH_CONTENT_TYPES: Record<string, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

/** A deterministic, UUID-shaped id for request `seq` (the same in the audit record and the Audit-Id header). */
export function auditIdOf(seq: number): string {
  // splitmix32 over the seq, four times: spread like a random UUID, the same on every replay
  const words: number[] = [];
  let x = seq >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    words.push((z ^ (z >>> 16)) >>> 0);
  }
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  // version 4, variant 10xx, as uuid.New() makes them
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An object with kind, apiVersion and metadata first, as a Go struct of an API type is written. */
function typeOrder(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  return { kind: o.kind, apiVersion: o.apiVersion, metadata: o.metadata, ...o };
}

/** JSON.stringify with `<`, `>`, `&`, U+2028 and U+2029 escaped, as Go's encoder writes them. */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON as the API server writes it on the wire. */
export function wireJson(v: unknown): string {
  return goJson(typeOrder(v));
}

/** A klog line header: `I0902 10:00:05.000000    4242 file.go:N] `. */
function klogPrefix(atMs: number, pid: number, where: string): string {
  const d = new Date(SIM_EPOCH_MS + atMs);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const micros = String(d.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `I${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros} ${String(pid).padStart(7)} ${where}] `;
}

/** The process id klog prints: a static pod's process is 1 in its container; the kubelet and kubectl run on the host. */
function pidOf(component: string): number {
  if (component === 'kubectl') return 5218;
  if (component === 'kubeadm') return 1294;
  if (component.startsWith('kubelet/')) return 713;
  return 1;
}

function truncateBody(body: string): string {
  const bytes = new TextEncoder().encode(body);
  if (bytes.length <= BODY_LOG_LIMIT) return body;
  return `${new TextDecoder().decode(bytes.slice(0, BODY_LOG_LIMIT))} [truncated ${bytes.length - BODY_LOG_LIMIT} chars]`;
}

/** An HTTP date, as the Date header carries it. */
function httpDate(atMs: number): string {
  return new Date(SIM_EPOCH_MS + atMs).toUTCString();
}

/** A flow schema's UID header value: the APF objects are made by the server, so their UIDs are fixed per name. */
function flowSchemaOf(component: string): [string, string] {
  if (component === 'kubectl' || component === 'kubeadm') return ['exempt', 'exempt'];
  if (component === 'kube-scheduler') return ['kube-scheduler', 'workload-high'];
  if (component.startsWith('kubelet/')) return ['system-nodes', 'system'];
  if (component === 'kube-controller-manager' || component.endsWith('-controller')) return ['kube-system-service-accounts', 'workload-high'];
  return ['service-accounts', 'workload-low'];
}

function serverUrl(k: KeptRequest, ep: Endpoints): string {
  if (dialsServiceIP(k.entry.component)) return `https://${ep.serviceIP}:443`;
  return `https://${ep.localServerIP(k.process) ?? ep.controlPlaneIP}:6443`;
}

/** The address the request came from: its process's node (kubectl runs on the first control-plane node). */
function sourceIP(k: KeptRequest, ep: Endpoints): string {
  return ep.sourceIP(k.process || k.entry.component);
}

/** The body the request carried, as sent. */
function requestBody(k: KeptRequest): unknown {
  return k.body === undefined ? undefined : (JSON.parse(k.body) as unknown);
}

/** What the server answered with: the object, the list, or the Status of a failure. */
function responseBody(k: KeptRequest): unknown {
  if (k.status) return k.status;
  return k.response;
}

/**
 * The request as client-go logs it at -v=8: the request body, the method and URL, the request headers,
 * the response status with its time, the response headers and the response body (a watch's stream is
 * not logged). A component other than kubectl is named in a first line.
 */
export function clientLog(k: KeptRequest, ep: Endpoints): string {
  const e = k.entry;
  const pid = pidOf(e.component);
  const line = (where: string, text: string): string => klogPrefix(e.atMs, pid, where) + text;
  const out: string[] = [];
  // kubeadm's clientset speaks JSON, as kubectl does; the components ask for protobuf.
  if (e.component === 'kubeadm') out.push(`# ${e.component} (${e.user}): its client-go logs this request so at -v=8`);
  else if (e.component !== 'kubectl') out.push(`# ${e.component} (${e.user}): its client-go logs this request so at -v=8 (it speaks protobuf to the API server; shown here as JSON)`);
  if (!k.bodies) out.push('# the bodies of this request are no longer kept (only the most recent requests keep theirs)');
  const reqBody = k.bodies ? requestBody(k) : undefined;
  if (reqBody !== undefined) out.push(line('request.go:1351', `Request Body: ${truncateBody(wireJson(reqBody))}`));
  out.push(line('round_trippers.go:463', `${e.method} ${serverUrl(k, ep)}${e.uri}`));
  out.push(line('round_trippers.go:469', 'Request Headers:'));
  const headers: [string, string][] = [['Accept', e.component === 'kubectl' ? 'application/json' : 'application/json, */*']];
  if (reqBody !== undefined) headers.push(['Content-Type', e.verb === 'patch' ? PATCH_CONTENT_TYPES[k.patchType ?? 'merge']! : 'application/json']);
  headers.push(['User-Agent', userAgentOf(e.user, e.component)]);
  for (const [h, v] of headers) out.push(line('round_trippers.go:473', `    ${h}: ${v}`));
  out.push(line('round_trippers.go:574', `Response Status: ${e.code} ${STATUS_TEXT[e.code] ?? ''} in 0 milliseconds`));
  out.push(line('round_trippers.go:577', 'Response Headers:'));
  const respBody = k.bodies && e.verb !== 'watch' ? responseBody(k) : undefined;
  const respText = respBody === undefined ? undefined : wireJson(respBody);
  const [flow, level] = flowSchemaOf(e.component);
  const respHeaders: [string, string][] = [
    ['Audit-Id', auditIdOf(e.seq)],
    ['Cache-Control', 'no-cache, private'],
    ['Content-Type', 'application/json'],
    ['X-Kubernetes-Pf-Flowschema-Uid', auditIdOf(fixedIdSeed(`flowschema/${flow}`))],
    ['X-Kubernetes-Pf-Prioritylevel-Uid', auditIdOf(fixedIdSeed(`prioritylevel/${level}`))],
    ['Date', httpDate(e.atMs)],
  ];
  if (respText !== undefined && new TextEncoder().encode(respText).length <= CHUNKING_THRESHOLD) respHeaders.push(['Content-Length', String(new TextEncoder().encode(respText).length)]);
  for (const [h, v] of respHeaders) out.push(line('round_trippers.go:580', `    ${h}: ${v}`));
  if (respText !== undefined) out.push(line('request.go:1212', `Response Body: ${truncateBody(respText)}`));
  return out.join('\n') + '\n';
}

/** A stable number for a name, so a fixed object's UID looks like one. */
function fixedIdSeed(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function microTime(atMs: number): string {
  return new Date(SIM_EPOCH_MS + Math.floor(atMs)).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}000Z`);
}

/** The audit.k8s.io/v1 Event at level RequestResponse, as one line of the audit log (fields in the type's order). */
export function auditEvent(k: KeptRequest, ep: Endpoints, server: ServerLookups = {}): string {
  const e = k.entry;
  const reqBody = k.bodies ? requestBody(k) : undefined;
  const meta = ((reqBody as { metadata?: { name?: unknown; namespace?: unknown; uid?: unknown; resourceVersion?: unknown } } | undefined)?.metadata ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const objectRef: Record<string, string | undefined> = {
    resource: e.resource,
    namespace: e.namespace ?? str(meta.namespace),
    // Built from the request's info, which names a list or watch its exact metadata.name field selector.
    name: e.name ?? k.selectedName ?? str(meta.name),
    uid: str(meta.uid),
    apiGroup: e.group || undefined,
    apiVersion: e.uri.split('/')[e.group ? 3 : 2],
    resourceVersion: str(meta.resourceVersion),
    subresource: e.subresource,
  };
  const status: Partial<Status> & { metadata: object; code: number } = k.status ? { metadata: {}, status: k.status.status, message: k.status.message, reason: k.status.reason, ...(k.status.details ? { details: k.status.details } : {}), code: k.status.code } : { metadata: {}, code: e.code };
  const ev = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: auditIdOf(e.seq),
    stage: 'ResponseComplete',
    requestURI: e.uri,
    verb: e.verb,
    user: { username: e.user, groups: userGroups(e.user, server) },
    impersonatedUser: k.impersonated ? { username: k.impersonated.name, groups: [...k.impersonated.groups] } : undefined,
    sourceIPs: [sourceIP(k, ep)],
    userAgent: userAgentOf(e.user, e.component),
    objectRef,
    responseStatus: status,
    requestObject: typeOrder(reqBody),
    responseObject: k.bodies && e.verb !== 'watch' ? typeOrder(responseBody(k)) : undefined,
    requestReceivedTimestamp: microTime(e.atMs),
    stageTimestamp: microTime(e.atMs),
    annotations: authorizationAnnotations(k),
  };
  return goJson(ev);
}

/**
 * kube-apiserver's WithAuthorization filter writes both annotations, the reason even when empty. A
 * request the impersonation filter refused never reached it, and that filter writes none.
 */
function authorizationAnnotations(k: KeptRequest): Record<string, string> | undefined {
  if (k.authz) return { 'authorization.k8s.io/decision': k.authz.allowed ? 'allow' : 'forbid', 'authorization.k8s.io/reason': k.authz.reason };
  if (impersonationDenial(k)) return undefined;
  return { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': AUTHORIZATION_REASON };
}

/** The impersonate check the impersonation filter refused the request on, if it did. */
function impersonationDenial(k: KeptRequest): { attributes: RequestAttributes; decision: Decision } | undefined {
  const last = k.impersonation?.at(-1);
  return last && !last.decision.allowed ? last : undefined;
}

/** A user's groups: as the server's authenticator knows them (a scenario user's own), else as its name tells. */
function userGroups(user: string, server: ServerLookups): string[] {
  return server.userInfo ? [...server.userInfo(user).groups] : groupsOf(user);
}

/** The request's decision as the request log explains it; undefined when the request was not authorized. */
export function authzExplanation(k: KeptRequest, server: ServerLookups = {}): AuthzExplanation | undefined {
  const refused = impersonationDenial(k);
  if (refused) return impersonationExplanation(refused);
  const d = k.authz;
  if (!d) return undefined;
  const e = k.entry;
  const allowed = d.allowedBy;
  const rule = allowed ? server.roleRules?.(allowed.role)?.[allowed.ruleIndex] : undefined;
  return {
    decision: d.allowed ? 'allow' : 'forbid',
    // An impersonated request (`--as`) is authorized as the user it is served as.
    user: k.impersonated?.name ?? e.user,
    groups: k.impersonated ? [...k.impersonated.groups] : userGroups(e.user, server),
    verb: e.verb,
    resource: e.subresource ? `${e.resource}/${e.subresource}` : e.resource,
    apiGroup: e.group,
    namespace: e.namespace ?? '',
    name: e.name ?? k.selectedName ?? '',
    path: '',
    ...(d.by ? { by: d.by } : {}),
    reason: d.reason,
    ...(allowed ? { allowedBy: { binding: { ...allowed.binding }, role: { ...allowed.role }, ruleIndex: allowed.ruleIndex, ...(rule ? { rule: compactString(rule) } : {}) } } : {}),
    considered: d.considered.map((b) => ({ ...b })),
  };
}

/**
 * A request the impersonation filter refused: what it asked (`impersonate` on the user, group or
 * ServiceAccount, as the requester) and how the authorizers answered; the request itself was never
 * authorized.
 */
function impersonationExplanation(check: { attributes: RequestAttributes; decision: Decision }): AuthzExplanation {
  const a = check.attributes;
  const d = check.decision;
  return {
    decision: 'forbid',
    user: a.user.name,
    groups: [...a.user.groups],
    verb: a.verb,
    resource: a.subresource ? `${a.resource}/${a.subresource}` : a.resource,
    apiGroup: a.apiGroup,
    namespace: a.namespace,
    name: a.name,
    path: '',
    ...(d.by ? { by: d.by } : {}),
    reason: d.reason,
    considered: d.considered.map((b) => ({ ...b })),
  };
}

/** Request `seq` in full, or why it cannot be given. */
export function requestDetail(log: ConversationLog, seq: number, ep: Endpoints, server: ServerLookups = {}): { detail: RequestDetail } | { error: string } {
  const k = log.request(seq);
  if (!k) return { error: log.at(seq) ? `entry ${seq} is a watch event, not a request` : `request ${seq} is no longer kept (the oldest kept is ${log.oldest})` };
  const fanout = log.slice(seq + 1).filter((x): x is WatchEntry => x.kind === 'watch' && x.cause === seq);
  const authz = authzExplanation(k, server);
  return { detail: { entry: k.entry, clientLog: clientLog(k, ep), audit: auditEvent(k, ep, server), fanout, ...(authz ? { authz } : {}) } };
}
