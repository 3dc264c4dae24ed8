/**
 * The API server's conversation, recorded as it happens: each request (who, what, the answer, the etcd
 * writes it made) and each watch event as a watcher receives it, tied back to the request whose write
 * caused it. A bounded ring of entries, and the bodies of the most recent requests for their detail.
 *
 * Recording only looks: it schedules nothing, draws no random numbers and makes no requests, so a run
 * is byte-identical whether anybody reads the log or not.
 */
import type { Decision, RequestAttributes, UserInfo } from '../../auth/types';
import type { Clock } from '../../clock';
import type { MvccStore, StoreEvent } from '../../store/store';
import type { StoredObject } from '../../types';
import { deepCopy } from '../../types';
import type { ResourceDefinition, Status, WatchEvent } from '../types';
import { componentOf } from './components';
import { stepLabel } from './story';
import type { ConversationEntry, ComponentName, RequestEntry, StepStory, WatchEntry } from './types';
import { methodOf, requestUri } from './uri';
import type { RequestInput } from './uri';

const WATCH_TYPES: WatchEntry['type'][] = ['ADDED', 'MODIFIED', 'DELETED', 'ERROR'];

/** Entries kept (requests and watch events together). */
export const CONVERSATION_CAPACITY = 20_000;
/** Requests whose bodies are kept for their detail. */
export const DETAILS_KEPT = 2_000;
/** Revisions remembered with the request that wrote them (a watch event names its cause from this). */
const CAUSES_KEPT = 1 << 16;

/** What a request's detail is made from. */
export interface KeptRequest {
  entry: RequestEntry;
  /** false once the bodies have been let go (only the entry is left) */
  bodies: boolean;
  /** The request body as sent, as JSON text. */
  readonly body?: string;
  patchType?: RequestInput['patchType'];
  /** the object (or list) answered; stored objects are frozen, so a reference is enough */
  response?: unknown;
  /** the Status of a failed request */
  status?: Status;
  /** the process that sent it (`kube-scheduler/control-plane-3`, `kubelet/worker-2`), '' for a user's command */
  process: string;
  /** how the authorizers decided (absent when authorization is off, or for the server's own start-up writes) */
  authz?: Decision;
  /** the name a list or watch was authorized with: its field selector's exact `metadata.name` */
  selectedName?: string;
  /** the user the request was served as, when the client impersonated one (`--as`) */
  impersonated?: UserInfo;
  /**
   * the impersonation filter's checks, in the order it asked (user or ServiceAccount, then each group);
   * it stops at the first denial, which is then the last
   */
  impersonation?: { attributes: RequestAttributes; decision: Decision }[];
}

/**
 * A request kept with its bodies. The body is kept as a copy of its JSON shape (the caller may change
 * its object after the call) and written as text only when read: copying costs a fraction of writing
 * JSON, and only the Requests view reads the text, for the few requests it shows.
 */
class KeptBodies implements KeptRequest {
  bodies = true;
  sent: unknown;
  patchType?: RequestInput['patchType'];
  response?: unknown;
  status?: Status;

  constructor(
    readonly entry: RequestEntry,
    readonly process: string,
  ) {}

  get body(): string | undefined {
    return this.sent === undefined ? undefined : JSON.stringify(this.sent);
  }
}

/** The watcher a delivery goes to. */
export interface WatcherIdentity {
  user: string;
  component: ComponentName;
  def: Pick<ResourceDefinition, 'plural' | 'group'>;
}

export class ConversationLog {
  /**
   * A request's entry per slot; a watch event's slot holds undefined and the event lives in the
   * columns below, made into a WatchEntry only when read. Watch deliveries are most of a cluster's
   * conversation: as columns they allocate nothing per event for the collector to promote and trace.
   */
  private readonly ring: (RequestEntry | undefined)[];
  /** every slot's step, so steps can be searched without making entries */
  private readonly steps: Float64Array;
  private readonly wAt: Float64Array;
  private readonly wRevision: Float64Array;
  /** seq of the causing request, or 0 for none */
  private readonly wCause: Float64Array;
  private readonly wType: Uint8Array;
  private readonly wWatcher: (WatcherIdentity | undefined)[];
  private readonly wNamespace: (string | undefined)[];
  private readonly wName: (string | undefined)[];
  /** what a request's body says that its story needs (the node a binding names, an Event's reason), per ring slot */
  private readonly notes: (string | undefined)[];
  /** the process the clock event ran for, on the first entry of each step */
  private readonly owners: (string | undefined)[];
  /** the process that sent each request (where it comes from: its node's address) */
  private readonly senders: (string | undefined)[];
  private nextSeq = 1;
  /** user actions so far: each is a step of its own between the clock's events (see `step`) */
  private userSteps = 0;
  /** the names of the most recent user actions' steps */
  private readonly userStories = new Map<number, StepStory>();
  private readonly active: { entry: RequestEntry }[] = [];
  private readonly causeRev = new Float64Array(CAUSES_KEPT);
  private readonly causeSeq = new Float64Array(CAUSES_KEPT);
  private readonly details = new Map<number, KeptRequest>();
  private readonly detailOrder: number[] = [];
  private detailHead = 0;
  /** each user's box, worked out once: a cluster has a few hundred users and every request names one */
  private readonly components = new Map<string, ComponentName>();

