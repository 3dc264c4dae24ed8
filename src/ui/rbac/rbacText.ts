/**
 * The RBAC view's words: a subject's name as its row shows it, and what a square says — that a subject
 * may or may not do a verb on a resource, and the binding, role and rule (1-based) that allow it.
 */
import type { Grant, MatrixResource, MatrixSubject } from '../../worker/protocol';
import type { MessageKey, Params } from '../i18n';

type T = (key: MessageKey, params?: Params) => string;

/** `User alice`, `Group system:masters`, `ServiceAccount dev/builder`: the subject as a binding names it. */
export function subjectLabel(s: MatrixSubject): string {
  return `${s.kind} ${s.kind === 'ServiceAccount' && s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

/** A key for a subject in data attributes and React keys: `User:alice`, `ServiceAccount:dev/builder`. */
export function subjectKey(s: MatrixSubject): string {
  return `${s.kind}:${s.kind === 'ServiceAccount' && s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

/** `pods`, `deployments.apps`: a resource as kubectl auth can-i takes it. */
export function resourceLabel(r: MatrixResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** What allowed a square, in one line. */
export function grantText(g: Grant, t: T): string {
  if (g.by === 'system:masters') return t('rbac.grant.masters');
  if (g.by === 'Node') return t('rbac.grant.node');
  if (!g.bindingKind) return t('rbac.grant.other', { by: g.by });
  const binding = `${g.bindingKind} ${g.bindingNamespace ? `${g.bindingNamespace}/` : ''}${g.bindingName ?? ''}`;
  const role = `${g.roleKind ?? ''} ${g.roleKind === 'Role' && g.bindingNamespace ? `${g.bindingNamespace}/` : ''}${g.roleName ?? ''}`;
  return t('rbac.grant.rbac', { binding, role, rule: (g.ruleIndex ?? 0) + 1 });
}

/** A square's sentence: `User alice can list pods in dev` or `… cannot …`. */
export function cellSentence(s: MatrixSubject, verb: string, r: MatrixResource, namespace: string, allowed: boolean, t: T): string {
  return t(allowed ? 'rbac.cell.yes' : 'rbac.cell.no', { subject: subjectLabel(s), verb, resource: resourceLabel(r), namespace });
}
