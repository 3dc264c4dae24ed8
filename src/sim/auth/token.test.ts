import { describe, expect, it } from 'vitest';
import { mintServiceAccountToken, signingKeyId, mintedClaims, type TokenRequestFacts } from './token';

const facts: TokenRequestFacts = {
  namespace: 'default',
  serviceAccount: { name: 'default', uid: '11111111-2222-4333-8444-555555555555' },
  pod: { name: 'lister-7r6mj', uid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' },
  node: { name: 'worker-1', uid: '99999999-8888-4777-8666-555555555555' },
  issuedAt: 1725271200,
  expirationSeconds: 31536000,
  warnAfterSeconds: 3607,
  seed: 'pod-uid',
};

function decode(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
}

describe('ServiceAccount tokens', () => {
  it('carry the claims of a kubelet-requested token, keys in go-jose order', () => {
    const token = mintServiceAccountToken(facts);
    const [header, payload, sig] = token.split('.');
    expect(decode(header!)).toEqual({ alg: 'RS256', kid: signingKeyId() });
    expect(signingKeyId()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = decode(payload!) as Record<string, unknown>;
    expect(Object.keys(claims)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(claims).toEqual({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: 1756807200,
      iat: 1725271200,
      iss: 'https://kubernetes.default.svc.cluster.local',
      jti: (mintedClaims(facts) as { jti: string }).jti,
      'kubernetes.io': {
        namespace: 'default',
        node: { name: 'worker-1', uid: '99999999-8888-4777-8666-555555555555' },
        pod: { name: 'lister-7r6mj', uid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' },
        serviceaccount: { name: 'default', uid: '11111111-2222-4333-8444-555555555555' },
        warnafter: 1725274807,
      },
      nbf: 1725271200,
      sub: 'system:serviceaccount:default:default',
    });
    expect(Object.keys(claims['kubernetes.io'] as object)).toEqual(['namespace', 'node', 'pod', 'serviceaccount', 'warnafter']);
    expect((claims as { jti: string }).jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // RS256 with a 2048-bit key: 256 bytes, 342 base64url characters.
    expect(sig).toMatch(/^[A-Za-z0-9_-]{342}$/);
    const decoded = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string };
    expect(decoded.sub).toBe('system:serviceaccount:default:default');
  });

  it('is the same for the same facts and differs for another pod', () => {
    expect(mintServiceAccountToken(facts)).toBe(mintServiceAccountToken(facts));
    expect(mintServiceAccountToken({ ...facts, seed: 'other' })).not.toBe(mintServiceAccountToken(facts));
  });
});
