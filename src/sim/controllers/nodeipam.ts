/**
 * Node IPAM, range allocator (k8s.io/kubernetes pkg/controller/nodeipam/ipam/range_allocator.go and
 * cidrset/cidr_set.go): gives every Node a pod CIDR carved from the cluster CIDR.
 *
 * - cluster CIDR 10.244.0.0/16 and node mask /24 by default (kubeadm with flannel's podSubnet);
 * - blocks are taken in order from a rotating "next candidate" index, so the first node gets
 *   10.244.0.0/24, the next 10.244.1.0/24, …; a released block is reused only after the index wraps;
 * - a node that already has a podCIDR keeps it (the block is marked used);
 * - `spec.podCIDR` and `spec.podCIDRs` are written with a patch;
 * - when no block is left the node gets a `CIDRNotAvailable` event (`Node <name> status is now:
 *   CIDRNotAvailable`) and the allocation is retried with back-off;
 * - blocks that overlap the service CIDR are marked taken before any node gets one;
 * - a deleted node's block is released.
 * Events come from the range allocator's own recorder, component `cidrAllocator`.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Node } from 'kubernetes-types/core/v1';
import type { KObject, StoredObject } from '../types';
import { isStatusError } from '../api/types';
import type { IPv4Net } from '../network/ipv4';
import { formatCIDR, parseCIDR, subnetAt, subnetCount, subnetIndexRange } from '../network/ipv4';

type NodeObj = Node & StoredObject;

export interface NodeIpamOptions {
  /** --cluster-cidr (default 10.244.0.0/16, kubeadm's with flannel's podSubnet) */
  clusterCIDR?: string;
  /** --node-cidr-mask-size (default 24) */
  nodeCIDRMaskSize?: number;
  /** --service-cluster-ip-range: its blocks are never handed to nodes (default 10.96.0.0/12) */
  serviceCIDR?: string;
}

/** A bitmap of the equal-sized blocks of one cluster CIDR (cidrset.CidrSet), by block index. */
export class CidrSet {
  private readonly cluster: IPv4Net;
  readonly maxCIDRs: number;
  private readonly used = new Set<number>();
  private nextCandidate = 0;

  constructor(
    clusterCIDR: string,
    readonly subNetMaskSize: number,
  ) {
    const c = parseCIDR(clusterCIDR, { sloppy: true });
    if (!c) throw new Error(`invalid CIDR address: ${clusterCIDR}`);
    if (subNetMaskSize > 32) throw new Error('SubNetMask is invalid, should be lower or equal to 32 for IPv4 and to 128 for IPv6');
    if (subNetMaskSize < c.net.prefix) throw new Error('Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal to --node-cidr-mask-size configured for CIDR family');
    this.cluster = c.net;
    this.maxCIDRs = subnetCount(this.cluster, subNetMaskSize);
  }

  /** How many blocks are taken (allocated or occupied). */
  get allocated(): number {
    return this.used.size;
  }

  private indexOf(cidr: string): [number, number] | undefined {
    const c = parseCIDR(cidr, { sloppy: true });
    return c && subnetIndexRange(this.cluster, this.subNetMaskSize, c.net);
  }

  /** AllocateNext: the first free block from the rotating candidate; undefined when none is left. */
  allocateNext(): string | undefined {
    if (this.used.size >= this.maxCIDRs) return undefined;
    let c = this.nextCandidate;
    while (this.used.has(c)) c = (c + 1) % this.maxCIDRs;
    this.used.add(c);
    this.nextCandidate = (c + 1) % this.maxCIDRs;
    return formatCIDR(subnetAt(this.cluster, this.subNetMaskSize, c));
  }

  /** Occupy: marks every block `cidr` touches as taken (a node's block, or the whole service CIDR). */
  occupy(cidr: string): boolean {
    const r = this.indexOf(cidr);
    if (!r) return false;
    for (let i = r[0]; i <= r[1]; i++) this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const r = this.indexOf(cidr);
    if (!r) return;
    for (let i = r[0]; i <= r[1]; i++) this.used.delete(i);
  }
}

export class NodeIpamController implements Component {
  readonly name = 'node-ipam-controller';
  static readonly eventSource = 'cidrAllocator';
  static readonly user = 'system:serviceaccount:kube-system:node-controller';

  readonly cidrs: CidrSet;
  readonly queue: WorkQueue;
  private readonly nodeInformer: Informer<NodeObj>;
  /** node name → the CIDR we gave it (or found on it) */
  private readonly allocated = new Map<string, string>();

  constructor(
    private readonly ctx: ComponentContext,
    opts: NodeIpamOptions = {},
  ) {
    this.cidrs = new CidrSet(opts.clusterCIDR ?? '10.244.0.0/16', opts.nodeCIDRMaskSize ?? 24);
    // filterOutServiceRange: a Service's ClusterIP must never be a pod's address.
    this.cidrs.occupy(opts.serviceCIDR ?? '10.96.0.0/12');
    this.nodeInformer = ctx.informers.informer<NodeObj>('nodes');
    this.queue = ctx.newQueue('node-ipam', (name) => this.syncNode(name));
  }

  start(): void {
    this.nodeInformer.addEventHandler({
      add: (n) => this.observe(n),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.observe(cur);
      },
      delete: (n) => {
        const cidr = this.allocated.get(n.metadata.name) ?? n.spec?.podCIDR;
        this.allocated.delete(n.metadata.name);
        if (cidr) this.cidrs.release(cidr);
      },
    });
    this.ctx.informers.start();
  }

  private observe(n: NodeObj): void {
    const cidr = n.spec?.podCIDR;
    if (cidr) {
      // A node that has a CIDR keeps it: mark it used (AllocateOrOccupyCIDR's occupy path).
      if (this.allocated.get(n.metadata.name) !== cidr) {
        this.cidrs.occupy(cidr);
        this.allocated.set(n.metadata.name, cidr);
      }
      return;
    }
    this.queue.add(n.metadata.name);
  }

  syncNode(name: string): void {
    const node = this.nodeInformer.get(name);
    if (!node || node.spec?.podCIDR || node.metadata.deletionTimestamp) return;
    let cidr = this.allocated.get(name);
    if (!cidr) {
      cidr = this.cidrs.allocateNext();
      if (!cidr) {
        const ref: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } };
        this.ctx.recorder.event(ref, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
        throw new Error('failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range');
      }
      this.allocated.set(name, cidr);
    }
    try {
      this.ctx.client.patch('nodes', undefined, name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } }, { type: 'merge' });
      this.ctx.log(`Set node ${name} PodCIDR to [${cidr}]`);
    } catch (e) {
      if (isStatusError(e, 'NotFound')) {
        this.allocated.delete(name);
        this.cidrs.release(cidr);
        return;
      }
      this.ctx.recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } }, 'Normal', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
      throw e;
    }
  }
}
