/// <reference lib="webworker" />
/**
 * The Worker entry: the whole cluster runs here, off the page's main thread.
 */
import { loadOnDemand } from '../scenario/onDemand';
import { mayExplain } from '../kubectl/commands/explainLine';
import { ClusterHost } from './host';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new ClusterHost((m: FromWorker) => scope.postMessage(m), {
  now: () => performance.now(),
  later: (fn, ms) => void setTimeout(fn, ms),
});
// The API schema, the YAML parser, the kubectl emulator, the network tools, the node shell, the cron
// parser, a request's detail, the webhook admission plugins, and the worker's own on-demand half (the
// lesson engine, the network settings switch, the etcd panel's queries) are chunks of their own, fetched here rather than with the
// page: only the user's requests need them, so the cluster boots and paints without them. A message
// that may carry such a request (an apply, a kubectl line, a describe, an ssh, a trace, an etcd query,
// a network settings switch, a lesson, a scenario with apply, kubectl or trace actions, a cluster with
// kube-proxy in IPVS mode, a load-balancer pool or canal) waits for them,
// and so does every message after it, to keep their order. The queue is drained from a timer so that a
// failure is an uncaught error of the worker, as it is when a message is handled directly.
let ready = false;
const waiting: ToWorker[] = [];
const carriesUserRequest = (m: ToWorker): boolean =>
  m.type === 'apply' || m.type === 'kubectl' || m.type === 'validateManifest' || m.type === 'complete' || m.type === 'describe' || m.type === 'yaml' || m.type === 'ssh' || m.type === 'nodeInsides' || m.type === 'policyView' || m.type === 'rbac' || m.type === 'tracePacket' || m.type === 'requestDetail' ||
  m.type === 'showSolution' || m.type === 'lessonDraft' || m.type === 'etcd' || m.type === 'networkSettings' ||
  // A lesson's goals may run kubectl or trace a connection from the start.
  (m.type === 'load' && (m.lesson !== undefined || m.scenario.actions.some((a) => 'apply' in a || 'kubectl' in a || 'trace' in a))) ||
  // kube-proxy in IPVS mode, MetalLB, canal and ingress-nginx are on-demand chunks too: a cluster that runs them waits for them.
  (m.type === 'load' && (m.scenario.cluster.kubeProxy?.mode === 'ipvs' || m.scenario.cluster.network?.loadBalancerPool !== undefined || m.scenario.cluster.network?.cni === 'canal' || (m.scenario.cluster.addons ?? []).some((a) => a !== 'metrics-server')));
// `kubectl explain` reads the API documentation, a chunk of its own that only explain needs: a message
// whose kubectl line may explain waits for it too (fetched then, not after boot), and so does every
// message after it.
let docsReady = false;
let docsLoading = false;
const needsDocs = (m: ToWorker): boolean =>
  !docsReady && ((m.type === 'kubectl' && mayExplain(m.line)) || (m.type === 'load' && m.scenario.actions.some((a) => 'kubectl' in a && mayExplain(a.kubectl))));
const canHandle = (m: ToWorker): boolean => (ready || !carriesUserRequest(m)) && !needsDocs(m);
const fail = (err: unknown) =>
  setTimeout(() => {
    throw err;
  }, 0);
/** Handles the queued messages in order, up to the first that still waits for a chunk. */
function drain(): void {
  while (waiting.length > 0 && canHandle(waiting[0]!)) {
    const m = waiting.shift()!;
    // One message failing must not lose the ones queued after it.
    try {
      host.handle(m);
    } catch (err) {
      fail(err);
    }
  }
}
function loadDocs(): void {
  if (docsLoading) return;
  docsLoading = true;
  import('../kubectl/commands/explainSchema')
    .then((m) => m.loadExplainSchema())
    .then(
      () =>
        setTimeout(() => {
          docsReady = true;
          drain();
        }, 0),
      fail,
    );
}
loadOnDemand().then(
  () =>
    setTimeout(() => {
      ready = true;
      drain();
    }, 0),
  fail,
);
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  if (waiting.length === 0 && canHandle(e.data)) host.handle(e.data);
  else {
    waiting.push(e.data);
    if (needsDocs(e.data)) loadDocs();
  }
};
