/**
 * MetalLB's controller (controller/service.go, v0.14), run by the `controller` container of the
 * metallb-system/controller Deployment. It watches Services through the API server and, for every
 * Service of type LoadBalancer with no spec.loadBalancerClass:
 *
 * - keeps the address it already has when the pool still allows it, and the Service still asks for
 *   it (`metallb.universe.tf/loadBalancerIPs` or spec.loadBalancerIP, `metallb.universe.tf/address-pool`);
 * - otherwise assigns the requested address, or the lowest free one of the requested or any pool
 *   (allocator.ts), writes `status.loadBalancer.ingress[{ip}]` (the API server adds `ipMode: VIP`) and
 *   the `metallb.universe.tf/ip-allocated-from-pool` annotation, with an `IPAllocated` event — or an
 *   `AllocationFailed` warning, the Service staying `<pending>`;
 * - frees the address when the Service is deleted or stops being a LoadBalancer, clearing its status,
 *   and then looks at every Service again, so one waiting for an address gets the freed one.
 *
 * Its own allocator state is rebuilt at every start from the addresses Services already hold.
 */
import type { Component, ComponentContext } from '../../component';
import type { Informer } from '../../client/types';
import type { Service } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../../types';
import { keyOf, splitKey } from '../../types';
import { formatIPv4, parseIPv4 } from '../../network/ipv4';
import type { Claim } from './allocator';
import { AllocationError, Allocator, quoteIPs } from './allocator';
import type { Pool } from './allocator';

export type SvcObj = Service & StoredObject;

export const ANNOTATION_ADDRESS_POOL = 'metallb.universe.tf/address-pool';
export const ANNOTATION_LOAD_BALANCER_IPS = 'metallb.universe.tf/loadBalancerIPs';
export const ANNOTATION_ALLOCATED_FROM_POOL = 'metallb.universe.tf/ip-allocated-from-pool';
export const ANNOTATION_ALLOW_SHARED_IP = 'metallb.universe.tf/allow-shared-ip';

/** Whether MetalLB (run without --lb-class) handles this Service at all. */
export function handlesClass(svc: SvcObj): boolean {
  return !svc.spec?.loadBalancerClass;
}

