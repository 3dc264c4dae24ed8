/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): visits the rules of every binding that names
 * the user — ClusterRoleBindings first, then the RoleBindings of the request's namespace — and allows
 * at the first rule that matches. It never denies outright: no matching rule is "no opinion", and the
 * API server turns that into 403 when no other authorizer allows.
 */
import type { BindingRef, Decision, PolicyRule, RequestAttributes, RoleRef, SubjectRules, UserInfo } from '../types';
import { ruleAllows } from './ruleMatch';
import type { ClusterRoleBinding, RbacIndex, RoleBinding } from './source';
import { describeSubject, firstApplyingSubject, goQuote, type Subject } from './subjects';

/** Where a visited rule comes from: the binding, the subject of it that named the user, and the role. */
export interface RuleSource {
  readonly binding: BindingRef;
  readonly role: RoleRef;
  readonly subject: Subject;
}

/** The rules a binding's roleRef resolves to, or the error upstream's listers give when it does not. */
export type RoleRules = { readonly rules: readonly PolicyRule[]; readonly error?: undefined } | { readonly rules?: undefined; readonly error: string };

/**
 * Return false to stop visiting. `error` is set when a binding's role could not be resolved; then
 * there is no rule (upstream passes no source either; the glass box keeps it to show the binding).
 */
export type RuleVisitor = (source: RuleSource | undefined, rule: PolicyRule | undefined, ruleIndex: number, error?: string) => boolean;

/**
 * The authorizingVisitor's description of a source (`ClusterRoleBinding "x" of ClusterRole "y" to
 * User "z"`, `RoleBinding "x/ns" of Role "y" to ServiceAccount "sa/ns"`).
 */
export function describeSource(s: RuleSource): string {
  const b = s.binding;
  if (b.kind === 'ClusterRoleBinding') {
    return `ClusterRoleBinding ${goQuote(b.name)} of ${s.role.kind} ${goQuote(s.role.name)} to ${describeSubject(s.subject, '')}`;
  }
  const ns = b.namespace ?? '';
  return `RoleBinding ${goQuote(`${b.name}/${ns}`)} of ${s.role.kind} ${goQuote(s.role.name)} to ${describeSubject(s.subject, ns)}`;
}

/**
 * utilerrors.NewAggregate(...).Error(): one error as is; several de-duplicated, joined with `, ` and
 * bracketed.
 */
