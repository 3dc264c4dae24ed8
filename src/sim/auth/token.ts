/**
 * ServiceAccount tokens as kube-apiserver's TokenRequest signs them (pkg/serviceaccount/claims.go): a
 * JWT (header.payload.signature, base64url without padding), as the server's TokenRequest signs it
 * (for `kubectl create token` and for the kubelet's projected tokens), whose payload carries the registered
 * claims and the private `kubernetes.io` claim with the namespace, the ServiceAccount and the object
 * the token is bound to (a pod, with its node). The signature is a deterministic stand-in for RS256's
 * 256 bytes with the real shape and length: the API server knows its tokens by remembering the ones it
 * issued (authn.ts), not by checking the signature.
 *
 * go-jose marshals the merged claims as a JSON object with sorted keys, so the payload's keys come
 * in alphabetical order at every level; this keeps that order.
 */
import { fnv1a32, Stream, uidFrom } from '../rng';
import { SERVICE_ACCOUNT_ISSUER } from './serviceAccountToken';
import type { TokenClaims } from './serviceAccountToken';

/** A token the kubelet asks for (3607 s) is extended to a year by `--service-account-extend-token-expiration`. */
export const EXTENDED_EXPIRATION_SECONDS = 365 * 24 * 60 * 60;
/** The kubelet's projected token: expirationSeconds 3607 in the kube-api-access volume. */
export const KUBELET_TOKEN_SECONDS = 3607;

export interface TokenRequestFacts {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  /** the pod the token is bound to (a projected token, or `kubectl create token --bound-object-kind Pod`) */
  pod?: { name: string; uid: string };
  /** the node of that pod, as 1.30+ embeds it */
  node?: { name: string; uid: string };
  audiences?: string[];
  /** seconds since the epoch */
  issuedAt: number;
  /** the token's lifetime, seconds */
  expirationSeconds: number;
  /** when set, the API server extended the lifetime and the client should warn after this many seconds */
  warnAfterSeconds?: number;
  /** a seed for the token's ID and signature (the same facts and seed give the same token) */
  seed: string;
}

function b64url(bytes: Uint8Array | number[]): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function b64urlJson(o: unknown): string {
  return b64url(new TextEncoder().encode(JSON.stringify(o)));
}

/** The key ID of the cluster's signing key (base64url of a SHA-256 digest: 43 characters). */
export function signingKeyId(seed = 'kubetab service-account signing key'): string {
  const s = new Stream(fnv1a32(seed), 'sa-key-id');
  return b64url(Array.from({ length: 32 }, () => s.intn(256)));
}

/** The JSON payload of a token, keys in go-jose's order. */
export function mintedClaims(f: TokenRequestFacts): TokenClaims {
  const ids = new Stream(fnv1a32(`${f.seed}|${f.issuedAt}`), 'sa-token-id');
  // Built in go-jose's key order: the JSON text keeps insertion order.
  const k8s: TokenClaims['kubernetes.io'] = {
    namespace: f.namespace,
    ...(f.node ? { node: { name: f.node.name, uid: f.node.uid } } : {}),
    ...(f.pod ? { pod: { name: f.pod.name, uid: f.pod.uid } } : {}),
    serviceaccount: { name: f.serviceAccount.name, uid: f.serviceAccount.uid },
    ...(f.warnAfterSeconds !== undefined ? { warnafter: f.issuedAt + f.warnAfterSeconds } : {}),
  };
  return {
    aud: f.audiences ?? [SERVICE_ACCOUNT_ISSUER],
    exp: f.issuedAt + f.expirationSeconds,
    iat: f.issuedAt,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti: uidFrom(ids),
    'kubernetes.io': k8s,
    nbf: f.issuedAt,
    sub: `system:serviceaccount:${f.namespace}:${f.serviceAccount.name}`,
  };
}

/** A signed-looking ServiceAccount token for these facts. */
export function mintServiceAccountToken(f: TokenRequestFacts): string {
  const header = b64urlJson({ alg: 'RS256', kid: signingKeyId() });
  const payload = b64urlJson(mintedClaims(f));
  const sig = new Stream(fnv1a32(`${header}.${payload}`), 'sa-token-signature');
  return `${header}.${payload}.${b64url(Array.from({ length: 256 }, () => sig.intn(256)))}`;
}

/** A stand-in UID for an object the caller cannot read (stable for the same name). */
export function nameUid(kind: string, name: string): string {
  return uidFrom(new Stream(fnv1a32(`${kind}/${name}`), 'name-uid'));
}
