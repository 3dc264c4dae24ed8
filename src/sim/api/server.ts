/**
 * The API server: every read and write in the cluster goes through here. It resolves the resource,
 * runs defaulting, admission and validation, enforces optimistic concurrency, handles graceful
 * deletion, serves watches from the store's history, and records who asked for what.
 */
import type { Clock, Owner } from '../clock';
import type { Rng, Stream } from '../rng';
import { uidFrom } from '../rng';
import { CompactedError, KeyExistsError, MvccStore, RevisionMismatchError } from '../store/store';
import type { StoreEvent } from '../store/store';
import { ERR_REQUEST_TIMED_OUT, etcdHasLeader } from '../store/etcd';
import type { KObject, Pod, StoredObject } from '../types';
import { deepCopy, deepFreeze } from '../types';
import { admit } from './admission';
import type { MutatingAdmissionWebhook, ValidatingAdmissionWebhook, WebhookLookups, WebhookTransport } from './admission/webhook';
import { MUTATING_WEBHOOK_CONFIGS, VALIDATING_WEBHOOK_CONFIGS, webhookAdmission } from './admission/webhookLazy';
import type { AdmissionAttributes, GroupVersionResource } from './admission/webhookMatch';
import { Authenticator } from '../auth/authn';
import type { UserInfo } from '../auth/types';
import type { AuthorizationMode, Impersonation } from './authorization';
import { AuthorizationFilter } from './authorizationFilter';
import { isReview, serveReview } from './reviews';
import { serveTokenRequest, tokenStillBound, unixSeconds } from './tokenRequest';
import type { TokenRequestContext } from './tokenRequest';
import { AuthorizerChain } from '../auth/chain';
import { NodeAuthorizer } from '../auth/node/authorizer';
import { RbacAuthorizer } from '../auth/rbac/authorizer';
import { RbacIndex } from '../auth/rbac/source';
import { feedRbacIndex, StoreNodeGraph } from './authzSources';
import type { AdmissionContext, Operation } from './admission';
import { alreadyExists, badRequest, conflict, failureStatus, forbidden, gone, invalid, MODIFIED_CONFLICT, methodNotAllowed, notFound, qualifiedKind, tooManyRequests, unprocessableEntity } from './errors';
import { selectorFromLabelSelector } from './labels';
import { jsonPatch, JsonPatchError, mergePatch, strategicMergePatch } from './patch';
import { goPrint } from './goPrint';
import { podQOSClass } from './qos';
import type { Registry, RegisteredResource } from './registry';
import { apiVersionOf } from './registry';
import { canonicalJson } from './names';
import { ServiceAllocator } from './serviceAllocator';
import { decodeObject } from './schema/decode';
import { invalid as fieldInvalid } from './validation/fieldErrors';
import { FIELD_IMMUTABLE } from './validation/meta';
import { apiSchema } from './schema/schema';
import type { AuditRecord, DecodeOptions, DeleteOptions, FieldError, ListOptions, ListResult, PatchType, WatchEvent } from './types';
import { StatusError } from './types';
import { AuditLog } from './audit';
import { startCompactor } from './compactor';
import { EventLeases } from './eventLeases';
import { httpMethod, panicResponse, requestURI } from './panicRecovery';
import { ConversationLog } from './conversation/recorder';
import type { KeptRequest, WatcherIdentity } from './conversation/recorder';
import { componentOf } from './conversation/components';
import type { RequestInput } from './conversation/uri';
import { watchRef } from './conversation/story';
import type { ExecOptions, ExecResult, KubeletConnection, LogOptions } from './connect';
import { ExecUpgradeError, execParams, logParams, validateContainer } from './connect';
import type { AggregatedBackend } from './aggregated';
import { aggregatedDefinition, aggregatedUnavailable, aggregatedNotFound } from './aggregated';
import type { APIService } from './apiServiceAvailability';
import { apiServiceAvailable } from './apiServiceAvailability';

/** Compiles selector strings; supplied by the cluster so the server stays independent of the parser. */
export interface SelectorCompiler {
  label(selector: string): (labels: Record<string, string> | undefined) => boolean;
  field(resource: string, selector: string): (obj: StoredObject) => boolean;
}

/** Renders field errors into the Invalid message and causes (from the validation package). */
export type InvalidRenderer = (kindWithGroup: string, name: string, errors: FieldError[]) => { message: string; causes: { reason: string; message: string; field: string }[] };

export interface ApiServerOptions {
  /** kube-apiserver --event-ttl: an Event is removed this long (plus up to a minute) after its last write (default 1h). */
  eventTtlMs?: number;
  serviceCIDR?: string;
  nodePortRange?: [number, number];
  /** --etcd-compaction-interval: how often the server compacts etcd (5 minutes; 0 never). */
  compactionIntervalMs?: number;
  /** --authorization-mode (kubeadm: Node,RBAC) */
  authorizationMode?: AuthorizationMode;
}

interface ServerWatcher {
  resource: RegisteredResource;
  /** who opened the watch, and the box that is on the diagram (one object per watch: the log keeps a reference per event) */
  identity: WatcherIdentity;
  component: string;
  /** how many events at the head of `pending` are the watch's initial list (caused by no request) */
  initialPending: number;
  /** set for pod watches pinned to one node (each kubelet's): lets dispatch skip the other nodes' pods */
  nodeName?: string;
  prefix: string;
  labelMatch?: (l: Record<string, string> | undefined) => boolean;
  fieldMatch?: (o: StoredObject) => boolean;
  handler: (ev: WatchEvent) => void;
  pending: WatchEvent[];
  /** in the server's delivery queue (it has pending events, or had when the queue was made) */
  queued: boolean;
  stopped: boolean;
}

const GENERATE_NAME_RETRIES = 8;

/** What the eviction subresource says when a PodDisruptionBudget does not allow the disruption (eviction.go). */
export const DISRUPTION_BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
/** MaxDisruptedPodSize: more unconfirmed evictions than this and the handler refuses. */
const MAX_DISRUPTED_POD_SIZE = 2000;

interface PDB {
  metadata: { name: string; namespace?: string; generation?: number };
  spec?: { selector?: unknown; unhealthyPodEvictionPolicy?: string };
  status?: {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
    disruptedPods?: Record<string, string>;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; observedGeneration?: number }[];
  };
}

export class ApiServer {
  readonly store = new MvccStore();
  readonly audit = new AuditLog();
  /** every request and every watch event delivered, for the Requests view */
  readonly conversation: ConversationLog;
  /**
   * The kube-apiserver process: requests run as its `owner` (what a handler schedules, such as watch
   * deliveries, is the server's), and `onPanic` hears of each request a handler panicked on.
   */
  readonly process: { owner?: Owner; onPanic?: (err: unknown, method: string, uri: string) => void } = {};
  private readonly uids: Stream;
  private readonly names: Stream;
  private readonly admissionStream: Stream;
  private readonly services: ServiceAllocator;
  private watchersByPrefix = new Map<string, Set<ServerWatcher>>();
  /** pod watchers pinned to a node, by node name; not in watchersByPrefix */
  private podWatchersByNode = new Map<string, Set<ServerWatcher>>();
  private storeWatchCancel = new Map<string, () => void>();
  /** watchers with events to deliver, in the order they became pending */
  private deliveryQueue: ServerWatcher[] = [];
  /** whether a clock event is scheduled to run `deliveryQueue` */
  private deliveryScheduled = false;
  private bootstrapping = false;
  /** the etcd leases Events are written with, which remove them after --event-ttl */
  private readonly eventLeases: EventLeases;
  /**
   * The webhook admission plugins, made when a request first finds a webhook configuration stored
   * (they do nothing without one, and their code is an on-demand chunk).
   */
  private webhooks: { validating: ValidatingAdmissionWebhook; mutating: MutatingAdmissionWebhook } | undefined;
  private readonly webhookUids: () => Stream;
  private readonly webhookLookups: WebhookLookups;
  /** How this server reaches webhook Services; the cluster gives it once the machines exist. */
  webhookTransport: WebhookTransport | undefined;
  /** the user the request being served runs as (authenticated, or impersonated), for admission's userInfo */
  private requestUser: UserInfo | undefined;
  /** Who the clients are: the users the components' certificates and tokens name, and scenario users. */
  readonly authn = new Authenticator();
  /**
   * kube-apiserver's `--authorization-mode`. With `Node,RBAC` every request (but the server's own at
   * start-up, and an observer's reads) is authorized before it is served.
   */
  authorizationMode: AuthorizationMode;
  /**
   * kubeadm's authorizer chain (system:masters, Node, RBAC) over this server's store, kept current as
   * RBAC objects and pods are written. Read it (the RBAC view, `auth can-i`); the server asks it.
   */
  readonly authorizer: AuthorizerChain;
  /** Authentication, impersonation and authorization, before each request's handler. */
  private readonly filter: AuthorizationFilter;
  /** TokenRequest's signer and jti stream, made at the first token */
  private tokenContext: () => TokenRequestContext;
  /** How this server reaches a node's kubelet (port 10250) for pods/log and pods/exec; the cluster gives it. */
  kubelets: KubeletConnection | undefined;
  /** The server behind an aggregated APIService's Service (kube-aggregator's proxy target), found from its endpoints. */
  aggregatedBackend: ((service: { namespace: string; name: string }) => AggregatedBackend | undefined) | undefined;

