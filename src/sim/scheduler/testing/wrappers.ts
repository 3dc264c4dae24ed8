/**
 * Chainable builders for scheduler tests (the PodWrapper / NodeWrapper of kube-scheduler's
 * testing package): `makePod('p').req({cpu: '1'}).toleration('k').obj()`.
 */
import type { Container, Node, NodeSelectorRequirement, Pod, Taint, Toleration } from '../../types';
import type { PreferredSchedulingTerm } from 'kubernetes-types/core/v1';

let uidSeq = 0;

export class PodWrapper {
  readonly pod: Pod;
  constructor(name: string, namespace = 'default') {
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, uid: `uid-${name}-${++uidSeq}`, resourceVersion: '1' },
      spec: { containers: [], schedulerName: 'default-scheduler' },
      status: { phase: 'Pending' },
    };
  }
  private get spec() { return this.pod.spec!; }
  /** Adds a container with these requests. */
  req(requests: Record<string, string>, name = `c${this.spec.containers.length}`): this {
    this.spec.containers.push({ name, image: 'pause', resources: { requests } });
    return this;
  }
  container(c: Container): this { this.spec.containers.push(c); return this; }
  initReq(requests: Record<string, string>, sidecar = false): this {
    (this.spec.initContainers ??= []).push({ name: `i${this.spec.initContainers!.length}`, image: 'pause', resources: { requests }, ...(sidecar ? { restartPolicy: 'Always' } : {}) });
    return this;
  }
  overhead(o: Record<string, string>): this { this.spec.overhead = o; return this; }
  priority(p: number): this { this.spec.priority = p; return this; }
  node(n: string): this { this.spec.nodeName = n; return this; }
  schedulerName(n: string): this { this.spec.schedulerName = n; return this; }
  toleration(key: string, effect?: string, value?: string, operator?: string): this {
    const t: Toleration = { key };
    if (effect) t.effect = effect;
    if (value !== undefined) t.value = value;
    t.operator = operator ?? (value !== undefined ? 'Equal' : 'Exists');
    (this.spec.tolerations ??= []).push(t);
    return this;
  }
  tolerations(ts: Toleration[]): this { this.spec.tolerations = ts; return this; }
  nodeSelector(sel: Record<string, string>): this { this.spec.nodeSelector = sel; return this; }
  /** Adds a required node affinity term (ORed with other terms). */
  nodeAffinityIn(key: string, values: string[], op: NodeSelectorRequirement['operator'] = 'In'): this {
    return this.requiredTerm([{ key, operator: op, values }]);
  }
  requiredTerm(matchExpressions: NodeSelectorRequirement[], matchFields?: NodeSelectorRequirement[]): this {
    const na = ((this.spec.affinity ??= {}).nodeAffinity ??= {});
    const req = (na.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] });
    req.nodeSelectorTerms.push({ ...(matchExpressions.length ? { matchExpressions } : {}), ...(matchFields ? { matchFields } : {}) });
    return this;
  }
  preferred(terms: PreferredSchedulingTerm[]): this {
    const na = ((this.spec.affinity ??= {}).nodeAffinity ??= {});
    na.preferredDuringSchedulingIgnoredDuringExecution = terms;
    return this;
  }
  hostPort(port: number): this {
    this.spec.containers.push({ name: `p${port}`, image: 'pause', ports: [{ containerPort: port, hostPort: port }] });
    return this;
  }
  preemptionPolicy(p: 'Never' | 'PreemptLowerPriority'): this { this.spec.preemptionPolicy = p; return this; }
  label(k: string, v: string): this { (this.pod.metadata!.labels ??= {})[k] = v; return this; }
  labels(l: Record<string, string>): this { this.pod.metadata!.labels = { ...(this.pod.metadata!.labels ?? {}), ...l }; return this; }
  image(image: string): this { this.spec.containers.push({ name: `c${this.spec.containers.length}`, image }); return this; }
  initImage(image: string): this { (this.spec.initContainers ??= []).push({ name: `i${this.spec.initContainers!.length}`, image }); return this; }
  gate(name: string): this { (this.spec.schedulingGates ??= []).push({ name }); return this; }
  hostPortOn(port: number, protocol = 'TCP', hostIP?: string): this {
    this.spec.containers.push({ name: `p${this.spec.containers.length}`, image: 'pause', ports: [{ containerPort: port, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) }] });
    return this;
  }
  /** A required (anti-)affinity term: pods with `labels`, in the topology `key`. */
  podAffinity(kind: 'affinity' | 'anti', key: string, matchLabels: Record<string, string>, extra: { namespaces?: string[]; namespaceSelector?: import('../../types').LabelSelector } = {}): this {
    const a = (this.spec.affinity ??= {});
    const term = { topologyKey: key, labelSelector: { matchLabels }, ...extra };
    const target = kind === 'affinity' ? (a.podAffinity ??= {}) : (a.podAntiAffinity ??= {});
    (target.requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    return this;
  }
  preferredPodAffinity(kind: 'affinity' | 'anti', weight: number, key: string, matchLabels: Record<string, string>): this {
    const a = (this.spec.affinity ??= {});
    const target = kind === 'affinity' ? (a.podAffinity ??= {}) : (a.podAntiAffinity ??= {});
    (target.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight, podAffinityTerm: { topologyKey: key, labelSelector: { matchLabels } } });
    return this;
  }
  spread(maxSkew: number, key: string, when: 'DoNotSchedule' | 'ScheduleAnyway', matchLabels: Record<string, string>, extra: Record<string, unknown> = {}): this {
    (this.spec.topologySpreadConstraints ??= []).push({ maxSkew, topologyKey: key, whenUnsatisfiable: when, labelSelector: { matchLabels }, ...extra });
    return this;
  }
  pvc(claimName: string): this { (this.spec.volumes ??= []).push({ name: `v${this.spec.volumes!.length}`, persistentVolumeClaim: { claimName } }); return this; }
  ownedBy(kind: string, name: string, uid = `uid-${name}`): this {
    this.pod.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind, name, uid, controller: true }];
    return this;
  }
  terminating(): this { this.pod.metadata!.deletionTimestamp = '2024-09-02T10:00:00Z'; return this; }
  obj(): Pod { return this.pod; }
}

export function makePod(name: string, namespace?: string): PodWrapper {
  return new PodWrapper(name, namespace);
}

export class NodeWrapper {
  readonly node: Node;
  constructor(name: string) {
    this.node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      spec: {},
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' }, capacity: {} },
    };
  }
  capacity(alloc: Record<string, string>): this { this.node.status!.allocatable = alloc; return this; }
  label(k: string, v: string): this { this.node.metadata!.labels![k] = v; return this; }
  taint(key: string, effect: string, value?: string): this {
    const t: Taint = { key, effect };
    if (value !== undefined) t.value = value;
    (this.node.spec!.taints ??= []).push(t);
    return this;
  }
  unschedulable(): this { this.node.spec!.unschedulable = true; return this; }
  zone(z: string): this { return this.label('topology.kubernetes.io/zone', z); }
  images(imgs: { names: string[]; sizeBytes: number }[]): this { this.node.status!.images = imgs; return this; }
  obj(): Node { return this.node; }
}

export function makeNode(name: string): NodeWrapper {
  return new NodeWrapper(name);
}
