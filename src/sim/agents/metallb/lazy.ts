/**
 * MetalLB (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a scenario with
 * a load-balancer pool (and with the other on-demand modules after boot); Node callers load it before
 * running.
 */
type OnDemand = typeof import('./onDemand');

let mod: OnDemand | undefined;

export async function loadMetallb(): Promise<void> {
  mod ??= await import('./onDemand');
}

export function metallb(): OnDemand {
  if (!mod) throw new Error('MetalLB is not loaded yet (call loadMetallb first)');
  return mod;
}
