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
  obj(): Node { return this.node; }
}

export function makeNode(name: string): NodeWrapper {
  return new NodeWrapper(name);
}
