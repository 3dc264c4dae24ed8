/**
 * `serviceaccounts/NAME/token` (TokenRequest): a signed token for the ServiceAccount, for the
 * audiences asked (the API server's own by default), valid for `spec.expirationSeconds` (one hour by
 * default, at least ten minutes), optionally bound to a pod or secret so it dies with it.
 */
import type { Clock } from '../clock';
import { SERVICE_ACCOUNT_ISSUER } from '../auth/serviceAccountToken';
import type { TokenClaims } from '../auth/serviceAccountToken';
import { EXTENDED_EXPIRATION_SECONDS, KUBELET_TOKEN_SECONDS, mintedClaims, mintServiceAccountToken } from '../auth/token';
import type { TokenRequestFacts } from '../auth/token';
import type { Stream } from '../rng';
import { SIM_EPOCH_MS } from '../clock';
import type { KObject, StoredObject } from '../types';
import type { FieldError, StatusError } from './types';
import { badRequest, conflict, notFound } from './errors';

export const DEFAULT_TOKEN_SECONDS = 3600;
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

export interface TokenRequestContext {
  readonly clock: Clock;
  /** draws each token's seed (its ID and signature) */
  readonly seeds: Stream;
  /** reads without a request (the handler's own lookups) */
  peek(plural: string, namespace: string | undefined, name: string): StoredObject | undefined;
  /** the Invalid error of a TokenRequest, naming `name` */
  invalid(errs: FieldError[], name: string): StatusError;
  /** the token is remembered so a client presenting it authenticates */
  issued(token: string, claims: TokenClaims): void;
}

/** Seconds since the Unix epoch at the cluster's now. */
export function unixSeconds(clock: Clock): number {
  return Math.floor((SIM_EPOCH_MS + clock.now()) / 1000);
}

/** schema.FromAPIVersionAndKind(...).String(): `/v1, Kind=ConfigMap`, `apps/v1, Kind=Deployment`. */
function gvkString(apiVersion: string, kind: string): string {
  const parts = apiVersion.split('/');
  // an apiVersion with more than one slash does not parse: the kind is kept alone
  const [group, version] = parts.length === 1 ? ['', parts[0]!] : parts.length === 2 ? [parts[0]!, parts[1]!] : ['', ''];
  return `${group}/${version}, Kind=${kind}`;
}

/** The group of a bound object's apiVersion: `v1`, `` and an apiVersion that does not parse give the core group. */
function groupOf(apiVersion: string): string {
  const parts = apiVersion.split('/');
  return parts.length === 2 ? parts[0]! : '';
}

/**
 * TokenREST.Create (pkg/registry/core/serviceaccount/storage/token.go), in its order: the body's name
 * and namespace must match the URL's; the ServiceAccount must exist; then the request is stamped with
 * the time and validated; then the bound object is looked up (a Pod running as this ServiceAccount, a
 * Node, or a Secret), and a UID given in the reference must be the object's.
 */
export function serveTokenRequest(namespace: string, name: string, body: KObject, ctx: TokenRequestContext): StoredObject {
  const meta = body.metadata ?? {};
  if (meta.name && meta.name !== name) {
    throw ctx.invalid([{ field: 'metadata.name', type: 'FieldValueInvalid', badValue: JSON.stringify(meta.name), detail: 'must match the service account name if specified' }], name);
  }
  if (meta.namespace && meta.namespace !== namespace) {
    throw ctx.invalid([{ field: 'metadata.namespace', type: 'FieldValueInvalid', badValue: JSON.stringify(meta.namespace), detail: 'must match the service account namespace if specified' }], name);
  }
  const sa = ctx.peek('serviceaccounts', namespace, name);
  if (!sa) throw notFound({ plural: 'serviceaccounts', group: '' }, name);
  const spec: TokenRequestSpec = { ...((body as { spec?: TokenRequestSpec }).spec ?? {}) };
  const audiences = spec.audiences && spec.audiences.length > 0 ? [...spec.audiences] : [SERVICE_ACCOUNT_ISSUER];
  const now = ctx.clock.now();
  spec.expirationSeconds ??= DEFAULT_TOKEN_SECONDS;
  const errs: FieldError[] = [];
  if (spec.expirationSeconds < MIN_TOKEN_SECONDS) errs.push({ field: 'spec.expirationSeconds', type: 'FieldValueInvalid', badValue: String(spec.expirationSeconds), detail: 'may not specify a duration less than 10 minutes' });
  if (spec.expirationSeconds > MAX_TOKEN_SECONDS) errs.push({ field: 'spec.expirationSeconds', type: 'FieldValueInvalid', badValue: String(spec.expirationSeconds), detail: 'may not specify a duration larger than 2^32 seconds' });
  // the validation error names no object: the request is validated as an unnamed TokenRequest
  if (errs.length > 0) throw ctx.invalid(errs, '');
  const facts: TokenRequestFacts = { namespace, serviceAccount: { name, uid: sa.metadata.uid ?? '' }, audiences, issuedAt: unixSeconds(ctx.clock), expirationSeconds: spec.expirationSeconds, seed: ctx.seeds.hex(16) };
  const ref = spec.boundObjectRef;
  const secret = ref ? bindTo(ref, namespace, name, facts, ctx) : undefined;
  // --service-account-extend-token-expiration: the kubelet's pod-bound 3607 s token for the API server
  // lives a year; clients are warned after the 3607 s it asked for (the `warnafter` claim).
  if (facts.pod && spec.expirationSeconds === KUBELET_TOKEN_SECONDS && audiences.includes(SERVICE_ACCOUNT_ISSUER)) {
    facts.expirationSeconds = EXTENDED_EXPIRATION_SECONDS;
    facts.warnAfterSeconds = KUBELET_TOKEN_SECONDS;
  }
  const token = mintServiceAccountToken(facts);
  const claims: TokenClaims = mintedClaims(facts);
  // A token bound to a secret dies with it (the minter's claims carry pods and nodes only).
  if (secret) claims['kubernetes.io'] = { ...claims['kubernetes.io'], secret };
  ctx.issued(token, claims);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: ctx.clock.timestamp(now) },
    spec: { audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: ref ?? null },
    status: { token, expirationTimestamp: ctx.clock.timestamp(now + spec.expirationSeconds * 1000) },
  } as unknown as StoredObject;
}

