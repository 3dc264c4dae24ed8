/**
 * PodInfo and NodeInfo: the scheduler's per-node accounting (framework/types.go). NodeInfo is kept up
 * to date incrementally as pods are added and removed, so a cycle only reads it.
 */
import type { Node, Pod } from '../../types';
import { Resource, nodeAllocatable, podRequests, resourceFromAcc } from './resource';

/** A pod plus what the scheduler derives from it once: requests, ports, affinity flags. */
export class PodInfo {
  /** Requests as NodeResourcesFit counts them (no defaults). */
  readonly requests: Resource;
  /** cpu (millicores) and memory (bytes) with the 100m / 200Mi defaults for containers that name none. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  /** host ports as `ip|protocol|port` keys. */
  readonly hostPorts: readonly string[];
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;
  /** Parsed pod (anti-)affinity terms, filled on first use by plugins/helper/affinityTerms.ts. */
  parsedAffinity: unknown = undefined;

  constructor(readonly pod: Pod) {
    this.requests = resourceFromAcc(podRequests(pod, false));
    const nz = podRequests(pod, true);
    this.nonZeroMilliCPU = nz.get('cpu') ?? 0;
    this.nonZeroMemory = nz.get('memory') ?? 0;
    const ports: string[] = [];
    for (const c of pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.hostPort && p.hostPort > 0) ports.push(hostPortKey(p.hostIP, p.protocol, p.hostPort));
      }
    }
    this.hostPorts = ports;
    const aff = pod.spec?.affinity;
    this.hasAffinity = !!(aff?.podAffinity || aff?.podAntiAffinity);
    this.hasRequiredAntiAffinity = !!aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length;
  }

  get uid(): string {
    return this.pod.metadata?.uid ?? '';
  }
}

export function hostPortKey(ip: string | undefined, protocol: string | undefined, port: number): string {
  return `${ip || '0.0.0.0'}|${protocol || 'TCP'}|${port}`;
}

/** What the scheduler knows about one image on nodes: its size here and on how many nodes it is. */
export interface ImageStateSummary {
  size: number;
  /** Shared across nodes: the number of nodes that have the image. */
  readonly spread: { numNodes: number };
}

let generationCounter = 0;
let affinityEpochCounter = 0;

/** Bumped whenever a pod with (anti-)affinity joins or leaves any NodeInfo: snapshots memoize on it. */
export function affinityEpoch(): number {
  return affinityEpochCounter;
}

/** Node-level aggregated information: the node, its pods, and the sums the plugins read. */
export class NodeInfo {
  node: Node | null = null;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** host ports in use: key → number of pods using it. */
  usedPorts = new Map<string, number>();
  /** Sum of pods' requests (no defaults). */
  requested = new Resource();
  /** Sum with the 100m / 200Mi defaults applied to cpu and memory (only those two are meaningful). */
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  imageStates = new Map<string, ImageStateSummary>();
  /** Bumped on every change; lets a snapshot or a trace tell whether the node changed. */
  generation = ++generationCounter;
  /**
   * Counts of this node's pods matching a selector in a namespace, by a key naming both, valid while
   * `generation` equals `matchCountsGeneration` (PodTopologySpread asks the same on every cycle).
   */
  matchCounts: Map<string, number> | null = null;
  matchCountsGeneration = 0;

  constructor(node?: Node | null, ...pods: Pod[]) {
    if (node) this.setNode(node);
    for (const p of pods) this.addPod(new PodInfo(p));
  }

  get name(): string {
    return this.node?.metadata?.name ?? '';
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.generation = ++generationCounter;
  }

  removeNode(): void {
    this.node = null;
    this.generation = ++generationCounter;
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) { this.podsWithAffinity.push(pi); affinityEpochCounter++; }
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with this pod's uid; returns false if it was not here. */
  removePod(pod: Pod): boolean {
    const uid = pod.metadata?.uid;
    const i = this.pods.findIndex((p) => p.uid === uid);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    // Swap-remove: order of pods on a node carries no meaning.
    this.pods[i] = this.pods[this.pods.length - 1]!;
    this.pods.pop();
    if (pi.hasAffinity) { removeFrom(this.podsWithAffinity, uid); affinityEpochCounter++; }
    if (pi.hasRequiredAntiAffinity) removeFrom(this.podsWithRequiredAntiAffinity, uid);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.addResource(pi.requests, sign);
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroMilliCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroMemory;
    for (const k of pi.hostPorts) {
      const n = (this.usedPorts.get(k) ?? 0) + sign;
      if (n <= 0) this.usedPorts.delete(k);
      else this.usedPorts.set(k, n);
    }
    this.generation = ++generationCounter;
  }

  /** A copy whose pod lists and sums can change without touching this one (preemption what-ifs). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.usedPorts = new Map(this.usedPorts);
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable.clone();
    c.imageStates = this.imageStates;
    c.generation = this.generation;
    return c;
  }
}

function removeFrom(list: PodInfo[], uid: string | undefined): void {
  const i = list.findIndex((p) => p.uid === uid);
  if (i >= 0) list.splice(i, 1);
}

/** The pod's priority: spec.priority, 0 when unset (corev1helpers.PodPriority). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
