/**
 * `kubectl describe persistentvolumeclaim`, `persistentvolume`, `storageclass` and `csinode`.
 */
import type { Event, NodeSelectorRequirement, PersistentVolume, PersistentVolumeClaim, Pod, TopologySelectorTerm, VolumeNodeAffinity } from 'kubernetes-types/core/v1';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1';
import { humanDuration } from '../duration';
import { formatLabels } from '../labelfmt';
import { rfc1123z, virtualMs } from '../time';
import { goList } from './apps';
import { printBoolPtr } from './batch';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { accessModesString, pvcClass, pvClass } from './storageutil';
import type { Describer } from './types';
import { PrefixWriter } from './writer';

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function terminatingFor(ts: string, nowMs: number): string {
  return humanDuration(nowMs - (virtualMs(ts) ?? nowMs));
}

export function describePersistentVolumeClaim(pvc: PersistentVolumeClaim, pods: Pod[], events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = pvc.spec ?? {};
  w.write(0, `Name:\t${pvc.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pvc.metadata?.namespace ?? ''}\n`);
  w.write(0, `StorageClass:\t${pvcClass(pvc)}\n`);
  if (pvc.metadata?.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${terminatingFor(pvc.metadata.deletionTimestamp, nowMs)})\n`);
  else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata?.annotations);
  w.write(0, `Finalizers:\t${goList(pvc.metadata?.finalizers)}\n`);
  // capacity and access modes are the bound volume's, shown only once the claim is bound
  const bound = !!spec.volumeName;
  w.write(0, `Capacity:\t${bound ? String(pvc.status?.capacity?.storage ?? '0') : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`);
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${spec.dataSource.kind}\n`);
    w.write(1, `Name:\t${spec.dataSource.name}\n`);
  }
  w.write(0, 'Used By:\t');
  if (pods.length === 0) w.writeLine('<none>');
  else
    [...pods]
      .sort((a, b) => byStr(a.metadata?.name ?? '', b.metadata?.name ?? ''))
      .forEach((p, i) => {
        if (i !== 0) w.write(0, '\t');
        w.write(0, `${p.metadata?.name ?? ''}\n`);
      });
  const conds = pvc.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    const t = (ts: string | undefined): string => (ts ? rfc1123z(ts) : 'Mon, 01 Jan 0001 00:00:00 +0000');
    for (const c of conds) w.write(1, `${c.type} \t${c.status} \t${t(c.lastProbeTime)} \t${t(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** getPodsForPVC: pods whose volumes name the claim (once per such volume), then the pods owning it. */
export function podsForClaim(pvc: PersistentVolumeClaim, nsPods: Pod[]): Pod[] {
  const pods: Pod[] = [];
  for (const p of nsPods) for (const v of p.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName === pvc.metadata?.name) pods.push(p);
  for (const ref of pvc.metadata?.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = nsPods.find((p) => p.metadata?.uid === ref.uid);
    if (owner && !pods.some((p) => p.metadata?.uid === owner.metadata?.uid)) pods.push(owner);
  }
  return pods;
}

function printRequirements(w: PrefixWriter, level: number, title: string, exprs: string[]): void {
  w.write(level, `${title}:\t`);
  if (exprs.length === 0) {
    w.writeLine('<none>');
    return;
  }
  exprs.forEach((e, i) => {
    if (i !== 0) w.write(level, '\t');
    w.write(0, `${e}\n`);
  });
}

function nodeSelectorExpr(r: NodeSelectorRequirement): string {
  const s = `${r.key} ${r.operator.toLowerCase()}`;
  return (r.values ?? []).length > 0 ? `${s} [${r.values!.join(', ')}]` : s;
}

function printVolumeNodeAffinity(w: PrefixWriter, affinity: VolumeNodeAffinity | undefined): void {
  w.write(0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(1, 'Required Terms:\t');
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((t, i) => printRequirements(w, 2, `Term ${i}`, (t.matchExpressions ?? []).map(nodeSelectorExpr)));
}

function printPersistentVolumeSource(w: PrefixWriter, pv: PersistentVolume): void {
  const s = pv.spec ?? {};
  if (s.hostPath) w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${s.hostPath.path}\n    HostPathType:\t${s.hostPath.type ?? '<none>'}\n`);
  else if (s.nfs) w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${s.nfs.server}\n    Path:\t${s.nfs.path}\n    ReadOnly:\t${!!s.nfs.readOnly}\n`);
  else if (s.local) w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${s.local.path}\n`);
  else if (s.csi) {
    w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${s.csi.driver}\n    FSType:\t${s.csi.fsType ?? ''}\n    VolumeHandle:\t${s.csi.volumeHandle}\n    ReadOnly:\t${!!s.csi.readOnly}\n`);
    const attrs = s.csi.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort(byStr);
    w.write(2, 'VolumeAttributes:\t');
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((k, i) => {
      // kubectl writes the indent and the tab each at level 2, so later lines sit 8 spaces in
      if (i !== 0) {
        w.write(2, '');
        w.write(2, '\t');
      }
      const line = `${k}=${attrs[k]}`;
      w.write(2, `${line.length > 140 ? line.slice(0, 140) + '...' : line}\n`);
    });
  } else w.write(1, '<unknown>\n');
}

export function describePersistentVolume(pv: PersistentVolume, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = pv.spec ?? {};
  w.write(0, `Name:\t${pv.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata?.annotations);
  w.write(0, `Finalizers:\t${goList(pv.metadata?.finalizers)}\n`);
  w.write(0, `StorageClass:\t${pvClass(pv)}\n`);
  if (pv.metadata?.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${terminatingFor(pv.metadata.deletionTimestamp, nowMs)})\n`);
  else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${String(spec.capacity?.storage ?? '0')}\n`);
  printVolumeNodeAffinity(w, spec.nodeAffinity);
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  printPersistentVolumeSource(w, pv);
  describeEvents(w, events, nowMs);
  return w.toString();
}