  constructor(
    private readonly clock: Clock,
    store: MvccStore,
    readonly capacity = CONVERSATION_CAPACITY,
    private readonly detailsKept = DETAILS_KEPT,
  ) {
    this.ring = new Array<RequestEntry | undefined>(capacity);
    this.steps = new Float64Array(capacity);
    this.wAt = new Float64Array(capacity);
    this.wRevision = new Float64Array(capacity);
    this.wCause = new Float64Array(capacity);
    this.wType = new Uint8Array(capacity);
    this.wWatcher = new Array<WatcherIdentity | undefined>(capacity);
    this.wNamespace = new Array<string | undefined>(capacity);
    this.wName = new Array<string | undefined>(capacity);
    this.notes = new Array<string | undefined>(capacity);
    this.owners = new Array<string | undefined>(capacity);
    this.senders = new Array<string | undefined>(capacity);
    store.observe((ev) => this.wrote(ev));
  }

  /** A request begins; `end` finishes its entry. `program`: the box it comes from when its user does not tell (`kubeadm`). */
  begin(user: string, verb: string, def: Pick<ResourceDefinition, 'plural' | 'group' | 'version' | 'namespaced'>, namespace: string | undefined, name: string | undefined, subresource: string | undefined, input: RequestInput | undefined, program?: string): KeptRequest {
    const entry: RequestEntry = {
      kind: 'request',
      seq: 0,
      atMs: this.clock.now(),
      step: this.step,
      user,
      component: program ?? this.componentOf(user),
      verb,
      resource: def.plural,
      group: def.group,
      code: 0,
      method: input?.method ?? methodOf(verb),
      uri: requestUri(def, verb, namespace, name, subresource, input),
    };
    if (subresource) entry.subresource = subresource;
    if (namespace && def.namespaced) entry.namespace = namespace;
    if (name && verb !== 'list' && verb !== 'watch') entry.name = name;
    const slot = this.push(entry.step, entry);
    entry.seq = this.nextSeq - 1;
    if (verb === 'create') this.notes[slot] = noteOf(def.plural, subresource, input?.body);
    const process = this.clock.owner()?.name ?? '';
    this.senders[slot] = process;
    // A body the caller still holds may change after the call: copy it now.
    const kept = new KeptBodies(entry, process);
    const body = input?.body ?? (input?.deleteOptions !== undefined ? { kind: 'DeleteOptions', apiVersion: 'v1', ...(input.deleteOptions as object) } : undefined);
    if (body !== undefined) kept.sent = deepCopy(body);
    if (input?.patchType) kept.patchType = input.patchType;
    this.active.push(kept);
    this.keepDetail(kept);
    return kept;
  }

  /** The request ended with `code`, answering `response` or failing with `status`. */
  end(kept: KeptRequest, code: number, response: unknown, status: Status | undefined): void {
    const i = this.active.lastIndexOf(kept);
    if (i >= 0) this.active.splice(i, 1);
    const e = kept.entry;
    e.code = code;
    if (status) kept.status = status;
    else if (response !== undefined && e.verb !== 'watch') {
      const list = response as { items?: unknown[] };
      // A list's items array is the caller's to keep: hold a copy of the array (the items are frozen).
      kept.response = Array.isArray(list.items) ? { ...list, items: list.items.slice() } : response;
      // A create by generateName learns its name from the answer.
      if (e.verb === 'create' && !e.subresource && e.name === undefined) {
        const n = (response as StoredObject).metadata?.name;
        if (typeof n === 'string') e.name = n;
      }
    }
  }

