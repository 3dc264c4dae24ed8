/**
 * Whether a binding's subject names a user: the appliesTo of RBAC's rule resolver. A User subject
 * matches by name, a Group subject by membership, a ServiceAccount subject by the service account's
 * user name `system:serviceaccount:<ns>:<name>`, where a RoleBinding's subject without a namespace
 * means the binding's own namespace.
 */
import type { UserInfo } from '../types';

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

/** Namespace and name of a service account user, or undefined when the user name is not one. */
export function parseServiceAccountUser(userName: string): { namespace: string; name: string } | undefined {
  if (!userName.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const rest = userName.slice(SERVICE_ACCOUNT_USER_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1 || rest.indexOf(':', colon + 1) >= 0) return undefined;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
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

/** Go's %q for a string: double quotes, with `"` and `\` and control characters escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's %q for a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}
