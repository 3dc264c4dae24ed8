/**
 * A request's authorization decision in words, for the request log: what allowed it (the binding, its
 * role and the rule, 1-based as a role's rules read), or that it was forbidden and which bindings RBAC
 * looked at. Kubernetes' own names (kinds, users, verbs, resources) stay as they are in both languages.
 */
import type { AuthzExplanation, BindingRefView } from '../../worker/protocol';
import type { MessageKey, Params } from '../i18n';

type T = (key: MessageKey, params?: Params) => string;

/** `ClusterRoleBinding system:kube-scheduler`, `RoleBinding dev/read-pods`. */
export function refName(r: BindingRefView): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** What was asked: `list pods in default`, `get deployments.apps "web" at the cluster scope`, `get /healthz`. */
export function askText(a: AuthzExplanation, t: T): string {
  if (!a.resource) return `${a.verb} ${a.path}`;
  const [res = '', sub] = a.resource.split('/');
  const resource = `${res}${a.apiGroup ? `.${a.apiGroup}` : ''}${sub ? `/${sub}` : ''}`;
  const name = a.name ? ` "${a.name}"` : '';
  const scope = a.namespace ? t('requests.authz.inNamespace', { namespace: a.namespace }) : t('requests.authz.clusterScope');
  return `${a.verb} ${resource}${name} ${scope}`;
}

export interface AuthzText {
  allowed: boolean;
  /** the one line: allowed by what, or Forbidden and why */
  headline: string;
  /** the rule that allowed, in rbac's compact form */
  rule?: string;
  /** the bindings RBAC visited, or a sentence that none matched */
  considered: string[];
  consideredHead: string;
  /** a reason an authorizer gave (the Node authorizer's), when it is not the headline's */
  reason?: string;
}

export function authzText(a: AuthzExplanation, t: T): AuthzText {
  const considered = a.considered.map(refName);
  const consideredHead = considered.length > 0 ? t('requests.authz.considered', { user: a.user }) : t('requests.authz.noneConsidered', { user: a.user, groups: a.groups.join(', ') });
  if (a.decision === 'forbid') {
    return { allowed: false, headline: t('requests.authz.forbidden', { user: a.user, ask: askText(a, t) }), considered, consideredHead, ...(a.reason ? { reason: a.reason } : {}) };
  }
  if (a.by === 'system:masters') return { allowed: true, headline: t('requests.authz.allowedMasters', { user: a.user }), considered: [], consideredHead: '' };
  if (a.by === 'Node') return { allowed: true, headline: t('requests.authz.allowedNode', { user: a.user }), considered: [], consideredHead: '', ...(a.reason ? { reason: a.reason } : {}) };
  const by = a.allowedBy;
  if (!by) return { allowed: true, headline: t('requests.authz.allowedOther', { by: a.by ?? 'RBAC' }), considered, consideredHead, ...(a.reason ? { reason: a.reason } : {}) };
  return {
    allowed: true,
    headline: t('requests.authz.allowedRbac', { binding: refName(by.binding), role: refName(by.role), rule: by.ruleIndex + 1 }),
    ...(by.rule ? { rule: by.rule } : {}),
    considered,
    consideredHead,
  };
}
