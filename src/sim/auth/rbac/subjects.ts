/**
 * Whether a binding's subject names a user: the appliesTo of RBAC's rule resolver. A User subject
 * matches by name, a Group subject by membership, a ServiceAccount subject by the service account's
 * user name `system:serviceaccount:<ns>:<name>`, where a RoleBinding's subject without a namespace
 * means the binding's own namespace.
 */
import type { UserInfo } from '../types';
import { goQuote } from '../../api/validation/fieldErrors';

/** rbac.authorization.k8s.io/v1 Subject (kind User, Group or ServiceAccount). */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiGroup?: string;
}

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:<ns>:<name>`, as the service account token authenticator names the user. */
export function serviceAccountUserName(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Namespace and name of a service account user (serviceaccount.SplitUsername), or undefined when the
 * user name is not one: exactly two parts after the prefix, a valid namespace and a valid name.
 */
export function parseServiceAccountUser(userName: string): { namespace: string; name: string } | undefined {
  if (!userName.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const parts = userName.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/** The namespace a ServiceAccount subject means: its own, else the binding's (`''` for a ClusterRoleBinding). */
export function subjectServiceAccountNamespace(subject: Subject, bindingNamespace: string): string {
  return subject.namespace ? subject.namespace : bindingNamespace;
}

/** appliesToUser: one subject against one user. */
export function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subjectServiceAccountNamespace(subject, bindingNamespace);
      if (ns === '') return false;
      return user.name === serviceAccountUserName(ns, subject.name);
    }
    default:
      return false;
  }
}

/** The index of the first subject that applies to the user, or -1: the subject a reason names. */
export function firstApplyingSubject(user: UserInfo, subjects: readonly Subject[] | undefined, bindingNamespace: string): number {
  const list = subjects ?? [];
  for (let i = 0; i < list.length; i++) {
    if (appliesTo(user, list[i]!, bindingNamespace)) return i;
  }
  return -1;
}

/**
 * How a reason names a subject (describeSubject): `User "alice"`, `Group "dev"`,
 * `ServiceAccount "sa/ns"` (name first, then the namespace, defaulted to the binding's).
 */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name}/${subjectServiceAccountNamespace(subject, bindingNamespace)}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

export { goQuote };

/** Go's %q for a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}
