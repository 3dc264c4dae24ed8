/**
 * The `flannel` CNI plugin (flannel-io/cni-plugin): reads what flanneld wrote to
 * /run/flannel/subnet.env and hands the work to a delegate — `bridge` with `isGateway`, `ipMasq` the
 * opposite of FLANNEL_IPMASQ, the network's MTU, and host-local IPAM over the node's subnet with a
 * route to the whole pod network. The delegate's configuration is kept in
 * /var/lib/cni/flannel/<container ID> so that DEL undoes exactly what ADD did.
 */
import type { Machine } from '../machine';
import { formatCIDR, parseCIDR } from '../../network/ipv4';
import type { Invoke, Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';

export const SUBNET_ENV = '/run/flannel/subnet.env';
const DATA_DIR = '/var/lib/cni/flannel';

/** The conflist kube-flannel.yml's install-cni container copies to /etc/cni/net.d/10-flannel.conflist. */
export const FLANNEL_CNI_CONF = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;
export const FLANNEL_CONFLIST_PATH = '/etc/cni/net.d/10-flannel.conflist';

export interface SubnetEnv {
  network: string;
  subnet: string;
  mtu: number;
  ipMasq: boolean;
}

/** What flanneld writes (pkg/subnet.WriteSubnetFile): the subnet is the lease's first address with its prefix. */
export function formatSubnetEnv(e: SubnetEnv): string {
  return `FLANNEL_NETWORK=${e.network}\nFLANNEL_SUBNET=${e.subnet}\nFLANNEL_MTU=${e.mtu}\nFLANNEL_IPMASQ=${e.ipMasq}\n`;
}

function loadSubnetEnv(m: Machine, path: string): SubnetEnv {
  const text = m.readFile(path);
  if (text === undefined) throw new CniError(`loadFlannelSubnetEnv failed: open ${path}: no such file or directory`);
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) vars.set(line.slice(0, i), line.slice(i + 1));
  }
  const missing = ['FLANNEL_NETWORK', 'FLANNEL_SUBNET', 'FLANNEL_MTU', 'FLANNEL_IPMASQ'].filter((k) => !vars.has(k));
  if (missing.length) throw new CniError(`loadFlannelSubnetEnv failed: ${path} is missing ${missing.join(', ')}`);
  return { network: vars.get('FLANNEL_NETWORK')!, subnet: vars.get('FLANNEL_SUBNET')!, mtu: Number(vars.get('FLANNEL_MTU')), ipMasq: vars.get('FLANNEL_IPMASQ') === 'true' };
}

/** The subnet written as an address with its prefix (10.244.1.1/24), as a network (10.244.1.0/24). */
function networkForm(s: string): string {
  const c = parseCIDR(s);
  if (!c) throw new CniError(`loadFlannelSubnetEnv failed: invalid CIDR address: ${s}`);
  return formatCIDR(c.net);
}

export const flannel: Plugin = {
  add(m: Machine, conf: PluginConf, rt: RuntimeConf, _prev: Result | undefined, invoke: Invoke): Result {
    const env = loadSubnetEnv(m, String(conf.subnetFile ?? SUBNET_ENV));
    const delegate: PluginConf = { ...((conf.delegate as Record<string, unknown>) ?? {}), type: 'bridge' };
    const given = (conf.delegate as Record<string, unknown>) ?? {};
    if (given.type !== undefined) delegate.type = String(given.type);
    delegate.name = conf.name;
    if (given.ipMasq === undefined) delegate.ipMasq = !env.ipMasq;
    if (given.mtu === undefined) delegate.mtu = env.mtu;
    if (delegate.type === 'bridge') delegate.isGateway = true;
    delegate.cniVersion = conf.cniVersion;
    delegate.ipam = { type: 'host-local', ranges: [[{ subnet: networkForm(env.subnet) }]], routes: [{ dst: env.network }] };
    m.writeFile(`${String(conf.dataDir ?? DATA_DIR)}/${rt.containerID}`, JSON.stringify(delegate));
    return invoke.add(delegate, rt);
  },

  del(m: Machine, conf: PluginConf, rt: RuntimeConf, invoke: Invoke): void {
    const path = `${String(conf.dataDir ?? DATA_DIR)}/${rt.containerID}`;
    const saved = m.readFile(path);
    // Already cleaned up.
    if (saved === undefined) return;
    invoke.del(JSON.parse(saved) as PluginConf, rt);
    m.removeFile(path);
  },
};
