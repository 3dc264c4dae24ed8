/**
 * The API server's authorizer and authenticator, as the worker's views read them: authorize a request
 * as the server would, the rules a user holds in a namespace, the groups a user name comes with.
 */
import type { Cluster } from '../sim/cluster';
import type { Decision, RequestAttributes, SubjectRules, UserInfo } from '../sim/auth/types';

export interface ServerAuthz {
  authorize(a: RequestAttributes): Decision;
  rulesFor(user: UserInfo, namespace: string): SubjectRules;
  userInfo(name: string): UserInfo;
}

/** What the API server exposes of its authorization (see ApiServer.authorizer and ApiServer.authn). */
interface AuthorizingServer {
  authorizer?: { authorize(a: RequestAttributes): Decision; rulesFor?(user: UserInfo, namespace: string): SubjectRules; rbac?: { rulesFor(user: UserInfo, namespace: string): SubjectRules } };
  authn?: { userInfo(name: string): UserInfo };
}

/** The server's authorization, or undefined for a server that authorizes nothing. */
export function serverAuthz(cluster: Cluster): ServerAuthz | undefined {
  const api = cluster.api as unknown as AuthorizingServer;
  const chain = api.authorizer;
  const authn = api.authn;
  if (!chain || !authn) return undefined;
  const rulesFor = chain.rulesFor ? chain.rulesFor.bind(chain) : chain.rbac ? chain.rbac.rulesFor.bind(chain.rbac) : undefined;
  return {
    authorize: (a) => chain.authorize(a),
    rulesFor: (u, ns) => (rulesFor ? rulesFor(u, ns) : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'no rule resolver' }),
    userInfo: (name) => authn.userInfo(name),
  };
}
