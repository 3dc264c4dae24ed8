/// <reference lib="webworker" />
/**
 * The Worker entry: the whole cluster runs here, off the page's main thread.
 */
import { ClusterHost } from './host';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new ClusterHost((m: FromWorker) => scope.postMessage(m), {
  now: () => performance.now(),
  later: (fn, ms) => void setTimeout(fn, ms),
});
scope.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data);
