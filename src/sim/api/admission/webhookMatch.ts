/**
 * Which admission webhooks a request goes to, as the API server's webhook admission decides it: a
 * hook's rules (operations, API groups, versions, resources with subresources, scope), its
 * matchPolicy (Exact, or Equivalent: the same resource served at another version), its
 * namespaceSelector and its objectSelector.
 */
import { selectorFromLabelSelector } from '../labels';
import type { KObject, LabelSelector } from '../../types';
import type { Operation } from '../admission';

export interface RuleWithOperations {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: 'Cluster' | 'Namespaced' | '*';
}

export interface ServiceReference {
  namespace: string;
  name: string;
  path?: string;
  port?: number;
}

export interface ValidatingWebhook {
  name: string;
  clientConfig: { url?: string; service?: ServiceReference; caBundle?: string };
  rules?: RuleWithOperations[];
  failurePolicy?: 'Ignore' | 'Fail';
  matchPolicy?: 'Exact' | 'Equivalent';
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  sideEffects?: string;
  timeoutSeconds?: number;
  admissionReviewVersions?: string[];
}

export interface ValidatingWebhookConfiguration extends KObject {
  webhooks?: ValidatingWebhook[];
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** What admission knows of one request. */
export interface AdmissionAttributes {
  operation: Operation;
  resource: GroupVersionResource;
  kind: { group: string; version: string; kind: string };
  subresource: string;
  name: string;
  /** '' for a cluster-scoped object; for a Namespace, its own name */
  namespace: string;
  object?: KObject;
  oldObject?: KObject;
  user: { username: string; groups: string[] };
  dryRun: boolean;
}

function listed(values: readonly string[] | undefined, v: string): boolean {
  return (values ?? []).some((x) => x === '*' || x === v);
}

/** Whether `resources` (`pods`, `pods/*`, `*\/status`, `*`, `*\/*`) covers the resource and subresource. */
function resourceListed(resources: readonly string[] | undefined, resource: string, subresource: string): boolean {
  const wanted = subresource ? `${resource}/${subresource}` : resource;
  for (const r of resources ?? []) {
    if (r === '*/*' || r === wanted) return true;
    const [res, sub] = r.split('/', 2) as [string, string | undefined];
    if (sub === undefined) {
      if (res === '*' && !subresource) return true;
      continue;
    }
    if (res === '*' && sub === subresource && subresource) return true;
    if (sub === '*' && res === resource) return true;
  }
  return false;
}

const NAMESPACES: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };

function isNamespaceResource(gvr: GroupVersionResource): boolean {
  return gvr.group === NAMESPACES.group && gvr.version === NAMESPACES.version && gvr.resource === NAMESPACES.resource;
}

/** A rule's scope: a Namespace object counts as cluster-scoped, though its requests carry a namespace. */
function scopeMatches(rule: RuleWithOperations, a: AdmissionAttributes): boolean {
  const scope = rule.scope ?? '*';
  if (scope === '*') return true;
  if (scope === 'Namespaced') return !isNamespaceResource(a.resource) && a.namespace !== '';
  return isNamespaceResource(a.resource) || a.namespace === '';
}

export function ruleMatches(rule: RuleWithOperations, a: AdmissionAttributes, gvr: GroupVersionResource = a.resource): boolean {
  return (
    listed(rule.operations, a.operation) &&
    listed(rule.apiGroups, gvr.group) &&
    listed(rule.apiVersions, gvr.version) &&
    resourceListed(rule.resources, gvr.resource, a.subresource) &&
    scopeMatches(rule, a)
  );
}

/**
 * The resource the hook is called for: the request's own if a rule names it; with matchPolicy
 * Equivalent (the default), else the first equivalent one (the same resource at another version)
 * a rule names. Undefined when no rule matches.
 */
export function matchedResource(hook: ValidatingWebhook, a: AdmissionAttributes, equivalents: readonly GroupVersionResource[]): GroupVersionResource | undefined {
  const rules = hook.rules ?? [];
  if (rules.some((r) => ruleMatches(r, a))) return a.resource;
  if ((hook.matchPolicy ?? 'Equivalent') !== 'Equivalent') return undefined;
  for (const gvr of equivalents) {
    if (gvr.group === a.resource.group && gvr.version === a.resource.version && gvr.resource === a.resource.resource) continue;
    if (rules.some((r) => ruleMatches(r, a, gvr))) return gvr;
  }
  return undefined;
}

function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel || (!sel.matchLabels && !sel.matchExpressions?.length)) return true;
  return selectorFromLabelSelector(sel).matches(labels ?? {});
}

/**
 * namespaceSelector: a request for a cluster-scoped object other than a Namespace is never exempt;
 * otherwise the labels of the request's namespace (a Namespace being created has its own).
 * `namespaceLabels` is undefined when the namespace does not exist.
 */
export function namespaceSelectorMatches(hook: ValidatingWebhook, a: AdmissionAttributes, namespaceLabels: Record<string, string> | undefined): boolean {
  if (a.namespace === '' && !isNamespaceResource(a.resource)) return true;
  const labels = isNamespaceResource(a.resource) && a.operation === 'CREATE' ? a.object?.metadata?.labels : namespaceLabels;
  return selectorMatches(hook.namespaceSelector, labels);
}

/** objectSelector: the labels of the new object or of the old one match. */
export function objectSelectorMatches(hook: ValidatingWebhook, a: AdmissionAttributes): boolean {
  const sel = hook.objectSelector;
  if (!sel || (!sel.matchLabels && !sel.matchExpressions?.length)) return true;
  return [a.object, a.oldObject].some((o) => o !== undefined && selectorMatches(sel, o.metadata?.labels));
}
