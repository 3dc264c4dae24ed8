/**
 * Pod sandboxes as the runtime makes them (RunPodSandbox/StopPodSandbox): the network namespace and
 * the CNI chain's ADD and DEL, the pod's resolv.conf, and the runtime's network readiness.
 */
import { networkStatus, setUpPodNetwork, tearDownPodNetwork } from '../cni/libcni';
import type { PodRef } from '../cni/libcni';
import type { PortMapEntry } from '../cni/portmap';
import { CniError } from '../cni/types';
import type { Pod } from '../../types';
import type { ClusterDnsConfig } from '../poddns';
import { podDns } from '../poddns';
import type { PodRecord } from '../runtime';
import { SANDBOX_RETRY_MS } from './config';
import type { Kubelet } from './kubelet';
import { mountTokenVolumes, podTokensReady } from './tokens';

export class SandboxManager {
  constructor(readonly k: Kubelet) {}

  createSandbox(rec: PodRecord): void {
    if (rec.stage !== 'starting') return;
    // The volume manager mounts the pod's volumes before the sandbox: its tokens come from the API server.
    if (!podTokensReady(rec)) {
      mountTokenVolumes(this.k, rec, () => this.createSandbox(rec));
      return;
    }
    const hostNetwork = !!rec.pod.spec?.hostNetwork;
    // syncPod: a pod that needs the pod network waits while the runtime's network is not ready.
    const notReady = hostNetwork ? undefined : this.networkError();
    if (notReady) {
      this.k.podEvent(rec, 'Warning', 'NetworkNotReady', `network is not ready: ${notReady}`);
      this.k.later(rec, SANDBOX_RETRY_MS, 'retry sandbox', () => this.createSandbox(rec));
      return;
    }
    const sandboxId = this.k.rs.hex(32);
    // generatePodSandboxConfig asks for the pod's DNS config at every sandbox attempt, and the
    // configurer records what it had to cut (DNSConfigForming) or could not do (MissingClusterDNS).
    const dns = podDns(rec.pod, this.dnsConfig());
    for (const e of dns.events) {
      if (e.on === 'node') this.k.nodeEvent(e.type, e.reason, e.message);
      else this.k.podEvent(rec, e.type, e.reason, e.message);
    }
    const resolvConf = dns.resolvConf;
    if (hostNetwork) {
      // A host-network pod shares the node's network namespace: no CNI call, the node IP is its IP.
      rec.sandbox = { id: sandboxId, ip: this.k.config.nodeIP, createdAtMs: this.k.ctx.clock.now(), ready: true, hostNetwork: true, resolvConf };
      rec.stage = 'running';
      this.k.workers.advance(rec);
      return;
    }
    let net;
    try {
      net = setUpPodNetwork(this.k.machine, sandboxId, this.podRef(rec));
    } catch (e) {
      if (!(e instanceof CniError)) throw e;
      this.k.podEvent(rec, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = ${e.message}`);
      this.k.later(rec, SANDBOX_RETRY_MS, 'retry sandbox', () => this.createSandbox(rec));
      return;
    }
    rec.sandbox = { id: sandboxId, ip: net.ip, createdAtMs: this.k.ctx.clock.now(), ready: true, netns: net.netns, ...(net.gateway ? { gateway: net.gateway } : {}), resolvConf };
    rec.stage = 'running';
    this.k.ctx.log(`${this.k.name}: sandbox ${sandboxId.slice(0, 13)} for ${rec.key} has IP ${net.ip}`);
    this.k.workers.advance(rec);
  }

  podRef(rec: PodRecord): PodRef {
    return { namespace: rec.pod.metadata?.namespace ?? 'default', name: rec.pod.metadata?.name ?? '', uid: rec.uid, portMappings: hostPortMappings(rec.pod) };
  }

  /** StopPodSandbox: the CNI DEL for its network (a failure is logged; the sandbox goes anyway). */
  stopSandbox(rec: PodRecord): void {
    const sb = rec.sandbox;
    if (!sb) return;
    sb.ready = false;
    if (sb.hostNetwork || !sb.netns) return;
    const netns = sb.netns;
    sb.netns = undefined;
    try {
      tearDownPodNetwork(this.k.machine, sb.id, netns, this.podRef(rec));
    } catch (e) {
      if (!(e instanceof CniError)) throw e;
      this.k.ctx.log(`${this.k.name}: StopPodSandbox ${sb.id.slice(0, 13)} for ${rec.key}: ${e.message}`);
    }
  }

  /** The runtime's network condition as the kubelet's runtime state reports it, or undefined when ready. */
  networkError(): string | undefined {
    const why = networkStatus(this.k.machine);
    return why && `container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: ${why}`;
  }

  dnsConfig(): ClusterDnsConfig {
    return { clusterDNS: this.k.opts.clusterDNS, clusterDomain: this.k.opts.clusterDomain, hostResolvConf: this.k.machine.readFile('/etc/resolv.conf') ?? '' };
  }
}

/**
 * The sandbox's port mappings as the runtime gives them to CNI: every app container's ports
 * (kubelet's MakePortMappings), of which containerd keeps those with a host port, protocol lower-cased.
 */
export function hostPortMappings(pod: Pod): PortMapEntry[] {
  const out: PortMapEntry[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: (p.protocol ?? 'TCP').toLowerCase(), ...(p.hostIP ? { hostIP: p.hostIP } : {}) });
    }
  }
  return out;
}
