/**
 * Authentication: who a request's credentials say it is. The cluster's own components and kubectl's
 * admin.conf authenticate by client certificate (the groups are the certificate's organisations),
 * ServiceAccounts by token; scenario users are registered with the groups their certificate would carry.
 * Every authenticated user is also in `system:authenticated`.
 */
import { groupsOf } from '../api/conversation/components';
import type { TokenClaims } from './serviceAccountToken';
import type { UserInfo } from './types';

export const ALL_AUTHENTICATED = 'system:authenticated';
const SA_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:ns:name` → its namespace and name; undefined for any other user. */
export function serviceAccountOf(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_PREFIX)) return undefined;
  const rest = user.slice(SA_PREFIX.length);
  const i = rest.indexOf(':');
  if (i <= 0 || i === rest.length - 1) return undefined;
  return { namespace: rest.slice(0, i), name: rest.slice(i + 1) };
}

/** serviceaccount.MakeGroupNames: the groups every ServiceAccount of a namespace is in. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

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

  /** the ServiceAccount tokens this cluster issued, by token */
  private readonly tokens = new Map<string, TokenClaims>();

  /** Remembers a token the server signed (TokenRequest), so a client presenting it authenticates. */
  issued(token: string, claims: TokenClaims): void {
    this.tokens.set(token, claims);
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
