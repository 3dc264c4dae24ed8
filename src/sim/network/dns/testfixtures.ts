/**
 * Small builders for DNS tests: Services and EndpointSlices as the API server and the
 * EndpointSlice controller would store them, without running a cluster.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { DnsMessage, QType } from './message';
import { newQuery } from './message';
import { DnsIndex } from './kubeindex';
import type { KubernetesQueryContext } from './records';
import { KUBEADM_KUBERNETES_PLUGIN } from './records';
import { CoreDnsServer } from '../../agents/coredns/server';

export interface SvcSpec {
  name: string;
  namespace?: string;
  clusterIP?: string;
  type?: string;
  externalName?: string;
  ports?: { name?: string; port: number; protocol?: string }[];
}

export function svc(s: SvcSpec): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace ?? 'default' },
    spec: {
      type: s.type ?? 'ClusterIP',
      ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP, clusterIPs: [s.clusterIP] } : {}),
      ...(s.externalName !== undefined ? { externalName: s.externalName } : {}),
      ports: (s.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP' })),
    },
  };
}

export interface EpSpec {
  ip: string;
  ready?: boolean;
  hostname?: string;
  pod?: string;
}

export function slice(service: string, endpoints: EpSpec[], opts: { namespace?: string; name?: string; ports?: { name?: string; port: number; protocol?: string }[] } = {}): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: opts.name ?? `${service}-abcde`, namespace: opts.namespace ?? 'default', labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true },
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod, namespace: opts.namespace ?? 'default' } } : {}),
    })),
    ports: (opts.ports ?? []).map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

/** A kubeadm cluster's kube-dns Service with two CoreDNS pods behind it. */
export function kubeDns(): { services: Service[]; slices: EndpointSlice[] } {
  return {
    services: [
      svc({ name: 'kube-dns', namespace: 'kube-system', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }] }),
      svc({ name: 'kubernetes', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }),
    ],
    slices: [
      slice('kube-dns', [{ ip: '10.244.0.2', pod: 'coredns-7db6d8ff4d-4x9zq' }, { ip: '10.244.0.3', pod: 'coredns-7db6d8ff4d-jk2lp' }], {
        namespace: 'kube-system',
        ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }],
      }),
      slice('kubernetes', [{ ip: '192.168.1.10' }], { name: 'kubernetes', ports: [{ name: 'https', port: 6443 }] }),
    ],
  };
}

export function context(services: Service[], slices: EndpointSlice[], overrides: Partial<KubernetesQueryContext> = {}): KubernetesQueryContext {
  const base = kubeDns();
  return {
    index: DnsIndex.build({ namespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'shop'], services: [...base.services, ...services], endpointSlices: [...base.slices, ...slices] }),
    config: KUBEADM_KUBERNETES_PLUGIN,
    serial: 1725271200,
    localIPs: ['10.244.0.2'],
    synced: true,
    lookup: () => {
      throw new Error('unexpected upstream lookup');
    },
    ...overrides,
  };
}

export function q(name: string, type: QType = 'A', id = 4242): DnsMessage {
  return newQuery(id, { name, type });
}

/** A CoreDNS pod serving `ctx`, with fixed draws for its shuffles and ports. */
export function coreDns(ctx: KubernetesQueryContext, ids: number[] = [1]): CoreDnsServer {
  let i = 0;
  let port = 53000;
  return new CoreDnsServer({
    kubernetes: () => ctx,
    upstream: '192.168.1.1:53',
    podIP: '10.244.0.2',
    nextId: () => ids[i++ % ids.length]!,
    nextPort: () => port++,
  });
}
