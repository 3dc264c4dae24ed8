/**
 * The node lease controller (pkg/kubelet/nodelease): the heartbeat through the Lease
 * `kube-node-lease/<node>`, renewed every quarter of its duration.
 */
import type { TimerId } from '../../clock';
import { isStatusError } from '../../api/types';
import type { Lease, Node, StoredObject } from '../../types';
import { NODE_LEASE_NAMESPACE } from './config';
import type { Kubelet } from './kubelet';

export class NodeLeaseController {
  constructor(readonly k: Kubelet) {}

  lease: (Lease & StoredObject) | undefined;
  leaseTimer: TimerId | undefined;

  renewLease(): void {
    if (!this.k.running) return;
    const { client, clock } = this.k.ctx;
    const name = this.k.config.nodeName;
    if (this.k.partitioned) {
      // No route to the API server: the renewal fails and is tried again next interval.
      this.leaseTimer = clock.after(Math.floor((this.k.opts.nodeLeaseDurationSeconds * 1000) / 4), `${this.k.name}: lease renew`, () => this.renewLease());
      return;
    }
    const spec = { holderIdentity: name, leaseDurationSeconds: this.k.opts.nodeLeaseDurationSeconds, renewTime: clock.microTimestamp() };
    const owner = this.k.nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: this.k.nodeUid }] : undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        if (!this.lease) {
          try {
            this.lease = client.get<Lease>('leases', NODE_LEASE_NAMESPACE, name);
          } catch (e) {
            if (!isStatusError(e, 'NotFound')) throw e;
            const meta: Record<string, unknown> = { name, namespace: NODE_LEASE_NAMESPACE };
            if (owner) meta.ownerReferences = owner;
            this.lease = client.create<Lease>('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta, spec } as Lease, { namespace: NODE_LEASE_NAMESPACE });
            this.k.stats.leaseRenewals++;
            break;
          }
        }
        // Only the spec and the metadata's own fields change: the rest is shared with the Lease as read.
        const next = { ...this.lease, metadata: { ...this.lease.metadata }, spec: { ...(this.lease.spec ?? {}), ...spec } } as Lease & StoredObject;
        if (owner && !next.metadata.ownerReferences?.length) next.metadata.ownerReferences = owner;
        this.lease = client.update<Lease>('leases', next);
        this.k.stats.leaseRenewals++;
        break;
      } catch (e) {
        if (isStatusError(e) && (e.code >= 500 || e.code === 403)) {
          // etcd without a leader: logged, tried again at the next renewal.
          this.k.ctx.log(`${this.k.name}: failed to update lease, error: ${e.message}`);
          break;
        }
        if (!isStatusError(e, 'Conflict') && !isStatusError(e, 'NotFound')) throw e;
        this.k.stats.conflicts++;
        this.lease = undefined;
      }
    }
    const interval = Math.floor((this.k.opts.nodeLeaseDurationSeconds * 1000) / 4);
    this.leaseTimer = clock.after(interval, `${this.k.name}: lease renew`, () => this.renewLease());
  }
}
