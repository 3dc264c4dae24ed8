/**
 * A Machine: what is really there under a Node object — power, identity (machine ID, system UUID,
 * boot ID), the kernel's network namespaces (the host's, one per pod sandbox), the files components
 * leave on disk and in /run, and slots for the kernel tables other modules own (netfilter, IPVS,
 * ipsets, conntrack). The kubelet, kube-proxy and flanneld are processes on it: they come and go, the
 * Machine stays. Cutting the power forgets everything in memory — namespaces, links, routes, kernel
 * tables, /run — and a boot brings up the host's lo and eth0 again with a new boot ID.
 *
 * Randomness (MACs, veth and netns names, the boot ID) comes from the machine's own seeded stream.
 */
import type { Stream } from '../rng';
import { uidFrom } from '../rng';
import type { IPv4Net } from '../network/ipv4';
import { broadcastOf, formatIPv4 } from '../network/ipv4';
import type { NodeIdentity } from './nodestatus';
import { NetNamespace } from './netns';
import type { Address, FdbEntry, Link, Neighbour, Route } from './netns';
import type { Listener, SocketSource } from '../network/traffic/socket';
import type { Client } from '../client/types';

/** The host's own namespace. */
export const HOST_NETNS = '';

/**
 * A kernel table another module keeps on this machine (netfilter, IPVS, ipsets, conntrack). The
 * machine only holds it, and drops it when the power goes, as a kernel forgets its tables.
 */
export interface DataplaneSlot {
  readonly kind: string;
}

export interface MachineFile {
  content: string;
  /** an executable (a CNI plugin binary): what matters is that it is there */
  executable?: boolean;
}

export interface MachineOptions {
  name: string;
  /** the node's address on eth0 */
  ip: string;
  /** the LAN eth0 is on and its router */
  lan: IPv4Net;
  gateway: string;
  stream: Stream;
  /** CPUs the kernel sees (runtime.NumCPU for the processes on it) */
  cpus?: number;
}

/** Plugins the kubernetes-cni package installs in /opt/cni/bin (flannel's own arrives with its DaemonSet). */
const CNI_PACKAGE_PLUGINS = ['bandwidth', 'bridge', 'dhcp', 'dummy', 'firewall', 'host-device', 'host-local', 'ipvlan', 'loopback', 'macvlan', 'portmap', 'ptp', 'sbr', 'static', 'tap', 'tuning', 'vlan', 'vrf'];

/** Mounts that are memory, gone at power-off. */
const TMPFS = ['/run/', '/var/run/', '/tmp/'];

export class Machine {
  readonly name: string;
  readonly ip: string;
  readonly lan: IPv4Net;
  readonly gateway: string;
  readonly cpus: number;
  readonly identity: NodeIdentity;
  private powered = true;
  private readonly stream: Stream;
  private readonly namespaces = new Map<string, NetNamespace>();
  private readonly files = new Map<string, MachineFile>();
  private fileChanges = 0;
  private readonly slots = new Map<string, DataplaneSlot>();
  private readonly powerWatchers: ((on: boolean) => void)[] = [];
  private socketSource?: SocketSource;
  /** cut off the node network (a partition): nothing reaches eth0 and nothing leaves it */
  isolated = false;
  /**
   * How a program on the machine reaches the API server with a credential it was given (a kubeconfig's
   * ServiceAccount token, as the Calico CNI plugin holds one); the cluster wires it.
   */
  apiClient?: (user: string) => Client;
  /** addresses a process on the machine answers ARP for on eth0 without holding them (MetalLB's speaker) */
  private readonly announced = new Set<string>();

  constructor(o: MachineOptions) {
    this.name = o.name;
    this.ip = o.ip;
    this.lan = o.lan;
    this.gateway = o.gateway;
    this.cpus = o.cpus ?? 1;
    this.stream = o.stream;
    this.identity = { machineID: this.stream.hex(16), systemUUID: uidFrom(this.stream), bootID: uidFrom(this.stream) };
    this.installPackages();
    this.boot();
  }

  get poweredOn(): boolean {
    return this.powered;
  }

  /** Someone on the machine (the kubelet) wants to know when the power goes and comes back. */
  onPower(fn: (on: boolean) => void): void {
    this.powerWatchers.push(fn);
  }

  /** The power goes: every namespace, kernel table and file in memory is lost. */
  powerOff(): void {
    if (!this.powered) return;
    this.powered = false;
    this.namespaces.clear();
    this.slots.clear();
    this.announced.clear();
    for (const path of [...this.files.keys()]) if (TMPFS.some((m) => path.startsWith(m))) this.files.delete(path);
    this.fileChanges++;
    for (const fn of this.powerWatchers) fn(false);
  }

  /** The machine boots: a new boot ID, lo and eth0 up with the node's address and routes. */
  powerOn(): void {
    if (this.powered) return;
    this.powered = true;
    this.identity.bootID = uidFrom(this.stream);
    this.boot();
    for (const fn of this.powerWatchers) fn(true);
  }

