/**
 * A request in full (its kubectl -v=8 log, its audit Event), loaded on demand: only the Requests view's
 * detail pane asks for it, so the worker fetches it after the cluster has booted and painted, with the
 * other on-demand modules (src/scenario/onDemand.ts); Node callers load it before running.
 */
type DetailModule = typeof import('./detail');

let mod: DetailModule | undefined;

export async function loadRequestDetail(): Promise<void> {
  mod ??= await import('./detail');
}

export function requestDetailModule(): DetailModule {
  if (!mod) throw new Error('the request detail is not loaded yet (call loadRequestDetail first)');
  return mod;
}
