/**
 * The RBAC view's answer, as plain JSON: for one namespace, every subject the cluster knows of there
 * (users, groups, the namespace's ServiceAccounts) against a few common resources × verbs, each square
 * with what granted it; and the answers to "who can VERB RESOURCE" and "what can SUBJECT do".
 */

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface MatrixSubject {
  kind: SubjectKind;
  /** the user name, group name, or ServiceAccount name (its namespace is the view's) */
  name: string;
  /** the namespace of a ServiceAccount */
  namespace?: string;
  /** where the view learned of it: a scenario user, the kubeconfig's user, a binding's subject, a ServiceAccount object */
  source: 'kubeconfig' | 'scenario' | 'binding' | 'object';
}

export interface MatrixResource {
  /** lower-case plural */
  resource: string;
  /** '' for the core group */
  group: string;
}

/** What allowed a request, as the view shows it on a square. */
export interface Grant {
  by: 'Node' | 'RBAC' | 'system:masters';
  /** `RoleBinding`, `ClusterRoleBinding` */
  bindingKind?: string;
  bindingName?: string;
  /** the namespace of a RoleBinding */
  bindingNamespace?: string;
  roleKind?: string;
  roleName?: string;
  ruleIndex?: number;
  /** the rule in rbac's compact form */
  rule?: string;
}

export interface RbacMatrix {
  namespace: string;
  /** namespaces to choose from */
  namespaces: string[];
  subjects: MatrixSubject[];
  resources: MatrixResource[];
  verbs: string[];
  /**
   * cells[subject][resource * verbs.length + verb]: -1 denied, otherwise the index of its Grant in
   * `grants` (grants are shared: one binding usually allows many squares)
   */
  cells: number[][];
  grants: Grant[];
  /** whether the API server enforces these decisions (`Node,RBAC`); false under AlwaysAllow */
  enforced?: boolean;
}

/** One subject's answer to "who can VERB RESOURCE in NAMESPACE". */
export interface WhoCanRow {
  subject: MatrixSubject;
  grant: Grant;
}

export interface WhoCanAnswer {
  verb: string;
  resource: string;
  group: string;
  subresource: string;
  namespace: string;
  allowed: WhoCanRow[];
  error?: string;
}

/** `kubectl auth can-i --list` for one subject: its rules in the namespace. */
export interface WhatCanAnswer {
  subject: MatrixSubject;
  namespace: string;
  /** the rows as kubectl auth can-i --list prints them (its table, with the header) */
  text: string;
  incomplete: boolean;
  evaluationError?: string;
}

export type RbacQuery =
  | { kind: 'matrix'; namespace: string }
  | { kind: 'whoCan'; namespace: string; verb: string; resource: string }
  | { kind: 'whatCan'; namespace: string; subject: MatrixSubject };

export interface RbacAnswer {
  matrix?: RbacMatrix;
  whoCan?: WhoCanAnswer;
  whatCan?: WhatCanAnswer;
  error?: string;
}
