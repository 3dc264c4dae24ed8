/**
 * The network dataplane benchmark (issue: the network dataplane): kube-proxy in iptables mode with
 * 1,000 Services × 10 endpoints (endpoints spread over 100 nodes), for one node:
 * - full sync: rules built from Services and EndpointSlices and restored into the node's tables;
 * - the same full sync on a second node sharing the rule cache (the cluster case);
 * - a partial sync after one endpoint moved;
 * - iptables-save of the node's tables (text is only ever built when someone reads it);
 * - netfilter walks per second: a new connection to a random cluster IP through PREROUTING;
 * - whole HTTP connections and name-resolving traces per second through the packet path.
 *
 *   npm run bench network        (or: node --expose-gc bin/bench.mjs network)
 */
import { performance } from 'node:perf_hooks';
import type { EndpointSlice, Service } from '../src/sim/types';
import { Netfilter } from '../src/sim/network/netfilter/netfilter';
import { iptablesSave } from '../src/sim/network/netfilter/save';
import { evaluateHook } from '../src/sim/network/netfilter/evaluate';
import { formatIp, parseIp } from '../src/sim/network/netfilter/addr';
import { IptablesRuleCache } from '../src/sim/agents/kubeproxy/iptables';
import { IptablesProxier } from '../src/sim/agents/kubeproxy/proxier';
import { Stream } from '../src/sim/rng';
import type { BenchResult } from './core';
import { createCluster } from '../src/sim/cluster';
import { NetClient } from '../src/sim/network/traffic/client';
import { tracePacket } from '../src/sim/network/traffic/trace';
import { clusterTraceWorld } from '../src/sim/network/traffic/clusterWorld';

const SERVICES = 1000;
const ENDPOINTS = 10;

function cluster(): { services: Service[]; slices: EndpointSlice[] } {
  const services: Service[] = [];
  const slices: EndpointSlice[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const name = `svc-${s}`;
    services.push({
      apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'bench', name },
      spec: { type: 'ClusterIP', clusterIP: formatIp(parseIp('10.96.0.0') + 10 + s), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] },
      status: { loadBalancer: {} },
    });
    slices.push({
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { namespace: 'bench', name: `${name}-abcde`, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: Array.from({ length: ENDPOINTS }, (_, e) => {
        const n = (s * ENDPOINTS + e) % 100;
        return { addresses: [`10.244.${n}.${2 + Math.floor((s * ENDPOINTS + e) / 100) % 250}`], nodeName: `node-${n}`, conditions: { ready: true } };
      }),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  }
  return { services, slices };
}

/**
 * Whole connections through the packet path on a booted cluster: a busybox pod asking a 6-replica
 * nginx Service for its page (HTTP over TCP, across nodes over VXLAN, conntrack at every host), and
 * the same by name (two DNS datagrams through CoreDNS first).
 */
function tracedConnections(): BenchResult[] {
  const c = createCluster({ seed: 1 });
  const k = c.client();
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
  k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } });
  c.clock.runUntil(c.clock.now() + 30_000);
  const world = clusterTraceWorld(c);
  const src = world.pod('default', 'client');
  if (typeof src === 'string') throw new Error(src);
  const clusterIP = k.get<Service>('services', 'default', 'web').spec!.clusterIP!;
  const n = 2_000;
  const client = new NetClient(c.fabric, { machine: src.machine, netns: src.netns }, c.clock.now());
  let t0 = performance.now();
  for (let i = 0; i < n; i++) client.http(clusterIP, 80, { method: 'GET', path: '/', host: 'web', headers: [] });
  const httpPerSecond = Math.round(n / ((performance.now() - t0) / 1000));
  const byName = 500;
  t0 = performance.now();
  for (let i = 0; i < byName; i++) tracePacket(world, 'default/client', 'web:80');
  const tracesPerSecond = Math.round(byName / ((performance.now() - t0) / 1000));
  return [
    { name: 'HTTP requests through the packet path (pod → ClusterIP → nginx, hop by hop both ways)', value: httpPerSecond, unit: 'requests/s' },
    { name: 'packet traces by name (DNS through CoreDNS, then the connection)', value: tracesPerSecond, unit: 'traces/s' },
  ];
}

const ms = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;

export function networkBench(): BenchResult[] {
  const { services, slices } = cluster();
  const cache = new IptablesRuleCache();
  const config = (i: number) => ({ nodeName: `node-${i}`, nodeIP: formatIp(parseIp('192.168.1.10') + i), clusterCIDR: '10.244.0.0/16' });

  // warm the JIT on a throwaway node and cache, so the figures are steady-state costs
  new IptablesProxier(config(99), new IptablesRuleCache()).sync(new Netfilter(), { services, endpointSlices: slices }, 0);

  const nf = new Netfilter();
  let t0 = performance.now();
  const first = new IptablesProxier(config(0), cache).sync(nf, { services, endpointSlices: slices }, 0);
  const fullSync = ms(t0);

  const nf2 = new Netfilter();
  t0 = performance.now();
  new IptablesProxier(config(1), cache).sync(nf2, { services, endpointSlices: slices }, 0);
  const sharedSync = ms(t0);

  const px = new IptablesProxier(config(0), cache);
  px.sync(nf, { services, endpointSlices: slices }, 0);
  const moved = slices.slice();
  moved[0] = { ...slices[0]!, endpoints: [{ addresses: ['10.244.99.250'], nodeName: 'node-99', conditions: { ready: true } }, ...slices[0]!.endpoints.slice(1)] };
  t0 = performance.now();
  px.sync(nf, { services, endpointSlices: moved }, 2_000);
  const partialSync = ms(t0);

  t0 = performance.now();
  const text = iptablesSave(nf, { nowMs: 2_000 });
  const save = ms(t0);
  const lines = text.split('\n').length;

  const stream = new Stream(1, 'bench/network');
  const nodeIP = parseIp('192.168.1.10');
  const env = { nowMs: 0, random: () => stream.next32(), isLocal: (ip: number) => ip === nodeIP, count: false };
  const walks = 20_000;
  t0 = performance.now();
  for (let i = 0; i < walks; i++) {
    const dst = parseIp('10.96.0.10') + stream.intn(SERVICES);
    evaluateHook(nf, 'PREROUTING', { src: parseIp('10.244.0.5'), dst, proto: 'tcp', sport: 30000 + (i % 30000), dport: 80, inIface: 'cni0', mark: 0, ctstate: ['NEW'] }, env);
  }
  const walksPerSecond = Math.round(walks / ((performance.now() - t0) / 1000));

  const traced = tracedConnections();

  return [
    ...traced,
    { name: `kube-proxy full sync, ${SERVICES} Services × ${ENDPOINTS} endpoints, one node`, value: fullSync, unit: 'ms', detail: `${first.natChainsWritten} nat chains written, large cluster mode ${first.largeClusterMode}` },
    { name: 'kube-proxy full sync, second node sharing the rule cache', value: sharedSync, unit: 'ms' },
    { name: 'kube-proxy partial sync after one endpoint moved', value: partialSync, unit: 'ms' },
    { name: 'iptables-save of that node', value: save, unit: 'ms', detail: `${lines} lines` },
    { name: 'netfilter walks: new connection to a cluster IP through PREROUTING', value: walksPerSecond, unit: 'walks/s' },
  ];
}
