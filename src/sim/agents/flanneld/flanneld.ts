/**
 * flanneld with the kube subnet manager (`--kube-subnet-mgr --ip-masq`), as kube-flannel-ds runs it:
 *
 * - waits for its Node cache, then takes its node's spec.podCIDR as its lease — failing, and exiting 1,
 *   when the node has none (`pod cidr not assigned`) or the net-conf Network does not contain it;
 * - VXLAN: makes `flannel.1` (VNI 1, UDP 8472, no learning, MTU of eth0 less 50) with the lease's
 *   network address as a /32, its MAC kept from the node's earlier backend-data; host-gw makes no device;
 * - annotates the Node (backend-data, backend-type, kube-subnet-manager, public-ip) and sets its
 *   NetworkUnavailable condition False (`FlannelIsUp`);
 * - writes /run/flannel/subnet.env for the CNI plugin;
 * - keeps, for every other node's lease, a route, a permanent neighbour and an FDB entry on flannel.1
 *   (host-gw: a route via the node's address). They are derived from what it has learned when read;
 *   when flanneld stops they stay as they were, and go stale.
 *
 * - before writing subnet.env, installs its masquerade (with --ip-masq) and forward rules in the node's
 *   netfilter tables (iptables.ts) and checks them every 5 s (--iptables-resync), putting them back if
 *   anything removed one.
 *
 * `pause`/`resume` are the flannel-stop/-start faults: SIGSTOP freezes the process inside a container
 * that keeps running — it learns of no lease, so what it programmed stays as it stood, and its resync
 * stops — and SIGCONT lets it catch up with everything it slept through.
 */
import type { Component, ComponentContext } from '../../component';
import type { TimerId } from '../../clock';
import { SIM_EPOCH_MS } from '../../clock';
import type { IPv4Net } from '../../network/ipv4';
import { formatCIDR, formatIPv4, netContains, parseCIDR } from '../../network/ipv4';
import type { Node, StoredObject } from '../../types';
import { formatSubnetEnv, SUBNET_ENV } from '../../node/cni/flannel';
import type { KernelSource } from '../../node/netns';
import { VXLAN_DEVICE } from './peers';
import { netfilterOf } from '../../network/netfilter/slot';
import type { Netfilter } from '../../network/netfilter';
import { klogLine } from '../klog';
import type { FlannelRule } from './iptables';
import { bootstrap, cidrFromSubnetEnv, clearChain, FLANNEL_FWD, FLANNEL_POSTRTG, forwardRules, IPTABLES_RESYNC_MS, masqRules, rulesExist, teardown } from './iptables';
import type { AgentHost } from '../registry';
import type { FlannelNodes } from './leases';
import { BACKEND_DATA, BACKEND_TYPE, KUBE_SUBNET_MANAGER, PUBLIC_IP } from './leases';

export type FlannelBackend = 'vxlan' | 'host-gw';

/** What kube-flannel-cfg's net-conf.json and the container's flags say. */
export interface FlannelConfig {
  network: IPv4Net;
  backend: FlannelBackend;
  ipMasq: boolean;
  /**
   * Whether /run/flannel is the host's (kube-flannel-ds mounts it for the flannel CNI plugin). canal's
   * kube-flannel container does not mount it: its subnet.env stays inside the container, and a new
   * container starts without the last one's.
   */
  subnetFileOnHost?: boolean;
}

export { VXLAN_DEVICE };
const VXLAN_VNI = 1;
/** The kernel's VXLAN port, which flannel keeps when its config says Port 0. */
const VXLAN_PORT = 8472;
/** VXLAN's outer headers: Ethernet 14 + IP 20 + UDP 8 + VXLAN 8. */
const VXLAN_OVERHEAD = 50;
/** The id flannel's entries carry among the host's kernel sources, so a new flanneld takes over the old one's. */
const SOURCE_ID = 'flannel';