  constructor(
    private readonly clock: Clock,
    rng: Rng,
    readonly registry: Registry,
    private readonly selectors: SelectorCompiler,
    private readonly renderInvalid: InvalidRenderer,
    opts: ApiServerOptions = {},
  ) {
    this.conversation = new ConversationLog(clock, this.store);
    this.authorizationMode = opts.authorizationMode ?? 'AlwaysAllow';
    const rbac = new RbacIndex();
    feedRbacIndex(this.store, rbac);
    this.authorizer = new AuthorizerChain(new NodeAuthorizer(new StoreNodeGraph(this.store, (p, ns, n) => this.peek(p, ns, n))), new RbacAuthorizer(rbac));
    this.filter = new AuthorizationFilter({ authn: this.authn, authorizer: this.authorizer, mode: () => this.authorizationMode, bootstrapping: () => this.bootstrapping });
    let tokens: TokenRequestContext | undefined;
    this.tokenContext = () =>
      (tokens ??= {
        clock,
        seeds: rng.stream('apiserver/tokens'),
        peek: (plural, namespace, name) => this.peek(plural, namespace, name),
        invalid: (errs, name) => {
          const def = { kind: 'TokenRequest', group: 'authentication.k8s.io' };
          const { message, causes } = this.renderInvalid(qualifiedKind(def), name, errs);
          return invalid(def, name, message, causes);
        },
        issued: (token, claims) => this.authn.issued(token, claims),
      });
    this.uids = rng.stream('apiserver/uids');
    this.names = rng.stream('apiserver/names');
    this.admissionStream = rng.stream('apiserver/admission');
    this.services = new ServiceAllocator(rng.stream('apiserver/ipalloc'), opts.serviceCIDR ?? '10.96.0.0/12', opts.nodePortRange ?? [30000, 32767]);
    this.eventLeases = new EventLeases(clock, this.store, opts.eventTtlMs ?? 3_600_000);
    startCompactor(clock, this.store, opts.compactionIntervalMs);
    let webhookUids: Stream | undefined;
    this.webhookUids = () => (webhookUids ??= rng.stream('apiserver/webhook-uids'));
    this.webhookLookups = {
      namespaceLabels: (name: string) => {
        const ns = this.peek('namespaces', undefined, name);
        return ns ? ns.metadata.labels ?? {} : undefined;
      },
      equivalents: (gvr: GroupVersionResource) => this.registry.all().filter((r) => r.def.plural === gvr.resource && r.def.group === gvr.group).map((r) => ({ group: r.def.group, version: r.def.version, resource: r.def.plural })),
    };
  }

  /** The program sending the requests now, when the user alone does not tell it (asProgram). */
  private program: string | undefined;

  /**
   * Runs `fn` with its requests recorded as sent by `program`: a tool that authenticates with
   * another's credentials, as kubeadm init installs its add-ons with admin.conf's.
   */
  asProgram<T>(program: string, fn: () => T): T {
    const before = this.program;
    this.program = program;
    try {
      return fn();
    } finally {
      this.program = before;
    }
  }

  /** >0 while an observer outside the cluster reads (observe). */
  private observing = 0;

  /**
   * Runs `fn` as an observer outside the cluster — the page's inspector, its network view — whose
   * reads are answered but are no part of the story: nothing is audited or recorded, so they take no
   * place in the conversation and change nothing a replay would show. An observer only reads.
   */
  observe<T>(fn: () => T): T {
    this.observing++;
    try {
      return fn();
    } finally {
      this.observing--;
    }
  }

  /**
   * Runs `fn` with its requests asking to be served as `as` (kubectl's `--as`, `--as-group`): each is
   * first authorized for `impersonate` on the user (or ServiceAccount) and each group, then served as
   * that user.
   */
  impersonating<T>(as: Impersonation, fn: () => T): T {
    return this.filter.impersonating(as, fn);
  }

  /**
   * The user a bearer token authenticates as (the ServiceAccount token authenticator): undefined for a
   * token this cluster did not issue, one expired, or one whose ServiceAccount or bound pod is gone.
   */
  authenticateToken(token: string): UserInfo | undefined {
    return this.authn.authenticateToken(token, unixSeconds(this.clock), (claims) => tokenStillBound(claims, (p, ns, n) => this.peek(p, ns, n)));
  }

  /** Runs `fn` with admission relaxed, for objects the API server itself creates at start-up. */
  bootstrap<T>(fn: () => T): T {
    this.bootstrapping = true;
    try {
      return fn();
    } finally {
      this.bootstrapping = false;
    }
  }

  // ---- verbs -------------------------------------------------------------------------------------

  create(user: string, plural: string, namespace: string | undefined, body: KObject, subresource?: string, subName?: string, decoding?: DecodeOptions): StoredObject {
    const r = this.resolve(plural);
    const input: RequestInput = { body, ...(decoding?.fieldValidation ? { fieldValidation: decoding.fieldValidation } : {}) };
    return this.audited(user, 'create', r, namespace, nameOf(body) ?? subName, subresource, input, () => {
      if (subresource) return this.createSubresource(r, namespace, subName ?? body.metadata?.name ?? '', subresource, body);
      if (isReview(r.def.group, r.def.plural)) {
        // A review is decoded as any create is (a type error is a 400, whoever sends it); only storage is skipped.
        const review = this.decode(r, body, namespace, decoding ?? { fieldValidation: 'Ignore' });
        const ctx = { authorizer: this.authorizer, user: this.requestUser!, namespace, invalid: (errs: FieldError[]) => this.invalidError(r, '', errs) };
        return serveReview(r.def.plural, review, ctx);
      }
      const obj = this.decode(r, body, namespace, decoding);
      const ns = r.def.namespaced ? obj.metadata!.namespace : undefined;
      const meta = obj.metadata!;
      if (!meta.name && !meta.generateName) {
        throw this.invalidError(r, '', [{ field: 'metadata.name', type: 'FieldValueRequired', detail: 'name or generateName is required' }]);
      }
      r.strategy.defaults?.(obj);
      this.prepareForCreate(r, obj);
      this.filter.checkRbacWrite(this.requestUser, r, obj);
      for (let attempt = 0; ; attempt++) {
        const candidate = attempt === 0 ? obj : deepCopy(obj);
        if (!meta.name) candidate.metadata!.name = meta.generateName + this.names.string(5, 'bcdfghjklmnpqrstvwxz2456789');
        const name = candidate.metadata!.name!;
        this.admit('CREATE', r, candidate, ns, name);
        this.callMutatingWebhooks('CREATE', r, candidate, undefined, ns, name);
        this.validate(r, name, r.strategy.validateCreate?.(candidate) ?? []);
        this.callValidatingWebhooks('CREATE', r, candidate, undefined, ns, name);
        const key = this.key(r, ns, name);
        if (this.store.get(key)) {
          if (!meta.name && attempt < GENERATE_NAME_RETRIES) continue;
          throw alreadyExists(r.def, name);
        }
        if (r.def.plural === 'services') this.services.allocate(candidate, (errs) => this.invalidError(r, name, errs));
        const m = candidate.metadata!;
        m.uid = uidFrom(this.uids);
        r.strategy.prepareWithUid?.(candidate);
        m.creationTimestamp = this.clock.timestamp();
        if (r.def.tracksGeneration) m.generation = 1;
        delete m.deletionTimestamp;
        delete m.deletionGracePeriodSeconds;
        m.resourceVersion = String(this.store.nextRevision());
        const stored = deepFreeze(candidate as StoredObject);
        try {
          this.store.create(key, stored);
          if (r.def.plural === 'events') this.eventLeases.attach(key);
        } catch (e) {
          if (e instanceof KeyExistsError) throw alreadyExists(r.def, name);
          throw e;
        }
        return stored;
      }
    });
  }

  /** `resourceVersion: '0'` asks for the watch cache's copy; here the store is always current, so it only shows in the request. */
  get(user: string, plural: string, namespace: string | undefined, name: string, subresource?: string, resourceVersion?: string): StoredObject {
    const r = this.resolve(plural);
    return this.audited(user, 'get', r, namespace, name, subresource, resourceVersion !== undefined ? { query: { resourceVersion } } : undefined, () => {
      const cur = this.mustGet(r, namespace, name);
      if (subresource === 'scale') return this.scaleOf(r, cur);
      return cur;
    });
  }

