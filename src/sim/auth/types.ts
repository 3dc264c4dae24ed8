/**
 * The shapes authentication and authorization share: who asks (UserInfo), what they ask
 * (RequestAttributes, as k8s.io/apiserver's authorizer.Attributes carries it) and the answer
 * (Decision), with what the glass box shows about how it was reached.
 */

/** The authenticated (or impersonated) user, as the API server's request context holds it. */
export interface UserInfo {
  readonly name: string;
  /** Always ends with `system:authenticated` for a user that authenticated. */
  readonly groups: readonly string[];
}

/** One request as the authorizers see it (authorizer.AttributesRecord). */
export interface RequestAttributes {
  readonly user: UserInfo;
  /** get list watch create update patch delete deletecollection, or impersonate bind escalate use approve sign */
  readonly verb: string;
  /** false for a non-resource URL (`/healthz`, `/api`, `/version`); then only `path` counts. */
  readonly resourceRequest: boolean;
  /** `''` for the core group */
  readonly apiGroup: string;
  readonly apiVersion: string;
  /** lower-case plural: `pods`, `clusterrolebindings`, `users` (impersonation) */
  readonly resource: string;
  /** `''` when none: `log`, `exec`, `status`, `binding`, `token`, `eviction` */
  readonly subresource: string;
  /** `''` for cluster scope and for a list across all namespaces */
  readonly namespace: string;
  /** `''` when the request names no object (list, watch, a create without a name in the URL) */
  readonly name: string;
  /** the URL path, for non-resource requests (`/healthz`) */
  readonly path: string;
}

/** A binding or role, by kind, namespace (Role/RoleBinding only) and name. */
export interface BindingRef {
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding';
  readonly name: string;
  readonly namespace?: string;
}
export interface RoleRef {
  readonly kind: 'ClusterRole' | 'Role';
  readonly name: string;
  /** the namespace a Role lives in; a ClusterRole referenced from a RoleBinding has none */
  readonly namespace?: string;
}

/** Which authorizer in kubeadm's chain decided (`--authorization-mode=Node,RBAC`), or the privileged-group short cut. */
export type AuthorizerName = 'Node' | 'RBAC' | 'system:masters';

export interface Decision {
  readonly allowed: boolean;
  /** the authorizer that allowed; undefined when denied (no authorizer had an opinion) */
  readonly by?: AuthorizerName;
  /**
   * The reason as kube-apiserver's audit annotation `authorization.k8s.io/reason` words it: RBAC's
   * `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, the Node authorizer's
   * `no relationship found between node 'n' and this object`, `''` when RBAC simply found no rule.
   * A denial's Forbidden message appends it after `: ` when it is not empty.
   */
  readonly reason: string;
  /** glass box: when RBAC allowed, the binding, the role and the index of the rule that matched */
  readonly allowedBy?: { readonly binding: BindingRef; readonly role: RoleRef; readonly ruleIndex: number };
  /** glass box: the bindings whose subjects matched the user, in the order RBAC visited them */
  readonly considered: readonly BindingRef[];
}

/** One rule of a Role/ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule). */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** What a user may do in a namespace (SelfSubjectRulesReview's status). */
export interface SubjectRules {
  readonly resourceRules: readonly { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }[];
  readonly nonResourceRules: readonly { verbs: string[]; nonResourceURLs: string[] }[];
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}