function printAllowedTopologies(w: PrefixWriter, terms: TopologySelectorTerm[]): void {
  w.write(0, 'AllowedTopologies:\t');
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((t, i) =>
    printRequirements(
      w,
      1,
      `Term ${i}`,
      (t.matchLabelExpressions ?? []).map((r) => ((r.values ?? []).length > 0 ? `${r.key} in [${r.values.join(', ')}]` : `${r.key} in`)),
    ),
  );
}

/** IsDefaultAnnotationText: Yes when either is-default-class annotation says "true". */
function isDefaultText(sc: StorageClass): string {
  const a = sc.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true' ? 'Yes' : 'No';
}

export function describeStorageClass(sc: StorageClass, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sc.metadata?.name ?? ''}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultText(sc)}\n`);
  w.write(0, `Annotations:\t${formatLabels(sc.metadata?.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner}\n`);
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
  const opts = sc.mountOptions ?? [];
  if (opts.length === 0) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const o of opts) w.write(1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) printAllowedTopologies(w, sc.allowedTopologies);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeCSINode(csi: CSINode, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${csi.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', csi.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', csi.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(csi.metadata?.creationTimestamp ?? '')}\n`);
  w.write(0, 'Spec:\n');
  if (csi.spec?.drivers) {
    w.write(1, 'Drivers:\n');
    for (const d of csi.spec.drivers) {
      w.write(2, `${d.name}:\n`);
      w.write(3, `Node ID:\t${d.nodeID}\n`);
      if (d.allocatable?.count !== undefined) {
        w.write(3, 'Allocatables:\n');
        w.write(4, `Count:\t${d.allocatable.count}\n`);
      }
      if (d.topologyKeys) w.write(3, `Topology Keys:\t${goList(d.topologyKeys)}\n`);
    }
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

export const STORAGE_DESCRIBERS: Record<string, Describer> = {
  '/PersistentVolumeClaim': (r) => {
    const pvc = r.obj as unknown as PersistentVolumeClaim;
    return describePersistentVolumeClaim(pvc, podsForClaim(pvc, r.list<Pod>('pods', r.namespace)), r.events(), r.nowMs);
  },
  '/PersistentVolume': (r) => describePersistentVolume(r.obj as unknown as PersistentVolume, r.events(), r.nowMs),
  'storage.k8s.io/StorageClass': (r) => describeStorageClass(r.obj as unknown as StorageClass, r.events(), r.nowMs),
  'storage.k8s.io/CSINode': (r) => describeCSINode(r.obj as unknown as CSINode, r.events(), r.nowMs),
};