  private boot(): void {
    const host = new NetNamespace(HOST_NETNS);
    this.namespaces.set(HOST_NETNS, host);
    host.addLink({ name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN' });
    host.addresses.push({ dev: 'lo', ip: '127.0.0.1', prefix: 8, scope: 'host' });
    // A lab VM's NIC: QEMU/KVM's 52:54:00 prefix.
    host.addLink({ name: 'eth0', type: 'ether', mac: `52:54:00:${this.stream.hex(3).match(/../g)!.join(':')}`, mtu: 1500, state: 'UP' });
    host.addresses.push({ dev: 'eth0', ip: this.ip, prefix: this.lan.prefix, broadcast: formatIPv4(broadcastOf(this.lan)), scope: 'global' });
    host.routes.push({ dst: 'default', via: this.gateway, dev: 'eth0', proto: 'dhcp', src: this.ip, metric: 100 });
    host.routes.push({ dst: `${formatIPv4(this.lan.ip)}/${this.lan.prefix}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: this.ip });
    this.writeFile('/etc/resolv.conf', `nameserver ${this.gateway}\n`);
  }

  private installPackages(): void {
    this.writeFile('/etc/hostname', `${this.name}\n`);
    for (const p of CNI_PACKAGE_PLUGINS) this.files.set(`/opt/cni/bin/${p}`, { content: '', executable: true });
    this.fileChanges++;
  }

  // ---------------------------------------------------------------- network namespaces

  /** The host's namespace (while the machine runs). */
  get host(): NetNamespace {
    return this.netns(HOST_NETNS)!;
  }

  netns(name: string): NetNamespace | undefined {
    return this.namespaces.get(name);
  }

  /** `ip netns`: the named namespaces, newest first as iproute2 lists /var/run/netns. */
  netnsNames(): string[] {
    return [...this.namespaces.keys()].filter((n) => n !== HOST_NETNS).reverse();
  }

  /** A new namespace for a pod sandbox, named as containerd names them: `cni-` and 16 random bytes. */
  createNetns(): NetNamespace {
    const h = this.stream.hex(16);
    const name = `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    const ns = new NetNamespace(name);
    // The kernel's idr hands out the lowest id no live peer namespace holds.
    const taken = new Set([...this.namespaces.values()].map((n) => n.nsid));
    let id = 0;
    while (taken.has(id)) id++;
    ns.nsid = id;
    ns.addLink({ name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN' });
    ns.addresses.push({ dev: 'lo', ip: '127.0.0.1', prefix: 8, scope: 'host' });
    this.namespaces.set(name, ns);
    return ns;
  }

  deleteNetns(name: string): void {
    if (name !== HOST_NETNS) this.namespaces.delete(name);
  }

  /** A locally administered unicast MAC, as the kernel's eth_random_addr makes them. */
  randomMac(): string {
    const b = Array.from({ length: 6 }, () => this.stream.intn(256));
    b[0] = (b[0]! & 0xfe) | 0x02;
    return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
  }

  /** `veth` and eight hex digits from four random bytes (the CNI's RandomVethName). */
  randomVethName(): string {
    return `veth${this.stream.hex(4)}`;
  }

  // ---------------------------------------------------------------- the node network

  /** A process starts (or stops) answering ARP for `ip` on the node network. */
  announce(ip: string, on: boolean): void {
    if (on) this.announced.add(ip);
    else this.announced.delete(ip);
  }

  /** Whether the machine answers ARP for `ip` on eth0 beyond its own address. */
  answersArpFor(ip: string): boolean {
    return this.powered && this.announced.has(ip);
  }

  // ---------------------------------------------------------------- sockets

  /** The container runtime tells the machine who listens where (the kubelet sets it when it starts). */
  setSocketSource(src: SocketSource | undefined): void {
    this.socketSource = src;
  }

  /** The sockets listening in namespace `netns` now; none while the machine is off. */
  listeners(netns: string = HOST_NETNS): readonly Listener[] {
    if (!this.powered || !this.namespaces.has(netns)) return [];
    return this.socketSource?.listeners(netns) ?? [];
  }

  /** The pod whose sandbox holds namespace `netns`, as the runtime knows it (`default/web-…`). */
  podOf(netns: string): string | undefined {
    return netns === HOST_NETNS ? undefined : this.socketSource?.podOf?.(netns);
  }

  // ---------------------------------------------------------------- files

  /** Goes up on every change to the files, so readers can keep what they derived from them until then. */
  get filesVersion(): number {
    return this.fileChanges;
  }

  readFile(path: string): string | undefined {
    return this.files.get(path)?.content;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  writeFile(path: string, content: string, executable = false): void {
    this.files.set(path, { content, ...(executable ? { executable } : {}) });
    this.fileChanges++;
  }

  removeFile(path: string): void {
    this.files.delete(path);
    this.fileChanges++;
  }

  /** The entries of a directory, sorted (`ls`). */
  list(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const out = new Set<string>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) out.add(p.slice(prefix.length).split('/')[0]!);
    return [...out].sort();
  }

  // ---------------------------------------------------------------- kernel tables other modules own

  /** The table of `kind` on this machine, made by `create` the first time (and again after a reboot). */
  slot<T extends DataplaneSlot>(kind: T['kind'], create: () => T): T {
    let s = this.slots.get(kind);
    if (!s) {
      s = create();
      this.slots.set(kind, s);
    }
    return s as T;
  }

  /** The table of `kind` if something made one. */
  peekSlot<T extends DataplaneSlot>(kind: T['kind']): T | undefined {
    return this.slots.get(kind) as T | undefined;
  }
}

/** What `ip addr`, `ip route`, `ip neigh` and `bridge fdb` would show of one namespace, as data. */
export interface NetnsView {
  netns: string;
  links: Link[];
  addresses: Address[];
  routes: Route[];
  neighbours: Neighbour[];
  fdb: FdbEntry[];
}

/** A read-only copy of a namespace's network state (the host's by default); undefined when it does not exist. */
export function netnsView(m: Machine, netns = HOST_NETNS): NetnsView | undefined {
  const ns = m.netns(netns);
  if (!ns) return undefined;
  const copy = <T>(xs: readonly T[]): T[] => xs.map((x) => ({ ...x }));
  return { netns, links: copy(ns.links), addresses: copy(ns.addresses), routes: copy(ns.allRoutes()), neighbours: copy(ns.allNeighbours()), fdb: copy(ns.allFdb()) };
}
