/**
 * What the Requests view draws, worked out from conversation entries without the DOM: which box a
 * component belongs to, the order of the sequence lanes, the rows of the story (a step's name, then
 * its requests, their etcd writes and the watch events), and the words on each arrow.
 */
import { objectOf } from '../../state/conversation';
import type { ConversationEntry, EtcdWrite, RequestEntry, StepStory, WatchEntry } from '../../worker/protocol';
import { translate } from '../i18n';

export const APISERVER = 'kube-apiserver';
export const ETCD = 'etcd';
export const KCM = 'kube-controller-manager';
export const SCHEDULER = 'kube-scheduler';
export const KUBECTL = 'kubectl';
export const KUBE_PROXY = 'kube-proxy';

/** Controllers drawn in kube-controller-manager's box before they have spoken: those an apply sets to work. */
export const DEFAULT_CONTROLLERS = ['deployment-controller', 'replicaset-controller', 'endpointslice-controller', 'endpoint-controller'];
/**
 * kube-controller-manager's controllers whose service account (the name their requests carry) does not
 * end in `-controller`.
 */
const OTHER_CONTROLLERS = new Set(['generic-garbage-collector', 'pod-garbage-collector', 'horizontal-pod-autoscaler', 'persistent-volume-binder', 'bootstrap-signer', 'token-cleaner', 'root-ca-cert-publisher', 'legacy-service-account-token-cleaner']);
/** Node agents drawn with the kubelets, in this order. */
export const NODE_ADDONS = [KUBE_PROXY, 'flanneld', 'coredns', 'metallb', 'local-path-provisioner'];
/** More nodes than this and the kubelets are one box. */
export const KUBELETS_GROUPED_ABOVE = 8;

export type ComponentKind = 'client' | 'apiserver' | 'etcd' | 'scheduler' | 'kcm' | 'controller' | 'kubelet' | 'addon';

export function kindOf(component: string): ComponentKind {
  if (component === APISERVER) return 'apiserver';
  if (component === ETCD) return 'etcd';
  if (component === SCHEDULER) return 'scheduler';
  if (component === KCM) return 'kcm';
  if (component.endsWith('-controller') || OTHER_CONTROLLERS.has(component)) return 'controller';
  if (component.startsWith('kubelet/')) return 'kubelet';
  if (NODE_ADDONS.includes(component)) return 'addon';
  return 'client';
}

const KIND_ORDER: Record<ComponentKind, number> = { client: 0, apiserver: 1, etcd: 2, scheduler: 3, kcm: 4, controller: 5, kubelet: 6, addon: 7 };

/** Components in the order the lanes and boxes show them: clients, the API server, etcd, the scheduler, the controllers, the kubelets, the node agents. */
export function orderComponents(names: Iterable<string>): string[] {
  const rank = (n: string): number => (n === KUBECTL ? -1 : KIND_ORDER[kindOf(n)]);
  const addon = (n: string): number => NODE_ADDONS.indexOf(n);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || addon(a) - addon(b) || a.localeCompare(b, 'en', { numeric: true }));
}

/** A long generated name shortened for an arrow: `web-7d4b9c8f5d-x2x9q` stays, longer names keep both ends. */
export function shortName(name: string, max = 28): string {
  if (name.length <= max) return name;
  const head = Math.ceil((max - 1) * 0.6);
  return `${name.slice(0, head)}…${name.slice(name.length - (max - 1 - head))}`;
}

/** `default/web-7d…`, or `worker-1` when cluster-scoped, or '' when the request names no object. */
export function objectLabel(e: Pick<ConversationEntry, 'namespace' | 'name'>, max = 28): string {
  if (!e.name) return e.namespace ? `${e.namespace}/` : '';
  return e.namespace ? `${e.namespace}/${shortName(e.name, max)}` : shortName(e.name, max);
}

/** The arrow of a request: `POST pods 201`, `POST pods/binding 201`, `GET pods?watch 200`. */
export function requestLabel(e: RequestEntry): string {
  const res = e.subresource ? `${e.resource}/${e.subresource}` : e.resource;
  return `${e.method} ${res}${e.verb === 'watch' ? '?watch' : ''} ${e.code}`;
}

/** The arrow of an etcd write: `PUT /registry/pods/default/web-… rev 812`. */
export function etcdLabel(w: EtcdWrite): string {
  const parts = w.key.split('/');
  const last = parts.pop() ?? '';
  return `${w.op} ${[...parts, shortName(last, 24)].join('/')} rev ${w.revision}`;
}

/** The arrow of a watch event: `ADDED pods`. */
export function watchLabel(e: WatchEntry): string {
  return `${e.type} ${e.resource}`;
}

/** A step without a story from the worker (older than its window) still gets a header. */
export function stepTitle(step: number, story: StepStory | undefined): string {
  return story ? story.label : translate('requests.step', { step });
}

export type StoryRow =
  | { kind: 'step'; step: number; title: string; owner: string; atMs: number }
  | { kind: 'request'; entry: RequestEntry; from: string; to: string }
  | { kind: 'etcd'; entry: RequestEntry; write: EtcdWrite; from: string; to: string }
  | { kind: 'watch'; entry: WatchEntry; from: string; to: string };

/**
 * The rows of the story, oldest first: each step's name as a header, then its entries in order; a
 * request is followed by the etcd writes it made. Rows of one entry share its seq for selection.
 */
export function storyRows(entries: readonly ConversationEntry[], steps: ReadonlyMap<number, StepStory>): StoryRow[] {
  const rows: StoryRow[] = [];
  let step: number | undefined;
  for (const e of entries) {
    if (e.step !== step) {
      step = e.step;
      const s = steps.get(e.step);
      rows.push({ kind: 'step', step: e.step, title: stepTitle(e.step, s), owner: s?.owner ?? '', atMs: s?.atMs ?? e.atMs });
    }
    if (e.kind === 'request') {
      rows.push({ kind: 'request', entry: e, from: e.component, to: APISERVER });
      for (const w of e.etcd ?? []) rows.push({ kind: 'etcd', entry: e, write: w, from: APISERVER, to: ETCD });
    } else {
      rows.push({ kind: 'watch', entry: e, from: APISERVER, to: e.component });
    }
  }
  return rows;
}

/** The lanes of the sequence diagram: every component in the rows, with the API server and etcd always. */
export function lanesOf(rows: readonly StoryRow[]): string[] {
  const names = new Set<string>([APISERVER, ETCD]);
  for (const r of rows) if (r.kind !== 'step') names.add(r.kind === 'request' ? r.from : r.to);
  return orderComponents(names);
}

/** The step that stands out: the selected entry's, or the newest shown. */
export function focusStep(entries: readonly ConversationEntry[], selectedSeq: number | undefined): number | undefined {
  if (selectedSeq !== undefined) {
    const sel = entries.find((e) => e.seq === selectedSeq);
    if (sel) return sel.step;
  }
  return entries.at(-1)?.step;
}

/** Objects the entries name, newest first, for the follow field's suggestions. */
export function objectsSeen(entries: readonly ConversationEntry[], max = 200): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = entries.length - 1; i >= 0 && out.length < max; i--) {
    const o = objectOf(entries[i]!);
    if (o === undefined || seen.has(o)) continue;
    seen.add(o);
    out.push(o);
  }
  return out;
}

/** A step's story with over-long names shortened (the worker names objects in full). */
export function shortStory(label: string, max = 32): string {
  return label
    .split(' ')
    .map((word) => word.split('/').map((part) => shortName(part, max)).join('/'))
    .join(' ');
}
