/**
 * Pod QoS class as the API server and kubelet compute it (pkg/apis/core/helper/qos): Guaranteed when
 * every container sets cpu and memory limits with requests equal to them, BestEffort when none sets
 * any request or limit, Burstable otherwise.
 */
import type { Pod, Container } from '../types';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export function podQOSClass(pod: Pod): QOSClass {
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      const q = req[r] ?? lim[r];
      if (q !== undefined && String(q) !== '0') any = true;
      const l = lim[r];
      if (l === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
