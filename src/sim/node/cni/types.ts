/**
 * The Container Network Interface as the runtime and the plugins speak it (containernetworking/cni
 * SPEC, result types 1.0): a network configuration list, what the runtime passes with each call, the
 * result an ADD returns, and the error a plugin fails with.
 */
import type { Machine } from '../machine';

/** One plugin's configuration, as it appears in a conflist (`type` names the binary in /opt/cni/bin). */
export interface PluginConf {
  type: string;
  name?: string;
  cniVersion?: string;
  capabilities?: Record<string, boolean>;
  /** plugin-specific keys */
  [key: string]: unknown;
}

export interface NetConfList {
  name: string;
  cniVersion: string;
  plugins: PluginConf[];
}

/** What the runtime passes besides the configuration: CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, capability args. */
export interface RuntimeConf {
  containerID: string;
  /** the namespace's name under /var/run/netns */
  netns: string;
  ifName: string;
  /** K8S_POD_NAMESPACE, K8S_POD_NAME, K8S_POD_INFRA_CONTAINER_ID, K8S_POD_UID */
  args: Record<string, string>;
  /** runtimeConfig for the capabilities a plugin declares (`portMappings`) */
  capabilityArgs?: Record<string, unknown>;
}

export interface ResultInterface {
  name: string;
  mac: string;
  /** the namespace path, for an interface inside the sandbox */
  sandbox?: string;
}

export interface ResultIP {
  /** `10.244.1.5/24` */
  address: string;
  gateway?: string;
  /** index into `interfaces` */
  interface?: number;
}

export interface ResultRoute {
  dst: string;
  gw?: string;
}

export interface Result {
  cniVersion: string;
  interfaces: ResultInterface[];
  ips: ResultIP[];
  routes: ResultRoute[];
  dns: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
}

/** A plugin failed; `message` is what libcni reports (`msg` and, if any, `: details`). */
export class CniError extends Error {
  constructor(message: string, readonly code = 999) {
    super(message);
    this.name = 'CniError';
  }
}

/** A plugin binary: what it does with ADD and DEL on one machine. */
export interface Plugin {
  add(m: Machine, conf: PluginConf, rt: RuntimeConf, prev: Result | undefined, invoke: Invoke): Result;
  del(m: Machine, conf: PluginConf, rt: RuntimeConf, invoke: Invoke): void;
}

/** How a plugin calls another (flannel delegating to bridge, bridge to its IPAM), as libcni's DelegateAdd/Del. */
export interface Invoke {
  add(conf: PluginConf, rt: RuntimeConf): Result;
  del(conf: PluginConf, rt: RuntimeConf): void;
}

export function emptyResult(cniVersion: string): Result {
  return { cniVersion, interfaces: [], ips: [], routes: [], dns: {} };
}
