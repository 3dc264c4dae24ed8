/**
 * The words kube-apiserver uses when it refuses a request (responsewriters.forbiddenMessage), with the
 * authorizers' reason appended after `: ` when there is one.
 */
import type { RequestAttributes } from './types';

/** Go's %q for the plain strings a request carries. */
function q(s: string): string {
  return JSON.stringify(s);
}

export function forbiddenMessage(a: RequestAttributes, reason: string): string {
  const user = q(a.user.name);
  let msg: string;
  if (!a.resourceRequest) msg = `User ${user} cannot ${a.verb} path ${q(a.path)}`;
  else {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const where = a.namespace ? `in the namespace ${q(a.namespace)}` : 'at the cluster scope';
    msg = `User ${user} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.apiGroup)} ${where}`;
  }
  return reason ? `${msg}: ${reason}` : msg;
}
