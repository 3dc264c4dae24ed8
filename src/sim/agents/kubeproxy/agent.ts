/**
 * kube-proxy as a system agent: the kube-proxy container of the kube-proxy DaemonSet (image
 * registry.k8s.io/kube-proxy, command /usr/local/bin/kube-proxy) runs it on its node. In iptables mode
 * it writes the node's nat and filter tables (the machine's netfilter slot):
 *
 * - when its Service and EndpointSlice informers have synced it installs the Monitor's canaries and
 *   runs the first, full sync (outside the runner, as the real proxier's initial sync is);
 * - every change after that asks the BoundedFrequencyRunner (minSyncPeriod 1 s, burst 2), so a change
 *   shows up at once or at most a second later, and the runner's hourly timer forces a sync too;
 * - every syncPeriod (30 s) the Monitor checks its canaries and forces a full sync if a table was flushed.
 *
 * In IPVS mode it writes the machine's IPVS table, ipsets and kube-ipvs0 (one /32 per VIP) instead, its
 * runner's periodic timer being syncPeriod (30 s), and the iptables rules the IPVS proxier keeps
 * (ipvsIptables.ts) go into the machine's nat and filter tables (ipvsApply.ts).
 *
 * Stopping it (its container stops) leaves the rules as they were. `pause`/`resume` are the
 * kube-proxy-stop/-start faults: the process is frozen (SIGSTOP) inside a container that keeps
 * running, hears nothing, and on SIGCONT catches up with a sync.
 */
import type { Component, ComponentContext } from '../../component';
import type { TimerId } from '../../clock';
import { parseImageRef } from '../../node/images';
import { netfilterOf } from '../../network/netfilter/slot';
import type { Container, Pod } from '../../types';
import { applyKubeProxyConntrackSysctls, peekConntrack } from '../../network/conntrack/slot';
import { cleanStaleEntries } from '../../network/conntrack/cleanup';
import type { UdpServingState } from './udpstate';
import { staleUdpChanges, udpServingState } from './udpstate';
import type { AgentHost, AgentKind } from '../registry';
import type { Listener } from '../../network/traffic/socket';
import { healthzApp } from './healthz';
import type { ProxierConfig } from './iptables';
import { IptablesProxier, SYNC_PERIOD_MS } from './proxier';
import { BoundedFrequencyRunner, KUBE_PROXY_RUNNER } from './runner';
import type { RunnerOptions } from './runner';
import type { SchedulerName } from '../../network/ipvs/types';
import type { IpvsProxierSync } from './ipvsSync';
import { ipvsProxier } from './lazy';
import { ProxyWatch } from './watch';
import { klogLine } from '../klog';
import { SIM_EPOCH_MS } from '../../clock';
import { KUBERNETES_VERSION } from '../../bootstrap/kubeSystem';
import type { KlogEntry } from './startlog';
import { cachesSyncedLines, startLines } from './startlog';

export const KUBE_PROXY_USER = 'system:serviceaccount:kube-system:kube-proxy';

export interface KubeProxyConfig {
  mode: 'iptables' | 'ipvs';
  /** config.conf's `mode` was empty (kubeadm's default), so kube-proxy picks iptables and logs it */
  modeDefaulted?: boolean;
  /** --cluster-cidr */
  clusterCIDR: string;
  /** ipvs.scheduler (IPVS mode) */
  scheduler?: SchedulerName;
}

/** The IPVS proxier's runner: maxInterval is syncPeriod (30 s), not the iptables proxier's hour. */
const IPVS_RUNNER: RunnerOptions = { ...KUBE_PROXY_RUNNER, maxIntervalMs: SYNC_PERIOD_MS };

