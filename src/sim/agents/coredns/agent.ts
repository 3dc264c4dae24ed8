/**
 * CoreDNS as a system agent: the coredns container of kube-system's `coredns` Deployment (image
 * registry.k8s.io/coredns/coredns) runs it, one instance per pod, with kubeadm's Corefile.
 *
 * - The kubernetes plugin lists and watches, with the coredns ServiceAccount, what CoreDNS 1.11.3
 *   watches for this Corefile: Services, EndpointSlices and Namespaces. Pods only with `pods verified`;
 *   kubeadm says `pods insecure`, so there is no pod informer. Every change feeds the plugin's index
 *   and the SOA serial.
 * - Its startup hook holds the server back until the informers have synced, checking every 100 ms,
 *   saying so after 500 ms and giving up after 5 s (the server then starts unsynced, and name errors
 *   are SERVFAIL until the sync). Port 53 (UDP and TCP) opens when the hook returns; the health (8080)
 *   and ready (8181) plugins start their listeners before it, so /ready answers 503 meanwhile.
 * - `ready` reports 200 once the kubernetes plugin has synced, and never asks again after that.
 * - The addresses it calls its own (for `ns.dns` answers) are the non-loopback addresses of its
 *   network namespace when it starts; forward's upstream is the first nameserver of its resolv.conf,
 *   which with the Deployment's dnsPolicy Default is the node's.
 *
 * Its log lines (the errors plugin, the startup and ready messages) go to its container's log. The
 * Corefile has no `log` plugin, so queries themselves are not logged.
 */
import type { Component, ComponentContext } from '../../component';
import type { TimerId } from '../../clock';
import { SIM_EPOCH_MS } from '../../clock';
import { SharedInformer } from '../../client/informer';
import { parseImageRef } from '../../node/images';
import { DnsIndex } from '../../network/dns/kubeindex';
import { kubeadmKubernetesPlugin } from '../../network/dns/records';
import type { KubernetesPluginConfig } from '../../network/dns/records';
import type { App, HttpResponse, Listener, ServesSockets } from '../../network/traffic/socket';
import type { Container, EndpointSlice, Namespace, Pod, Service, StoredObject } from '../../types';
import type { AgentHost, AgentKind } from '../registry';
import { SoaSerial } from './serial';
import { CoreDnsServer } from './server';

export const COREDNS_USER = 'system:serviceaccount:kube-system:coredns';
export const COREDNS_REPO = 'registry.k8s.io/coredns/coredns';

export interface CoreDnsConfig {
  /** The cluster domain kubeadm wrote into the Corefile's kubernetes block. */
  clusterDomain: string;
}

/** The kubernetes plugin's startup wait (plugin/kubernetes OnStartup). */
const SYNC_POLL_MS = 100;
const SYNC_LOG_AFTER_MS = 500;
const SYNC_TIMEOUT_MS = 5_000;

const HEALTH_PORT = 8080;
const READY_PORT = 8181;
const DNS_PORT = 53;

/** Linux's default ip_local_port_range, where forward's sockets get their source ports. */
const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;

export class CoreDns implements Component, ServesSockets {
  readonly name: string;
  private readonly services: SharedInformer<Service & StoredObject>;
  private readonly slices: SharedInformer<EndpointSlice & StoredObject>;
  private readonly namespaces: SharedInformer<Namespace & StoredObject>;
  private readonly index = new DnsIndex();
  private readonly serial = new SoaSerial();
  private readonly plugin: KubernetesPluginConfig;
  /** made when the process starts, with its addresses: an empty cache at every start */
  private server: CoreDnsServer | undefined;
  private localIPs: string[] = [];
  private running = false;
  /** port 53 is open: the startup hooks have returned */
  private serving = false;
  /** the ready plugin saw the kubernetes plugin ready once, and stops asking */
  private readyOnce = false;
  private startTimer: TimerId | undefined;
  private readonly dns: App;
  private readonly http: { health: App; ready: App };

