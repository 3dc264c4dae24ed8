/**
 * Snapshot: the node list a cycle works on, in the scheduler's node-tree order (zones interleaved).
 * The cache hands out its live NodeInfos; the cycle is synchronous, so nothing changes under it.
 */
import type { Node, Pod } from '../../types';
import { NodeInfo, PodInfo, affinityEpoch } from './nodeInfo';

export interface Snapshot {
  /** Nodes in node-tree order: the order filtering walks them in. */
  readonly nodeInfoList: readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  numNodes(): number;
  /** Nodes hosting at least one pod with pod (anti-)affinity (HavePodsWithAffinityList). */
  havePodsWithAffinityList(): readonly NodeInfo[];
  /** Nodes hosting at least one pod with required anti-affinity. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
}

/**
 * The two affinity node lists, memoized until a pod with affinity moves or the node list changes,
 * so a cluster without affinity pays nothing per cycle.
 */
export class AffinityLists {
  private epoch = -1;
  private of: readonly NodeInfo[] | null = null;
  private withAffinity: NodeInfo[] = [];
  private withAnti: NodeInfo[] = [];

  get(list: readonly NodeInfo[]): { withAffinity: readonly NodeInfo[]; withAnti: readonly NodeInfo[] } {
    const e = affinityEpoch();
    if (e !== this.epoch || list !== this.of) {
      this.epoch = e;
      this.of = list;
      this.withAffinity = list.filter((n) => n.podsWithAffinity.length > 0);
      this.withAnti = list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    }
    return { withAffinity: this.withAffinity, withAnti: this.withAnti };
  }
}

/** A fixed snapshot built from objects (tests and what-if runs). Pods with spec.nodeName are placed. */
export class StaticSnapshot implements Snapshot {
  readonly nodeInfoList: NodeInfo[];
  private readonly byName = new Map<string, NodeInfo>();

  constructor(nodes: readonly Node[], pods: readonly Pod[] = []) {
    for (const n of nodes) this.byName.set(n.metadata?.name ?? '', new NodeInfo(n));
    // Image states as the cache keeps them: per node its sizes, shared counts of nodes per image.
    const spread = new Map<string, { numNodes: number }>();
    for (const ni of this.byName.values()) {
      for (const img of ni.node?.status?.images ?? []) {
        for (const name of img.names ?? []) {
          let sp = spread.get(name);
          if (!sp) spread.set(name, (sp = { numNodes: 0 }));
          sp.numNodes++;
          ni.imageStates.set(name, { size: img.sizeBytes ?? 0, spread: sp });
        }
      }
    }
    for (const p of pods) {
      const ni = this.byName.get(p.spec?.nodeName ?? '');
      if (ni) ni.addPod(new PodInfo(p));
    }
    this.nodeInfoList = nodeTreeOrder([...this.byName.values()]);
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  private readonly affinity = new AffinityLists();
  havePodsWithAffinityList(): readonly NodeInfo[] { return this.affinity.get(this.nodeInfoList).withAffinity; }
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] { return this.affinity.get(this.nodeInfoList).withAnti; }
}

/** The zone key the node tree groups by: region and zone labels (GA first, then the beta ones). */
export function zoneKeyOf(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}

/**
 * Orders nodes as `nodeTree.list()` does: zones in order of first appearance, then round-robin, one
 * node from each zone per turn, so consecutive nodes in the list come from different zones.
 */
export function nodeTreeOrder(infos: readonly NodeInfo[]): NodeInfo[] {
  const zones = new Map<string, NodeInfo[]>();
  for (const ni of infos) {
    if (!ni.node) continue;
    const z = zoneKeyOf(ni.node);
    let arr = zones.get(z);
    if (!arr) zones.set(z, (arr = []));
    arr.push(ni);
  }
  if (zones.size === 1) return [...zones.values()][0]!.slice();
  const lists = [...zones.values()];
  const out: NodeInfo[] = [];
  for (let i = 0; out.length < infos.length; i++) {
    let any = false;
    for (const l of lists) if (i < l.length) { out.push(l[i]!); any = true; }
    if (!any) break;
  }
  return out;
}
