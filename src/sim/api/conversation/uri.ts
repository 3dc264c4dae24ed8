/**
 * The request line the API server sees: the HTTP method and the request URI with its query, encoded
 * as client-go encodes it (url.Values.Encode: keys sorted, values query-escaped).
 */
import type { ListOptions } from '../types';
import type { ResourceDefinition } from '../types';

/** What a request carried beyond its verb and object: the parts that show in its URI and body. */
export interface RequestInput {
  /** the body of a create, update or patch (the patch document for a patch) */
  body?: unknown;
  /** list and watch options */
  query?: ListOptions;
  patchType?: 'merge' | 'strategic' | 'json';
  /** the DeleteOptions body of a delete */
  deleteOptions?: unknown;
  /** set for a client that sends objects from outside (kubectl): the fieldValidation it asks for */
  fieldValidation?: string;
  /** the query of a subresource that takes its own options (pods/log, pods/exec), as the client encodes it */
  params?: [string, string][];
  /** the HTTP method when the verb alone does not tell it (an exec's WebSocket upgrade is a GET) */
  method?: string;
}

const UTF8 = new TextEncoder();

const METHODS: Record<string, string> = { create: 'POST', get: 'GET', list: 'GET', watch: 'GET', update: 'PUT', patch: 'PATCH', delete: 'DELETE', deletecollection: 'DELETE' };

export function methodOf(verb: string): string {
  return METHODS[verb] ?? 'GET';
}

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` escaped, a space as `+`. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of UTF8.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * `/api/v1/namespaces/default/pods/web-x/binding`, `/apis/apps/v1/namespaces/default/deployments`,
 * `/api/v1/pods?fieldSelector=spec.nodeName%3Dworker-1&resourceVersion=812&watch=true`. A create
 * posts to the collection; only a subresource names its object in the path.
 */
export function requestUri(def: Pick<ResourceDefinition, 'plural' | 'group' | 'version' | 'namespaced'>, verb: string, namespace: string | undefined, name: string | undefined, subresource: string | undefined, input: RequestInput | undefined): string {
  let uri = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  if (def.namespaced && namespace) uri += `/namespaces/${namespace}`;
  uri += `/${def.plural}`;
  const urlName = verb === 'create' && !subresource ? undefined : verb === 'list' || verb === 'watch' ? undefined : name;
  if (urlName) uri += `/${urlName}`;
  if (urlName && subresource) uri += `/${subresource}`;
  const params: [string, string][] = [];
  const q = input?.query;
  if (q?.fieldSelector) params.push(['fieldSelector', q.fieldSelector]);
  if (q?.labelSelector) params.push(['labelSelector', q.labelSelector]);
  if ((verb === 'watch' || verb === 'get') && q?.resourceVersion) params.push(['resourceVersion', q.resourceVersion]);
  if (verb === 'watch') params.push(['watch', 'true']);
  if (input?.fieldValidation) params.push(['fieldValidation', input.fieldValidation]);
  if (input?.params) params.push(...input.params);
  if (params.length === 0) return uri;
  // A stable sort: repeated keys (exec's `command`) keep their order.
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${uri}?${params.map(([k, v]) => `${k}=${queryEscape(v)}`).join('&')}`;
}
