/**
 * kube-apiserver's authorizer as kubeadm configures it (`--authorization-mode=Node,RBAC`): members of
 * system:masters are allowed before anything is asked, then the Node authorizer, then RBAC. The first
 * to allow decides; when none does, the reasons of all of them, joined by newlines, go into the 403.
 */
import type { NodeAuthorizer } from './node/authorizer';
import { aggregateErrors, subjectRulesOf, type RbacAuthorizer } from './rbac/authorizer';
import { SYSTEM_MASTERS } from './escalation';
import type { Decision, RequestAttributes, SubjectRules, UserInfo } from './types';

export class AuthorizerChain {
  constructor(
    readonly node: NodeAuthorizer,
    readonly rbac: RbacAuthorizer,
  ) {}

  authorize(a: RequestAttributes): Decision {
    if (a.user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, by: 'system:masters', reason: '', considered: [] };
    const byNode = this.node.authorize(a);
    if (byNode.allowed) return byNode;
    const byRbac = this.rbac.authorize(a);
    if (byRbac.allowed) return byRbac;
    const reason = [byNode.reason, byRbac.reason].filter((r) => r !== '').join('\n');
    return { allowed: false, reason, considered: byRbac.considered };
  }

  /**
   * The rule resolvers' union, as a SelfSubjectRulesReview reports it: RBAC's rules, marked incomplete
   * (with the Node authorizer's error) for a kubelet. The system:masters short cut lists no rules,
   * as upstream: such users see what their RBAC bindings grant.
   */
  rulesFor(user: UserInfo, namespace: string): SubjectRules {
    const node = this.node.rulesFor(user);
    const { rules, errors } = this.rbac.policyRulesFor(user, namespace);
    // NewAggregate flattens nested aggregates when it prints them
    const all = [...(node.error !== undefined ? [node.error] : []), ...errors];
    return subjectRulesOf(rules, node.incomplete, all.length ? aggregateErrors(all) : undefined);
  }
}
