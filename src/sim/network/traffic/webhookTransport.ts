/**
 * How kube-apiserver reaches an admission webhook's Service: with kubeadm's defaults
 * (--enable-aggregator-routing=false) its service resolver looks the Service up and dials its
 * ClusterIP and port from the server's own machine, in the host's network namespace — so the
 * packet goes through that node's kube-proxy rules like any client's, and a Service with no ready
 * endpoint is refused by them. The errors are the ones Go's dialer and the resolver give.
 */
import { HOST_NETNS } from '../../node/machine';
import type { Machine } from '../../node/machine';
import type { WebhookTransport } from '../../api/admission/webhook';
import type { Fabric } from './fabric';
import { NetClient } from './client';
import type { ConnectError } from './outcome';

interface ServicePort {
  port?: number;
}

/** What the resolver reads of a Service. */
export interface WebhookService {
  spec?: { type?: string; clusterIP?: string; ports?: ServicePort[] };
}

export interface WebhookTransportWorld {
  fabric: Fabric;
  nowMs(): number;
  /** the machine the API server answering now runs on */
  apiServerMachine(): Machine | undefined;
  service(namespace: string, name: string): WebhookService | undefined;
}

const DIAL_ERRORS: Record<Exclude<ConnectError, 'ETIMEDOUT'>, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
};

export function dataplaneWebhookTransport(world: WebhookTransportWorld): WebhookTransport {
  return {
    post(ref, body) {
      const svc = world.service(ref.namespace, ref.name);
      if (!svc) return { error: `service "${ref.name}" not found` };
      const type = svc.spec?.type ?? 'ClusterIP';
      const ip = svc.spec?.clusterIP ?? '';
      if (type === 'ClusterIP' && ip === 'None') return { error: 'cannot route to service with ClusterIP "None"' };
      if (type !== 'ClusterIP' && type !== 'NodePort' && type !== 'LoadBalancer') return { error: `unsupported service type "${type}"` };
      if (!(svc.spec?.ports ?? []).some((p) => p.port === ref.port)) return { error: `no service port ${ref.port} found for service "${ref.name}"` };
      const machine = world.apiServerMachine();
      if (!machine) return { error: 'context deadline exceeded' };
      const client = new NetClient(world.fabric, { machine, netns: HOST_NETNS }, world.nowMs());
      const out = client.http(ip, ref.port, {
        method: 'POST',
        path: ref.path,
        host: `${ref.name}.${ref.namespace}.svc:${ref.port}`,
        headers: [['Content-Type', 'application/json'], ['Accept', 'application/json, */*']],
        body,
      }).result;
      if (out.kind === 'failed') {
        // The hook's timeout ends a connection nobody answers long before the kernel would.
        if (out.error === 'ETIMEDOUT') return { error: 'context deadline exceeded' };
        return { error: `dial tcp ${ip}:${ref.port}: ${DIAL_ERRORS[out.error]}` };
      }
      // The call is made without a TLS handshake of its own, so none can fail; kept total for the type.
      if (out.kind === 'tls-failed') return { error: `Post "https://${ref.name}.${ref.namespace}.svc:${ref.port}${ref.path}": tls: handshake failure` };
      return { status: out.response.status, body: out.response.body };
    },
  };
}
