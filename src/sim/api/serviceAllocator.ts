/**
 * ClusterIP and NodePort allocation. Like the 1.31 allocators, dynamic picks come at random from the
 * upper part of each range, leaving the lower band for addresses and ports chosen by hand
 * (ServiceIPStaticSubrange, ServiceNodePortStaticSubrange).
 */
import type { Stream } from '../rng';
import type { KObject } from '../types';
import type { FieldError } from './types';
import type { StatusError } from './types';
import { internalError } from './errors';
import type { IPv4Net } from '../network/ipv4';
import { broadcastOf, cidr as mustCIDR, formatCIDR, formatIPv4, netSize, parseIPv4Sloppy } from '../network/ipv4';

interface ServicePort {
  nodePort?: number;
  port?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
}

export class ServiceAllocator {
  private readonly range: IPv4Net;
  private readonly base: number;
  private readonly size: number;
  private usedIps = new Set<number>();
  private usedPorts = new Set<number>();

  constructor(private readonly stream: Stream, cidr: string, private readonly portRange: [number, number]) {
    this.range = mustCIDR(cidr);
    this.size = netSize(this.range);
    this.base = this.range.ip;
  }

  /** Assigns clusterIP(s) and node ports to a Service being created, or refuses as the real allocator does. */
  allocate(svc: KObject, fail: (errs: FieldError[]) => StatusError): void {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    if (spec.type === 'ExternalName') return;
    const requested = spec.clusterIP || spec.clusterIPs?.[0];
    if (requested === 'None') {
      spec.clusterIP = 'None';
      spec.clusterIPs = ['None'];
    } else if (requested) {
      // Validation has already accepted the address (sloppily, as 1.31 does).
      const n = parseIPv4Sloppy(requested) ?? -1;
      const bad = (detail: string): StatusError =>
        fail([{ field: 'spec.clusterIPs', type: 'FieldValueInvalid', badValue: `[]string{"${requested}"}`, detail: `failed to allocate IP ${requested}: ${detail}` }]);
      // The network and broadcast addresses are never handed out.
      if (n <= this.base || n >= broadcastOf(this.range)) throw bad(`the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${formatCIDR(this.range)}`);
      if (this.usedIps.has(n)) throw bad('provided IP is already allocated');
      this.usedIps.add(n);
      spec.clusterIP = requested;
      spec.clusterIPs = [requested];
    } else {
      const n = this.pickIP();
      this.usedIps.add(n);
      spec.clusterIP = formatIPv4(n);
      spec.clusterIPs = [spec.clusterIP];
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const [i, p] of (spec.ports ?? []).entries()) {
        if (p.nodePort) {
          const [lo, hi] = this.portRange;
          if (p.nodePort < lo || p.nodePort > hi) {
            throw fail([{ field: `spec.ports[${i}].nodePort`, type: 'FieldValueInvalid', badValue: String(p.nodePort), detail: `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}` }]);
          }
          if (this.usedPorts.has(p.nodePort)) {
            throw fail([{ field: `spec.ports[${i}].nodePort`, type: 'FieldValueInvalid', badValue: String(p.nodePort), detail: 'provided port is already allocated' }]);
          }
          this.usedPorts.add(p.nodePort);
        } else p.nodePort = this.pickPort();
      }
    }
    svc.spec = spec;
  }

  /** On update, addresses stay as they were and new NodePort ports get a port. */
  keepAllocated(next: KObject, cur: KObject): void {
    const spec = (next.spec ?? {}) as ServiceSpec;
    const old = (cur.spec ?? {}) as ServiceSpec;
    dropTypeDependentFields(spec, old);
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs && old.clusterIPs) spec.clusterIPs = old.clusterIPs;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) continue;
        const was = old.ports?.find((o) => o.port === p.port)?.nodePort;
        p.nodePort = was ?? this.pickPort();
      }
    }
    next.spec = spec;
  }

  /** After an update is stored: the node ports the Service no longer holds go back to the range. */
  releaseDropped(next: KObject, cur: KObject): void {
    const kept = new Set(((next.spec ?? {}) as ServiceSpec).ports?.map((p) => p.nodePort ?? 0));
    for (const p of ((cur.spec ?? {}) as ServiceSpec).ports ?? []) if (p.nodePort && !kept.has(p.nodePort)) this.usedPorts.delete(p.nodePort);
  }

  release(plural: string, obj: KObject): void {
    if (plural !== 'services') return;
    const spec = (obj.spec ?? {}) as ServiceSpec;
    const ip = spec.clusterIP && spec.clusterIP !== 'None' ? parseIPv4Sloppy(spec.clusterIP) : undefined;
    if (ip !== undefined) this.usedIps.delete(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) this.usedPorts.delete(p.nodePort);
  }

  /**
   * A free address, at random from the upper band first; the lower band (kept for addresses chosen
   * by hand, calculateRangeOffset) only once the upper one is full. A full range is an internal error.
   */
  private pickIP(): number {
    const last = broadcastOf(this.range) - 1;
    const band = this.size <= 16 ? 1 : Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    const upper = last - (this.base + band) + 1;
    if (upper > 0 && (this.usedIps.size < upper || this.usedIn(this.base + band, last) < upper)) {
      let n: number;
      do n = this.base + band + this.stream.intn(this.size - band - 1);
      while (this.usedIps.has(n));
      return n;
    }
    for (let n = this.base + 1; n < this.base + band && n <= last; n++) if (!this.usedIps.has(n)) return n;
    throw internalError('failed to allocate a serviceIP: range is full');
  }

  private usedIn(from: number, to: number): number {
    let k = 0;
    for (const n of this.usedIps) if (n >= from && n <= to) k++;
    return k;
  }

  private pickPort(): number {
    const [lo, hi] = this.portRange;
    const size = hi - lo + 1;
    const band = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    let p: number;
    do p = lo + band + this.stream.intn(size - band);
    while (this.usedPorts.has(p));
    this.usedPorts.add(p);
    return p;
  }
}

const needsNodePort = (t?: string) => t === 'NodePort' || t === 'LoadBalancer';
const needsHealthCheckNodePort = (s: ServiceSpec) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

/**
 * The Service registry's dropTypeDependentFields (pkg/registry/core/service/storage): a Service whose
 * type changes loses the fields only its old type needed — node ports, the health-check node port,
 * allocateLoadBalancerNodePorts, loadBalancerClass, externalTrafficPolicy — unless the same update
 * changed them, so `type: ClusterIP` alone turns a LoadBalancer into a ClusterIP Service.
 */
function dropTypeDependentFields(spec: ServiceSpec, old: ServiceSpec): void {
  const nodePorts = (s: ServiceSpec) => [...new Set((s.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0))].sort().join(',');
  if (needsNodePort(old.type) && !needsNodePort(spec.type) && nodePorts(old) === nodePorts(spec)) {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(spec) && old.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (old.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (old.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (needsNodePort(old.type) && !needsNodePort(spec.type) && old.externalTrafficPolicy === spec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
}