  /** A watch event reaches its watcher. `initial`: part of a new watch's first list, caused by no request. */
  delivered(w: WatcherIdentity, ev: WatchEvent, initial: boolean): void {
    const md = (ev.object as Partial<StoredObject>).metadata;
    const revision = Number(md?.resourceVersion) || 0;
    let cause = 0;
    if (!initial && ev.type !== 'ERROR' && revision > 0) {
      const c = revision % CAUSES_KEPT;
      if (this.causeRev[c] === revision) {
        cause = this.causeSeq[c]!;
        const req = cause >= this.oldest ? this.ring[cause % this.capacity] : undefined;
        if (req?.seq === cause) req.fanout = (req.fanout ?? 0) + 1;
      }
    }
    const slot = this.push(this.step, undefined);
    this.wAt[slot] = this.clock.now();
    this.wRevision[slot] = revision;
    this.wCause[slot] = cause;
    this.wType[slot] = WATCH_TYPES.indexOf(ev.type === 'BOOKMARK' ? 'MODIFIED' : ev.type);
    this.wWatcher[slot] = w;
    this.wNamespace[slot] = ev.type !== 'ERROR' ? md?.namespace || undefined : undefined;
    this.wName[slot] = ev.type !== 'ERROR' ? md?.name || undefined : undefined;
  }

  /**
   * The step entries are recorded in now: the clock's events and the user's actions, counted together,
   * so an action (an apply, a kubectl line, a fault) is a step of its own and not part of the clock
   * event before it.
   */
  get step(): number {
    return this.clock.eventsRun + this.userSteps;
  }

  /** A user's action begins: what it sends is its own step, until the clock's next event. */
  beginUserStep(): number {
    this.userSteps++;
    return this.step;
  }

