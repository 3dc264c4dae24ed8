/**
 * The claims of ServiceAccount tokens as kube-apiserver's token generator signs them (a JWT, RS256):
 * the ServiceAccount, its namespace and uid, the audiences, and — for a bound token — the pod and its
 * node. token.ts mints them; the server's authenticator accepts only those it issued.
 */

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

/** The claims of a token (its payload, decoded); undefined when it is not a JWT. */
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
