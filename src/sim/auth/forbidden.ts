/**
 * The words of a 403: kube-apiserver's forbiddenMessage (responsewriters) for a request no authorizer
 * allowed, and apimachinery's NewForbidden, which puts the qualified resource and name in front.
 *
 *   pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"
 *   pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"
 *   forbidden: User "bob" cannot get path "/healthz"
 */
import { goQuote } from './rbac/subjects';
import type { RequestAttributes } from './types';

/** Error text must not look like HTML (responsewriters' sanitizer); quotes stay. */
function sanitize(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `User "x" cannot <verb> resource "<res>[/<sub>]" in API group "<g>" (in the namespace "<ns>"|at the cluster scope)`, then `: <reason>`. */
export function forbiddenMessage(a: RequestAttributes, reason: string): string {
  const msg = sanitize(bareForbiddenMessage(a));
  return reason === '' ? msg : `${msg}: ${reason}`;
}

function bareForbiddenMessage(a: RequestAttributes): string {
  const user = goQuote(a.user.name);
  if (!a.resourceRequest) return `User ${user} cannot ${a.verb} path ${goQuote(a.path)}`;
  const resource = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
  const where = a.namespace === '' ? 'at the cluster scope' : `in the namespace ${goQuote(a.namespace)}`;
  return `User ${user} cannot ${a.verb} resource ${goQuote(resource)} in API group ${goQuote(a.apiGroup)} ${where}`;
}

/** schema.GroupResource.String(): `pods`, `deployments.apps`. */
export function qualifiedResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/**
 * NewForbidden's message: `<resource.group> "<name>" is forbidden: <err>`, without the name when there
 * is none, and just `forbidden: <err>` when there is no resource (a non-resource URL).
 */
export function newForbiddenMessage(group: string, resource: string, name: string, err: string): string {
  if (group === '' && resource === '') return `forbidden: ${err}`;
  const gr = qualifiedResource(group, resource);
  return name === '' ? `${gr} is forbidden: ${err}` : `${gr} ${goQuote(name)} is forbidden: ${err}`;
}

/** The Status message of a request the authorizers did not allow. The subresource is not in the qualified resource. */
export function forbiddenStatusMessage(a: RequestAttributes, reason: string): string {
  const group = a.resourceRequest ? a.apiGroup : '';
  const resource = a.resourceRequest ? a.resource : '';
  return newForbiddenMessage(group, resource, a.resourceRequest ? a.name : '', forbiddenMessage(a, reason));
}

/** NewForbidden's Status details (`kind` is the plural resource); empty fields are left out, as JSON omits them. */
export function forbiddenDetails(a: RequestAttributes): { kind?: string; name?: string; group?: string } {
  const d: { kind?: string; name?: string; group?: string } = {};
  if (!a.resourceRequest) return d;
  if (a.name !== '') d.name = a.name;
  if (a.apiGroup !== '') d.group = a.apiGroup;
  if (a.resource !== '') d.kind = a.resource;
  return d;
}
