/**
 * The API server's authorizer and authenticator, as the worker's views read them: authorize a request
 * as the server would, the rules a user holds in a namespace, the groups a user name comes with, the
 * scenario's users, and whether the server enforces its decisions (`--authorization-mode=Node,RBAC`).
 */
import type { Cluster } from '../sim/cluster';
import type { Decision, RequestAttributes, SubjectRules, UserInfo } from '../sim/auth/types';

export interface ServerAuthz {
  authorize(a: RequestAttributes): Decision;
  rulesFor(user: UserInfo, namespace: string): SubjectRules;
  userInfo(name: string): UserInfo;
  /** the scenario's users (`cluster.users`), in their order */
  users(): string[];
  /** false while the server allows everything (AlwaysAllow): the view then shows what RBAC would decide */
  enforced: boolean;
}

export function serverAuthz(cluster: Cluster): ServerAuthz {
  const api = cluster.api;
  return {
    authorize: (a) => api.authorizer.authorize(a),
    rulesFor: (u, ns) => api.authorizer.rulesFor(u, ns),
    userInfo: (name) => api.authn.userInfo(name),
    users: () => api.authn.registeredUsers().map((u) => u.name),
    enforced: api.authorizationMode === 'Node,RBAC',
  };
}