  /**
   * What a create of `body` with strict field validation would refuse, found without a request: the
   * decoding error, the unknown fields, then (when it decodes) the kind's create validation of the
   * defaulted object. Nothing is stored, audited or admitted — the editor checks as the learner types.
   * Throws the REST mapper's "no matches" for a kind the server does not serve.
   */
  checkCreate(apiVersion: string, kind: string, body: KObject): { decodeError?: string; unknownFields: string[]; invalid: FieldError[] } {
    const r = this.registry.kind(apiVersion, kind);
    const def = apiSchema().kind(apiVersion, kind);
    // A kind served without a schema (a custom resource) decodes as it comes.
    let obj: KObject = deepCopy(body);
    let unknownFields: string[] = [];
    if (def) {
      const out = decodeObject(body, def, `${r.def.version}.${r.def.kind}`, true);
      if (out.error !== undefined) return { decodeError: out.error, unknownFields: [], invalid: [] };
      obj = out.value as KObject;
      unknownFields = out.strict;
    }
    obj.apiVersion = apiVersion;
    obj.kind = kind;
    obj.metadata = obj.metadata ?? {};
    if (r.def.namespaced) obj.metadata.namespace = obj.metadata.namespace || 'default';
    else delete obj.metadata.namespace;
    if (!obj.metadata.name && !obj.metadata.generateName) {
      return { unknownFields, invalid: [{ field: 'metadata.name', type: 'FieldValueRequired', detail: 'name or generateName is required' }] };
    }
    if (!obj.metadata.name) obj.metadata.name = `${obj.metadata.generateName}xxxxx`;
    r.strategy.defaults?.(obj);
    this.prepareForCreate(r, obj);
    return { unknownFields, invalid: r.strategy.validateCreate?.(obj) ?? [] };
  }

  /** `GET …/pods/NAME/log`: LogLocation's checks, then the kubelet's containerLogs through the node proxy. */
  podLog(user: string, namespace: string, name: string, opts: LogOptions): string {
    const r = this.resolve('pods');
    return this.audited(user, 'get', r, namespace, name, 'log', { params: logParams(opts) }, () => {
      const pod = this.mustGet(r, namespace, name) as Pod & StoredObject;
      const container = validateContainer(opts.container, pod);
      // An unscheduled pod has no location: the stream is empty.
      if (!pod.spec?.nodeName || !this.kubelets) return '';
      return this.kubelets.containerLogs(pod, { ...opts, container });
    });
  }

  /**
   * `…/pods/NAME/exec`: ExecLocation's checks, then the kubelet's exec through the node proxy. The
   * client upgrades the connection (a WebSocket, so a GET): 101 when the kubelet accepts it.
   */
  podExec(user: string, namespace: string, name: string, opts: ExecOptions): ExecResult {
    const r = this.resolve('pods');
    const out = this.audited(user, 'create', r, namespace, name, 'exec', { params: execParams(opts), method: 'GET' }, (): ExecResult | ExecUpgradeError => {
      const pod = this.mustGet(r, namespace, name) as Pod & StoredObject;
      const container = validateContainer(opts.container, pod);
      if (!pod.spec?.nodeName || !this.kubelets) throw badRequest(`pod ${name} does not have a host assigned`);
      try {
        return this.kubelets.exec(pod, container, opts.command);
      } catch (e) {
        // The kubelet refused the upgrade: its error page comes back through the proxy.
        if (e instanceof ExecUpgradeError) return e;
        throw e;
      }
    }, (o) => (o instanceof ExecUpgradeError ? o.code : 101));
    if (out instanceof ExecUpgradeError) throw out;
    return out;
  }

  /** Whether discovery lists `group` (a built-in group, or one an APIService registers). */
  servesGroup(group: string): boolean {
    if (this.registry.all().some((r) => r.def.group === group)) return true;
    for (const kv of this.store.range(this.listPrefix(this.resolve('apiservices'), undefined))) if ((kv.value as APIService).spec?.group === group) return true;
    return false;
  }

  /**
   * A read of an aggregated group (metrics.k8s.io), proxied by kube-aggregator to the Service its
   * APIService names, while that APIService is Available.
   */
  aggregated(user: string, group: string, version: string, plural: string, namespace: string | undefined, name: string | undefined, opts: ListOptions = {}): unknown {
    const def = aggregatedDefinition(group, version, plural);
    const verb = name ? 'get' : 'list';
    return this.audited(user, verb, { def }, namespace, name, undefined, name ? undefined : { query: opts }, () => {
      const svc = this.peek('apiservices', undefined, `${version}.${group}`) as APIService | undefined;
      if (!svc) throw aggregatedNotFound(def, name);
      const ref = svc.spec?.service;
      if (!ref || !apiServiceAvailable(svc)) throw aggregatedUnavailable(def, name);
      const backend = this.aggregatedBackend?.({ namespace: ref.namespace ?? '', name: ref.name ?? '' });
      if (!backend) throw aggregatedUnavailable(def, name);
      return name ? backend.get(plural, namespace, name) : backend.list(plural, namespace, opts);
    });
  }

  /** Read without recording, for admission and the server's own bookkeeping. */
  peek(plural: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const r = this.registry.resource(plural);
    if (!r) return undefined;
    return this.store.get(this.key(r, r.def.namespaced ? namespace : undefined, name))?.value;
  }

  list(user: string, plural: string, namespace: string | undefined, opts: ListOptions = {}): ListResult {
    const r = this.resolve(plural);
    return this.audited(user, 'list', r, namespace, undefined, undefined, { query: opts }, () => {
      const labelMatch = opts.labelSelector ? this.compileLabel(opts.labelSelector) : undefined;
      const fieldMatch = opts.fieldSelector ? this.compileField(r, opts.fieldSelector) : undefined;
      const prefix = this.listPrefix(r, namespace);
      const items: StoredObject[] = [];
      for (const kv of this.store.range(prefix)) {
        const o = kv.value;
        if (labelMatch && !labelMatch(o.metadata.labels)) continue;
        if (fieldMatch && !fieldMatch(o)) continue;
        items.push(o);
      }
      return { apiVersion: apiVersionOf(r.def), kind: `${r.def.kind}List`, metadata: { resourceVersion: String(this.store.revision) }, items };
    });
  }

  update(user: string, plural: string, body: KObject, subresource?: string): StoredObject {
    const r = this.resolve(plural);
    const namespace = r.def.namespaced ? body.metadata?.namespace : undefined;
    const name = body.metadata?.name ?? '';
    return this.audited(user, 'update', r, namespace, name, subresource, { body }, () => this.doUpdate(r, namespace, name, body, subresource));
  }

  patch(user: string, plural: string, namespace: string | undefined, name: string, patch: unknown, type: PatchType = 'merge', subresource?: string, decoding?: DecodeOptions): StoredObject {
    const r = this.resolve(plural);
    const input: RequestInput = { body: patch, patchType: type, ...(decoding?.fieldValidation ? { fieldValidation: decoding.fieldValidation } : {}) };
    return this.audited(user, 'patch', r, namespace, name, subresource, input, () => {
      const cur = this.mustGet(r, namespace, name);
      const base: unknown = subresource === 'scale' ? this.scaleOf(r, cur) : cur;
      let patched: unknown;
      // Whether the result is the server's own: made of new objects and frozen parts of `cur` only.
      let owned = false;
      if (type === 'json') {
        try {
          patched = jsonPatch(base, patch, decoding?.fieldValidation === 'Strict' || decoding?.fieldValidation === 'Warn');
        } catch (e) {
          if (e instanceof JsonPatchError) throw unprocessableEntity();
          throw e;
        }
      }
      else if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
      else {
        // A merge takes parts of the patch as they are. For a status write, merging a copy keeps the
        // caller's patch out of the stored (frozen) object, so the result need not be copied again:
        // the copy costs what the patch is, not what the status is.
        owned = subresource === 'status';
        const doc = owned ? copyTree(patch) : patch;
        patched = type === 'strategic' ? strategicMergePatch(base, doc) : mergePatch(base, doc);
        // The copy the server would otherwise make is a JSON one: a field an in-process caller set to
        // undefined is absent from the stored object, not kept (it would hold its place in the field order).
        if (owned) dropUndefined(patched);
      }
      const decoded = decoding?.fieldValidation && !subresource;
      const obj = decoded ? this.decodePatched(r, patched, decoding, type === 'strategic' ? patch : undefined) : (patched as KObject);
      obj.metadata = { ...(obj.metadata ?? {}), name, ...(namespace && r.def.namespaced ? { namespace } : {}) };
      // A uid in the patch (the kubelet's precondition on its status patches) must be the stored object's.
      if (obj.metadata.uid !== undefined && obj.metadata.uid !== cur.metadata.uid) throw this.invalidError(r, name, [fieldInvalid('metadata.uid', obj.metadata.uid, FIELD_IMMUTABLE)]);
      // A patch never conflicts with a concurrent writer unless it names a resourceVersion itself.
      const named = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
      if (!named && type !== 'json') obj.metadata.resourceVersion = cur.metadata.resourceVersion;
      return this.doUpdate(r, namespace, name, obj, subresource, owned && !decoded);
    });
  }