  /** Names user step `step` (`kubectl: apply deployment.apps/web`, `kubectl get pods`), told even if it sent nothing. */
  nameUserStep(step: number, label: string): void {
    this.userStories.set(step, { step, atMs: this.clock.now(), owner: '', label });
    if (this.userStories.size > DETAILS_KEPT) this.userStories.delete(this.userStories.keys().next().value!);
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The seq the next entry will get. */
  get next(): number {
    return this.nextSeq;
  }

  /** The oldest seq still kept. */
  get oldest(): number {
    return Math.max(1, this.nextSeq - this.capacity);
  }

  /** The entry numbered `seq`, if still kept. */
  at(seq: number): ConversationEntry | undefined {
    if (seq < this.oldest || seq >= this.nextSeq) return undefined;
    const slot = seq % this.capacity;
    return this.ring[slot] ?? this.watchEntry(seq, slot);
  }

  /** Entries with seq in [from, to), oldest first (clamped to those kept). */
  slice(from: number, to = this.nextSeq): ConversationEntry[] {
    const out: ConversationEntry[] = [];
    for (let s = Math.max(from, this.oldest); s < Math.min(to, this.nextSeq); s++) out.push(this.at(s)!);
    return out;
  }

  /** Entries with seq below `beforeSeq`, newest first. */
  *newestFirst(beforeSeq = this.nextSeq): Generator<ConversationEntry> {
    for (let s = Math.min(beforeSeq, this.nextSeq) - 1; s >= this.oldest; s--) yield this.at(s)!;
  }

  /** A request's entry with its bodies while they are kept (`bodies` false after). */
  request(seq: number): KeptRequest | undefined {
    const kept = this.details.get(seq);
    if (kept) return kept;
    const e = this.at(seq);
    return e?.kind === 'request' ? { entry: e, bodies: false, process: this.senders[seq % this.capacity] ?? '' } : undefined;
  }

  /** What clock step `step` did, from the entries recorded in it; undefined when it recorded none. */
  story(step: number): StepStory | undefined {
    const user = this.userStories.get(step);
    if (user) return { ...user };
    const [from, to] = this.stepRange(step);
    if (from >= to) return undefined;
    const entries = this.slice(from, to);
    const first = entries[0]!;
    return { step, atMs: first.atMs, owner: this.owners[from % this.capacity] ?? '', label: stepLabel(entries, (seq) => this.notes[seq % this.capacity]) };
  }

  /** The stories of the steps these entries happened in, in order. */
  stories(entries: readonly ConversationEntry[]): StepStory[] {
    const out: StepStory[] = [];
    let last = -1;
    for (const e of entries) {
      if (e.step === last) continue;
      last = e.step;
      const s = this.story(e.step);
      if (s) out.push(s);
    }
    return out;
  }

  // ---- internals -------------------------------------------------------------------------------

  private componentOf(user: string): ComponentName {
    let c = this.components.get(user);
    if (c === undefined) this.components.set(user, (c = componentOf(user)));
    return c;
  }

  /** Takes the next seq's slot for an entry of `step` (`request` undefined for a watch event). */
  private push(step: number, request: RequestEntry | undefined): number {
    const seq = this.nextSeq++;
    const slot = seq % this.capacity;
    const firstOfStep = seq === 1 || this.steps[(seq - 1) % this.capacity] !== step;
    this.ring[slot] = request;
    this.steps[slot] = step;
    this.notes[slot] = undefined;
    this.wWatcher[slot] = undefined;
    this.senders[slot] = undefined;
    this.owners[slot] = firstOfStep ? (this.clock.owner()?.name ?? '') : undefined;
    return slot;
  }

  /** The watch event in slot `slot`, as an entry. */
  private watchEntry(seq: number, slot: number): WatchEntry {
    const w = this.wWatcher[slot]!;
    const e: WatchEntry = {
      kind: 'watch',
      seq,
      atMs: this.wAt[slot]!,
      step: this.steps[slot]!,
      component: w.component,
      user: w.user,
      type: WATCH_TYPES[this.wType[slot]!]!,
      resource: w.def.plural,
      group: w.def.group,
      revision: this.wRevision[slot]!,
    };
    const ns = this.wNamespace[slot];
    const name = this.wName[slot];
    if (ns !== undefined) e.namespace = ns;
    if (name !== undefined) e.name = name;
    if (this.wCause[slot]! > 0) e.cause = this.wCause[slot]!;
    return e;
  }

  /** [from, to) seqs of the entries recorded in `step` (steps never decrease along the log). */
  private stepRange(step: number): [number, number] {
    const lo0 = this.oldest;
    const hi0 = this.nextSeq;
    const firstAtLeast = (s: number): number => {
      let lo = lo0;
      let hi = hi0;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.steps[mid % this.capacity]! < s) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [firstAtLeast(step), firstAtLeast(step + 1)];
  }

  private keepDetail(kept: KeptRequest): void {
    const seq = kept.entry.seq;
    this.details.set(seq, kept);
    if (this.detailOrder.length < this.detailsKept) {
      this.detailOrder.push(seq);
      return;
    }
    const old = this.detailOrder[this.detailHead]!;
    const gone = this.details.get(old);
    if (gone) gone.bodies = false;
    this.details.delete(old);
    this.detailOrder[this.detailHead] = seq;
    this.detailHead = (this.detailHead + 1) % this.detailsKept;
  }

  /** An etcd write: while a request runs, it is that request's, and its revision remembers it. */
  private wrote(ev: StoreEvent): void {
    const kept = this.active[this.active.length - 1];
    if (!kept) return;
    const e = kept.entry;
    (e.etcd ??= []).push({ op: ev.type, key: ev.key, revision: ev.revision });
    const slot = ev.revision % CAUSES_KEPT;
    this.causeRev[slot] = ev.revision;
    this.causeSeq[slot] = e.seq;
  }
}

/** The part of a create's body its story tells: the node a binding names; an Event's reason and object. */
function noteOf(plural: string, subresource: string | undefined, body: unknown): string | undefined {
  if (plural === 'pods' && subresource === 'binding') {
    const target = (body as { target?: { name?: unknown } } | undefined)?.target?.name;
    return typeof target === 'string' ? target : undefined;
  }
  if (plural === 'events' && !subresource) {
    // core/v1 Events name their object in involvedObject, events.k8s.io/v1 ones in regarding
    const ev = body as { reason?: unknown; involvedObject?: { kind?: unknown; namespace?: unknown; name?: unknown }; regarding?: { kind?: unknown; namespace?: unknown; name?: unknown } } | undefined;
    const about = ev?.involvedObject ?? ev?.regarding;
    if (typeof ev?.reason !== 'string' || typeof about?.kind !== 'string') return undefined;
    const ref = typeof about.namespace === 'string' && about.namespace ? `${about.namespace}/${String(about.name ?? '')}` : String(about.name ?? '');
    return `${ev.reason} on ${about.kind} ${ref}`;
  }
  return undefined;
}
