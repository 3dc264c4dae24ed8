/**
 * Authentication: who a request's credentials say it is. The cluster's own components and kubectl's
 * admin.conf authenticate by client certificate (the groups are the certificate's organisations),
 * ServiceAccounts by token; scenario users are registered with the groups their certificate would carry.
 * Every authenticated user is also in `system:authenticated`.
 */
import { groupsOf } from '../api/conversation/components';
import { ALL_AUTHENTICATED } from './impersonation';
import type { TokenClaims } from './serviceAccountToken';
import type { UserInfo } from './types';

/** `groups` with system:authenticated added at the end when missing (what the authenticator and impersonation do). */
export function withAuthenticated(groups: readonly string[]): string[] {
  return groups.includes(ALL_AUTHENTICATED) ? [...groups] : [...groups, ALL_AUTHENTICATED];
}

export class Authenticator {
  private readonly registered = new Map<string, readonly string[]>();
  /** one UserInfo per name, so a request costs a map lookup and no allocation */
  private readonly cache = new Map<string, UserInfo>();

  /** A scenario user (`cluster.users`), authenticating with a certificate whose organisations are `groups`. */
  register(name: string, groups: readonly string[] = []): void {
    this.registered.set(name, withAuthenticated(groups));
    this.cache.delete(name);
  }

  /** Whether `name` is a registered scenario user. */
  isRegistered(name: string): boolean {
    return this.registered.has(name);
  }

  /** The users registered with `register`, in the order they were registered. */
  registeredUsers(): UserInfo[] {
    return [...this.registered.keys()].map((n) => this.userInfo(n));
  }

  /** the ServiceAccount tokens this cluster issued and that have not expired, by token */
  private readonly tokens = new Map<string, TokenClaims>();
  /** the same tokens ordered by expiry (soonest first), so expired ones are dropped without a scan */
  private readonly byExpiry: { token: string; exp: number }[] = [];

  /**
   * Remembers a token the server signed (TokenRequest), so a client presenting it authenticates.
   * Tokens that expired by the new one's issue time are forgotten: they could no longer authenticate.
   */
  issued(token: string, claims: TokenClaims): void {
    this.prune(claims.iat);
    this.tokens.set(token, claims);
    // Insert by expiry; tokens mostly arrive in expiry order, so the search is from the end.
    let i = this.byExpiry.length;
    while (i > 0 && this.byExpiry[i - 1]!.exp > claims.exp) i--;
    this.byExpiry.splice(i, 0, { token, exp: claims.exp });
  }

  /** How many issued tokens are remembered (not yet expired at the last issue). */
  rememberedTokens(): number {
    return this.tokens.size;
  }

  private prune(nowSeconds: number): void {
    let n = 0;
    while (n < this.byExpiry.length && this.byExpiry[n]!.exp <= nowSeconds) {
      const e = this.byExpiry[n]!;
      if (this.tokens.get(e.token)?.exp === e.exp) this.tokens.delete(e.token);
      n++;
    }
    if (n > 0) this.byExpiry.splice(0, n);
  }

  /**
   * The user a bearer token names, as the ServiceAccount token authenticator validates it: a token
   * this cluster signed, not expired, whose ServiceAccount (and bound pod) still exist with the uid
   * the token carries. Undefined when the token does not authenticate (401).
   */
  authenticateToken(token: string, nowSeconds: number, stillBound: (claims: TokenClaims) => boolean): UserInfo | undefined {
    const claims = this.tokens.get(token);
    if (!claims || nowSeconds >= claims.exp || !stillBound(claims)) return undefined;
    return this.userInfo(claims.sub);
  }

  userInfo(name: string): UserInfo {
    let u = this.cache.get(name);
    if (!u) {
      u = Object.freeze({ name, groups: Object.freeze([...(this.registered.get(name) ?? groupsOf(name))]) });
      this.cache.set(name, u);
    }
    return u;
  }
}
