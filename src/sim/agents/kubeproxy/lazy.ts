/**
 * The IPVS proxier (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a
 * scenario whose kube-proxy runs in IPVS mode (and with the other on-demand modules after boot); Node
 * callers load it before running.
 */
type OnDemand = typeof import('./onDemand');

let mod: OnDemand | undefined;

export async function loadIpvsProxier(): Promise<void> {
  mod ??= await import('./onDemand');
}

export function ipvsProxier(): OnDemand {
  if (!mod) throw new Error('the IPVS proxier is not loaded yet (call loadIpvsProxier first)');
  return mod;
}