  constructor(
    private readonly ctx: ComponentContext,
    private readonly host: AgentHost,
    conf: CoreDnsConfig,
  ) {
    this.name = host.process.name;
    this.plugin = kubeadmKubernetesPlugin(conf.clusterDomain);
    this.services = new SharedInformer(ctx.client, ctx.clock, 'services');
    this.slices = new SharedInformer(ctx.client, ctx.clock, 'endpointslices');
    this.namespaces = new SharedInformer(ctx.client, ctx.clock, 'namespaces');
    this.watch();
    this.dns = {
      kind: 'dns',
      serve: (query, nowMs, transport) => {
        const server = this.server;
        if (!this.running || !this.serving || !server) return undefined;
        const out = this.ctx.clock.runAs(this.host.process.owner(), () => server.serve(query, nowMs, transport));
        this.logAt(nowMs + out.delayMs, out.log);
        return { response: out.response, delayMs: out.delayMs };
      },
      peek: (query, nowMs, transport) => {
        const server = this.server;
        if (!this.running || !this.serving || !server) return undefined;
        // A copy of the server with a copy of its random stream: the answer is the one serve would
        // give now, and the cache, the log and the stream stay as they were.
        const draws = this.ctx.stream.clone();
        const quiet = server.fork({ nextId: () => draws.intn(0x10000), nextPort: () => EPHEMERAL_LOW + draws.intn(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1) });
        const out = this.ctx.clock.runAs(this.host.process.owner(), () => quiet.serve(query, nowMs, transport));
        return { response: out.response, delayMs: out.delayMs };
      },
    };
    this.http = {
      health: { kind: 'http', serve: () => this.text(200, 'OK') },
      ready: { kind: 'http', serve: () => this.readyResponse() },
    };
  }

  start(): void {
    this.running = true;
    const ns = this.host.machine.netns(this.host.process.netns ?? '');
    this.localIPs = (ns?.addresses ?? []).filter((a) => !a.ip.startsWith('127.')).map((a) => a.ip);
    const stream = this.ctx.stream;
    this.server = new CoreDnsServer({
      kubernetes: () => ({ index: this.index, config: this.plugin, serial: this.serial.value, localIPs: this.localIPs, synced: this.synced() }),
      upstream: `${this.upstreamIP()}:53`,
      podIP: this.localIPs[0] ?? '',
      nextId: () => stream.intn(0x10000),
      nextPort: () => EPHEMERAL_LOW + stream.intn(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1),
    });
    for (const inf of [this.services, this.slices, this.namespaces] as SharedInformer<StoredObject>[]) inf.start();
    const startedAt = this.ctx.clock.now();
    let saidWaiting = false;
    const poll = (): void => {
      this.startTimer = undefined;
      if (!this.running) return;
      const waited = this.ctx.clock.now() - startedAt;
      if (this.synced()) return this.open();
      if (waited >= SYNC_TIMEOUT_MS) {
        this.log('[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API');
        return this.open();
      }
      if (!saidWaiting && waited >= SYNC_LOG_AFTER_MS) {
        saidWaiting = true;
        this.log('[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server');
      }
      this.startTimer = this.ctx.clock.after(SYNC_POLL_MS, `${this.name}: kubernetes plugin sync`, poll);
    };
    this.startTimer = this.ctx.clock.after(SYNC_POLL_MS, `${this.name}: kubernetes plugin sync`, poll);
  }

  stop(): void {
    this.running = false;
    this.serving = false;
    this.ctx.clock.cancel(this.startTimer);
    this.startTimer = undefined;
    for (const inf of [this.services, this.slices, this.namespaces] as SharedInformer<StoredObject>[]) inf.stop();
  }

  /** The DNS server on port 53, UDP and TCP, as the packet path reaches it. */
  dnsApp(): App {
    return this.dns;
  }

  /** Whether the kubernetes plugin's informers have all synced (dnsControl.HasSynced). */
  synced(): boolean {
    return this.services.hasSynced() && this.slices.hasSynced() && this.namespaces.hasSynced();
  }

