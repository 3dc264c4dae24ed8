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
 * - a deleted node's block is released.
 * Events come from the range allocator's own recorder, component `cidrAllocator`.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Node } from 'kubernetes-types/core/v1';
import type { KObject, StoredObject } from '../types';
import { isStatusError } from '../api/types';

type NodeObj = Node & StoredObject;

export interface NodeIpamOptions {
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
}

/** clusterSubnetMaxDiff: the bitmap covers at most 16 extra mask bits. */
const CLUSTER_SUBNET_MAX_DIFF = 16;

function parseIPv4(s: string): number {
  const p = s.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`invalid IPv4 address ${s}`);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

function formatIPv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A bitmap of equal-sized subnets of one cluster CIDR (cidrset.CidrSet). */
export class CidrSet {
  private readonly base: number;
  private readonly clusterMask: number;
  readonly maxCIDRs: number;
  private readonly used = new Set<number>();
  private nextCandidate = 0;

  constructor(
    clusterCIDR: string,
    readonly subNetMaskSize: number,
  ) {
    const [ip, bits] = clusterCIDR.split('/');
    this.clusterMask = Number(bits);
    if (subNetMaskSize < this.clusterMask) throw new Error('subnet mask size is smaller than the cluster CIDR mask');
    if (subNetMaskSize - this.clusterMask > CLUSTER_SUBNET_MAX_DIFF) throw new Error('CIDRSet: subnet mask size is too large for the cluster CIDR');
    const maskBits = this.clusterMask === 0 ? 0 : (0xffffffff << (32 - this.clusterMask)) >>> 0;
    this.base = (parseIPv4(ip!) & maskBits) >>> 0;
    this.maxCIDRs = 2 ** (subNetMaskSize - this.clusterMask);
  }

  private cidrAt(i: number): string {
    return `${formatIPv4((this.base + i * 2 ** (32 - this.subNetMaskSize)) >>> 0)}/${this.subNetMaskSize}`;
  }

  private indexOf(cidr: string): number | undefined {
    const [ip, bits] = cidr.split('/');
    if (Number(bits) !== this.subNetMaskSize) return undefined;
    let n: number;
    try {
      n = parseIPv4(ip!);
    } catch {
      return undefined;
    }
    const off = n - this.base;
    const size = 2 ** (32 - this.subNetMaskSize);
    if (off < 0 || off % size !== 0 || off / size >= this.maxCIDRs) return undefined;
    return off / size;
  }

  /** AllocateNext: the first free block from the rotating candidate; undefined when full. */
  allocateNext(): string | undefined {
    for (let i = 0; i < this.maxCIDRs; i++) {
      const c = (this.nextCandidate + i) % this.maxCIDRs;
      if (!this.used.has(c)) {
        this.used.add(c);
        this.nextCandidate = (c + 1) % this.maxCIDRs;
        return this.cidrAt(c);
      }
    }
    return undefined;
  }

  occupy(cidr: string): boolean {
    const i = this.indexOf(cidr);
    if (i === undefined) return false;
    this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const i = this.indexOf(cidr);
    if (i !== undefined) this.used.delete(i);
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
        throw new Error('failed to allocate cidr from cluster cidr: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range');
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