/** k8salloc.Ports, SharingKey and BackendKey: what a Service claims on its address. */
export function claimOf(svc: SvcObj): Claim {
  const spec = svc.spec ?? {};
  const selector = spec.selector ?? {};
  const backendKey = spec.externalTrafficPolicy === 'Local'
    ? Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',')
    : '';
  return {
    ports: (spec.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port}`),
    sharingKey: svc.metadata.annotations?.[ANNOTATION_ALLOW_SHARED_IP] ?? '',
    backendKey,
  };
}

/** The addresses the Service holds now (status.loadBalancer.ingress[].ip). */
export function ingressIPs(svc: SvcObj): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
}

/** getDesiredLbIPs: the addresses the Service asks for, or why its request cannot be read. */
function desiredIPs(svc: SvcObj): { ips: number[] } | { error: string } {
  const ann = svc.metadata.annotations?.[ANNOTATION_LOAD_BALANCER_IPS] ?? '';
  const spec = svc.spec?.loadBalancerIP ?? '';
  if (ann === '' && spec === '') return { ips: [] };
  if (ann !== '' && spec !== '') return { error: `service can not have both ${ANNOTATION_LOAD_BALANCER_IPS} and svc.Spec.LoadBalancerIP` };
  if (ann !== '') {
    const ips: number[] = [];
    for (const part of ann.split(',')) {
      const ip = parseIPv4(part.trim());
      if (ip === undefined) return { error: `invalid ${ANNOTATION_LOAD_BALANCER_IPS}: ${JSON.stringify(ann)}` };
      ips.push(ip);
    }
    // Two IPv4 addresses are not a dual-stack pair (ipfamily.ForAddressesIPs).
    if (ips.length > 1) return { error: `IPFamilyForAddresses: same address family ${quoteIPs(ips)}` };
    return { ips };
  }
  const ip = parseIPv4(spec);
  if (ip === undefined) return { error: `invalid spec.loadBalancerIP ${JSON.stringify(spec)}` };
  return { ips: [ip] };
}

/** What the controller wants the Service to carry. */
interface Desired {
  ips: number[];
  pool: string;
}

export class MetalLBController implements Component {
  readonly name = 'metallb-controller';
  private readonly services: Informer<SvcObj>;
  private readonly allocator: Allocator;
  private primed = false;
  private stopped = false;
  private readonly queue;

  constructor(private readonly ctx: ComponentContext, pools: readonly Pool[]) {
    this.allocator = new Allocator(pools);
    this.services = ctx.informers.informer<SvcObj>('services');
    this.queue = ctx.newQueue('metallb-controller', (key) => this.sync(key));
  }

  start(): void {
    this.services.addEventHandler({
      add: (s) => this.queue.add(keyOf(s)),
      update: (_o, s) => this.queue.add(keyOf(s)),
      delete: (s) => this.queue.add(keyOf(s)),
    });
    this.ctx.informers.start();
  }

  stop(): void {
    this.stopped = true;
    (this.ctx.informers as { stop?: () => void }).stop?.();
  }

  /** Takes back, quietly, the addresses Services already hold: a restarted controller keeps them. */
  private prime(): void {
    this.primed = true;
    const held = this.services.list().filter((s) => s.spec?.type === 'LoadBalancer' && handlesClass(s) && ingressIPs(s).length > 0);
    for (const s of held) {
      const ip = parseIPv4(ingressIPs(s)[0]!);
      if (ip === undefined) continue;
      try {
        this.allocator.assign(keyOf(s), ip, claimOf(s));
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e;
      }
    }
  }

  private reprocessAll(): void {
    for (const s of this.services.list()) this.queue.add(keyOf(s));
  }

  private sync(key: string): void {
    if (this.stopped) return;
    if (!this.primed) this.prime();
    const svc = this.services.get(key);
    if (!svc) {
      // A deleted balancer may free the address another Service waits for.
      if (this.allocator.unassign(key)) this.reprocessAll();
      return;
    }
    if (!handlesClass(svc)) return;
    const wasAllocated = this.allocator.pool(key) !== '';
    const want = this.converge(key, svc);
    if (want === undefined) return;
    if (wasAllocated && this.allocator.pool(key) === '') this.reprocessAll();
    this.write(svc, want);
  }

  /** convergeBalancer: the addresses and pool the Service should carry; undefined to leave it as it is. */
  private converge(key: string, svc: SvcObj): Desired | undefined {
    const none: Desired = { ips: [], pool: '' };
    if (svc.spec?.type !== 'LoadBalancer') {
      this.allocator.unassign(key);
      return none;
    }
    if (!svc.spec.clusterIP && !(svc.spec.clusterIPs ?? []).length) {
      this.allocator.unassign(key);
      return none;
    }
    const claim = claimOf(svc);
    let ips = ingressIPs(svc).map((s) => parseIPv4(s)).filter((ip): ip is number => ip !== undefined);
    if (ips.length === 0) this.allocator.unassign(key);
    const desiredPool = svc.metadata.annotations?.[ANNOTATION_ADDRESS_POOL] ?? '';
    if (ips.length > 0) {
      try {
        this.allocator.assign(key, ips[0]!, claim);
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e;
        this.allocator.unassign(key);
        ips = [];
      }
      if (ips.length > 0 && desiredPool !== '' && this.allocator.pool(key) !== desiredPool) {
        this.allocator.unassign(key);
        ips = [];
      }
      const desired = desiredIPs(svc);
      if ('error' in desired) {
        this.ctx.recorder.event(svc, 'Warning', 'LoadBalancerFailed', `invalid requested loadbalancer IPs: ${desired.error}`);
        return undefined;
      }
      if (desired.ips.length > 0 && !(ips.length === desired.ips.length && desired.ips.every((ip, i) => ip === ips[i]))) {
        this.allocator.unassign(key);
        ips = [];
      }
    }
    if (ips.length === 0) {
      try {
        ips = [this.allocateIP(key, svc, claim, desiredPool)];
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e;
        this.ctx.recorder.event(svc, 'Warning', 'AllocationFailed', `Failed to allocate IP for ${JSON.stringify(key)}: ${e.message}`);
        return none;
      }
      this.ctx.recorder.event(svc, 'Normal', 'IPAllocated', `Assigned IP ${quoteIPs(ips)}`);
    }
    return { ips, pool: this.allocator.pool(key) };
  }

  /** allocateIPs: the requested address, or one from the requested pool, or from any pool. */
  private allocateIP(key: string, svc: SvcObj, claim: Claim, desiredPool: string): number {
    const desired = desiredIPs(svc);
    if ('error' in desired) throw new AllocationError(desired.error);
    if (desired.ips.length > 0) {
      const ip = desired.ips[0]!;
      this.allocator.assign(key, ip, claim);
      if (desiredPool !== '' && this.allocator.pool(key) !== desiredPool) {
        this.allocator.unassign(key);
        throw new AllocationError(`requested loadBalancer IP(s) ${quoteIPs(desired.ips)} is not compatible with requested address pool ${desiredPool}`);
      }
      return ip;
    }
    if (desiredPool !== '') return this.allocator.allocateFromPool(key, desiredPool, claim);
    return this.allocator.allocate(key, claim);
  }

  /** Writes what changed: the status through its subresource, then the pool annotation. */
  private write(svc: SvcObj, want: Desired): void {
    const have = ingressIPs(svc);
    const wantIPs = want.ips.map(formatIPv4);
    let cur: SvcObj = svc;
    if (have.length !== wantIPs.length || have.some((ip, i) => ip !== wantIPs[i])) {
      const status = { ...(svc.status ?? {}), loadBalancer: wantIPs.length ? { ingress: wantIPs.map((ip) => ({ ip })) } : {} };
      cur = this.ctx.client.update<SvcObj>('services', { ...svc, status }, { subresource: 'status' });
    }
    const annotations = { ...(cur.metadata.annotations ?? {}) };
    if (want.pool) annotations[ANNOTATION_ALLOCATED_FROM_POOL] = want.pool;
    else delete annotations[ANNOTATION_ALLOCATED_FROM_POOL];
    if ((cur.metadata.annotations?.[ANNOTATION_ALLOCATED_FROM_POOL] ?? '') === (want.pool || '')) return;
    const { namespace } = splitKey(keyOf(cur));
    this.ctx.client.update<SvcObj>('services', { ...cur, metadata: { ...cur.metadata, namespace, annotations } });
  }
}
