/**
 * ServiceAccount tokens as kube-apiserver's token generator signs them: a JWT (RS256) whose claims name
 * the ServiceAccount, its namespace and uid, the audiences, and — for a token bound to a pod — the pod
 * and its node. The signature is drawn from a seeded stream: the token is deterministic and well
 * formed, and only this cluster's authenticator accepts it (it remembers what it issued).
 */
import type { Stream } from '../rng';

/** kubeadm's --service-account-issuer and --api-audiences */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface TokenClaims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  'kubernetes.io': {
    namespace: string;
    node?: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
    serviceaccount: { name: string; uid: string };
    warnafter?: number;
  };
  nbf: number;
  sub: string;
}

function base64url(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The signer: one key id for the cluster's signing key, a signature per token (256 bytes, as RS256 with a 2048-bit key). */
export class TokenSigner {
  private kid: string | undefined;

  constructor(private readonly stream: Stream) {}

  sign(claims: TokenClaims): string {
    this.kid ??= this.stream.string(43, B64URL);
    const header = base64url(JSON.stringify({ alg: 'RS256', kid: this.kid }));
    const payload = base64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.stream.string(342, B64URL)}`;
  }
}

/** The claims of a token this signer made (the payload, decoded); undefined when it is not a JWT. */
export function tokenClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const bin = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as TokenClaims;
  } catch {
    return undefined;
  }
}