  delete(user: string, plural: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): StoredObject {
    const r = this.resolve(plural);
    return this.audited(user, 'delete', r, namespace, name, undefined, Object.keys(opts).length > 0 ? { deleteOptions: opts } : undefined, () => this.doDelete(r, namespace, name, opts));
  }

  /** Starts a watch; events arrive on the clock, batched per watcher. */
  watch(user: string, plural: string, namespace: string | undefined, opts: ListOptions, handler: (ev: WatchEvent) => void): { stop(): void } {
    const r = this.resolve(plural);
    return this.audited(user, 'watch', r, namespace, undefined, undefined, { query: opts }, () => {
      const w: ServerWatcher = {
        resource: r,
        identity: { user, component: componentOf(user), def: r.def },
        component: componentOf(user),
        initialPending: 0,
        prefix: this.listPrefix(r, namespace),
        labelMatch: opts.labelSelector ? this.compileLabel(opts.labelSelector) : undefined,
        fieldMatch: opts.fieldSelector ? this.compileField(r, opts.fieldSelector) : undefined,
        nodeName: r.def.plural === 'pods' ? pinnedNodeName(opts.fieldSelector) : undefined,
        handler,
        pending: [],
        queued: false,
        stopped: false,
      };
      const rv = opts.resourceVersion;
      if (!rv || rv === '0') {
        for (const kv of this.store.range(w.prefix)) if (this.matches(w, kv.value)) this.enqueue(w, { type: 'ADDED', object: kv.value }, true);
      } else {
        const from = Number(rv);
        if (!Number.isFinite(from)) throw badRequest(`invalid resource version: ${rv}`);
        try {
          for (const ev of this.store.historySince(from)) if (ev.key.startsWith(w.prefix)) this.dispatch(w, ev);
        } catch (e) {
          if (!(e instanceof CompactedError)) throw e;
          const err = gone(`too old resource version: ${from} (${this.store.compactRevision + 1})`);
          this.enqueue(w, { type: 'ERROR', object: err.status as unknown as StoredObject });
          return { stop: () => (w.stopped = true) };
        }
      }
      this.addWatcher(w);
      return {
        stop: () => {
          w.stopped = true;
          this.watchersByPrefix.get(r.storagePrefix)?.delete(w);
          if (w.nodeName !== undefined) this.podWatchersByNode.get(w.nodeName)?.delete(w);
        },
      };
    });
  }

  // ---- internals: create -----------------------------------------------------------------------

