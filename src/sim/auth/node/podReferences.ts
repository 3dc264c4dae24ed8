/**
 * What a pod references, as the Node authorizer's graph records it (podutil.VisitPodSecretNames,
 * VisitPodConfigmapNames, the claim names of volumes and resource claims). All names are in the pod's
 * namespace. A mirror pod references nothing: a node must not gain access to objects by creating one.
 */
import type { Container, EphemeralContainer, PersistentVolume, Pod } from 'kubernetes-types/core/v1';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
}

function containersOf(pod: Pod): readonly (Container | EphemeralContainer)[] {
  const spec = pod.spec;
  if (!spec) return [];
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

/** Every secret name the pod uses: pull secrets, env, envFrom, secret/projected volumes and the volume plugins' secretRefs. */
export function podSecretNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  const add = (n: string | undefined): void => {
    if (n) names.add(n);
  };
  for (const s of pod.spec?.imagePullSecrets ?? []) add(s.name);
  for (const c of containersOf(pod)) {
    for (const e of c.envFrom ?? []) add(e.secretRef?.name);
    for (const e of c.env ?? []) add(e.valueFrom?.secretKeyRef?.name);
  }
  for (const v of pod.spec?.volumes ?? []) {
    add(v.secret?.secretName);
    add(v.azureFile?.secretName);
    add(v.cephfs?.secretRef?.name);
    add(v.cinder?.secretRef?.name);
    add(v.flexVolume?.secretRef?.name);
    add(v.rbd?.secretRef?.name);
    add(v.scaleIO?.secretRef?.name);
    add(v.iscsi?.secretRef?.name);
    add(v.storageos?.secretRef?.name);
    add(v.csi?.nodePublishSecretRef?.name);
    for (const src of v.projected?.sources ?? []) add(src.secret?.name);
  }
  return names;
}

/** Every config map name the pod uses: env, envFrom, configMap and projected volumes. */
export function podConfigMapNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  const add = (n: string | undefined): void => {
    if (n) names.add(n);
  };
  for (const c of containersOf(pod)) {
    for (const e of c.envFrom ?? []) add(e.configMapRef?.name);
    for (const e of c.env ?? []) add(e.valueFrom?.configMapKeyRef?.name);
  }
  for (const v of pod.spec?.volumes ?? []) {
    add(v.configMap?.name);
    for (const src of v.projected?.sources ?? []) add(src.configMap?.name);
  }
  return names;
}

/** PVC names of the pod's volumes; a generic ephemeral volume's claim is `<pod>-<volume>`. */
export function podClaimNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) names.add(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) names.add(`${pod.metadata?.name ?? ''}-${v.name}`);
  }
  return names;
}

/**
 * ResourceClaim names of the pod (resourceclaim.Name): a claim named directly, or the one generated
 * from a template as recorded in status.resourceClaimStatuses.
 */
export function podResourceClaimNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  for (const claim of pod.spec?.resourceClaims ?? []) {
    // 1.31 has the two names on the claim itself; older type packages nest them under `source`
    const c = claim as { name: string; resourceClaimName?: string; resourceClaimTemplateName?: string };
    if (c.resourceClaimName) names.add(c.resourceClaimName);
    else if (c.resourceClaimTemplateName) {
      const st = (pod.status?.resourceClaimStatuses ?? []).find((s) => s.name === c.name);
      if (st?.resourceClaimName) names.add(st.resourceClaimName);
    }
  }
  return names;
}

/**
 * Secrets a PersistentVolume's source references that the kubelet needs (VisitPVSecretNames with
 * kubeletVisible): the volume plugins' secretRefs, defaulting to the claim's namespace, and a CSI
 * volume's node-stage, node-publish and node-expand secrets. The controller-side CSI secrets are
 * not the kubelet's business.
 */
export function persistentVolumeSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const out: { namespace: string; name: string }[] = [];
  const s = pv.spec;
  if (!s) return out;
  const claimNs = s.claimRef?.namespace ?? '';
  const add = (ref: { name?: string; namespace?: string } | undefined, defaultNs: string): void => {
    if (ref?.name) out.push({ namespace: ref.namespace || defaultNs, name: ref.name });
  };
  add(s.cephfs?.secretRef, claimNs);
  add(s.cinder?.secretRef, claimNs);
  add(s.flexVolume?.secretRef, claimNs);
  add(s.rbd?.secretRef, claimNs);
  add(s.scaleIO?.secretRef, claimNs);
  add(s.iscsi?.secretRef, claimNs);
  add(s.storageos?.secretRef, '');
  if (s.azureFile?.secretName) out.push({ namespace: s.azureFile.secretNamespace || claimNs, name: s.azureFile.secretName });
  add(s.csi?.nodePublishSecretRef, '');
  add(s.csi?.nodeStageSecretRef, '');
  add(s.csi?.nodeExpandSecretRef, '');
  return out;
}