export class Flanneld implements Component {
  readonly name: string;
  /** what this instance has learned: everything while it runs, the book as it stood once it stopped */
  private frozenAt: number | undefined;
  private stopped = false;
  private paused = false;
  /** the rule sets it keeps, once registered */
  private ruleSets: (readonly FlannelRule[])[] = [];
  private resyncTimer: TimerId | undefined;
  /**
   * The tables and their revision when every rule set was last found (or put) in place: with no
   * change to the tables since, the rules are still there and the check would find nothing to do.
   */
  private rulesInPlace: { nf: Netfilter; revision: number; sets: (readonly FlannelRule[])[] } | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly host: AgentHost,
    private readonly nodes: FlannelNodes,
    private readonly conf: FlannelConfig,
  ) {
    this.name = `flanneld/${host.nodeName}`;
  }

  start(): void {
    this.nodes.ensureStarted();
    this.waitForSync();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  stop(): void {
    this.stopped = true;
    this.frozenAt ??= this.nodes.book.version;
    this.ctx.clock.cancel(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  /** SIGSTOP: it learns nothing more, so its routes stay as they are; its resync loop stops. */
  pause(): void {
    this.paused = true;
    this.frozenAt ??= this.nodes.book.version;
    this.ctx.clock.cancel(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  /** SIGCONT: the lease events it slept through are handled at once, and the resync runs again. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.stopped) return;
    this.frozenAt = undefined;
    if (this.ruleSets.length) this.scheduleResync();
    else this.waitForSync();
  }

  private log(sev: 'I' | 'W' | 'E', source: string, msg: string): string {
    const line = klogLine(sev, SIM_EPOCH_MS + this.ctx.clock.now(), source, msg);
    this.host.process.write(line);
    return line;
  }

  private waitForSync(): void {
    if (this.stopped || this.paused) return;
    if (!this.nodes.informer.hasSynced()) {
      this.ctx.clock.after(100, `${this.name}: node controller sync`, () => this.waitForSync());
      return;
    }
    this.register();
  }

  /** main's registration failed: its last words, and exit 1. */
  private fail(why: string): void {
    this.log('E', 'main.go:280', `Error registering network: ${why}`);
    this.log('I', 'main.go:333', 'Stopping shutdownHandler...');
    this.host.process.exit(1);
  }

  private register(): void {
    const name = this.host.nodeName;
    const node = this.nodes.informer.get(name);
    if (!node) return this.fail(`failed to acquire lease: node "${name}" not found`);
    const podCIDR = node.spec?.podCIDR;
    if (!podCIDR) return this.fail(`failed to acquire lease: node "${name}" pod cidr not assigned`);
    const subnet = parseCIDR(podCIDR)?.net;
    if (!subnet || !netContains(this.conf.network, subnet.ip)) {
      return this.fail(`failed to acquire lease: subnet "${formatCIDR(this.conf.network)}" specified in the flannel net config doesn't contain "${podCIDR}" PodCIDR of the "${name}" node`);
    }
    const m = this.host.machine;
    if (!m.poweredOn) return;
    const eth0 = m.host.link('eth0')!;
    let mtu = eth0.mtu;
    let backendData = 'null';
    if (this.conf.backend === 'vxlan') {
      const mac = this.ensureVxlanDevice(node, subnet, eth0.mtu - VXLAN_OVERHEAD);
      mtu = eth0.mtu - VXLAN_OVERHEAD;
      backendData = JSON.stringify({ VNI: VXLAN_VNI, VtepMAC: mac });
    }
    this.annotate(node, backendData);
    this.setNetworkAvailable();
    this.setUpRules(subnet);
    if (this.conf.subnetFileOnHost !== false) m.writeFile(SUBNET_ENV, formatSubnetEnv({ network: formatCIDR(this.conf.network), subnet: `${formatIPv4(subnet.ip + 1)}/${subnet.prefix}`, mtu, ipMasq: this.conf.ipMasq }));
    this.log('I', 'main.go:410', `Wrote subnet file to ${SUBNET_ENV}`);
    this.log('I', 'main.go:414', 'Running backend.');
    if (this.conf.backend === 'vxlan') this.log('I', 'vxlan_network.go:65', 'watching for new subnet leases');
    this.log('I', 'main.go:435', 'Waiting for all goroutines to exit');
    const sources = m.host.sources;
    const i = sources.findIndex((s) => s.id === SOURCE_ID);
    const source = this.kernelSource();
    if (i >= 0) sources[i] = source;
    else sources.push(source);
  }

  /**
   * SetupAndEnsureMasqRules (with --ip-masq) then SetupAndEnsureForwardRules: the previous lease's
   * masquerade rules go if the network or lease changed, each FLANNEL chain is cleared, and each set is
   * bootstrapped; then the resync loop keeps them.
   */
  private setUpRules(subnet: IPv4Net): void {
    const nf = netfilterOf(this.host.machine);
    const sets: (readonly FlannelRule[])[] = [];
    if (this.conf.ipMasq) {
      const env = this.conf.subnetFileOnHost === false ? undefined : this.host.machine.readFile(SUBNET_ENV);
      const zero: IPv4Net = { ip: 0, prefix: 0 };
      const prevNetwork = cidrFromSubnetEnv(env, 'FLANNEL_NETWORK') ?? zero;
      const prevSubnet = cidrFromSubnetEnv(env, 'FLANNEL_SUBNET') ?? zero;
      const same = (a: IPv4Net, b: IPv4Net) => a.ip === b.ip && a.prefix === b.prefix;
      if (!same(prevNetwork, this.conf.network) || !same(prevSubnet, subnet)) teardown(nf, masqRules(prevNetwork, prevSubnet));
      clearChain(nf, 'nat', FLANNEL_POSTRTG);
      const masq = masqRules(this.conf.network, subnet);
      bootstrap(nf, masq);
      sets.push(masq);
    }
    clearChain(nf, 'filter', FLANNEL_FWD);
    const fwd = forwardRules(this.conf.network);
    bootstrap(nf, fwd);
    sets.push(fwd);
    this.ruleSets = sets;
    this.scheduleResync();
  }

  /** ensureIPTables every --iptables-resync: a set with a rule missing is set up again whole. */
  private scheduleResync(): void {
    this.ctx.clock.cancel(this.resyncTimer);
    this.resyncTimer = this.ctx.clock.after(IPTABLES_RESYNC_MS, `${this.name}: iptables resync`, () => {
      this.resyncTimer = undefined;
      if (this.stopped || this.paused) return;
      const m = this.host.machine;
      if (m.poweredOn) {
        const nf = netfilterOf(m);
        const seen = this.rulesInPlace;
        if (!seen || seen.nf !== nf || seen.revision !== nf.revision || seen.sets !== this.ruleSets) {
          for (const set of this.ruleSets) if (!rulesExist(nf, set)) bootstrap(nf, set);
          this.rulesInPlace = { nf, revision: nf.revision, sets: this.ruleSets };
        }
      }
      this.scheduleResync();
    });
  }

  /** flannel.1, made once per boot; its MAC the one the node's annotation already names, if any. */
  private ensureVxlanDevice(node: Node, subnet: IPv4Net, mtu: number): string {
    const host = this.host.machine.host;
    let dev = host.link(VXLAN_DEVICE);
    if (!dev) {
      let mac: string | undefined;
      try {
        const data = JSON.parse(node.metadata?.annotations?.[BACKEND_DATA] ?? 'null') as { VtepMAC?: unknown } | null;
        if (data && typeof data.VtepMAC === 'string') mac = data.VtepMAC;
      } catch {
        // No usable earlier MAC: a new one.
      }
      dev = host.addLink({
        name: VXLAN_DEVICE,
        type: 'vxlan',
        mac: mac ?? this.host.machine.randomMac(),
        mtu,
        state: 'UNKNOWN',
        vxlan: { vni: VXLAN_VNI, port: VXLAN_PORT, local: this.host.machine.ip, dev: 'eth0', learning: false },
      });
    }
    // The lease's network address as a /32 (no broadcast on a /32).
    const want = formatIPv4(subnet.ip);
    for (let j = host.addresses.length - 1; j >= 0; j--) if (host.addresses[j]!.dev === VXLAN_DEVICE && host.addresses[j]!.ip !== want) host.addresses.splice(j, 1);
    if (!host.addresses.some((a) => a.dev === VXLAN_DEVICE)) host.addresses.push({ dev: VXLAN_DEVICE, ip: want, prefix: 32, scope: 'global' });
    return dev.mac;
  }

  private annotate(node: Node & StoredObject, backendData: string): void {
    const want: Record<string, string> = {
      [BACKEND_DATA]: backendData,
      [BACKEND_TYPE]: this.conf.backend,
      [KUBE_SUBNET_MANAGER]: 'true',
      [PUBLIC_IP]: this.host.machine.ip,
    };
    const have = node.metadata.annotations ?? {};
    if (Object.entries(want).every(([k, v]) => have[k] === v)) return;
    // flanneld writes its annotations through nodes/status, the one write its ClusterRole grants.
    this.ctx.client.patch('nodes', undefined, node.metadata.name, { metadata: { annotations: want } }, { type: 'strategic', subresource: 'status' });
  }

  private setNetworkAvailable(): void {
    const now = this.ctx.clock.timestamp();
    const cond = { type: 'NetworkUnavailable', status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node', lastTransitionTime: now, lastHeartbeatTime: now };
    this.ctx.client.patch('nodes', undefined, this.host.nodeName, { status: { conditions: [cond] } }, { type: 'strategic', subresource: 'status' });
  }

  /**
   * The routes, neighbours and FDB entries for every other node's lease this flanneld knows of: read
   * through the table every node at the same book version shares, leaving out its own lease.
   */
  private kernelSource(): KernelSource {
    const self = this.host.nodeName;
    const table = () => this.nodes.peers(this.frozenAt, this.conf.backend);
    return { id: SOURCE_ID, routes: () => table().routes(self), neighbours: () => table().neighbours(self), fdb: () => table().fdb(self), index: () => table().index(self) };
  }
}
