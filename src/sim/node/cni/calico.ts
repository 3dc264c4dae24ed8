/**
 * The `calico` CNI plugin (projectcalico/calico cni-plugin, v3.28) as canal configures it: host-local
 * IPAM on the node's own podCIDR (`"subnet": "usePodCidr"`, read from the Node through the API server
 * with the plugin's kubeconfig), and Calico's routed veth instead of a bridge.
 *
 * ADD, as its Linux dataplane shapes the node:
 * - a veth pair: `eth0` (CNI_IFNAME) in the pod's namespace, and on the host `cali` + the first 11 hex
 *   digits of SHA-1(`<namespace>.<pod>`), with the fixed MAC ee:ee:ee:ee:ee:ee, no address, and
 *   proxy_arp on (so it answers the pod's ARP for the gateway it is given);
 * - in the pod: the address as a /32 on eth0, a link route to 169.254.1.1 (an address nothing holds)
 *   and the default route through it — every packet leaves by the veth and the host routes it;
 * - on the host: `<podIP> dev cali… scope link`, so replies and other pods' traffic reach the pod.
 * No bridge is made: traffic between two pods of a node is routed by the host between two veths.
 *
 * DEL releases the address and deletes the pod's end of the pair, which takes the host end and its
 * route with it. What the real plugin also does and kubetab leaves out: it records the pod's
 * WorkloadEndpoint (under the Kubernetes datastore, the cni.projectcalico.org annotations on the Pod).
 */
