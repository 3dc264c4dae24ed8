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
import { notFound } from './errors';

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
  invalid(errs: FieldError[]): StatusError;
  /** the token is remembered so a client presenting it authenticates */
  issued(token: string, claims: TokenClaims): void;
}

/** Seconds since the Unix epoch at the cluster's now. */
export function unixSeconds(clock: Clock): number {
  return Math.floor((SIM_EPOCH_MS + clock.now()) / 1000);
}

export function serveTokenRequest(namespace: string, name: string, body: KObject, ctx: TokenRequestContext): StoredObject {
  const spec: TokenRequestSpec = { ...((body as { spec?: TokenRequestSpec }).spec ?? {}) };
  spec.expirationSeconds ??= DEFAULT_TOKEN_SECONDS;
  const errs: FieldError[] = [];
  if (spec.expirationSeconds < MIN_TOKEN_SECONDS) errs.push({ field: 'spec.expirationSeconds', type: 'FieldValueInvalid', badValue: String(spec.expirationSeconds), detail: 'may not specify a duration less than 10 minutes' });
  if (spec.expirationSeconds > MAX_TOKEN_SECONDS) errs.push({ field: 'spec.expirationSeconds', type: 'FieldValueInvalid', badValue: String(spec.expirationSeconds), detail: 'may not specify a duration larger than 2^32 seconds' });
  if (errs.length > 0) throw ctx.invalid(errs);
  const sa = ctx.peek('serviceaccounts', namespace, name);
  if (!sa) throw notFound({ plural: 'serviceaccounts', group: '' }, name);
  const audiences = spec.audiences && spec.audiences.length > 0 ? [...spec.audiences] : [SERVICE_ACCOUNT_ISSUER];
  const facts: TokenRequestFacts = { namespace, serviceAccount: { name, uid: sa.metadata.uid ?? '' }, audiences, issuedAt: unixSeconds(ctx.clock), expirationSeconds: spec.expirationSeconds, seed: ctx.seeds.hex(16) };
  const ref = spec.boundObjectRef;
  let secret: { name: string; uid: string } | undefined;
  if (ref?.kind === 'Pod' && ref.name) {
    const pod = ctx.peek('pods', namespace, ref.name);
    if (!pod || (ref.uid && pod.metadata.uid !== ref.uid)) throw notFound({ plural: 'pods', group: '' }, ref.name);
    facts.pod = { name: ref.name, uid: pod.metadata.uid ?? '' };
    const nodeName = (pod as { spec?: { nodeName?: string } }).spec?.nodeName;
    const node = nodeName ? ctx.peek('nodes', undefined, nodeName) : undefined;
    if (node && nodeName) facts.node = { name: nodeName, uid: node.metadata.uid ?? '' };
  } else if (ref?.kind === 'Secret' && ref.name) {
    const s = ctx.peek('secrets', namespace, ref.name);
    if (!s || (ref.uid && s.metadata.uid !== ref.uid)) throw notFound({ plural: 'secrets', group: '' }, ref.name);
    secret = { name: ref.name, uid: s.metadata.uid ?? '' };
  }
  // --service-account-extend-token-expiration: the kubelet's pod-bound 3607 s token for the API server
  // lives a year; clients are warned after the 3607 s it asked for (the `warnafter` claim).
  if (facts.pod && spec.expirationSeconds === KUBELET_TOKEN_SECONDS && audiences.includes(SERVICE_ACCOUNT_ISSUER)) {
    facts.expirationSeconds = EXTENDED_EXPIRATION_SECONDS;
    facts.warnAfterSeconds = KUBELET_TOKEN_SECONDS;
  }
  const token = mintServiceAccountToken(facts);
  const claims: TokenClaims = mintedClaims(facts);
  // A token bound to a secret dies with it (the minter's claims carry pods only).
  if (secret) claims['kubernetes.io'] = { ...claims['kubernetes.io'], secret };
  ctx.issued(token, claims);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: ref ?? null },
    status: { token, expirationTimestamp: ctx.clock.timestamp(ctx.clock.now() + spec.expirationSeconds * 1000) },
  } as unknown as StoredObject;
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
  if (k.secret) {
    const secret = peek('secrets', k.namespace, k.secret.name);
    if (!secret || secret.metadata.uid !== k.secret.uid) return false;
  }
  return true;
}