  private decode(r: RegisteredResource, body: KObject, namespace: string | undefined, decoding: DecodeOptions | undefined): KObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request was in an unknown format');
    const apiVersion = apiVersionOf(r.def);
    if (body.kind !== undefined && body.kind !== r.def.kind) {
      throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersion})`);
    }
    let obj: KObject;
    if (decoding?.fieldValidation) obj = this.decodeBody(r, body, decoding);
    else {
      obj = deepCopy(body);
      this.checkDecodable(r, obj);
    }
    obj.apiVersion = apiVersion;
    obj.kind = r.def.kind;
    obj.metadata = obj.metadata ?? {};
    if (r.def.namespaced) {
      const ns = obj.metadata.namespace || namespace || 'default';
      if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    delete obj.metadata.uid;
    delete obj.metadata.resourceVersion;
    delete obj.metadata.creationTimestamp;
    delete obj.metadata.managedFields;
    delete obj.metadata.selfLink;
    return obj;
  }

  /**
   * A request from outside, decoded against the kind's 1.31 schema as the real server's JSON decoder
   * does: a type error is a 400 in every mode; unknown fields are a 400 under Strict, warnings under
   * Warn, and are dropped either way.
   */
  private decodeBody(r: RegisteredResource, body: KObject, decoding: DecodeOptions): KObject {
    const def = apiSchema().kind(apiVersionOf(r.def), r.def.kind);
    if (!def) throw new Error(`the API schema has no ${apiVersionOf(r.def)} ${r.def.kind}`);
    const out = decodeObject(body, def, `${r.def.version}.${r.def.kind}`, decoding.fieldValidation !== 'Ignore');
    const cannot = `${r.def.kind} in version "${r.def.version}" cannot be handled as a ${r.def.kind}: `;
    if (out.error !== undefined) throw badRequest(cannot + out.error);
    this.strictOutcome(out.strict, decoding, (m) => badRequest(cannot + m));
    return out.value as KObject;
  }

  /**
   * The object a patch from outside produced, decoded as the server decodes it: a type error is
   * reported against the patch as Invalid; unknown fields as for a create, without the kind. A JSON
   * or merge patch's result is JSON-decoded and the Invalid value is that JSON; a strategic patch's
   * result goes through the unstructured converter and the value is the patch map as Go prints it
   * (`map[spec:map[replicas:x]]`).
   */
  private decodePatched(r: RegisteredResource, patched: unknown, decoding: DecodeOptions, strategicPatch?: unknown): KObject {
    const def = apiSchema().kind(apiVersionOf(r.def), r.def.kind);
    if (!def) throw new Error(`the API schema has no ${apiVersionOf(r.def)} ${r.def.kind}`);
    const strategic = strategicPatch !== undefined;
    const out = decodeObject(patched, def, `${r.def.version}.${r.def.kind}`, decoding.fieldValidation !== 'Ignore', strategic);
    if (out.error !== undefined) {
      const value = strategic ? goPrint(strategicPatch) : JSON.stringify(canonicalJson(patched));
      const cause = { reason: 'FieldValueInvalid', message: `Invalid value: ${strategic ? JSON.stringify(value) : value}: ${out.error}`, field: 'patch' };
      throw invalid({ kind: '', group: '' }, '', ` "" is invalid: patch: ${cause.message}`, [cause]);
    }
    this.strictOutcome(out.strict, decoding, badRequest);
    return out.value as KObject;
  }

  private strictOutcome(strict: string[], decoding: DecodeOptions, refuse: (message: string) => StatusError): void {
    if (strict.length === 0) return;
    if (decoding.fieldValidation === 'Strict') throw refuse(`strict decoding error: ${strict.join(', ')}`);
    if (decoding.fieldValidation === 'Warn') for (const w of strict) decoding.onWarning?.(w);
  }

  private checkDecodable(r: RegisteredResource, obj: KObject): void {
    nullStringsToEmpty(obj);
    if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))) {
      throw badRequest(`${r.def.kind} in version "${r.def.version}" cannot be handled as a ${r.def.kind}: json: cannot unmarshal ${Array.isArray(obj.metadata) ? 'array' : typeof obj.metadata} into Go struct field ${r.def.kind}.metadata of type v1.ObjectMeta`);
    }
  }

  /** What each kind's registry strategy does before a create, beyond defaulting. */
  private prepareForCreate(r: RegisteredResource, obj: KObject): void {
    switch (r.def.plural) {
      case 'pods': {
        const pod = obj as Pod;
        pod.status = { phase: 'Pending', qosClass: podQOSClass(pod) };
        // A gated pod says why it is not being scheduled from the moment it exists.
        if ((pod.spec?.schedulingGates ?? []).length > 0) {
          pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null as unknown as undefined, lastTransitionTime: this.clock.timestamp() }];
        }
        break;
      }
      case 'namespaces':
        obj.status = { phase: 'Active' };
        break;
      case 'nodes':
        break;
      default:
        if (r.def.hasStatus && r.def.plural !== 'events') delete obj.status;
    }
  }

  private createSubresource(r: RegisteredResource, namespace: string | undefined, name: string, sub: string, body: KObject): StoredObject {
    if (r.def.plural === 'pods' && sub === 'binding') return this.bind(r, namespace, name, body);
    if (r.def.plural === 'pods' && sub === 'eviction') return this.evict(r, namespace, name, body);
    if (r.def.plural === 'serviceaccounts' && sub === 'token') return serveTokenRequest(namespace ?? 'default', name, body, this.tokenContext());
    throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  }

  /** pods/binding: the scheduler's one write. Sets spec.nodeName and PodScheduled=True. */
  private bind(r: RegisteredResource, namespace: string | undefined, name: string, body: KObject): StoredObject {
    const target = (body as { target?: { name?: string } }).target;
    const nodeName = target?.name;
    if (!nodeName) throw this.invalidError(r, name, [{ field: 'target.name', type: 'FieldValueRequired' }]);
    const cur = this.mustGet(r, namespace, name);
    const pod = cur as unknown as Pod;
    const def = { plural: 'pods/binding', group: '' };
    if (cur.metadata.deletionTimestamp) throw conflict(def, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (pod.spec?.nodeName) throw conflict(def, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    const next = shallowCopy(cur) as unknown as Pod & StoredObject;
    next.spec = { ...pod.spec!, nodeName };
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as undefined, lastTransitionTime: this.clock.timestamp() });
    next.status = { ...(pod.status ?? {}), conditions };
    this.write(r, next, cur);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as StoredObject;
  }

  /**
   * pods/eviction (pkg/registry/core/pod/storage/eviction.go): a delete that first asks the pod's
   * PodDisruptionBudget. Terminal, Pending and already-deleting pods are deleted without asking. With
   * exactly one matching PDB, an unready pod goes without spending the budget when the PDB is healthy
   * enough (or its unhealthyPodEvictionPolicy is AlwaysAllow); otherwise disruptionsAllowed is checked
   * and decremented and the pod recorded in status.disruptedPods. Before the delete the pod gets the
   * DisruptionTarget condition. Not modelled: dry run, conflict retries (the simulator is serial).
   */
  private evict(r: RegisteredResource, namespace: string | undefined, name: string, body: KObject): StoredObject {
    if (body.metadata?.name !== undefined && body.metadata.name !== name) throw badRequest('name in URL does not match name in Eviction object');
    const opts = ((body as { deleteOptions?: DeleteOptions }).deleteOptions ?? {}) as DeleteOptions;
    const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as StoredObject;
    const cur = this.mustGet(r, namespace, name);
    const pod = cur as unknown as Pod & StoredObject;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || cur.metadata.deletionTimestamp) {
      this.addDisruptionTargetAndDelete(r, namespace, name, opts);
      return success;
    }
    const pdbRes = this.registry.resource('poddisruptionbudgets');
    const pdbs: PDB[] = [];
    if (pdbRes) {
      for (const kv of this.store.range(this.listPrefix(pdbRes, cur.metadata.namespace))) {
        const pdb = kv.value as unknown as PDB;
        let matches: boolean;
        try {
          const sel = selectorFromLabelSelector(pdb.spec?.selector as Parameters<typeof selectorFromLabelSelector>[0]);
          matches = !sel.empty() && sel.matches(cur.metadata.labels ?? {});
        } catch {
          matches = false; // an invalid selector matches nothing
        }
        if (matches) pdbs.push(pdb);
      }
    }
    if (pdbs.length > 1) throw failureStatus(500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    if (pdbs.length === 1) {
      const pdb = pdbs[0]!;
      const st = pdb.status ?? {};
      const ready = (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      const spendsBudget = ready || !(pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0));
      if (spendsBudget) this.checkAndDecrement(pdbRes!, pdb, name);
    }
    this.addDisruptionTargetAndDelete(r, namespace, name, opts);
    return success;
  }

  /** EvictionREST.checkAndDecrement: refuses with 429 (or 403) or spends one disruption and records the pod. */
  private checkAndDecrement(r: RegisteredResource, pdb: PDB, podName: string): void {
    const pdbName = pdb.metadata.name;
    const st = pdb.status ?? {};
    const budget = 'DisruptionBudget';
    if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
      throw tooManyRequests(DISRUPTION_BUDGET_MESSAGE, 10, [{ reason: budget, message: `The disruption budget ${pdbName} is still being processed by the server.` }]);
    }
    const def = { plural: 'poddisruptionbudget', group: 'policy' };
    const allowed = st.disruptionsAllowed ?? 0;
    if (allowed < 0) throw forbidden(def, pdbName, 'pdb disruptions allowed is negative');
    if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) throw forbidden(def, pdbName, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    if (allowed === 0) {
      throw tooManyRequests(DISRUPTION_BUDGET_MESSAGE, 0, [{ reason: budget, message: `The disruption budget ${pdbName} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently` }]);
    }
    const now = this.clock.timestamp();
    const status = deepCopy(st) as NonNullable<PDB['status']>;
    status.disruptionsAllowed = allowed - 1;
    if (status.disruptionsAllowed === 0) {
      // pdbhelper.UpdateDisruptionAllowedCondition, through apimeta.SetStatusCondition
      const conditions = [...(status.conditions ?? [])];
      const i = conditions.findIndex((c) => c.type === 'DisruptionAllowed');
      const old = i >= 0 ? conditions[i]! : undefined;
      const next = { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: old && old.status === 'False' ? old.lastTransitionTime : now, ...(old?.observedGeneration !== undefined ? { observedGeneration: old.observedGeneration } : {}) };
      if (i >= 0) conditions[i] = next;
      else conditions.push(next);
      status.conditions = conditions;
    }
    status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: now };
    this.doUpdate(r, pdb.metadata.namespace, pdbName, { ...deepCopy(pdb as unknown as KObject), status } as KObject, 'status');
  }

  /** addConditionAndDeletePod: DisruptionTarget=True (EvictionByEvictionAPI) through pods/status, then the normal graceful delete. */
  private addDisruptionTargetAndDelete(r: RegisteredResource, namespace: string | undefined, name: string, opts: DeleteOptions): void {
    const cur = this.mustGet(r, namespace, name);
    const pod = cur as unknown as Pod;
    const conditions = [...(pod.status?.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
    const old = i >= 0 ? conditions[i] : undefined;
    const cond = {
      type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
      lastProbeTime: null as unknown as undefined,
      lastTransitionTime: old && old.status === 'True' ? old.lastTransitionTime : this.clock.timestamp(),
    };
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
    this.doUpdate(r, cur.metadata.namespace, name, { ...deepCopy(cur), status: { ...(pod.status ?? {}), conditions } } as KObject, 'status');
    const { preconditions, ...rest } = opts;
    // Preconditions name the pod as the client saw it; the condition write above is the server's own.
    this.doDelete(r, namespace, name, preconditions?.uid ? { ...rest, preconditions: { uid: preconditions.uid } } : rest);
  }

  // ---- internals: update -----------------------------------------------------------------------

  /** `owned`: the body is the server's own (a patch's result): no part of it is the caller's to change. */
  private doUpdate(r: RegisteredResource, namespace: string | undefined, name: string, body: KObject, subresource?: string, owned = false): StoredObject {
    const cur = this.mustGet(r, namespace, name);
    if (subresource === 'scale') return this.updateScale(r, cur, body);
    if (subresource && subresource !== 'status' && !(subresource === 'finalize' && r.def.plural === 'namespaces')) {
      throw notFound({ plural: `${r.def.plural}/${subresource}`, group: r.def.group }, name);
    }
    const rv = body.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw conflict(r.def, name, MODIFIED_CONFLICT);
    if (body.kind !== undefined && body.kind !== r.def.kind) {
      throw badRequest(`${qualifiedKind(r.def)} in version "${r.def.version}" cannot be handled as a ${body.kind}`);
    }
    // A status write takes only the status (and metadata, to check it) from the body: copy only those.
    const incoming = subresource === 'status' ? statusPart(body, owned) : deepCopy(body);
    this.checkDecodable(r, incoming);
    let next: KObject;
    if (subresource === 'status') {
      next = { ...shallowCopy(cur), status: incoming.status };
      // A Node's status strategy resets only the spec: labels and annotations sent with the status are
      // kept (flanneld writes its annotations this way, as far as its ClusterRole reaches: nodes/status).
      if (r.def.plural === 'nodes' && incoming.metadata) {
        const m = (next.metadata = { ...cur.metadata });
        if (incoming.metadata.labels !== undefined) m.labels = incoming.metadata.labels;
        if (incoming.metadata.annotations !== undefined) m.annotations = incoming.metadata.annotations;
      }
      // A Deployment's status strategy resets the spec and the labels only: the annotations are the new
      // object's (the deployment controller records the revision annotation in its status write).
      if (r.def.plural === 'deployments' && incoming.metadata) {
        const m = (next.metadata = { ...cur.metadata });
        if (incoming.metadata.annotations !== undefined) m.annotations = incoming.metadata.annotations;
        else delete m.annotations;
      }
    } else if (subresource === 'finalize') {
      const spec = { ...((cur as { spec?: object }).spec ?? {}), finalizers: (incoming as { spec?: { finalizers?: string[] } }).spec?.finalizers ?? [] };
      next = { ...shallowCopy(cur), spec };
    } else {
      next = incoming;
      if (r.def.hasStatus && r.def.plural !== 'events') next.status = cur.status === undefined ? undefined : deepCopy(cur.status);
      const m = (next.metadata = next.metadata ?? {});
      const cm = cur.metadata;
      m.name = cm.name;
      if (cm.namespace) m.namespace = cm.namespace;
      m.uid = cm.uid;
      m.creationTimestamp = cm.creationTimestamp;
      if (cm.generation !== undefined) m.generation = cm.generation;
      if (cm.deletionTimestamp) m.deletionTimestamp = cm.deletionTimestamp;
      else delete m.deletionTimestamp;
      if (cm.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = cm.deletionGracePeriodSeconds;
      else delete m.deletionGracePeriodSeconds;
      // Once deletion has begun, finalizers can only be removed, never added.
      if (cm.deletionTimestamp) {
        const old = new Set(cm.finalizers ?? []);
        const added = (m.finalizers ?? []).filter((f) => !old.has(f));
        if (added.length) throw this.invalidError(r, name, [{ field: 'metadata.finalizers', type: 'FieldValueForbidden', detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}` }]);
      }
      next.apiVersion = cur.apiVersion;
      next.kind = cur.kind;
      r.strategy.defaults?.(next);
      if (r.def.plural === 'services') this.services.keepAllocated(next, cur);
      this.filter.checkRbacWrite(this.requestUser, r, next, cur);
    }
    this.callMutatingWebhooks('UPDATE', r, next, cur, namespace, name, subresource);
    const errs = subresource === 'status' ? r.strategy.validateStatusUpdate?.(next, cur) ?? [] : subresource === 'finalize' ? [] : r.strategy.validateUpdate?.(next, cur) ?? [];
    this.validate(r, name, errs);
    if (!subresource) this.admit('UPDATE', r, next, namespace, name);
    this.callValidatingWebhooks('UPDATE', r, next, cur, namespace, name, subresource);
    if (r.def.tracksGeneration && !subresource && specChanged(cur, next)) next.metadata!.generation = (cur.metadata.generation ?? 1) + 1;
    const written = this.write(r, next, cur);
    if (r.def.plural === 'services' && !subresource) this.services.releaseDropped(next, cur);
    return written;
  }

  /** Writes `next` over `cur`, skipping no-op writes and finishing deletions whose finalizers are gone. */
  private write(r: RegisteredResource, next: KObject, cur: StoredObject): StoredObject {
    const m = next.metadata!;
    m.resourceVersion = cur.metadata.resourceVersion;
    if (sameObject(next, cur)) return cur;
    const key = this.key(r, cur.metadata.namespace, cur.metadata.name);
    if (m.deletionTimestamp && (m.finalizers ?? []).length === 0 && this.readyToRemove(r, next)) {
      const gone = this.store.delete(key, Number(cur.metadata.resourceVersion) || undefined);
      this.services.release(r.def.plural, gone.value);
      return gone.value;
    }
    m.resourceVersion = String(this.store.nextRevision());
    const stored = deepFreeze(next as StoredObject);
    try {
      this.store.update(key, stored, Number(cur.metadata.resourceVersion) || undefined);
      if (r.def.plural === 'events') this.eventLeases.attach(key);
    } catch (e) {
      if (e instanceof RevisionMismatchError) throw conflict(r.def, cur.metadata.name, MODIFIED_CONFLICT);
      throw e;
    }
    return stored;
  }

  /** Pods wait for the kubelet (grace period 0) and namespaces for their spec finalizers. */
  private readyToRemove(r: RegisteredResource, obj: KObject): boolean {
    if (r.def.plural === 'pods') return obj.metadata?.deletionGracePeriodSeconds === 0;
    if (r.def.plural === 'namespaces') return ((obj as { spec?: { finalizers?: string[] } }).spec?.finalizers ?? []).length === 0;
    return true;
  }

  private scaleOf(r: RegisteredResource, cur: StoredObject): StoredObject {
    if (!r.def.subresources.includes('scale')) throw notFound({ plural: `${r.def.plural}/scale`, group: r.def.group }, cur.metadata.name);
    const o = cur as unknown as { spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } }; status?: { replicas?: number } };
    const sel = o.spec?.selector?.matchLabels ? Object.entries(o.spec.selector.matchLabels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',') : '';
    return deepFreeze({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: cur.metadata.name, namespace: cur.metadata.namespace, uid: cur.metadata.uid, resourceVersion: cur.metadata.resourceVersion, creationTimestamp: cur.metadata.creationTimestamp },
      spec: { replicas: o.spec?.replicas ?? 0 },
      status: { replicas: o.status?.replicas ?? 0, selector: sel },
    } as StoredObject);
  }

  private updateScale(r: RegisteredResource, cur: StoredObject, body: KObject): StoredObject {
    const replicas = (body as { spec?: { replicas?: unknown } }).spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw this.invalidError({ ...r, def: { ...r.def, kind: 'Scale', group: 'autoscaling' } }, cur.metadata.name, [{ field: 'spec.replicas', type: 'FieldValueInvalid', badValue: String(replicas), detail: 'must be greater than or equal to 0' }]);
    }
    const rv = body.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw conflict(r.def, cur.metadata.name, MODIFIED_CONFLICT);
    const next = deepCopy(cur) as KObject & { spec: { replicas?: number } };
    next.spec.replicas = replicas;
    if (r.def.tracksGeneration && (cur as { spec?: { replicas?: number } }).spec?.replicas !== replicas) next.metadata!.generation = (cur.metadata.generation ?? 1) + 1;
    const written = this.write(r, next, cur);
    return this.scaleOf(r, written);
  }

  // ---- internals: delete -----------------------------------------------------------------------

  private doDelete(r: RegisteredResource, namespace: string | undefined, name: string, opts: DeleteOptions): StoredObject {
    const cur = this.mustGet(r, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== cur.metadata.uid) {
      throw conflict(r.def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
      throw conflict(r.def, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
    }
    this.admit('DELETE', r, cur, namespace, name);
    this.callValidatingWebhooks('DELETE', r, undefined, cur, namespace, name);
    const key = this.key(r, cur.metadata.namespace, name);
    const next = deepCopy(cur) as KObject;
    const m = next.metadata!;
    const finalizers = new Set(m.finalizers ?? []);
    const policy = opts.propagationPolicy;
    if (policy === 'Orphan') {
      finalizers.add('orphan');
      finalizers.delete('foregroundDeletion');
    } else if (policy === 'Foreground') {
      finalizers.add('foregroundDeletion');
      finalizers.delete('orphan');
    } else if (policy === 'Background') {
      finalizers.delete('orphan');
      finalizers.delete('foregroundDeletion');
    }
    m.finalizers = [...finalizers];
    if (m.finalizers.length === 0) delete m.finalizers;

    if (r.def.plural === 'namespaces') {
      if (!m.deletionTimestamp) m.deletionTimestamp = this.clock.timestamp();
      m.deletionGracePeriodSeconds = 0;
      next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
      return this.write(r, next, cur);
    }

    const grace = r.def.plural === 'pods' ? this.podGracePeriod(cur as unknown as Pod & StoredObject, opts) : 0;
    if (grace === 0 && !m.finalizers) {
      const gone = this.store.delete(key);
      this.services.release(r.def.plural, gone.value);
      return gone.value;
    }
    if (m.deletionTimestamp) {
      // Already being deleted: only a shorter grace period changes anything.
      const existing = m.deletionGracePeriodSeconds ?? 0;
      if (grace >= existing && sameFinalizers(cur, m.finalizers)) return cur;
      if (grace < existing) {
        m.deletionGracePeriodSeconds = grace;
        m.deletionTimestamp = this.clock.timestamp(this.clock.now() + grace * 1000);
      }
      return this.write(r, next, cur);
    }
    m.deletionTimestamp = this.clock.timestamp(this.clock.now() + grace * 1000);
    m.deletionGracePeriodSeconds = grace;
    if (r.def.tracksGeneration) m.generation = (cur.metadata.generation ?? 1) + 1;
    return this.write(r, next, cur);
  }

  /** A pod that never reached a node, or has finished, goes at once; otherwise the kubelet confirms. */
  private podGracePeriod(pod: Pod & StoredObject, opts: DeleteOptions): number {
    if (!pod.spec?.nodeName) return 0;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    const g = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, g);
  }

  // ---- internals: watch -------------------------------------------------------------------------

  private addWatcher(w: ServerWatcher): void {
    const prefix = w.resource.storagePrefix;
    let set = this.watchersByPrefix.get(prefix);
    if (!set) {
      set = new Set();
      this.watchersByPrefix.set(prefix, set);
      const watchers = set;
      const pinned = w.resource.def.plural === 'pods' ? this.podWatchersByNode : undefined;
      const cancel = this.store.watch(prefix, this.store.revision, (ev) => {
        for (const x of watchers) if (ev.key.startsWith(x.prefix)) this.dispatch(x, ev);
        if (!pinned) return;
        const now = nodeNameOf(ev.kv.value);
        const before = ev.prevKv ? nodeNameOf(ev.prevKv.value) : now;
        for (const x of pinned.get(now) ?? []) if (ev.key.startsWith(x.prefix)) this.dispatch(x, ev);
        if (before !== now) for (const x of pinned.get(before) ?? []) if (ev.key.startsWith(x.prefix)) this.dispatch(x, ev);
      });
      this.storeWatchCancel.set(prefix, cancel);
    }
    if (w.nodeName !== undefined) {
      let s2 = this.podWatchersByNode.get(w.nodeName);
      if (!s2) this.podWatchersByNode.set(w.nodeName, (s2 = new Set()));
      s2.add(w);
    } else set.add(w);
  }

  /** Turns a store event into what this watcher should see, given its selectors. */
  private dispatch(w: ServerWatcher, ev: StoreEvent): void {
    if (w.stopped) return;
    const now = ev.type === 'PUT' ? ev.kv.value : undefined;
    const before = ev.prevKv?.value;
    const nowMatch = now !== undefined && this.matches(w, now);
    const beforeMatch = before !== undefined && this.matches(w, before);
    if (ev.type === 'DELETE') {
      if (beforeMatch) this.enqueue(w, { type: 'DELETED', object: this.deletedObject(ev) });
      return;
    }
    if (nowMatch && beforeMatch) this.enqueue(w, { type: 'MODIFIED', object: now! });
    else if (nowMatch) this.enqueue(w, { type: 'ADDED', object: now! });
    else if (beforeMatch) this.enqueue(w, { type: 'DELETED', object: now! });
  }

  /** The last delete's object as watchers see it, made once for all of them. */
  private lastDeleted: { ev: StoreEvent; object: StoredObject } | undefined;

  /** What a DELETED event carries: the object as it was, at the revision that deleted it. */
  private deletedObject(ev: StoreEvent): StoredObject {
    if (this.lastDeleted?.ev !== ev) this.lastDeleted = { ev, object: withRv(ev.prevKv!.value, ev.revision) };
    return this.lastDeleted.object;
  }

  private matches(w: ServerWatcher, o: StoredObject): boolean {
    if (w.labelMatch && !w.labelMatch(o.metadata.labels)) return false;
    if (w.fieldMatch && !w.fieldMatch(o)) return false;
    return true;
  }

  /**
   * Queues `ev` for `w`. Watch fan-out costs one clock event per instant, not one per watcher: the
   * first watcher to have something pending schedules the delivery, and every watcher that becomes
   * pending before it runs joins it, in the order they became pending.
   */
  private enqueue(w: ServerWatcher, ev: WatchEvent, initial = false): void {
    w.pending.push(ev);
    if (initial) w.initialPending++;
    if (w.queued) return;
    w.queued = true;
    this.deliveryQueue.push(w);
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    // The delivery is the server's work whoever's write caused it: a client that exits must not take
    // the other watchers' events with it.
    this.clock.runAs(this.process.owner, () => this.clock.after(0, this.deliveryLabel, () => this.deliverPending()));
  }

  /**
   * Runs every queued watcher's batch. A watcher's batch is taken when its turn comes, so what a
   * handler earlier in the run writes still reaches a watcher later in it; a watcher whose turn has
   * passed (or one not queued yet) waits for the next delivery, at the same instant.
   */
  private deliverPending(): void {
    const queue = this.deliveryQueue;
    this.deliveryQueue = [];
    this.deliveryScheduled = false;
    let i = 0;
    try {
      for (; i < queue.length; i++) this.deliverBatch(queue[i]!);
    } finally {
      // A handler with no owner to fail threw through: the watchers after it still get theirs.
      if (i < queue.length - 1) {
        const rest = queue.slice(i + 1);
        this.deliveryQueue = [...rest, ...this.deliveryQueue];
        if (!this.deliveryScheduled) {
          this.deliveryScheduled = true;
          this.clock.runAs(this.process.owner, () => this.clock.after(0, this.deliveryLabel, () => this.deliverPending()));
        }
      }
    }
  }

  private deliverBatch(w: ServerWatcher): void {
    w.queued = false;
    const batch = w.pending;
    const initialCount = w.initialPending;
    w.pending = [];
    w.initialPending = 0;
    for (let i = 0; i < batch.length; i++) {
      if (w.stopped) return;
      const e = batch[i]!;
      this.conversation.delivered(w.identity, e, i < initialCount);
      w.handler(e);
    }
  }

  /** The Step button's name for the next delivery: its first event, and how many follow. */
  private readonly deliveryLabel = (): string => {
    let first: ServerWatcher | undefined;
    let total = 0;
    for (const w of this.deliveryQueue) {
      if (w.stopped || w.pending.length === 0) continue;
      first ??= w;
      total += w.pending.length;
    }
    if (!first) return 'apiserver: watch delivery';
    const ev = first.pending[0]!;
    const md = (ev.object as Partial<StoredObject>).metadata;
    const ref = ev.type === 'ERROR' ? first.resource.def.plural : watchRef({ resource: first.resource.def.plural, namespace: md?.namespace, name: md?.name });
    const more = total > 1 ? ` (+${total - 1} more)` : '';
    return `watch: ${ev.type} ${ref} → ${first.component}${more}`;
  };

  // ---- internals: shared -------------------------------------------------------------------------

  private resolve(plural: string): RegisteredResource {
    const r = this.registry.resource(plural);
    if (!r) {
      throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
    }
    return r;
  }

  private key(r: RegisteredResource, namespace: string | undefined, name: string): string {
    return r.def.namespaced ? `${r.storagePrefix}${namespace ?? 'default'}/${name}` : `${r.storagePrefix}${name}`;
  }

  private listPrefix(r: RegisteredResource, namespace: string | undefined): string {
    return r.def.namespaced && namespace ? `${r.storagePrefix}${namespace}/` : r.storagePrefix;
  }

  private mustGet(r: RegisteredResource, namespace: string | undefined, name: string): StoredObject {
    const kv = this.store.get(this.key(r, r.def.namespaced ? namespace : undefined, name));
    if (!kv) throw notFound(r.def, name);
    return kv.value;
  }

  private admit(op: Operation, r: RegisteredResource, obj: KObject, namespace: string | undefined, name: string): void {
    const ctx: AdmissionContext = {
      get: (plural, ns, n) => this.peek(plural, ns, n),
      stream: this.admissionStream,
      bootstrapping: this.bootstrapping,
      globalDefaultPriorityClass: () => this.store.range('/registry/priorityclasses/').map((kv) => kv.value).find((pc) => (pc as { globalDefault?: boolean }).globalDefault === true),
      list: (plural, ns) => {
        const lr = this.registry.resource(plural);
        return lr ? this.store.range(this.listPrefix(lr, lr.def.namespaced ? ns : undefined)).map((kv) => kv.value) : [];
      },
    };
    admit(op, r.def, obj, r.def.namespaced ? namespace : undefined, name, ctx);
  }

  /**
   * The mutating admission webhooks, after the built-in mutating plugins and before the object is
   * validated; the object is changed in place to what their patches make of it.
   */
  private callMutatingWebhooks(op: Operation, r: RegisteredResource, obj: KObject, old: KObject | undefined, namespace: string | undefined, name: string, subresource?: string): void {
    if (this.bootstrapping || this.store.count(MUTATING_WEBHOOK_CONFIGS) === 0) return;
    const patched = this.webhookPlugins().mutating.admit(this.webhookAttributes(op, r, obj, old, namespace, name, subresource));
    if (!patched || patched === obj) return;
    for (const k of Object.keys(obj)) delete (obj as Record<string, unknown>)[k];
    Object.assign(obj, patched);
  }

  /**
   * The validating admission webhooks, at their place in the chain: after the object's validation,
   * before it is written (ResourceQuota, which the real chain runs after them, runs in admit here).
   */
  private callValidatingWebhooks(op: Operation, r: RegisteredResource, obj: KObject | undefined, old: KObject | undefined, namespace: string | undefined, name: string, subresource?: string): void {
    if (this.bootstrapping || this.store.count(VALIDATING_WEBHOOK_CONFIGS) === 0) return;
    this.webhookPlugins().validating.validate(this.webhookAttributes(op, r, obj, old, namespace, name, subresource));
  }

  /** The two plugins, with their informers started on the configurations stored now. */
  private webhookPlugins(): { validating: ValidatingAdmissionWebhook; mutating: MutatingAdmissionWebhook } {
    if (this.webhooks) return this.webhooks;
    const { MutatingAdmissionWebhook, ValidatingAdmissionWebhook } = webhookAdmission();
    const transport = () => this.webhookTransport;
    this.webhooks = {
      mutating: new MutatingAdmissionWebhook(this.store, this.webhookUids, this.webhookLookups, transport),
      validating: new ValidatingAdmissionWebhook(this.store, this.webhookUids, this.webhookLookups, transport),
    };
    return this.webhooks;
  }

  private webhookAttributes(op: Operation, r: RegisteredResource, obj: KObject | undefined, old: KObject | undefined, namespace: string | undefined, name: string, subresource?: string): AdmissionAttributes {
    const d = r.def;
    const ns = d.namespaced ? namespace ?? '' : d.plural === 'namespaces' ? name : '';
    return {
      operation: op,
      resource: { group: d.group, version: d.version, resource: d.plural },
      kind: { group: d.group, version: d.version, kind: d.kind },
      subresource: subresource ?? '',
      name,
      namespace: ns,
      ...(obj ? { object: obj } : {}),
      ...(old ? { oldObject: old } : {}),
      user: { username: this.requestUser?.name ?? '', groups: [...(this.requestUser?.groups ?? [])] },
      dryRun: false,
    };
  }

  private validate(r: RegisteredResource, name: string, errs: FieldError[]): void {
    if (errs.length > 0) throw this.invalidError(r, name, errs);
  }

  private invalidError(r: RegisteredResource, name: string, errs: FieldError[]): StatusError {
    const { message, causes } = this.renderInvalid(qualifiedKind(r.def), name, errs);
    return invalid(r.def, name, message, causes);
  }

  private compileLabel(s: string): (l: Record<string, string> | undefined) => boolean {
    try {
      return this.selectors.label(s);
    } catch (e) {
      throw badRequest(`unable to parse requirement: ${(e as Error).message}`);
    }
  }

  private compileField(r: RegisteredResource, s: string): (o: StoredObject) => boolean {
    try {
      return this.selectors.field(r.def.plural, s);
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw badRequest((e as Error).message);
    }
  }

  /**
   * Every request goes through here: it runs as the API server, is recorded in the audit log, and a
   * handler that throws anything but a Status error is a panic, recovered as WithPanicRecovery does —
   * 500 to the client, the panic logged, the server serving on.
   */
  private audited<T>(user: string, verb: string, r: Pick<RegisteredResource, 'def'>, namespace: string | undefined, name: string | undefined, subresource: string | undefined, input: RequestInput | undefined, fn: () => T, okCode?: (out: T) => number): T {
    if (this.observing > 0) {
      // A review (auth can-i, whoami) is a create that stores nothing: it is a question, so an observer may ask it.
      const asks = verb === 'create' && isReview(r.def.group, r.def.plural);
      if (verb !== 'get' && verb !== 'list' && !asks) throw new Error(`an observer only reads: ${verb} ${r.def.plural} refused`);
      const userBefore = this.requestUser;
      this.requestUser = this.filter.observerSubject(user);
      try {
        return this.clock.runAs(this.process.owner, fn);
      } finally {
        this.requestUser = userBefore;
      }
    }
    const rec: AuditRecord = { atMs: this.clock.now(), user, verb, resource: r.def.plural, code: 200 };
    if (subresource) rec.subresource = subresource;
    if (namespace && r.def.namespaced) rec.namespace = namespace;
    if (name) rec.name = name;
    const talk: KeptRequest = this.conversation.begin(user, verb, r.def, namespace, name, subresource, input, this.program);
    let response: unknown;
    let failed: StatusError | undefined;
    const userBefore = this.requestUser;
    // A create names its object in the body; the URL has a name only for a subresource.
    const urlName = verb === 'create' && !subresource ? undefined : name;
    try {
      this.requestUser = this.filter.authenticateAndAuthorize(user, verb, r.def, namespace, urlName, subresource, input?.query, talk, rec);
      if (!this.bootstrapping && needsEtcd(verb, input) && !etcdHasLeader(this.clock)) throw etcdTimedOut();
      const out = this.clock.runAs(this.process.owner, fn);
      rec.code = okCode ? okCode(out) : verb === 'create' ? 201 : 200;
      response = out;
      return out;
    } catch (e) {
      if (e instanceof StatusError) {
        rec.code = e.code;
        failed = e;
        throw e;
      }
      rec.code = 500;
      this.process.onPanic?.(e, httpMethod(verb), requestURI(r.def, r.def.namespaced ? namespace : undefined, urlName, subresource));
      failed = panicResponse(verb, r.def, urlName);
      throw failed;
    } finally {
      this.requestUser = userBefore;
      this.audit.record(rec);
      this.conversation.end(talk, rec.code, response, failed?.status);
    }
  }
}