  listeners(): readonly Listener[] {
    if (!this.running) return [];
    const l = (proto: 'tcp' | 'udp', port: number, app: App): Listener => ({ proto, port, addr: '0.0.0.0', app, pid: 1, program: 'coredns' });
    const out = [l('tcp', HEALTH_PORT, this.http.health), l('tcp', READY_PORT, this.http.ready)];
    if (this.serving) out.unshift(l('udp', DNS_PORT, this.dns), l('tcp', DNS_PORT, this.dns));
    return out;
  }

  private open(): void {
    this.serving = true;
  }

  private watch(): void {
    const wallMs = () => SIM_EPOCH_MS + this.ctx.clock.now();
    this.services.addEventHandler({
      add: (s) => {
        this.index.upsertService(s);
        this.serial.added(wallMs());
      },
      update: (old, cur) => {
        this.index.upsertService(cur);
        this.serial.serviceUpdated(old, cur, wallMs());
      },
      delete: (s) => {
        this.index.deleteService(s.metadata.name, s.metadata.namespace ?? '');
        this.serial.deleted(wallMs());
      },
    });
    this.slices.addEventHandler({
      add: (s) => {
        this.index.upsertEndpointSlice(s);
        this.serial.added(wallMs());
      },
      update: (old, cur) => {
        this.index.upsertEndpointSlice(cur);
        this.serial.sliceUpdated(old, cur, wallMs());
      },
      delete: (s) => {
        this.index.deleteEndpointSlice(s.metadata.name, s.metadata.namespace ?? '');
        this.serial.deleted(wallMs());
      },
    });
    // Namespaces carry no handlers in CoreDNS: the plugin only asks its store whether one exists.
    this.namespaces.addEventHandler({
      add: (n) => this.index.setNamespace(n.metadata.name),
      update: (_old, n) => this.index.setNamespace(n.metadata.name),
      delete: (n) => this.index.deleteNamespace(n.metadata.name),
    });
  }

  /** The first nameserver of the pod's resolv.conf: with dnsPolicy Default, the node's. */
  private upstreamIP(): string {
    const text = this.host.machine.readFile('/etc/resolv.conf') ?? '';
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[0] === 'nameserver' && f[1]) return f[1];
    }
    return '127.0.0.1';
  }

  private readyResponse(): HttpResponse {
    if (this.readyOnce || this.synced()) {
      this.readyOnce = true;
      return this.text(200, 'OK');
    }
    this.log('[INFO] plugin/ready: Still waiting on: "kubernetes"');
    return this.text(503, 'kubernetes');
  }

  /** A reply as Go's net/http writes a short text body. */
  private text(status: 200 | 503, body: string): HttpResponse {
    const date = new Date(SIM_EPOCH_MS + this.ctx.clock.now()).toUTCString();
    return {
      status,
      reason: status === 200 ? 'OK' : 'Service Unavailable',
      headers: [
        ['Date', date],
        ['Content-Length', String(body.length)],
        ['Content-Type', 'text/plain; charset=utf-8'],
      ],
      body,
    };
  }

  private log(line: string): void {
    this.host.process.write(line);
  }

  /** Lines the server writes when its reply leaves, `atMs` (virtual). */
  private logAt(atMs: number, lines: readonly string[]): void {
    if (lines.length === 0) return;
    const write = () => {
      if (this.running) for (const l of lines) this.log(l);
    };
    if (atMs <= this.ctx.clock.now()) return write();
    this.ctx.clock.runAs(this.host.process.owner(), () => this.ctx.clock.at(atMs, `${this.name}: errors plugin`, write));
  }
}

export function coreDnsAgent(conf: CoreDnsConfig): AgentKind {
  return {
    name: 'coredns',
    user: COREDNS_USER,
    perPod: true,
    // The image's entrypoint is /coredns; kubeadm's container sets only args.
    matches: (_pod: Pod, c: Container) => parseImageRef(c.image ?? '').repo === COREDNS_REPO && (c.command === undefined || c.command.length === 0 || /(^|\/)coredns$/.test(c.command[0] ?? '')),
    build: (ctx, host) => [new CoreDns(ctx, host, conf)],
  };
}