import type { Machine } from '../machine';
import { HOST_NETNS } from '../machine';
import type { Node } from '../../types';
import { formatIPv4, parseCIDR } from '../../network/ipv4';
import type { Invoke, Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';
import { sha1Hex } from '../../digestSha1';

/** The gateway every Calico pod is given: link-local, held by no one, answered by the host's proxy ARP. */
export const CALICO_GATEWAY = '169.254.1.1';
/** The MAC Calico gives every host-side veth, so that a pod's neighbour entry never goes stale across restarts. */
export const CALICO_HOST_MAC = 'ee:ee:ee:ee:ee:ee';
/** The ServiceAccount canal's install-cni writes the plugin's kubeconfig for (CALICO_CNI_SERVICE_ACCOUNT = the pod's own). */
export const CALICO_CNI_USER = 'system:serviceaccount:kube-system:canal';
/** Where Felix leaves the MTU it worked out, which the plugin uses when its configuration says 0. */
export const CALICO_MTU_FILE = '/var/lib/calico/mtu';
const DEFAULT_MTU = 1500;

/** The host-side interface of a pod's veth: `cali` + 11 hex digits of SHA-1 of `<namespace>.<pod>`. */
export function calicoVethName(namespace: string, pod: string): string {
  return `cali${sha1Hex(`${namespace}.${pod}`).slice(0, 11)}`;
}

interface CalicoConf extends PluginConf {
  nodename?: string;
  mtu?: number;
  ipam?: { type?: string; subnet?: string; [key: string]: unknown };
}

/** The node's podCIDR, as the plugin reads its Node with its kubeconfig. */
function podCidr(m: Machine, nodename: string): string {
  if (!m.apiClient) throw new CniError(`failed to get podCidr for node ${nodename}: no kubeconfig`);
  let node: Node;
  try {
    node = m.apiClient(CALICO_CNI_USER).get<Node>('nodes', undefined, nodename);
  } catch (e) {
    // The API's error as client-go returns it (`nodes "x" not found`).
    throw new CniError((e as Error).message);
  }
  const cidr = node.spec?.podCIDR;
  if (!cidr) throw new CniError(`no podCidr for node ${nodename}`);
  return cidr;
}

/** The IPAM section handed to host-local: `usePodCidr` replaced by the node's range. */
function ipamConf(m: Machine, conf: CalicoConf, nodename: string): PluginConf {
  const ipam = conf.ipam ?? {};
  if (!ipam.type) throw new CniError('IPAM plugin returned missing IP config');
  const subnet = ipam.subnet === 'usePodCidr' ? podCidr(m, nodename) : ipam.subnet;
  const rest = { ...ipam };
  delete rest.subnet;
  return { ...conf, type: ipam.type, ipam: { ...rest, ...(subnet ? { ranges: [[{ subnet }]] } : {}) } };
}

function mtuOf(m: Machine, conf: CalicoConf): number {
  if (conf.mtu) return conf.mtu;
  const fromFelix = Number(m.readFile(CALICO_MTU_FILE)?.trim());
  return Number.isInteger(fromFelix) && fromFelix > 0 ? fromFelix : DEFAULT_MTU;
}

export const calico: Plugin = {
  add(m: Machine, raw: PluginConf, rt: RuntimeConf, _prev: Result | undefined, invoke: Invoke): Result {
    const conf = raw as CalicoConf;
    const nodename = conf.nodename || m.name;
    const namespace = rt.args.K8S_POD_NAMESPACE ?? '';
    const podName = rt.args.K8S_POD_NAME ?? '';
    const ns = m.netns(rt.netns);
    if (!ns) throw new CniError(`failed to open netns "/var/run/netns/${rt.netns}": failed to Statfs "/var/run/netns/${rt.netns}": no such file or directory`);
    const ipam = ipamConf(m, conf, nodename);
    const got = invoke.add(ipam, rt);
    const first = got.ips[0];
    if (!first) throw new CniError('IPAM plugin returned missing IP config');
    const ip = formatIPv4(parseCIDR(first.address)!.ip);

    const host = m.host;
    const hostName = calicoVethName(namespace, podName);
    // A veth left over from an earlier sandbox of the same pod is replaced.
    host.removeLink(hostName);
    const mtu = mtuOf(m, conf);
    const podMac = m.randomMac();
    const podEnd = ns.addLink({ name: rt.ifName, type: 'veth', mac: podMac, mtu, state: 'UP', peer: { netns: HOST_NETNS, index: host.peekIndex() } });
    host.addLink({ name: hostName, type: 'veth', mac: CALICO_HOST_MAC, mtu, state: 'UP', proxyArp: true, peer: { netns: rt.netns, index: podEnd.index } });

    ns.addresses.push({ dev: rt.ifName, ip, prefix: 32, scope: 'global' });
    ns.routes.push({ dst: 'default', via: CALICO_GATEWAY, dev: rt.ifName });
    ns.routes.push({ dst: CALICO_GATEWAY, dev: rt.ifName, scope: 'link' });
    host.routes.push({ dst: ip, dev: hostName, scope: 'link' });

    return {
      cniVersion: String(conf.cniVersion ?? '0.3.1'),
      interfaces: [{ name: hostName, mac: CALICO_HOST_MAC }],
      ips: [{ address: `${ip}/32` }],
      routes: [],
      dns: {},
    };
  },

  del(m: Machine, raw: PluginConf, rt: RuntimeConf, invoke: Invoke): void {
    const conf = raw as CalicoConf;
    const ipam = conf.ipam ?? {};
    // host-local releases by container ID; the range only names the state directory.
    if (ipam.type) invoke.del({ ...conf, type: ipam.type, ipam: { ...ipam, ranges: [[{ subnet: '0.0.0.0/0' }]] } }, rt);
    const host = m.host;
    const ns = m.netns(rt.netns);
    const podEnd = ns?.link(rt.ifName);
    if (ns && podEnd) ns.removeLink(rt.ifName);
    const hostName = calicoVethName(rt.args.K8S_POD_NAMESPACE ?? '', rt.args.K8S_POD_NAME ?? '');
    const hostEnd = host.link(hostName);
    // Only the veth of this sandbox: a newer sandbox of the same pod owns the name now.
    if (hostEnd && (!hostEnd.peer || hostEnd.peer.netns === rt.netns)) host.removeLink(hostName);
  },
};