export function aggregateErrors(errors: readonly string[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return errors[0]!;
  const seen = [...new Set(errors)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/**
 * Where roles are read from, which shows in the words of a missing role: the authorizer reads the
 * informer cache, whose lister says `clusterrole.rbac.authorization.k8s.io "x" not found`; the RBAC
 * storage's escalation checks read the registry, whose store says `clusterroles.rbac.authorization.k8s.io "x" not found`.
 */
export type RoleSourceKind = 'cache' | 'storage';

function roleNotFound(kind: 'Role' | 'ClusterRole', name: string, from: RoleSourceKind): string {
  const resource = kind === 'Role' ? 'role' : 'clusterrole';
  return `${resource}${from === 'storage' ? 's' : ''}.rbac.authorization.k8s.io ${goQuote(name)} not found`;
}

export class RbacAuthorizer {
  constructor(private readonly objects: RbacIndex) {}

  /** GetRoleReferenceRules: a Role is looked up in the binding's namespace, a ClusterRole by name. */
  roleReferenceRules(roleRef: { readonly kind: string; readonly name: string }, bindingNamespace: string, from: RoleSourceKind = 'cache'): RoleRules {
    switch (roleRef.kind) {
      case 'Role': {
        const role = this.objects.role(bindingNamespace, roleRef.name);
        return role ? { rules: role.rules ?? [] } : { error: roleNotFound('Role', roleRef.name, from) };
      }
      case 'ClusterRole': {
        const role = this.objects.clusterRole(roleRef.name);
        return role ? { rules: role.rules ?? [] } : { error: roleNotFound('ClusterRole', roleRef.name, from) };
      }
      default:
        return { error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
    }
  }

  /** VisitRulesFor: every rule that applies to the user in the namespace (`''`: cluster bindings only), in order. */
  visitRulesFor(user: UserInfo, namespace: string, visit: RuleVisitor, from: RoleSourceKind = 'cache'): void {
    for (const b of this.objects.clusterRoleBindingsFor(user)) {
      if (!this.visitBinding(user, b, '', 'ClusterRoleBinding', visit, from)) return;
    }
    if (namespace === '') return;
    for (const b of this.objects.roleBindingsFor(user, namespace)) {
      if (!this.visitBinding(user, b, namespace, 'RoleBinding', visit, from)) return;
    }
  }

  authorize(a: RequestAttributes): Decision {
    const considered: BindingRef[] = [];
    const errors: string[] = [];
    let allowed: { source: RuleSource; ruleIndex: number } | undefined;
    this.visitRulesFor(a.user, a.namespace, (source, rule, ruleIndex, error) => {
      if (source && considered[considered.length - 1] !== source.binding) considered.push(source.binding);
      if (source && rule && ruleAllows(a, rule)) {
        allowed = { source, ruleIndex };
        return false;
      }
      if (error !== undefined) errors.push(error);
      return true;
    });
    if (allowed) {
      const { source, ruleIndex } = allowed;
      return {
        allowed: true,
        by: 'RBAC',
        reason: `RBAC: allowed by ${describeSource(source)}`,
        allowedBy: { binding: source.binding, role: source.role, ruleIndex },
        considered,
      };
    }
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '', considered };
  }

  /** RulesFor: every rule of every binding that names the user, and the resolution errors met on the way. */
  policyRulesFor(user: UserInfo, namespace: string, from: RoleSourceKind = 'cache'): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(
      user,
      namespace,
      (_source, rule, _i, error) => {
        if (rule) rules.push(rule);
        if (error !== undefined) errors.push(error);
        return true;
      },
      from,
    );
    return { rules, errors };
  }

  /**
   * What a SelfSubjectRulesReview reports for RBAC: the rules with resources as resource rules, those
   * with non-resource URLs as non-resource rules, in visit order and not merged (the server does not
   * compact them; kubectl does when it prints).
   */
  rulesFor(user: UserInfo, namespace: string): SubjectRules {
    const { rules, errors } = this.policyRulesFor(user, namespace);
    return subjectRulesOf(rules, false, errors.length ? aggregateErrors(errors) : undefined);
  }

  private visitBinding(
    user: UserInfo,
    binding: ClusterRoleBinding | RoleBinding,
    namespace: string,
    kind: BindingRef['kind'],
    visit: RuleVisitor,
    from: RoleSourceKind,
  ): boolean {
    const subjectIndex = firstApplyingSubject(user, binding.subjects, namespace);
    if (subjectIndex < 0) return true;
    const name = binding.metadata?.name ?? '';
    const ref: BindingRef = kind === 'RoleBinding' ? { kind, name, namespace } : { kind, name };
    const roleKind = binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
    const role: RoleRef = roleKind === 'Role' ? { kind: roleKind, name: binding.roleRef.name, namespace } : { kind: roleKind, name: binding.roleRef.name };
    const source: RuleSource = { binding: ref, role, subject: binding.subjects![subjectIndex]! };
    const resolved = this.roleReferenceRules(binding.roleRef, namespace, from);
    if (resolved.error !== undefined) return visit(source, undefined, -1, resolved.error);
    for (let i = 0; i < resolved.rules.length; i++) {
      if (!visit(source, resolved.rules[i], i)) return false;
    }
    // a binding whose role has no rules was still considered
    if (resolved.rules.length === 0) return visit(source, undefined, -1);
    return true;
  }
}

/** Splits PolicyRules into a rules review's resource and non-resource rules (a rule with both lands in both). */
export function subjectRulesOf(rules: readonly PolicyRule[], incomplete: boolean, evaluationError: string | undefined): SubjectRules {
  const resourceRules: SubjectRules['resourceRules'][number][] = [];
  const nonResourceRules: SubjectRules['nonResourceRules'][number][] = [];
  for (const r of rules) {
    if ((r.resources ?? []).length > 0) {
      const rr: SubjectRules['resourceRules'][number] = { verbs: [...r.verbs], apiGroups: [...(r.apiGroups ?? [])], resources: [...r.resources!] };
      if ((r.resourceNames ?? []).length > 0) rr.resourceNames = [...r.resourceNames!];
      resourceRules.push(rr);
    }
    if ((r.nonResourceURLs ?? []).length > 0) nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs!] });
  }
  const out: SubjectRules = { resourceRules, nonResourceRules, incomplete };
  return evaluationError === undefined ? out : { ...out, evaluationError };
}
