/**
 * kube-apiserver's identity Lease (the APIServerIdentity feature, on by default in 1.31): each API
 * server keeps a Lease `kube-system/apiserver-<hash of its hostname>` labelled
 * `apiserver.kubernetes.io/identity=kube-apiserver`, held by `<lease name>_<uuid>` (a new UUID at every
 * start) with leaseDurationSeconds 3600, and renewed every 10 s by the component-helpers lease
 * controller (jittered by up to 4 %). A server that is gone simply stops renewing it.
 */
import type { Clock, TimerId } from '../clock';
import type { Client } from '../client/types';
import type { Component } from '../component';
import { isStatusError } from '../api/types';
import type { Stream } from '../rng';
import type { Lease, StoredObject } from '../types';
import { deepCopy } from '../types';
import { base32Prefix, sha256 } from '../digest';

/** IdentityLeaseDurationSeconds and IdentityLeaseRenewIntervalPeriod. */
export const IDENTITY_LEASE_DURATION_SECONDS = 3600;
export const IDENTITY_LEASE_RENEW_MS = 10_000;
/** The lease controller's JitterUntil factor. */
const RENEW_JITTER = 0.04;
export const IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';

/**
 * The identity's name: `apiserver-` and, in lower case, the unpadded base32 of the first 16 bytes of
 * SHA-256 over the hostname and "kube-apiserver", each prefixed with its 16-bit length.
 */
export function apiserverIdentity(hostname: string): string {
  const field = (s: string) => String.fromCharCode(s.length >> 8, s.length & 0xff) + s;
  const hash = sha256(field(hostname) + field('kube-apiserver')).slice(0, 16);
  return `apiserver-${base32Prefix(hash, 26).toLowerCase()}`;
}

export interface IdentityLeaseOptions {
  clock: Clock;
  client: Client;
  hostname: string;
  /** A fresh UUID for this start. */
  uuid: string;
  stream: Stream;
}

export class ApiServerIdentityLease implements Component {
  readonly name = 'apiserver-identity-lease';
  readonly leaseName: string;
  readonly holderIdentity: string;
  private latest: (Lease & StoredObject) | undefined;
  private timer: TimerId | undefined;
  private stopped = false;

  constructor(private readonly o: IdentityLeaseOptions) {
    this.leaseName = apiserverIdentity(o.hostname);
    this.holderIdentity = `${this.leaseName}_${o.uuid}`;
  }

  start(): void {
    this.sync();
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private sync(): void {
    this.timer = undefined;
    if (this.stopped) return;
    // Optimistically update the Lease as last written; on failure read it (or create it) and update.
    try {
      if (!(this.latest && this.tryUpdate(this.latest))) {
        const existing = this.ensure();
        if (existing) this.tryUpdate(existing);
      }
    } catch (e) {
      // A server error (etcd without a leader): the lease controller logs it and tries at the next renew.
      if (!isStatusError(e) || e.code < 500) throw e;
    }
    const jitter = this.o.stream.intn(Math.round(RENEW_JITTER * IDENTITY_LEASE_RENEW_MS));
    this.timer = this.o.clock.after(IDENTITY_LEASE_RENEW_MS + jitter, `${this.leaseName}: lease renew`, () => this.sync());
  }

  /** The Lease as it is, or undefined after creating it (a fresh Lease needs no update). */
  private ensure(): (Lease & StoredObject) | undefined {
    try {
      return this.o.client.get<Lease>('leases', 'kube-system', this.leaseName);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
    this.latest = this.o.client.create<Lease>('leases', this.fresh(undefined), { namespace: 'kube-system' });
    return undefined;
  }

  private tryUpdate(base: Lease & StoredObject): boolean {
    try {
      this.latest = this.o.client.update<Lease>('leases', this.fresh(base));
      return true;
    } catch (e) {
      if (!isStatusError(e, 'Conflict') && !isStatusError(e, 'NotFound')) throw e;
      this.latest = undefined;
      return false;
    }
  }

  /** newLease with the API server's post-processing: renewTime now, the holder, and the two labels. */
  private fresh(base: (Lease & StoredObject) | undefined): Lease {
    const lease: Lease = base ? (deepCopy(base) as Lease) : { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.leaseName, namespace: 'kube-system' }, spec: { holderIdentity: this.holderIdentity, leaseDurationSeconds: IDENTITY_LEASE_DURATION_SECONDS } };
    lease.spec = { ...lease.spec, holderIdentity: this.holderIdentity, renewTime: this.o.clock.microTimestamp() };
    lease.metadata = { ...lease.metadata, labels: { ...(lease.metadata?.labels ?? {}), [IDENTITY_LABEL]: 'kube-apiserver', 'kubernetes.io/hostname': this.o.hostname } };
    return lease;
  }
}
