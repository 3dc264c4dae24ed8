/**
 * Defaulting for the autoscaling and storage kinds (pkg/apis/autoscaling/v2/defaults.go,
 * pkg/apis/core/v1/defaults.go, pkg/apis/storage/v1/defaults.go).
 */
import type { KObject } from '../../types';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** autoscaling/v2: minReplicas 1, a cpu 80% utilization metric when none is given, behavior filled in when present. */
export function defaultHPA(obj: KObject): void {
  const s = ((obj as Obj).spec ??= {}) as Obj;
  s.minReplicas ??= 1;
  if (!s.metrics || s.metrics.length === 0) s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (s.behavior) {
    const up = (s.behavior.scaleUp ??= {});
    up.stabilizationWindowSeconds ??= 0;
    up.selectPolicy ??= 'Max';
    up.policies ??= [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ];
    const down = (s.behavior.scaleDown ??= {});
    down.stabilizationWindowSeconds ??= 300;
    down.selectPolicy ??= 'Max';
    down.policies ??= [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  }
}

export function defaultPVC(obj: KObject): void {
  const s = ((obj as Obj).spec ??= {}) as Obj;
  s.volumeMode ??= 'Filesystem';
  const st = ((obj as Obj).status ??= {}) as Obj;
  st.phase ??= 'Pending';
}

export function defaultPV(obj: KObject): void {
  const s = ((obj as Obj).spec ??= {}) as Obj;
  s.persistentVolumeReclaimPolicy ??= 'Retain';
  s.volumeMode ??= 'Filesystem';
  if (s.hostPath) s.hostPath.type ??= '';
  const st = ((obj as Obj).status ??= {}) as Obj;
  st.phase ??= 'Pending';
}

export function defaultStorageClass(obj: KObject): void {
  const o = obj as Obj;
  o.reclaimPolicy ??= 'Delete';
  o.volumeBindingMode ??= 'Immediate';
}
