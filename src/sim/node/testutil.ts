/**
 * Helpers for node tests: a bare cluster (API server only) with hand-built kubelets, and small
 * builders for pods and for the writes other components would make (binding, podCIDR).
 */
import { createCluster, nodeIP } from '../cluster';
import type { Cluster } from '../cluster';
import type { Client } from '../client/types';
import type { Event, Node, Pod, StoredObject } from '../types';
import { Kubelet } from './kubelet';
import type { KubeletConfig } from './kubelet';
import { FLANNEL_USER, flanneldAgent, FlannelNodes } from '../agents/flanneld';
import { cidr } from '../network/ipv4';
import { FLANNEL_CNI_CONF, FLANNEL_CONFLIST_PATH } from './cni/flannel';
import { ELF_MAGIC } from './hostpath';

export interface NodeRig {
  cluster: Cluster;
  admin: Client;
  kubelets: Kubelet[];
}

/**
 * A bare cluster with one kubelet per name; node i gets podCIDR 10.244.(i+1).0/24 once registered.
 * Each machine has flannel installed (its CNI binary and conflist) and flanneld running, as the
 * kube-flannel-ds pod would leave it; a node without a pod CIDR has flanneld retrying until it gets one.
 */
export function nodeRig(names: string[] = ['worker-1'], extra: Partial<KubeletConfig> = {}, seed = 7, assignCIDRs = true): NodeRig {
  const cluster = createCluster({ bare: true, seed, nodes: names.map((name) => ({ name, cpu: '4', memory: '8Gi' })) });
  const admin = cluster.client('kubernetes-admin');
  admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  const kubelets = names.map((name, i) => {
    const ctx = cluster.context(`system:node:${name}`, { component: 'kubelet', host: name }, `kubelet/${name}`);
    return new Kubelet(ctx, cluster.createMachine(name, i), {
      nodeName: name,
      nodeIP: nodeIP(i),
      capacity: { cpu: '4', memory: '8Gi', pods: 110 },
      controlPlane: false,
      ...extra,
    });
  });
  for (const k of kubelets) k.start();
  const flannel = flanneldAgent(new FlannelNodes(cluster.clock, cluster.client(FLANNEL_USER)), { network: cidr('10.244.0.0/16'), backend: 'vxlan', ipMasq: true });
  // Known to the cluster, so the flannel faults find it.
  cluster.agentKinds.push(flannel);
  for (const k of kubelets) {
    k.machine.writeFile(FLANNEL_CONFLIST_PATH, FLANNEL_CNI_CONF);
    k.machine.writeFile('/opt/cni/bin/flannel', ELF_MAGIC, true);
    cluster.agentProcess(k.machine, flannel).start();
  }
  if (assignCIDRs) names.forEach((name, i) => setPodCIDR(admin, name, `10.244.${i + 1}.0/24`));
  return { cluster, admin, kubelets };
}

/** What the node IPAM controller does: give the node its pod CIDR. */
export function setPodCIDR(admin: Client, node: string, cidr: string): void {
  const n = admin.get<Node>('nodes', undefined, node);
  admin.update('nodes', { ...n, spec: { ...(n.spec ?? {}), podCIDR: cidr, podCIDRs: [cidr] } });
}

export function podSpec(name: string, image = 'nginx', extra: Partial<NonNullable<Pod['spec']>> = {}, containerExtra: Record<string, unknown> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { containers: [{ name: containerName(image), image, ...containerExtra }], ...extra },
  };
}

function containerName(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split(/[:@]/)[0]!;
}

/** Creates the pod and binds it to `node` through pods/binding, as the scheduler does. */
export function createBound(admin: Client, pod: Pod, node: string): Pod & StoredObject {
  const made = admin.create<Pod>('pods', pod);
  admin.create('pods', { apiVersion: 'v1', kind: 'Binding', metadata: { name: made.metadata.name, namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: node } }, { namespace: 'default', subresource: 'binding', name: made.metadata.name });
  return admin.get<Pod>('pods', 'default', made.metadata.name);
}

export function getPod(admin: Client, name: string): Pod & StoredObject {
  return admin.get<Pod>('pods', 'default', name);
}

/** Events about one object, in the order they were recorded. */
export function eventsFor(admin: Client, name: string, namespace = 'default'): (Event & StoredObject)[] {
  return admin
    .list<Event>('events', namespace)
    .items.filter((e) => e.involvedObject.name === name)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}

export function eventLines(admin: Client, name: string, namespace = 'default'): string[] {
  return eventsFor(admin, name, namespace).map((e) => `${e.type} ${e.reason} ${e.message}`);
}
