/**
 * The RBAC objects the authorizer reads, and the index that keeps one authorization cheap.
 *
 * Upstream's rule resolver lists every ClusterRoleBinding (and every RoleBinding of the request's
 * namespace) and tests each one's subjects. RbacIndex keeps the bindings by subject key instead —
 * `User:alice`, `Group:dev`, `ServiceAccount:ns/name` — so a request only looks at the bindings that
 * can name its user: O(bindings of the user's name, groups and service account).
 *
 * Order: the informer's lister returns bindings in map order, which Go randomises; the simulation
 * visits them in name order (Go string order), so the first binding that allows — the one the reason
 * names — is always the same. Candidates from several keys are merged and sorted by name, which gives
 * exactly the first allowing binding a walk over all bindings in name order would give.
 */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../types';
import { parseServiceAccountUser, type Subject, subjectServiceAccountNamespace } from './subjects';

export type { ClusterRole, ClusterRoleBinding, Role, RoleBinding };

/** Read access to the RBAC objects of a cluster. */
export interface RbacObjects {
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
  clusterRoleBinding(name: string): ClusterRoleBinding | undefined;
  roleBinding(namespace: string, name: string): RoleBinding | undefined;
  clusterRoles(): Iterable<ClusterRole>;
  roles(namespace: string): Iterable<Role>;
  clusterRoleBindings(): Iterable<ClusterRoleBinding>;
  roleBindings(namespace: string): Iterable<RoleBinding>;
}

/** Any API object as the store hands it over; upsert and remove look at kind, namespace and name. */
export interface RbacObjectLike {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

export const RBAC_KINDS = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'] as const;
export type RbacKind = (typeof RBAC_KINDS)[number];

export function isRbacKind(kind: string | undefined): kind is RbacKind {
  return (RBAC_KINDS as readonly (string | undefined)[]).includes(kind);
}

/** The index keys a subject is found under; none for a kind RBAC ignores or a service account without namespace. */
export function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `User:${subject.name}`;
    case 'Group':
      return `Group:${subject.name}`;
    case 'ServiceAccount': {
      const ns = subjectServiceAccountNamespace(subject, bindingNamespace);
      return ns === '' ? undefined : `ServiceAccount:${ns}/${subject.name}`;
    }
    default:
      return undefined;
  }
}

/** The keys a user can be found under: their name, each group, and their service account if they are one. */
export function userKeys(user: UserInfo): string[] {
  const keys = [`User:${user.name}`, ...user.groups.map((g) => `Group:${g}`)];
  const sa = parseServiceAccountUser(user.name);
  if (sa) keys.push(`ServiceAccount:${sa.namespace}/${sa.name}`);
  return keys;
}

