/// <reference lib="webworker" />
/**
 * The Worker entry: the whole cluster runs here, off the page's main thread.
 */
import { loadApiSchema } from '../sim/api/schema/schema';
import { ClusterHost } from './host';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new ClusterHost((m: FromWorker) => scope.postMessage(m), {
  now: () => performance.now(),
  later: (fn, ms) => void setTimeout(fn, ms),
});
// The API schema (its own chunk, fetched here rather than with the page) must be in before the first
// request is served: messages wait for it, in the order they came. The queue is drained from a timer
// so that a failure is an uncaught error of the worker, as it is when a message is handled directly.
let ready = false;
const waiting: ToWorker[] = [];
loadApiSchema().then(
  () =>
    setTimeout(() => {
      ready = true;
      for (const m of waiting.splice(0)) host.handle(m);
    }, 0),
  (err: unknown) =>
    setTimeout(() => {
      throw err;
    }, 0),
);
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  if (ready) host.handle(e.data);
  else waiting.push(e.data);
};
