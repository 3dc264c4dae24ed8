/**
 * What the authorizers read, kept over the API server's store: the RBAC objects with bindings indexed
 * by subject, and the Node authorizer's graph (pods by node, and what they reference). Both are
 * updated as each write lands (a store observer), so one decision costs what the subject's bindings,
 * or the node's pods, are — never a scan of the cluster.
 */
import type { MvccStore, StoreEvent } from '../store/store';
import type { NodeGraphSource } from '../auth/node/authorizer';
import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';

const RBAC_PREFIXES = ['/registry/clusterroles/', '/registry/roles/', '/registry/clusterrolebindings/', '/registry/rolebindings/'];
const PODS_PREFIX = '/registry/pods/';

/** What the RBAC index needs to hear: every written and every removed RBAC object. */
export interface RbacObjectSink {
  upsert(obj: StoredObject): void;
  remove(obj: StoredObject): void;
}

/** Feeds `sink` with the RBAC objects stored now, then with every later write and delete. */
export function feedRbacIndex(store: MvccStore, sink: RbacObjectSink): void {
  for (const p of RBAC_PREFIXES) store.each(p, (kv) => sink.upsert(kv.value));
  store.observe((ev: StoreEvent) => {
    if (!ev.key.startsWith('/registry/') || !isRbacKey(ev.key)) return;
    if (ev.type === 'DELETE') sink.remove(ev.kv.value);
    else sink.upsert(ev.kv.value);
  });
}

function isRbacKey(key: string): boolean {
  for (const p of RBAC_PREFIXES) if (key.startsWith(p)) return true;
  return false;
}

type Peek = (plural: string, namespace: string | undefined, name: string) => StoredObject | undefined;

/**
 * The Node authorizer's view of the cluster: pods indexed by spec.nodeName (kept current from the
 * store), the rest read by name.
 */
export class StoreNodeGraph implements NodeGraphSource {
  /** pod keys by node name, and each pod key's node */
  private readonly podsByNode = new Map<string, Map<string, Pod>>();
  private readonly nodeOfPod = new Map<string, string>();

  constructor(
    store: MvccStore,
    private readonly peek: Peek,
  ) {
    store.each(PODS_PREFIX, (kv) => this.put(kv.key, kv.value));
    store.observe((ev) => {
      if (!ev.key.startsWith(PODS_PREFIX)) return;
      if (ev.type === 'DELETE') this.drop(ev.key);
      else this.put(ev.key, ev.kv.value);
    });
  }

  private put(key: string, obj: StoredObject): void {
    const node = (obj as Pod).spec?.nodeName ?? '';
    const before = this.nodeOfPod.get(key);
    if (before !== undefined && before !== node) this.drop(key);
    if (!node) return;
    let pods = this.podsByNode.get(node);
    if (!pods) this.podsByNode.set(node, (pods = new Map()));
    pods.set(key, obj as Pod);
    this.nodeOfPod.set(key, node);
  }

  private drop(key: string): void {
    const node = this.nodeOfPod.get(key);
    if (node === undefined) return;
    this.nodeOfPod.delete(key);
    const pods = this.podsByNode.get(node);
    pods?.delete(key);
    if (pods?.size === 0) this.podsByNode.delete(node);
  }

  podsOnNode(nodeName: string): Iterable<Pod> {
    return this.podsByNode.get(nodeName)?.values() ?? [];
  }

  /** The claim's bound volume (its spec.volumeName), when that volume's claimRef names the claim back. */
  persistentVolumesOfClaim(namespace: string, claimName: string): Iterable<PersistentVolume> {
    const claim = this.peek('persistentvolumeclaims', namespace, claimName) as { spec?: { volumeName?: string } } | undefined;
    const volumeName = claim?.spec?.volumeName;
    if (!volumeName) return [];
    const pv = this.persistentVolume(volumeName);
    const ref = pv?.spec?.claimRef;
    return pv && ref?.namespace === namespace && ref.name === claimName ? [pv] : [];
  }

  persistentVolume(name: string): PersistentVolume | undefined {
    return this.peek('persistentvolumes', undefined, name) as PersistentVolume | undefined;
  }

  volumeAttachmentNode(name: string): string | undefined {
    return (this.peek('volumeattachments', undefined, name) as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;
  }

  resourceSliceNode(name: string): string | undefined {
    // (resource.k8s.io is not served: peek finds no such resource and answers undefined)
    return (this.peek('resourceslices', undefined, name) as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;
  }
}
