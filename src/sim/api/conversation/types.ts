/**
 * The control plane's conversation, as the Requests view draws it: every request the API server
 * answered, the etcd writes it made, and every watch event it fanned out to a watcher. Entries are
 * numbered in the order they happened; `step` is the clock event (Clock.eventsRun) they happened in,
 * so stepping the clock reads as a story of named steps.
 */

/**
 * A box of the architecture diagram: `kubectl`, `kube-apiserver`, `etcd`, `kube-scheduler`, a
 * controller of kube-controller-manager by its `--controllers` name (`deployment-controller`),
 * `kube-controller-manager` (its shared informers' list and watch), `kubelet/<node>`, `kube-proxy`,
 * `flanneld`, `coredns`, `metallb`, or the user name when it is none of these.
 */
export type ComponentName = string;

export type HttpVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** One etcd write a request made. */
export interface EtcdWrite {
  op: 'PUT' | 'DELETE';
  key: string;
  /** the store revision the write created */
  revision: number;
}

export interface RequestEntry {
  kind: 'request';
  /** sequence number of the entry (requests and watch events share one sequence) */
  seq: number;
  atMs: number;
  /** the clock event this happened in (Clock.eventsRun at the time) */
  step: number;
  /** authenticated user, as the audit log records it (`system:node:worker-2`) */
  user: string;
  component: ComponentName;
  verb: HttpVerb | string;
  /** plural resource (`pods`) */
  resource: string;
  /** API group, '' for core */
  group: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** HTTP status code of the response */
  code: number;
  /** GET, POST, PUT, PATCH, DELETE */
  method: string;
  /** `/api/v1/namespaces/default/pods/web-7d…/binding`, with `?watch=true&resourceVersion=…` for watches */
  uri: string;
  /** the writes this request made in etcd, in order */
  etcd?: EtcdWrite[];
  /** how many watch events its writes fanned out (filled in as they are delivered) */
  fanout?: number;
}

export interface WatchEntry {
  kind: 'watch';
  seq: number;
  /** when the watcher received it */
  atMs: number;
  step: number;
  /** the watcher's component */
  component: ComponentName;
  user: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR';
  resource: string;
  group: string;
  namespace?: string;
  name?: string;
  /** the object's resourceVersion in the event (the etcd revision of the write) */
  revision: number;
  /** seq of the request whose write caused it (absent for the initial list of a new watch, a TTL expiry) */
  cause?: number;
}

export type ConversationEntry = RequestEntry | WatchEntry;

/** A request in full, for the detail pane: what `kubectl -v=8` logs and the audit record. */
export interface RequestDetail {
  entry: RequestEntry;
  /** the request as kubectl -v=8 logs it: method and URL, headers, request body, response status and body */
  clientLog: string;
  /** the audit.k8s.io/v1 Event the API server would write at level RequestResponse, as JSON */
  audit: string;
  /** watch events this request's writes caused, as recorded so far */
  fanout: WatchEntry[];
  /** how authorization decided it; absent for what the server does not authorize (its own bootstrapping) */
  authz?: AuthzExplanation;
}

/**
 * A request's authorization decision, with what the request log shows beside it: what was asked (the
 * authorizer's attributes), the decision with the bindings RBAC visited, and the text of the rule that
 * allowed it.
 */
export interface AuthzExplanation {
  /** `allow` or `forbid`, as the audit annotation `authorization.k8s.io/decision` */
  decision: 'allow' | 'forbid';
  user: string;
  groups: string[];
  verb: string;
  /** `pods`, `pods/log`; empty for a non-resource request */
  resource: string;
  apiGroup: string;
  namespace: string;
  name: string;
  /** the URL path of a non-resource request */
  path: string;
  /** the authorizer that allowed (`Node`, `RBAC`, `system:masters`) */
  by?: 'Node' | 'RBAC' | 'system:masters';
  /** the audit annotation `authorization.k8s.io/reason` */
  reason: string;
  allowedBy?: { binding: BindingRefView; role: BindingRefView; ruleIndex: number; rule?: string };
  /** the bindings whose subjects matched the user, in the order RBAC visited them */
  considered: BindingRefView[];
}

/** A binding or role by kind, name and (for a RoleBinding or Role) namespace. */
export interface BindingRefView {
  kind: string;
  name: string;
  namespace?: string;
}

/** Which entries a query wants; every field present must match. */
export interface ConversationFilter {
  /** follow one object: `pods/default/web-7d…` (resource/namespace/name, or resource/name when cluster-scoped) */
  object?: string;
  /** entries from or to these components (a request's sender, a watch event's watcher) */
  components?: ComponentName[];
  /** request verbs; a filter with verbs but without `watch` events hides watch entries unless `watchEvents` */
  verbs?: string[];
  /** include watch events (default true) */
  watchEvents?: boolean;
  /** leave out the heartbeat noise: node status and Lease renewals with nothing else in their step */
  hideHeartbeats?: boolean;
  /** only the requests authorization refused (403 Forbidden); no watch events */
  denied?: boolean;
}

/** One clock step that made requests or delivered watch events: what the Step button names. */
export interface StepStory {
  step: number;
  atMs: number;
  /** the process the clock event ran for (`kube-scheduler`, `kubelet/worker-2`), or '' */
  owner: string;
  /** what the step did, in words: `kube-scheduler: bind default/web-7d… to worker-2` */
  label: string;
}