export class KubeProxy implements Component {
  readonly name: string;
  private readonly proxier: IptablesProxier;
  private ipvs: IpvsProxierSync | undefined;
  private runner: BoundedFrequencyRunner | undefined;
  private unsubscribe: (() => void) | undefined;
  private runTimer: TimerId | undefined;
  private runTimerAt: number | undefined;
  private monitorTimer: TimerId | undefined;
  private stopped = false;
  private startedAtMs = 0;
  private paused = false;
  /** a change arrived while frozen */
  private missed = false;
  /** UDP Service ports and their serving endpoints at the last sync, for the conntrack cleanup */
  private udpState: UdpServingState | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly host: AgentHost,
    private readonly watch: ProxyWatch,
    private readonly conf: KubeProxyConfig,
  ) {
    this.name = `kube-proxy/${host.nodeName}`;
    const pc: ProxierConfig = { nodeName: host.nodeName, nodeIP: host.machine.ip, clusterCIDR: conf.clusterCIDR };
    this.proxier = new IptablesProxier(pc, watch.ruleCache);
  }

  /** Its health server (10256); metrics (127.0.0.1:10249) are not modelled. */
  listeners(): Listener[] {
    if (this.stopped) return [];
    const app = healthzApp({ nowMs: () => this.ctx.clock.now(), startedAtMs: this.startedAtMs, healthy: () => this.runner !== undefined });
    return [{ proto: 'tcp', port: 10256, addr: '0.0.0.0', app, pid: 1, program: 'kube-proxy' }];
  }

  get isPaused(): boolean {
    return this.paused;
  }

  start(): void {
    this.startedAtMs = this.ctx.clock.now();
    const m = this.host.machine;
    // At start kube-proxy sets the conntrack sysctls (nf_conntrack_max, the TCP timeouts) on its node.
    const conntrack = m.poweredOn ? applyKubeProxyConntrackSysctls(m, m.cpus) : [];
    this.log(startLines({ mode: this.conf.mode, modeDefaulted: this.conf.modeDefaulted ?? false, nodeIP: m.ip, conntrack, version: KUBERNETES_VERSION }));
    this.watch.ensureStarted();
    // The process's own informers have not listed yet when WaitForCacheSync first looks; it looks again every 100 ms.
    this.ctx.clock.after(100, `${this.name}: informer sync`, () => this.waitForSync());
  }

  private log(entries: readonly KlogEntry[]): void {
    const wallMs = SIM_EPOCH_MS + this.ctx.clock.now();
    for (const e of entries) this.host.process.write(klogLine(e.severity, wallMs, e.source, e.message));
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.cancelTimers();
  }

  /** SIGSTOP: nothing runs until `resume`. */
  pause(): void {
    this.paused = true;
    this.cancelTimers();
  }

  /** SIGCONT: the changes it slept through ask for a sync at once, and its timers run again. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.stopped) return;
    if (!this.runner) return this.waitForSync();
    this.scheduleMonitor();
    if (this.missed) {
      this.missed = false;
      this.request();
    } else this.armRunTimer();
  }

  private cancelTimers(): void {
    this.ctx.clock.cancel(this.runTimer);
    this.ctx.clock.cancel(this.monitorTimer);
    this.runTimer = this.monitorTimer = this.runTimerAt = undefined;
  }

  private waitForSync(): void {
    if (this.stopped || this.paused) return;
    if (!this.watch.hasSynced()) {
      this.ctx.clock.after(100, `${this.name}: informer sync`, () => this.waitForSync());
      return;
    }
    this.log(cachesSyncedLines());
    if (this.conf.mode === 'iptables') this.proxier.installCanary(netfilterOf(this.host.machine));
    this.unsubscribe = this.watch.subscribe(() => this.ctx.clock.runAs(this.host.process.owner(), () => this.onChange()));
    // The initial sync, outside the runner: no token taken.
    this.sync();
    this.runner = new BoundedFrequencyRunner(this.conf.mode === 'ipvs' ? IPVS_RUNNER : KUBE_PROXY_RUNNER, this.ctx.clock.now());
    this.armRunTimer();
    this.scheduleMonitor();
  }

  private onChange(): void {
    if (this.stopped) return;
    if (this.paused) {
      this.missed = true;
      return;
    }
    this.request();
  }

  private request(): void {
    if (this.runner!.request(this.ctx.clock.now())) this.sync();
    this.armRunTimer();
  }

  /** One clock event for the runner's next timer, moved only when its time changes. */
  private armRunTimer(): void {
    const at = this.runner!.timerAt;
    if (this.runTimer !== undefined && this.runTimerAt === at) return;
    this.ctx.clock.cancel(this.runTimer);
    this.runTimerAt = at;
    this.runTimer = this.ctx.clock.at(at, `${this.name}: sync runner`, () => {
      this.runTimer = this.runTimerAt = undefined;
      if (this.runner!.fire(this.ctx.clock.now())) this.sync();
      this.armRunTimer();
    });
  }

  private scheduleMonitor(): void {
    // The IPVS proxier's periodic sync is its runner's 30 s timer; the canary Monitor is the iptables proxier's.
    if (this.conf.mode !== 'iptables') return;
    this.ctx.clock.cancel(this.monitorTimer);
    this.monitorTimer = this.ctx.clock.after(SYNC_PERIOD_MS, `${this.name}: iptables monitor`, () => {
      this.monitorTimer = undefined;
      const nf = this.host.machine.poweredOn ? netfilterOf(this.host.machine) : undefined;
      if (nf && this.proxier.canaryMissing(nf)) {
        this.proxier.needFullSync = true;
        this.proxier.installCanary(nf);
        this.request();
      }
      this.scheduleMonitor();
    });
  }

  private sync(): void {
    const m = this.host.machine;
    if (!m.poweredOn) return;
    if (this.conf.mode === 'ipvs') {
      const now = this.ctx.clock.now();
      const { buildIpvsState, IpvsProxierSync, ipvsNodeOf, nodeAddresses } = ipvsProxier();
      this.ipvs ??= new IpvsProxierSync(ipvsNodeOf(m), this.host.nodeName, now);
      const input = this.watch.input();
      const desired = buildIpvsState(input.services, input.endpointSlices, {
        nodeName: this.host.nodeName,
        nodeIP: m.ip,
        nodeAddresses: nodeAddresses(m),
        clusterCIDR: this.conf.clusterCIDR,
        ...(this.conf.scheduler ? { scheduler: this.conf.scheduler } : {}),
      });
      this.ipvs.runGracefulChecks(now);
      this.ipvs.sync(desired, now);
      this.cleanStaleUdp();
      return;
    }
    this.proxier.sync(netfilterOf(this.host.machine), this.watch.input(), this.ctx.clock.now());
    this.cleanStaleUdp();
  }

  /**
   * After a sync, the UDP conntrack entries that would keep sending datagrams to an endpoint that is
   * gone, or keep a Service's first endpoint from being reached, are deleted (pkg/proxy/conntrack).
   */
  private cleanStaleUdp(): void {
    const next = udpServingState(this.watch.input());
    const table = peekConntrack(this.host.machine);
    if (table && this.udpState) cleanStaleEntries(table, staleUdpChanges(this.udpState, next), this.ctx.clock.now());
    this.udpState = next;
  }
}

export function kubeProxyAgent(watch: ProxyWatch, conf: KubeProxyConfig): AgentKind {
  return {
    name: 'kube-proxy',
    user: KUBE_PROXY_USER,
    matches: (_pod: Pod, c: Container) => parseImageRef(c.image ?? '').repo === 'registry.k8s.io/kube-proxy' && /(^|\/)kube-proxy$/.test(c.command?.[0] ?? ''),
    build: (ctx, host) => [new KubeProxy(ctx, host, watch, conf)],
  };
}
