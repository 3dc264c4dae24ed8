/**
 * The worker's on-demand half (onDemand.ts: the lesson engine, the network settings switch, the etcd
 * panel's queries), loaded after boot: only a lesson or a learner's request runs it, and such a
 * message waits for the on-demand modules, so the cluster boots and paints without it. Node callers
 * load it before running.
 */
import { onDemandModule } from '../sim/onDemandModule';

const onDemand = onDemandModule(() => import('./onDemand'), "the worker's on-demand modules are not loaded yet (call loadWorkerOnDemand first)");

export const loadWorkerOnDemand = onDemand.load;
export const workerOnDemand = onDemand.get;
