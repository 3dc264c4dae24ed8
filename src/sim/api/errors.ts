/**
 * Status errors with the texts a real 1.31 API server writes (apimachinery's errors package).
 */
import type { ResourceDefinition, Status, StatusCause, StatusReason } from './types';
import { StatusError } from './types';

/** `deployments.apps`, or `pods` for the core group: how the API server names a resource in messages. */
export function qualifiedResource(def: Pick<ResourceDefinition, 'plural' | 'group'>): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/** `Deployment.apps`, or `Pod` for the core group: how Invalid errors name a kind. */
export function qualifiedKind(def: Pick<ResourceDefinition, 'kind' | 'group'>): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}

function status(code: number, reason: StatusReason, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

export function notFound(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string): StatusError {
  return status(404, 'NotFound', `${qualifiedResource(def)} "${name}" not found`, { name, group: def.group, kind: def.plural });
}

export function alreadyExists(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string): StatusError {
  return status(409, 'AlreadyExists', `${qualifiedResource(def)} "${name}" already exists`, { name, group: def.group, kind: def.plural });
}

export function conflict(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string, why: string): StatusError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(def)} "${name}": ${why}`, { name, group: def.group, kind: def.plural });
}

export const MODIFIED_CONFLICT = 'the object has been modified; please apply your changes to the latest version and try again';

export function invalid(def: Pick<ResourceDefinition, 'kind' | 'group'>, name: string, message: string, causes: StatusCause[]): StatusError {
  return status(422, 'Invalid', message, { name, group: def.group, kind: def.kind, causes });
}

/**
 * NewGenericServerResponse(422, …) with no resource and no cause, as the patch handler answers a JSON
 * patch that does not apply: the library's reason is not sent, and details is an empty object.
 */
export function unprocessableEntity(): StatusError {
  return status(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

export function badRequest(message: string): StatusError {
  return status(400, 'BadRequest', message);
}

export function forbidden(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string, why: string): StatusError {
  return status(403, 'Forbidden', `${qualifiedResource(def)} "${name}" is forbidden: ${why}`, { name, group: def.group, kind: def.plural });
}

/**
 * errors.NewForbidden as the authorization filter and RBAC storage call it: the group and resource of
 * the request (no subresource), the name when the URL has one.
 */
export function forbiddenRequest(group: string, resource: string, name: string, why: string): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  const message = !resource ? `forbidden: ${why}` : name ? `${qualified} "${name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
  return status(403, 'Forbidden', message, { ...(name ? { name } : {}), group, kind: resource });
}

export function gone(message: string): StatusError {
  return status(410, 'Expired', message);
}

export function methodNotAllowed(message: string): StatusError {
  return status(405, 'MethodNotAllowed', message);
}

/**
 * errors.NewTooManyRequests: 429 with the message as given (no prefix) and, when positive,
 * details.retryAfterSeconds; `causes` are appended the way the eviction handler adds its DisruptionBudget cause.
 */
export function tooManyRequests(message: string, retryAfterSeconds: number, causes: StatusCause[] = []): StatusError {
  const details: NonNullable<Status['details']> = {};
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  if (causes.length) details.causes = causes;
  return status(429, 'TooManyRequests', message, details);
}

/** A Status a handler returns as its result with a failure code (reason unset), e.g. the eviction handler's 500. */
export function failureStatus(code: number, message: string): StatusError {
  return status(code, '', message);
}

export function internalError(message: string): StatusError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** What kubectl's REST mapper says for a kind the server does not serve. */
export function noMatch(kind: string, apiVersion: string): StatusError {
  return status(404, 'NoMatch', `no matches for kind "${kind}" in version "${apiVersion}"`);
}
