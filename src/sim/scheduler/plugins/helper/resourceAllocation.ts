/**
 * The resource-allocation scorer NodeResourcesFit and NodeResourcesBalancedAllocation share
 * (plugins/noderesources/resource_allocation.go). For each configured resource it pairs the node's
 * allocatable with what would be requested after placing the pod, then hands both vectors to a
 * strategy function.
 *
 * With `useRequested` false (Fit's strategies), cpu and memory use the node's NonZeroRequested and the
 * pod's requests with the 100m / 200Mi defaults, so best-effort pods still spread. Balanced allocation
 * uses the actual requests.
 */
import type { Pod } from '../../../types';
import type { ResourceSpec } from '../../framework/config';
import type { NodeInfo } from '../../framework/nodeInfo';
import { isScalarResourceName, podRequests } from '../../framework/resource';

export type ScorerFn = (requested: Float64Array, allocatable: Float64Array) => number;

export class ResourceAllocationScorer {
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;

  constructor(
    readonly resources: readonly Required<ResourceSpec>[],
    readonly useRequested: boolean,
    private readonly scorer: ScorerFn,
  ) {
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
  }

  /** The pod's request for each configured resource, in configured order. */
  podRequestList(pod: Pod): number[] {
    const acc = podRequests(pod, !this.useRequested);
    return this.resources.map((r) => acc.get(r.name) ?? 0);
  }

  score(nodeInfo: NodeInfo, podReqs: readonly number[]): number {
    const req = this.requested;
    const alloc = this.allocatable;
    const requested = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    const a = nodeInfo.allocatable;
    for (let i = 0; i < this.resources.length; i++) {
      const name = this.resources[i]!.name;
      const podRequest = podReqs[i]!;
      let al = 0;
      let rq = 0;
      switch (name) {
        case 'cpu': al = a.milliCPU; rq = requested.milliCPU + podRequest; break;
        case 'memory': al = a.memory; rq = requested.memory + podRequest; break;
        case 'ephemeral-storage': al = a.ephemeralStorage; rq = nodeInfo.requested.ephemeralStorage + podRequest; break;
        default:
          // An extended resource the pod does not ask for, or the node does not offer, does not count.
          if (podRequest !== 0 || !isScalarResourceName(name)) {
            if (a.scalar?.has(name)) { al = a.getScalar(name); rq = nodeInfo.requested.getScalar(name) + podRequest; }
          }
      }
      alloc[i] = al;
      req[i] = al === 0 ? 0 : rq;
    }
    return this.scorer(req, alloc);
  }
}

/** Fills in weight 1 where a ResourceSpec has none. */
export function withWeights(resources: readonly ResourceSpec[]): Required<ResourceSpec>[] {
  return resources.map((r) => ({ name: r.name, weight: r.weight || 1 }));
}

export const DEFAULT_RESOURCES: readonly Required<ResourceSpec>[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