/**
 * Looks up the object a token is to be bound to and records it in `facts` (a Pod with its node, or a
 * Node); returns a Secret's name and uid, which the claims carry separately.
 */
function bindTo(ref: NonNullable<TokenRequestSpec['boundObjectRef']>, namespace: string, saName: string, facts: TokenRequestFacts, ctx: TokenRequestContext): { name: string; uid: string } | undefined {
  const kind = ref.kind ?? '';
  const refName = ref.name ?? '';
  const group = groupOf(ref.apiVersion ?? '');
  let uid: string;
  let secret: { name: string; uid: string } | undefined;
  if (group === '' && kind === 'Pod') {
    const pod = ctx.peek('pods', namespace, refName);
    if (!pod) throw notFound({ plural: 'pods', group: '' }, refName);
    const podSpec = (pod as { spec?: { serviceAccountName?: string; nodeName?: string } }).spec;
    if ((podSpec?.serviceAccountName ?? '') !== saName) throw badRequest(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
    uid = pod.metadata.uid ?? '';
    facts.pod = { name: refName, uid };
    // ServiceAccountTokenPodNodeInfo: the claims name the pod's node too
    const nodeName = podSpec?.nodeName;
    const node = nodeName ? ctx.peek('nodes', undefined, nodeName) : undefined;
    if (node && nodeName) facts.node = { name: nodeName, uid: node.metadata.uid ?? '' };
  } else if (group === '' && kind === 'Node') {
    // ServiceAccountTokenNodeBinding is beta (on) in 1.31
    const node = ctx.peek('nodes', undefined, refName);
    if (!node) throw notFound({ plural: 'nodes', group: '' }, refName);
    uid = node.metadata.uid ?? '';
    facts.node = { name: refName, uid };
  } else if (group === '' && kind === 'Secret') {
    const s = ctx.peek('secrets', namespace, refName);
    if (!s) throw notFound({ plural: 'secrets', group: '' }, refName);
    uid = s.metadata.uid ?? '';
    secret = { name: refName, uid };
  } else {
    throw badRequest(`cannot bind token to object of type ${gvkString(ref.apiVersion ?? '', kind)}`);
  }
  if (ref.uid && ref.uid !== uid) {
    // NewConflict with GroupResource{Group: "", Resource: <Kind>}: the message names the kind as it is
    throw conflict({ plural: kind, group: '' }, refName, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return secret;
}

/** Whether a token's ServiceAccount (and the object it is bound to) still exist as they were when it was issued. */
export function tokenStillBound(claims: TokenClaims, peek: TokenRequestContext['peek']): boolean {
  const k = claims['kubernetes.io'];
  const sa = peek('serviceaccounts', k.namespace, k.serviceaccount.name);
  if (!sa || sa.metadata.uid !== k.serviceaccount.uid) return false;
  if (k.pod) {
    const pod = peek('pods', k.namespace, k.pod.name);
    if (!pod || pod.metadata.uid !== k.pod.uid) return false;
  }
  // a token bound to a Node alone dies with it; a pod-bound token's node is information only
  if (k.node && !k.pod) {
    const node = peek('nodes', undefined, k.node.name);
    if (!node || node.metadata.uid !== k.node.uid) return false;
  }
  if (k.secret) {
    const secret = peek('secrets', k.namespace, k.secret.name);
    if (!secret || secret.metadata.uid !== k.secret.uid) return false;
  }
  return true;
}
