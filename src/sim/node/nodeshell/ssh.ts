/**
 * `ssh NODE COMMAND` from the admin's workstation, which resolves node names: an unknown name does
 * not resolve, a powered-off machine does not answer, a running one runs the command as root.
 */
import type { Machine } from '../machine';
import type { Kubelet } from '../kubelet';
import { runNodeCommand } from './index';
import type { ShellResult } from './result';
import type { Fabric } from '../../network/traffic/fabric';
import { fail } from './result';
import type { EtcdCluster } from '../../store/etcd';
export { etcdctl, ETCD_PKI_FILES } from './etcdctl';

export interface SshHosts {
  machine(name: string): Machine | undefined;
  kubelet(name: string): Kubelet | undefined;
  nowMs(): number;
  /** the network the node's own commands send through */
  fabric?(): Fabric;
  /** the cluster's etcd, which etcdctl on a control-plane node talks to */
  etcd?(): EtcdCluster | undefined;
}

/** Whether `node` answers ssh; the error ssh prints (exit 255) when it does not. */
export function sshReach(hosts: SshHosts, node: string): ShellResult | undefined {
  const m = hosts.machine(node);
  if (!m) return fail(`ssh: Could not resolve hostname ${node.toLowerCase()}: Name or service not known\n`, 255);
  if (!m.poweredOn) return fail(`ssh: connect to host ${node} port 22: No route to host\n`, 255);
  return undefined;
}

export function ssh(hosts: SshHosts, node: string, line: string): ShellResult {
  const err = sshReach(hosts, node);
  if (err) return err;
  const kubelet = hosts.kubelet(node);
  const fabric = hosts.fabric?.();
  const etcd = hosts.etcd?.();
  return runNodeCommand({ machine: hosts.machine(node)!, ...(kubelet ? { kubelet } : {}), ...(fabric ? { fabric } : {}), ...(etcd ? { etcd } : {}), nowMs: hosts.nowMs() }, line);
}
