/**
 * The worker's on-demand half (onDemand.ts: the lesson engine, the network settings switch, the etcd
 * panel's queries), loaded after boot: only a lesson or a learner's request runs it, and such a
 * message waits for the on-demand modules, so the cluster boots and paints without it. Node callers
 * load it before running.
 */
type OnDemand = typeof import('./onDemand');

let mod: OnDemand | undefined;

export async function loadWorkerOnDemand(): Promise<void> {
  mod ??= await import('./onDemand');
}

export function workerOnDemand(): OnDemand {
  if (!mod) throw new Error('the worker\'s on-demand modules are not loaded yet (call loadWorkerOnDemand first)');
  return mod;
}
