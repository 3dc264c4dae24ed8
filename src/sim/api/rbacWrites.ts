/**
 * The RBAC storage's own checks (pkg/registry/rbac/*\/policybased): a Role or ClusterRole may only be
 * written by someone who holds every permission it grants (or may `escalate` it), and a binding only by
 * someone who may `bind` its role or holds every permission of it. Members of system:masters skip both.
 * A write that changes only what the garbage collector changes (owner references, finalizers) is not
 * checked, so the collector can finish with roles it could never have written.
 */
import type { AuthorizerChain } from '../auth/chain';
import { checkBindingWrite, checkRoleWrite } from '../auth/escalation';
import type { PolicyRule, UserInfo } from '../auth/types';
import type { KObject, StoredObject } from '../types';
import { jsonEqual } from './validation/meta';
import { forbiddenRequest, internalError, notFound } from './errors';
import type { StatusError } from './types';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface RbacBody {
  metadata?: { name?: string; namespace?: string };
  /** anything: the storage check runs before validation (and an internal client's body is not decoded) */
  rules?: unknown;
  aggregationRule?: unknown;
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
}

/** The refusal of a create (no `cur`) or update of an RBAC object, or undefined when the write may go on. */
export function rbacWriteRefusal(chain: AuthorizerChain, user: UserInfo, plural: string, obj: KObject, cur?: StoredObject): StatusError | undefined {
  if (cur && onlyGarbageCollectorFields(obj, cur)) return undefined;
  const o = obj as RbacBody;
  const name = o.metadata?.name ?? '';
  const namespace = o.metadata?.namespace ?? '';
  switch (plural) {
    case 'roles':
    case 'clusterroles': {
      // The escalate check names the role as the request's URL does: not at all on a create.
      const urlName = cur ? name : '';
      const rules = Array.isArray(o.rules) ? (o.rules as PolicyRule[]) : [];
      const why = checkRoleWrite(chain, chain.rbac, user, { resource: plural, namespace: plural === 'roles' ? namespace : '', name: urlName, rules, hasAggregationRule: hasAggregationRule(o) || (cur !== undefined && hasAggregationRule(cur as RbacBody)) });
      return why === undefined ? undefined : forbiddenRequest(RBAC_GROUP, plural, name, why);
    }
    case 'rolebindings':
    case 'clusterrolebindings': {
      const roleRef = { apiGroup: o.roleRef?.apiGroup ?? '', kind: o.roleRef?.kind ?? '', name: o.roleRef?.name ?? '' };
      const refusal = checkBindingWrite(chain, chain.rbac, user, { namespace: plural === 'rolebindings' ? namespace : '', roleRef });
      if (refusal === undefined) return undefined;
      switch (refusal.reason) {
        case 'NotFound':
          return notFound({ plural: refusal.resource, group: refusal.group }, refusal.name);
        case 'InternalError':
          return internalError(refusal.message);
        default:
          return forbiddenRequest(RBAC_GROUP, plural, name, refusal.message);
      }
    }
    default:
      return undefined;
  }
}

/**
 * A ClusterRole aggregates only when it has selectors; an empty aggregationRule is left to validation.
 * On an update the stored role counts too: removing an aggregationRule needs the same authority as adding one.
 */
function hasAggregationRule(o: RbacBody): boolean {
  const rule = o.aggregationRule;
  const selectors = typeof rule === 'object' && rule !== null ? (rule as { clusterRoleSelectors?: unknown }).clusterRoleSelectors : undefined;
  return Array.isArray(selectors) && selectors.length > 0;
}

/** rbacregistry.IsOnlyMutatingGCFields: equal to the stored object once owner references and finalizers are put back. */
function onlyGarbageCollectorFields(obj: KObject, cur: StoredObject): boolean {
  const m = { ...(obj.metadata ?? {}) };
  const cm = cur.metadata;
  for (const k of ['ownerReferences', 'finalizers', 'selfLink', 'managedFields', 'resourceVersion'] as const) {
    if (cm[k] === undefined) delete m[k];
    else (m as Record<string, unknown>)[k] = cm[k];
  }
  return jsonEqual({ ...obj, metadata: m }, cur);
}
