/**
 * The network's on-demand half (onDemand.ts: traces, the network tools and the clients they drive),
 * loaded after the cluster has booted: the worker fetches it with the API schema, Node callers before
 * running.
 */
type OnDemand = typeof import('./onDemand');

let mod: OnDemand | undefined;

export async function loadNetworkOnDemand(): Promise<void> {
  mod ??= await import('./onDemand');
}

export function networkOnDemand(): OnDemand {
  if (!mod) throw new Error('the network tools are not loaded yet (call loadNetworkOnDemand first)');
  return mod;
}