/**
 * Whether a request reads or writes etcd itself. A watch and a list at resourceVersion "0" are
 * served from the watch cache; everything else (a get, a quorum list, every write) reads the
 * latest revision or proposes a write.
 */
function needsEtcd(verb: string, input: RequestInput | undefined): boolean {
  if (verb === 'watch') return false;
  return !(verb === 'list' && (input?.query as ListOptions | undefined)?.resourceVersion === '0');
}

/**
 * With no etcd leader, etcd answers the API server's request after its request timeout with
 * ErrTimeout; the storage layer passes it up unchanged and the handler writes it as a 500 with no
 * reason, which kubectl prints as `Error from server: etcdserver: request timed out`.
 */
function etcdTimedOut(): StatusError {
  return failureStatus(500, ERR_REQUEST_TIMED_OUT);
}

function specChanged(a: KObject, b: KObject): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(a[k], b[k])) return true;
  }
  return false;
}

function sameObject(a: KObject, b: KObject): boolean {
  return deepEqual(a, b);
}

/** Structural equality of JSON values, ignoring keys whose value is undefined. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    na++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (bo[k] !== undefined) nb++;
  return na === nb;
}

function sameFinalizers(cur: StoredObject, next: string[] | undefined): boolean {
  return JSON.stringify(cur.metadata.finalizers ?? []) === JSON.stringify(next ?? []);
}

/** Fields of type map[string]string: Go's JSON decoder turns a null value there into "". */
const STRING_MAP_FIELDS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'data', 'stringData']);

