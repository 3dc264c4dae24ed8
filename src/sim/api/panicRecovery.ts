/**
 * A request whose handler throws something other than a Status error has hit a bug: in the real
 * API server that is a panic, which the outermost filter (WithPanicRecovery) recovers. The server
 * answers 500 with a plain-text body, `This request caused apiserver to panic. Look in the logs for
 * details.`, logs the panic, and goes on serving; the audit record ends at stage Panic with code 500.
 *
 * The body is not a Status, so the client makes one (client-go's newUnstructuredResponseError →
 * apimachinery's NewGenericServerResponse): reason InternalError, the body quoted in the message,
 * the verb and resource after it, and the body again as an UnexpectedServerResponse cause.
 */
import { StatusError } from './types';
import type { ResourceDefinition } from './types';
import { qualifiedResource } from './errors';

/** What WithPanicRecovery writes, as http.Error sends it. */
export const PANIC_RESPONSE_BODY = 'This request caused apiserver to panic. Look in the logs for details.';

/** The HTTP method of each API verb, as the client sends it. */
const METHODS: Record<string, string> = { create: 'POST', get: 'GET', list: 'GET', watch: 'GET', update: 'PUT', patch: 'PATCH', delete: 'DELETE', deletecollection: 'DELETE' };

export function httpMethod(verb: string): string {
  return METHODS[verb] ?? 'GET';
}

/**
 * The error a client gets back for a request the server panicked on. `name` is the name in the
 * request's URL: none for a create (the name is in the body) unless a subresource is posted.
 */
export function panicResponse(verb: string, def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string | undefined): StatusError {
  const method = httpMethod(verb).toLowerCase();
  const resource = qualifiedResource(def);
  let message = `an error on the server (${JSON.stringify(PANIC_RESPONSE_BODY)}) has prevented the request from succeeding`;
  message += name ? ` (${method} ${resource} ${name})` : ` (${method} ${resource})`;
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'InternalError',
    details: { ...(name ? { name } : {}), ...(def.group ? { group: def.group } : {}), kind: def.plural, causes: [{ reason: 'UnexpectedServerResponse', message: PANIC_RESPONSE_BODY }] },
    code: 500,
  });
}

/** The request's path, as the panic log line names it (`/api/v1/namespaces/default/pods`). */
export function requestURI(def: Pick<ResourceDefinition, 'plural' | 'group' | 'version' | 'namespaced'>, namespace: string | undefined, name: string | undefined, subresource: string | undefined): string {
  let uri = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  if (def.namespaced && namespace) uri += `/namespaces/${namespace}`;
  uri += `/${def.plural}`;
  if (name) uri += `/${name}`;
  if (name && subresource) uri += `/${subresource}`;
  return uri;
}
