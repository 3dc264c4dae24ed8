/**
 * Static pods and their mirror pods (pkg/kubelet/pod/mirror_client.go): the pods of
 * /etc/kubernetes/manifests run here whatever becomes of their mirrors in the API.
 */
import { mirrorPodFor } from '../../bootstrap/kubeSystem';
import { isStatusError } from '../../api/types';
import type { Node, Pod, StoredObject } from '../../types';
import { keyOf } from '../../types';
import type { PodRecord } from '../runtime';
import type { Kubelet } from './kubelet';

export class MirrorPodManager {
  constructor(readonly k: Kubelet) {}

  /**
   * Static pods run from files, not from the API; the kubelet shows each as a mirror pod bound to this
   * node and owned by the Node, which it then runs like any pod of its own.
   */
  ensureMirrorPods(): void {
    const manifests = this.k.config.staticPods ?? [];
    if (!manifests.length || !this.k.nodeUid) return;
    for (const m of manifests) {
      try {
        this.createMirrorPod(m);
      } catch (e) {
        if (!isStatusError(e, 'AlreadyExists')) throw e;
      }
    }
  }

  createMirrorPod(manifest: Pod): Pod & StoredObject {
    const pod = mirrorPodFor(manifest, this.k.config.nodeName, this.k.nodeUid ?? '', this.k.ctx.clock.microTimestamp().replace(/000Z$/, '000000Z'));
    pod.spec = { ...(pod.spec ?? { containers: [] }), nodeName: this.k.config.nodeName };
    return this.k.ctx.client.create<Pod>('pods', pod, { namespace: pod.metadata?.namespace ?? 'kube-system' });
  }

  /**
   * A static pod runs from its file, whatever happens to its mirror in the API: when the mirror pod is
   * deleted, the kubelet removes what is left of it and creates a new one (syncPod's mirror check),
   * and the static pod's containers run on. The pod record is the static pod's and outlives mirrors.
   */
  recreateMirrorPod(rec: PodRecord): void {
    const name = this.staticManifestName(rec.pod);
    const manifest = (this.k.config.staticPods ?? []).find((m) => m.metadata?.name === name);
    if (!manifest || !this.k.nodeUid) return;
    if (!rec.gone) {
      try {
        this.k.ctx.client.delete('pods', rec.pod.metadata?.namespace, rec.pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: rec.uid } });
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
    }
    let mirror: Pod & StoredObject;
    try {
      mirror = this.createMirrorPod(manifest);
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
      mirror = this.k.ctx.client.get<Pod>('pods', rec.pod.metadata?.namespace, rec.pod.metadata?.name ?? '');
    }
    this.adoptMirrorPod(rec, mirror);
  }

  /** The static pod `rec` is shown by a new mirror pod: its status is written there from now on. */
  adoptMirrorPod(rec: PodRecord, mirror: Pod & StoredObject): void {
    rec.uid = mirror.metadata.uid;
    rec.pod = mirror;
    rec.gone = false;
    rec.lastStatus = undefined;
    this.k.ctx.log(`${this.k.name}: mirror pod ${keyOf(mirror)} of static pod ${this.staticManifestName(mirror)} is ${mirror.metadata.uid}`);
    this.k.statusManager.markDirty(rec, true);
  }

  /** The manifest a static pod came from (`kube-scheduler` for `kube-scheduler-<node>`), if it is one of ours. */
  staticManifestName(pod: Pod): string | undefined {
    if (pod.metadata?.annotations?.['kubernetes.io/config.source'] !== 'file') return undefined;
    const suffix = `-${this.k.config.nodeName}`;
    const name = pod.metadata?.name ?? '';
    if (!name.endsWith(suffix)) return undefined;
    const manifest = name.slice(0, -suffix.length);
    return (this.k.config.staticPods ?? []).some((m) => m.metadata?.name === manifest) ? manifest : undefined;
  }
}