function nullStringsToEmpty(v: unknown, inStringMap = false, key = ''): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) nullStringsToEmpty(x);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const child = o[k];
    if (inStringMap && child === null) o[k] = '';
    // A frozen part is a stored object's, made from a body this pass (or the decoder) already went over.
    else if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) {
      // A Service's spec.selector is map[string]string too; a Deployment's is a LabelSelector.
      const serviceSelector = k === 'selector' && key === 'spec' && !('matchLabels' in child) && !('matchExpressions' in child);
      nullStringsToEmpty(child, STRING_MAP_FIELDS.has(k) || serviceSelector, k);
    }
  }
}

/** The node a field selector pins pods to (`spec.nodeName=x`), if it does so exactly once and plainly. */
function pinnedNodeName(fieldSelector: string | undefined): string | undefined {
  if (!fieldSelector) return undefined;
  const terms = fieldSelector.split(',').filter((t) => t.trim().startsWith('spec.nodeName'));
  if (terms.length !== 1) return undefined;
  const m = /^\s*spec\.nodeName\s*==?\s*([^!=]*)$/.exec(terms[0]!);
  return m ? m[1]!.trim() : undefined;
}

/**
 * A stored object to write a new revision of: its own top level and metadata (which the write
 * stamps), every other part the stored revision's, frozen and shared. Revisions kept in history
 * then cost what changed, not a whole object each.
 */
