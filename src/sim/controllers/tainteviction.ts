/**
 * TaintEvictionController (k8s.io/kubernetes pkg/controller/tainteviction, split out of the node
 * lifecycle controller in 1.29): deletes pods from nodes with NoExecute taints they do not tolerate.
 *
 * Facts carried over:
 * - a pod that does not tolerate every NoExecute taint of its node is evicted at once;
 * - a pod that tolerates them all is evicted after the smallest tolerationSeconds among the tolerations
 *   that matched (0 or less: at once; none set: never), counted from when the controller first saw
 *   the pod under those taints — so a default pod (300s for not-ready/unreachable, added by the
 *   DefaultTolerationSeconds admission plugin) goes 300s after its node was tainted;
 * - eviction records `TaintManagerEviction` `Marking for deletion Pod <ns>/<name>` on the pod, adds the
 *   `DisruptionTarget` condition (reason `DeletionByTaintManager`, message
 *   `Taint manager: deleting due to NoExecute taint`) and deletes the pod with its default grace period;
 *   the kubelet of a dead node never confirms, so such pods stay Terminating;
 * - when the taints go away first, the scheduled eviction is cancelled with `TaintManagerEviction`
 *   `Cancelling deletion of Pod <ns>/<name>`.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { TimerId } from '../clock';
import type { Node, Pod, StoredObject, Taint, Toleration } from '../types';
import { keyOf } from '../types';
import { isStatusError } from '../api/types';
import { toleratesTaint } from '../scheduler/plugins/helper/taints';
import { POD_INDEX_BY_NODE, installPodsByNode } from './nodelifecycle';
import { errText } from './internal/util';

type NodeObj = Node & StoredObject;
type PodObj = Pod & StoredObject;

interface Scheduled {
  createdAtMs: number;
  fireAtMs: number;
  timer: TimerId;
}

/** getMatchingTolerations: whether every taint is tolerated, and the tolerations that did it. */
export function matchingTolerations(taints: Taint[], tolerations: readonly Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const hit = tolerations.filter((t) => toleratesTaint(t, taint));
    if (hit.length === 0) return { all: false, used: [] };
    used.push(...hit);
  }
  return { all: true, used };
}

/** getMinTolerationTime in ms: 0 for at once, -1 for never. */
export function minTolerationTimeMs(used: Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}

export class TaintEvictionController implements Component {
  readonly name = 'taint-eviction-controller';
  static readonly eventSource = 'taint-eviction-controller';
  static readonly user = 'system:serviceaccount:kube-system:node-controller';

  private readonly nodes: Informer<NodeObj>;
  private readonly pods: Informer<PodObj>;
  private readonly scheduled = new Map<string, Scheduled>();

  constructor(private readonly ctx: ComponentContext) {
    this.nodes = ctx.informers.informer<NodeObj>('nodes');
    this.pods = ctx.informers.informer<PodObj>('pods');
  }

  start(): void {
    installPodsByNode(this.pods);
    this.nodes.addEventHandler({
      add: (n) => this.nodeUpdated(undefined, n),
      update: (old, cur) => this.nodeUpdated(old, cur),
      delete: (n) => {
        for (const p of this.pods.byIndex(POD_INDEX_BY_NODE, n.metadata.name)) this.cancel(keyOf(p), false);
      },
    });
    this.pods.addEventHandler({
      add: (p) => this.processPod(p),
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        if (old.spec?.nodeName === cur.spec?.nodeName && old.spec?.tolerations === cur.spec?.tolerations && !!old.metadata.deletionTimestamp === !!cur.metadata.deletionTimestamp) return;
        this.processPod(cur);
      },
      delete: (p) => this.cancel(keyOf(p), false),
    });
    this.ctx.informers.start();
  }

  private noExecuteTaints(node: Node | undefined): Taint[] {
    return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
  }

  private nodeUpdated(old: NodeObj | undefined, cur: NodeObj): void {
    const before = JSON.stringify(this.noExecuteTaints(old).map((t) => [t.key, t.value]));
    const after = this.noExecuteTaints(cur);
    if (old && before === JSON.stringify(after.map((t) => [t.key, t.value]))) return;
    for (const p of this.pods.byIndex(POD_INDEX_BY_NODE, cur.metadata.name)) this.processPodOnNode(p, after);
  }

  private processPod(pod: PodObj): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    this.processPodOnNode(pod, this.noExecuteTaints(this.nodes.get(nodeName)));
  }

  private processPodOnNode(pod: PodObj, taints: Taint[]): void {
    const key = keyOf(pod);
    if (pod.metadata.deletionTimestamp) {
      this.cancel(key, false);
      return;
    }
    if (taints.length === 0) {
      this.cancel(key, true);
      return;
    }
    const { all, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    const now = this.ctx.clock.now();
    if (!all) {
      this.cancel(key, false);
      this.schedule(key, now, now);
      return;
    }
    const min = minTolerationTimeMs(used);
    if (min < 0) {
      this.cancel(key, true);
      return;
    }
    const existing = this.scheduled.get(key);
    const start = existing ? existing.createdAtMs : now;
    if (existing && existing.fireAtMs <= start + min) return;
    this.cancel(key, false);
    this.schedule(key, start, start + min);
  }

  private schedule(key: string, createdAtMs: number, fireAtMs: number): void {
    const timer = this.ctx.clock.at(Math.max(fireAtMs, this.ctx.clock.now()), `taint-eviction: evict ${key}`, () => {
      this.scheduled.delete(key);
      this.evict(key);
    });
    this.scheduled.set(key, { createdAtMs, fireAtMs, timer });
  }

  private cancel(key: string, withEvent: boolean): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    this.ctx.clock.cancel(s.timer);
    this.scheduled.delete(key);
    if (withEvent) {
      const pod = this.pods.get(key);
      if (pod) this.ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
    }
  }

  /** deletePodHandler: event, DisruptionTarget condition, delete. */
  private evict(key: string): void {
    const pod = this.pods.get(key);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    this.ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conds.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: this.ctx.clock.timestamp(),
      });
      this.ctx.client.patch('pods', ns, name, { status: { conditions: conds } }, { type: 'merge', subresource: 'status' });
      this.ctx.client.delete('pods', ns, name);
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return;
      this.ctx.log(`evicting pod ${key}: ${errText(e)}`);
    }
  }
}
