import { describe, expect, it } from 'vitest';
import { Authenticator } from './authn';
import type { TokenClaims } from './serviceAccountToken';

function claims(sa: string, iat: number, lifetime: number): TokenClaims {
  return {
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: iat + lifetime,
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    jti: `${sa}-${iat}`,
    'kubernetes.io': { namespace: 'default', serviceaccount: { name: sa, uid: `${sa}-uid` } },
    nbf: iat,
    sub: `system:serviceaccount:default:${sa}`,
  };
}

describe('Authenticator tokens', () => {
  it('authenticates a token it issued until it expires, and never one it did not issue', () => {
    const a = new Authenticator();
    a.issued('t1', claims('app', 1000, 600));
    expect(a.authenticateToken('t1', 1599, () => true)).toEqual({ name: 'system:serviceaccount:default:app', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] });
    expect(a.authenticateToken('t1', 1600, () => true)).toBeUndefined();
    expect(a.authenticateToken('t1', 1200, () => false)).toBeUndefined();
    expect(a.authenticateToken('forged', 1200, () => true)).toBeUndefined();
  });

  it('forgets expired tokens when it issues new ones, so the table does not grow without end', () => {
    const a = new Authenticator();
    for (let i = 0; i < 50; i++) a.issued(`t${i}`, claims('app', 1000 + i * 600, 600));
    // Each token expired when the next was issued: only the newest is kept.
    expect(a.rememberedTokens()).toBe(1);
    // 't49' expires at 31000: issuing at 31000 forgets it.
    a.issued('year', claims('kubelet', 31_000, 365 * 86_400));
    a.issued('short', claims('app', 31_000, 600));
    expect(a.rememberedTokens()).toBe(2);
    a.issued('later', claims('app', 32_000, 600));
    // 'short' (exp 31600) is gone; the year-long token stays.
    expect(a.rememberedTokens()).toBe(2);
    expect(a.authenticateToken('year', 32_000, () => true)?.name).toBe('system:serviceaccount:default:kubelet');
  });
});