function shallowCopy(cur: StoredObject): KObject {
  return { ...cur, metadata: { ...cur.metadata } } as KObject;
}

/**
 * What a status write reads of its body: copied when the caller keeps the body; taken as it is when
 * the body is the server's own (a status patch's result, whose unchanged parts are the stored
 * object's, frozen, and are then neither copied nor frozen again).
 */
function statusPart(body: KObject, owned: boolean): KObject {
  const out: KObject = {};
  if (body.metadata !== undefined) out.metadata = owned ? body.metadata : deepCopy(body.metadata);
  if (body.status !== undefined) out.status = owned ? body.status : deepCopy(body.status);
  return out;
}

/**
 * A copy of a patch document as it is, every key kept (one whose value is undefined too, which a merge
 * sets as it does the original's): only its objects and arrays are new.
 */
function copyTree(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyTree);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    out[k] = x === null || typeof x !== 'object' ? x : copyTree(x);
  }
  return out;
}

/** Deletes undefined-valued fields from the parts of `v` that are not frozen (frozen parts are stored data, already without them). */
function dropUndefined(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  if (Array.isArray(v)) {
    for (const x of v) dropUndefined(x);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x === undefined) delete o[k];
    else dropUndefined(x);
  }
}

function nodeNameOf(o: StoredObject): string {
  return ((o as { spec?: { nodeName?: string } }).spec?.nodeName) ?? '';
}

function withRv(o: StoredObject, rev: number): StoredObject {
  return deepFreeze({ ...o, metadata: { ...o.metadata, resourceVersion: String(rev) } });
}

/** metadata.name when it is a string: a body from outside may carry anything there until it is decoded. */
function nameOf(body: KObject): string | undefined {
  const n = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof n === 'string' ? n : undefined;
}
