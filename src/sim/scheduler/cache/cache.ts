/**
 * The scheduler's cache (internal/cache/cache.go): NodeInfos kept up to date from informer events,
 * plus pods the scheduler has assumed onto a node before the API server confirmed the binding. It
 * also serves as the cycle's Snapshot: the simulation is single-threaded and a cycle runs to the end
 * in one clock event, so the live NodeInfos can be read directly.
 */
import type { Node, Pod } from '../../types';
import { keyOf } from '../../types';
import { NodeInfo, PodInfo, type ImageStateSummary } from '../framework/nodeInfo';
import { AffinityLists, nodeTreeOrder, zoneKeyOf, type Snapshot } from '../framework/snapshot';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

export class SchedulerCache implements Snapshot {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  /** image name → how many nodes have it (shared by every node's ImageStateSummary). */
  private readonly imageSpread = new Map<string, { numNodes: number }>();
  private list: NodeInfo[] = [];
  private listDirty = false;

  // ---- Snapshot --------------------------------------------------------------------------------

  get nodeInfoList(): readonly NodeInfo[] {
    if (this.listDirty) {
      this.list = nodeTreeOrder([...this.nodes.values()].filter((n) => n.node));
      this.listDirty = false;
    }
    return this.list;
  }

  get(nodeName: string): NodeInfo | undefined {
    const ni = this.nodes.get(nodeName);
    return ni?.node ? ni : undefined;
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  private readonly affinity = new AffinityLists();
  havePodsWithAffinityList(): readonly NodeInfo[] { return this.affinity.get(this.nodeInfoList).withAffinity; }
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] { return this.affinity.get(this.nodeInfoList).withAnti; }

  // ---- nodes -----------------------------------------------------------------------------------

  addNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? '';
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo();
      this.nodes.set(name, ni);
    } else if (ni.node) {
      this.removeNodeImageStates(ni.node);
    }
    ni.setNode(node);
    this.addNodeImageStates(node, ni);
    this.listDirty = true;
    return ni;
  }

  updateNode(oldNode: Node | undefined, newNode: Node): NodeInfo {
    const name = newNode.metadata?.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni || !ni.node) return this.addNode(newNode);
    // Only a move to another zone changes the node-tree order (nodeTree.updateNode); the kubelet's
    // status writes every few seconds per node must not rebuild the list for the next cycle.
    if (zoneKeyOf(ni.node) !== zoneKeyOf(newNode)) this.listDirty = true;
    if (oldNode) this.removeNodeImageStates(ni.node);
    ni.setNode(newNode);
    this.addNodeImageStates(newNode, ni);
    return ni;
  }

  /** A deleted node's NodeInfo lives on (without node) while pods still point at it, as upstream. */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    if (ni.node) this.removeNodeImageStates(ni.node);
    ni.removeNode();
    if (ni.pods.length === 0) this.nodes.delete(name);
    this.listDirty = true;
  }

  private addNodeImageStates(node: Node, ni: NodeInfo): void {
    const states = new Map<string, ImageStateSummary>();
    for (const img of node.status?.images ?? []) {
      for (const name of img.names ?? []) {
        let spread = this.imageSpread.get(name);
        if (!spread) this.imageSpread.set(name, (spread = { numNodes: 0 }));
        spread.numNodes++;
        states.set(name, { size: img.sizeBytes ?? 0, spread });
      }
    }
    ni.imageStates = states;
  }

  private removeNodeImageStates(node: Node): void {
    for (const img of node.status?.images ?? []) {
      for (const name of img.names ?? []) {
        const spread = this.imageSpread.get(name);
        if (!spread) continue;
        spread.numNodes--;
        if (spread.numNodes <= 0) this.imageSpread.delete(name);
      }
    }
  }

  // ---- pods ------------------------------------------------------------------------------------

  private nodeInfoFor(nodeName: string): NodeInfo {
    let ni = this.nodes.get(nodeName);
    if (!ni) {
      // A pod can arrive before its node (watch order); keep its NodeInfo until the node shows up.
      ni = new NodeInfo();
      this.nodes.set(nodeName, ni);
    }
    return ni;
  }

  private addPodToNode(pod: Pod, nodeName: string): void {
    this.nodeInfoFor(nodeName).addPod(new PodInfo(pod));
  }

  private removePodFromNode(pod: Pod, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) return;
    ni.removePod(pod);
    if (!ni.node && ni.pods.length === 0) this.nodes.delete(nodeName);
  }

  /** Places a pod the scheduler chose, before the binding is confirmed. `pod.spec.nodeName` is the node. */
  assumePod(pod: Pod): void {
    const key = keyOf(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key} is in the cache, so can't be assumed`);
    const nodeName = pod.spec?.nodeName ?? '';
    this.addPodToNode(pod, nodeName);
    this.podStates.set(key, { pod, nodeName, assumed: true, bindingFinished: false });
  }

  finishBinding(pod: Pod): void {
    const st = this.podStates.get(keyOf(pod));
    if (st?.assumed) st.bindingFinished = true;
  }

  /** Undoes an assumption (binding failed). */
  forgetPod(pod: Pod): void {
    const key = keyOf(pod);
    const st = this.podStates.get(key);
    if (!st || !st.assumed) return;
    this.removePodFromNode(st.pod, st.nodeName);
    this.podStates.delete(key);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.podStates.get(keyOf(pod))?.assumed ?? false;
  }

  /** An assigned pod seen by the informer: confirms an assumed pod, or adds it. */
  addPod(pod: Pod): void {
    const key = keyOf(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const st = this.podStates.get(key);
    if (st?.assumed) {
      // Confirmed. The informer's copy replaces the assumed one (it may sit on another node if
      // someone else bound it).
      this.removePodFromNode(st.pod, st.nodeName);
      this.addPodToNode(pod, nodeName);
      this.podStates.set(key, { pod, nodeName, assumed: false, bindingFinished: true });
      return;
    }
    if (st) return; // already added
    this.addPodToNode(pod, nodeName);
    this.podStates.set(key, { pod, nodeName, assumed: false, bindingFinished: true });
  }

  updatePod(oldPod: Pod, newPod: Pod): void {
    const key = keyOf(newPod);
    const st = this.podStates.get(key);
    if (!st) { this.addPod(newPod); return; }
    this.removePodFromNode(st.pod ?? oldPod, st.nodeName);
    const nodeName = newPod.spec?.nodeName ?? '';
    this.addPodToNode(newPod, nodeName);
    this.podStates.set(key, { pod: newPod, nodeName, assumed: false, bindingFinished: true });
  }

  removePod(pod: Pod): void {
    const key = keyOf(pod);
    const st = this.podStates.get(key);
    if (!st) return;
    this.removePodFromNode(st.pod, st.nodeName);
    this.podStates.delete(key);
  }

  /** For tests and the UI: every NodeInfo, including ones whose node is gone. */
  allNodeInfos(): NodeInfo[] {
    return [...this.nodes.values()];
  }
}
