/** Defaults of the scheduling.k8s.io group. */
import type { KObject } from '../../types';

/** SetDefaults_PriorityClass: a class that does not say how it preempts preempts lower priorities. */
export function defaultPriorityClass(obj: KObject): void {
  const pc = obj as KObject & { preemptionPolicy?: string };
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
}
