/**
 * Everything the cluster fetches on demand, loaded together: what only the user's requests need (the
 * API schema for decoding, the YAML parser, the kubectl emulator, the node shell, the network's traces
 * and tools, the cron parser a CronJob needs, a request's -v=8 log and audit Event, the worker's lesson
 * engine, network settings switch and etcd queries, the webhook admission plugins a webhook
 * configuration needs) and what only a cluster set up for it runs (kube-proxy's IPVS proxier,
 * MetalLB, canal, ingress-nginx). The Worker loads it after the cluster has booted and painted;
 * Node callers (the CLI, benchmarks, tests) load it before they run anything.
 */
import { loadApiSchema } from '../sim/api/schema/schema';
import { loadYamlLib } from '../kubectl/yamlLib';
import { loadKubectl } from '../kubectl/lazy';
import { loadNetworkOnDemand } from '../sim/network/lazy';
import { loadNodeShell } from '../sim/node/nodeshell/lazy';
import { loadCron } from '../sim/cron/lazy';
import { loadRequestDetail } from '../sim/api/conversation/lazy';
import { loadWorkerOnDemand } from '../worker/lazy';
import { loadIpvsProxier } from '../sim/agents/kubeproxy/lazy';
import { loadMetallb } from '../sim/agents/metallb/lazy';
import { loadCalico } from '../sim/agents/calico/lazy';
import { loadIngressNginx } from '../sim/agents/ingressnginx/lazy';
import { loadWebhookAdmission } from '../sim/api/admission/webhookLazy';

export async function loadOnDemand(): Promise<void> {
  await Promise.all([loadApiSchema(), loadYamlLib(), loadKubectl(), loadNetworkOnDemand(), loadNodeShell(), loadCron(), loadRequestDetail(), loadWorkerOnDemand(), loadIpvsProxier(), loadMetallb(), loadCalico(), loadIngressNginx(), loadWebhookAdmission()]);
}