/** Go's string order (byte order; equal to code-unit order for the names Kubernetes allows). */
export function byName<T extends { readonly metadata?: { readonly name?: string } }>(a: T, b: T): number {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Binding names by subject key, kept current as bindings come and go. */
class SubjectIndex<B extends { readonly subjects?: readonly Subject[] }> {
  private readonly byKey = new Map<string, Set<string>>();
  readonly byName = new Map<string, B>();

  constructor(private readonly namespace: string) {}

  upsert(name: string, binding: B): void {
    this.remove(name);
    this.byName.set(name, binding);
    for (const key of this.keysOf(binding)) {
      let names = this.byKey.get(key);
      if (!names) this.byKey.set(key, (names = new Set()));
      names.add(name);
    }
  }

  remove(name: string): void {
    const old = this.byName.get(name);
    if (!old) return;
    this.byName.delete(name);
    for (const key of this.keysOf(old)) {
      const names = this.byKey.get(key);
      names?.delete(name);
      if (names?.size === 0) this.byKey.delete(key);
    }
  }

  /** The bindings filed under any of the keys, each once, in name order. */
  candidates(keys: readonly string[]): B[] {
    const names = new Set<string>();
    for (const key of keys) for (const n of this.byKey.get(key) ?? []) names.add(n);
    return [...names].sort().map((n) => this.byName.get(n)!);
  }

  get size(): number {
    return this.byName.size;
  }

  private keysOf(binding: B): Set<string> {
    const keys = new Set<string>();
    for (const s of binding.subjects ?? []) {
      const key = subjectKey(s, this.namespace);
      if (key !== undefined) keys.add(key);
    }
    return keys;
  }
}

/**
 * All RBAC objects of a cluster, with bindings indexed by subject. The API server calls upsert for
 * every created or updated Role, ClusterRole, RoleBinding and ClusterRoleBinding and remove for every
 * deleted one; objects of other kinds are ignored, so every write can be passed through.
 */
export class RbacIndex implements RbacObjects {
  private readonly clusterRolesByName = new Map<string, ClusterRole>();
  private readonly rolesByNamespace = new Map<string, Map<string, Role>>();
  private readonly clusterBindings = new SubjectIndex<ClusterRoleBinding>('');
  private readonly namespaceBindings = new Map<string, SubjectIndex<RoleBinding>>();

  static of(objects: Iterable<RbacObjectLike>): RbacIndex {
    const index = new RbacIndex();
    for (const o of objects) index.upsert(o);
    return index;
  }

  upsert(obj: RbacObjectLike): void {
    const name = obj.metadata?.name;
    if (!name || !isRbacKind(obj.kind)) return;
    const ns = obj.metadata?.namespace ?? '';
    switch (obj.kind) {
      case 'ClusterRole':
        this.clusterRolesByName.set(name, obj as ClusterRole);
        return;
      case 'Role':
        this.rolesIn(ns, true)!.set(name, obj as Role);
        return;
      case 'ClusterRoleBinding':
        this.clusterBindings.upsert(name, obj as ClusterRoleBinding);
        return;
      case 'RoleBinding':
        this.bindingsIn(ns, true)!.upsert(name, obj as RoleBinding);
        return;
    }
  }

  remove(obj: RbacObjectLike): void {
    const name = obj.metadata?.name;
    if (!name || !isRbacKind(obj.kind)) return;
    const ns = obj.metadata?.namespace ?? '';
    switch (obj.kind) {
      case 'ClusterRole':
        this.clusterRolesByName.delete(name);
        return;
      case 'Role': {
        const roles = this.rolesIn(ns, false);
        roles?.delete(name);
        if (roles?.size === 0) this.rolesByNamespace.delete(ns);
        return;
      }
      case 'ClusterRoleBinding':
        this.clusterBindings.remove(name);
        return;
      case 'RoleBinding': {
        const bindings = this.bindingsIn(ns, false);
        bindings?.remove(name);
        if (bindings?.size === 0) this.namespaceBindings.delete(ns);
        return;
      }
    }
  }

  /** ClusterRoleBindings with a subject that may name the user, in name order. */
  clusterRoleBindingsFor(user: UserInfo): ClusterRoleBinding[] {
    return this.clusterBindings.candidates(userKeys(user));
  }

  /** RoleBindings of the namespace with a subject that may name the user, in name order. */
  roleBindingsFor(user: UserInfo, namespace: string): RoleBinding[] {
    return this.bindingsIn(namespace, false)?.candidates(userKeys(user)) ?? [];
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.clusterRolesByName.get(name);
  }
  role(namespace: string, name: string): Role | undefined {
    return this.rolesIn(namespace, false)?.get(name);
  }
  clusterRoleBinding(name: string): ClusterRoleBinding | undefined {
    return this.clusterBindings.byName.get(name);
  }
  roleBinding(namespace: string, name: string): RoleBinding | undefined {
    return this.bindingsIn(namespace, false)?.byName.get(name);
  }
  clusterRoles(): Iterable<ClusterRole> {
    return [...this.clusterRolesByName.values()].sort(byName);
  }
  roles(namespace: string): Iterable<Role> {
    return [...(this.rolesIn(namespace, false)?.values() ?? [])].sort(byName);
  }
  clusterRoleBindings(): Iterable<ClusterRoleBinding> {
    return [...this.clusterBindings.byName.values()].sort(byName);
  }
  roleBindings(namespace: string): Iterable<RoleBinding> {
    return [...(this.bindingsIn(namespace, false)?.byName.values() ?? [])].sort(byName);
  }

  private rolesIn(ns: string, create: boolean): Map<string, Role> | undefined {
    let roles = this.rolesByNamespace.get(ns);
    if (!roles && create) this.rolesByNamespace.set(ns, (roles = new Map()));
    return roles;
  }

  private bindingsIn(ns: string, create: boolean): SubjectIndex<RoleBinding> | undefined {
    let bindings = this.namespaceBindings.get(ns);
    if (!bindings && create) this.namespaceBindings.set(ns, (bindings = new SubjectIndex<RoleBinding>(ns)));
    return bindings;
  }
}
