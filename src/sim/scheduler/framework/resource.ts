/**
 * Resource vectors and the pod request arithmetic of `resourcehelper.PodRequests` (1.31):
 * regular containers add up; init containers run one after another, so the pod needs the larger of the
 * regular sum and each init container's request; restartable init containers (sidecars) keep running,
 * so they add to everything that starts after them; pod overhead is added at the end.
 */
import type { Container, Node, Pod } from '../../types';
import { milliValue, value } from '../internal/quantity';

/** Default cpu request (millicores) assumed for a container that names none, when scoring spreads load. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Default memory request (bytes) assumed for a container that names none: 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export type ResourceList = Record<string, string | number | undefined>;

/** A resource vector: cpu in millicores, memory and storage in bytes, pod count, scalar resources. */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Extended, hugepages-* and attachable-volumes-* resources; null while empty (most nodes). */
  scalar: Map<string, number> | null = null;

  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  setScalar(name: string, v: number): void {
    (this.scalar ??= new Map()).set(name, v);
  }

  /** Adds a resource list (quantities as strings) the way `Resource.Add` does. */
  addList(rl: ResourceList | undefined): void {
    if (!rl) return;
    for (const name in rl) {
      const q = rl[name];
      if (q === undefined) continue;
      switch (name) {
        case 'cpu': this.milliCPU += milliValue(q); break;
        case 'memory': this.memory += value(q); break;
        case 'ephemeral-storage': this.ephemeralStorage += value(q); break;
        case 'pods': this.allowedPodNumber += value(q); break;
        default:
          if (isScalarResourceName(name)) this.setScalar(name, this.getScalar(name) + value(q));
      }
    }
  }

  /** Adds (sign 1) or subtracts (sign -1) another vector. */
  addResource(r: Resource, sign: 1 | -1): void {
    this.milliCPU += sign * r.milliCPU;
    this.memory += sign * r.memory;
    this.ephemeralStorage += sign * r.ephemeralStorage;
    this.allowedPodNumber += sign * r.allowedPodNumber;
    if (r.scalar) for (const [k, v] of r.scalar) this.setScalar(k, this.getScalar(k) + sign * v);
  }

  clone(): Resource {
    const c = new Resource();
    c.milliCPU = this.milliCPU;
    c.memory = this.memory;
    c.ephemeralStorage = this.ephemeralStorage;
    c.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) c.scalar = new Map(this.scalar);
    return c;
  }

  isZero(): boolean {
    if (this.milliCPU !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    if (this.scalar) for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }

  static fromList(rl: ResourceList | undefined): Resource {
    const r = new Resource();
    r.addList(rl);
    return r;
  }
}

/** `kubernetes.io/`-prefixed names are native; so is any name without a `/`. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return true;
}

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

export function isAttachableVolumeResourceName(name: string): boolean {
  return name.startsWith('attachable-volumes-');
}

/** Resources the scheduler keeps in `Resource.scalar`. */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || isHugePageResourceName(name) || name.startsWith('kubernetes.io/') || isAttachableVolumeResourceName(name);
}

type Acc = Map<string, number>;

function quantityOf(name: string, q: string | number): number {
  return name === 'cpu' ? milliValue(q) : value(q);
}

function containerRequests(c: Container, nonMissing: boolean): Acc {
  const out: Acc = new Map();
  const req = c.resources?.requests as ResourceList | undefined;
  if (req) for (const name in req) { const q = req[name]; if (q !== undefined) out.set(name, quantityOf(name, q)); }
  if (nonMissing) {
    if (!out.has('cpu')) out.set('cpu', DEFAULT_MILLI_CPU_REQUEST);
    if (!out.has('memory')) out.set('memory', DEFAULT_MEMORY_REQUEST);
  }
  return out;
}

function addInto(dst: Acc, src: Acc): void {
  for (const [k, v] of src) dst.set(k, (dst.get(k) ?? 0) + v);
}

function maxInto(dst: Acc, src: Acc): void {
  for (const [k, v] of src) { const cur = dst.get(k); if (cur === undefined || v > cur) dst.set(k, v); }
}

/**
 * The pod's effective request per resource name, cpu in millicores and the rest in units.
 * With `nonMissing`, a container that does not name cpu or memory counts 100m / 200Mi (how the
 * scheduler's spreading scores see a best-effort pod).
 *
 * Example: init containers IC1 {cpu 2}, IC2 {cpu 2}; containers C1 {cpu 2}, C2 {cpu 1} → cpu 3.
 */
export function podRequests(pod: Pod, nonMissing: boolean): Acc {
  const spec = pod.spec;
  const reqs: Acc = new Map();
  if (!spec) return reqs;
  for (const c of spec.containers ?? []) addInto(reqs, containerRequests(c, nonMissing));
  const sidecars: Acc = new Map();
  const initMax: Acc = new Map();
  for (const c of spec.initContainers ?? []) {
    const cr = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      addInto(sidecars, cr);
      maxInto(initMax, sidecars);
    } else {
      const tmp: Acc = new Map(cr);
      addInto(tmp, sidecars);
      maxInto(initMax, tmp);
    }
  }
  addInto(reqs, sidecars);
  maxInto(reqs, initMax);
  const overhead = spec.overhead as ResourceList | undefined;
  if (overhead) for (const name in overhead) { const q = overhead[name]; if (q !== undefined) reqs.set(name, (reqs.get(name) ?? 0) + quantityOf(name, q)); }
  return reqs;
}

/** `computePodResourceRequest`: the pod's requests as a Resource (what NodeResourcesFit checks). */
export function computePodResourceRequest(pod: Pod): Resource {
  return resourceFromAcc(podRequests(pod, false));
}

export function resourceFromAcc(acc: Acc): Resource {
  const r = new Resource();
  for (const [name, v] of acc) {
    switch (name) {
      case 'cpu': r.milliCPU += v; break;
      case 'memory': r.memory += v; break;
      case 'ephemeral-storage': r.ephemeralStorage += v; break;
      case 'pods': r.allowedPodNumber += v; break;
      default: if (isScalarResourceName(name)) r.setScalar(name, r.getScalar(name) + v);
    }
  }
  return r;
}

/** The node's allocatable as a Resource (status.allocatable). */
export function nodeAllocatable(node: Node): Resource {
  return Resource.fromList(node.status?.allocatable as ResourceList | undefined);
}
