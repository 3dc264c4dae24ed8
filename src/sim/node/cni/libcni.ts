/**
 * The runtime's side of CNI, as containerd 1.7's CRI plugin does it through go-cni and libcni: the
 * network configuration is the first file in /etc/cni/net.d (reloaded when the directory changes);
 * until there is one the runtime's network is not ready. For a pod sandbox it makes a network
 * namespace, brings up loopback, and runs the conflist's plugins in order (ADD, each given the
 * previous result); on teardown it runs them in reverse (DEL) and removes the namespace.
 */
import type { Machine } from '../machine';
import { bridge } from './bridge';
import { flannel } from './flannel';
import { hostLocal } from './hostlocal';
import { portmap } from './portmap';
import type { PortMapEntry } from './portmap';
import type { Invoke, NetConfList, Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';

export const CNI_CONF_DIR = '/etc/cni/net.d';
export const CNI_BIN_DIR = '/opt/cni/bin';

/** go-cni's ErrCNINotInitialized, as containerd reports it in its NetworkReady condition. */
export const CNI_NOT_INITIALIZED = 'cni plugin not initialized';

/**
 * The plugins kubetab has binaries for, by type. Those only canal installs (calico, bandwidth) are
 * added by canal's on-demand chunk when it loads (registerCniPlugin), so a flannel cluster does not
 * ship them; a node only runs a plugin whose binary an installer put in /opt/cni/bin.
 */
const PLUGINS: Record<string, Plugin> = { flannel, bridge, 'host-local': hostLocal, portmap };

/** Adds a plugin binary kubetab can run, under its type (loading it again changes nothing). */
export function registerCniPlugin(type: string, plugin: Plugin): void {
  PLUGINS[type] = plugin;
}

/** A pod sandbox's network, as the runtime set it up. */
export interface SandboxNetwork {
  netns: string;
  result: Result;
  /** the pod's address: the IPv4 address on CNI_IFNAME */
  ip: string;
  gateway?: string;
}

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
  /** the sandbox's port mappings with a host port, as containerd hands them to the portMappings capability */
  portMappings?: PortMapEntry[];
}

/** The network configuration list the runtime would load now, or undefined (not initialized). */
export function loadConfList(m: Machine): NetConfList | undefined {
  const files = m.list(CNI_CONF_DIR).filter((f) => /\.(conflist|conf|json)$/.test(f));
  for (const f of files) {
    try {
      const parsed = JSON.parse(m.readFile(`${CNI_CONF_DIR}/${f}`) ?? '') as Partial<NetConfList> & PluginConf;
      // A single-plugin .conf is a list of one.
      if (Array.isArray(parsed.plugins) && typeof parsed.name === 'string') return { name: parsed.name, cniVersion: String(parsed.cniVersion ?? '0.4.0'), plugins: parsed.plugins };
      if (typeof parsed.type === 'string' && typeof parsed.name === 'string') return { name: parsed.name, cniVersion: String(parsed.cniVersion ?? '0.4.0'), plugins: [parsed] };
    } catch {
      // A file that does not parse is skipped, as libcni's loader logs and moves on.
    }
  }
  return undefined;
}

/** Whether a configuration list loaded, per machine, as of a version of its files. */
const loadedAt = new WeakMap<Machine, { version: number; ready: boolean }>();

/**
 * The runtime's network status: undefined when ready, else why not. The kubelet asks at every node
 * status pass; the answer can change only with the files, so it is worked out again only after one
 * of them changed.
 */
export function networkStatus(m: Machine): string | undefined {
  const version = m.filesVersion;
  let seen = loadedAt.get(m);
  if (!seen || seen.version !== version) {
    seen = { version, ready: loadConfList(m) !== undefined };
    loadedAt.set(m, seen);
  }
  return seen.ready ? undefined : CNI_NOT_INITIALIZED;
}

function invoker(m: Machine): Invoke {
  const find = (type: string): Plugin => {
    const p = PLUGINS[type];
    const f = `${CNI_BIN_DIR}/${type}`;
    if (!p || !m.exists(f)) throw new CniError(`failed to find plugin "${type}" in path [${CNI_BIN_DIR}]`);
    return p;
  };
  const self: Invoke = {
    add: (conf, rt) => find(conf.type).add(m, conf, rt, undefined, self),
    del: (conf, rt) => find(conf.type).del(m, conf, rt, self),
  };
  return self;
}

function describe(p: PluginConf): string {
  return p.name ? `name="${p.name}" type="${p.type}"` : `type="${p.type}"`;
}

/** A plugin's configuration as libcni hands it over: the list's name and version, and the capability args it asked for. */
function pluginConf(list: NetConfList, p: PluginConf, rt: RuntimeConf): PluginConf {
  const conf: PluginConf = { ...p, name: list.name, cniVersion: list.cniVersion };
  const caps = Object.entries(p.capabilities ?? {}).filter(([, on]) => on).map(([k]) => k);
  const runtimeConfig = Object.fromEntries(caps.filter((k) => rt.capabilityArgs?.[k] !== undefined).map((k) => [k, rt.capabilityArgs![k]]));
  if (Object.keys(runtimeConfig).length) conf.runtimeConfig = runtimeConfig;
  return conf;
}

/** AddNetworkList: every plugin in order, each given the previous result; the first failure stops it. */
export function addNetworkList(m: Machine, list: NetConfList, rt: RuntimeConf): Result {
  const invoke = invoker(m);
  let prev: Result | undefined;
  for (const p of list.plugins) {
    try {
      const plugin = PLUGINS[p.type];
      if (!plugin || !m.exists(`${CNI_BIN_DIR}/${p.type}`)) throw new CniError(`failed to find plugin "${p.type}" in path [${CNI_BIN_DIR}]`);
      prev = plugin.add(m, pluginConf(list, p, rt), rt, prev, invoke);
    } catch (e) {
      if (e instanceof CniError) throw new CniError(`plugin ${describe(p)} failed (add): ${e.message}`);
      throw e;
    }
  }
  return prev!;
}

/** DelNetworkList: every plugin in reverse order. */
export function delNetworkList(m: Machine, list: NetConfList, rt: RuntimeConf): void {
  const invoke = invoker(m);
  for (const p of [...list.plugins].reverse()) {
    try {
      const plugin = PLUGINS[p.type];
      if (!plugin || !m.exists(`${CNI_BIN_DIR}/${p.type}`)) throw new CniError(`failed to find plugin "${p.type}" in path [${CNI_BIN_DIR}]`);
      plugin.del(m, pluginConf(list, p, rt), rt, invoke);
    } catch (e) {
      if (e instanceof CniError) throw new CniError(`plugin ${describe(p)} failed (delete): ${e.message}`);
      throw e;
    }
  }
}

function runtimeConf(sandboxID: string, netns: string, pod: PodRef): RuntimeConf {
  return {
    containerID: sandboxID,
    netns,
    ifName: 'eth0',
    args: { IgnoreUnknown: '1', K8S_POD_NAMESPACE: pod.namespace, K8S_POD_NAME: pod.name, K8S_POD_INFRA_CONTAINER_ID: sandboxID, K8S_POD_UID: pod.uid },
    capabilityArgs: { portMappings: pod.portMappings ?? [] },
  };
}

/**
 * RunPodSandbox's network half: a new namespace, then the chain's ADD. On failure the namespace is
 * torn down again and the error is containerd's: `failed to setup network for sandbox "<id>": …`.
 */
export function setUpPodNetwork(m: Machine, sandboxID: string, pod: PodRef): SandboxNetwork {
  const list = loadConfList(m);
  if (!list) throw new CniError(`failed to setup network for sandbox "${sandboxID}": ${CNI_NOT_INITIALIZED}`);
  const ns = m.createNetns();
  const rt = runtimeConf(sandboxID, ns.name, pod);
  try {
    const result = addNetworkList(m, list, rt);
    const ifIndex = result.interfaces.findIndex((i) => i.name === rt.ifName && i.sandbox);
    const ip = result.ips.find((x) => x.interface === ifIndex && !x.address.includes(':')) ?? result.ips.find((x) => !x.address.includes(':'));
    if (!ip) throw new CniError('failed to find network info for sandbox: no IPv4 address on eth0');
    return { netns: ns.name, result, ip: ip.address.split('/')[0]!, ...(ip.gateway ? { gateway: ip.gateway } : {}) };
  } catch (e) {
    if (!(e instanceof CniError)) throw e;
    try {
      delNetworkList(m, list, rt);
    } catch {
      // The teardown of a failed setup is best effort, as containerd's deferred cleanup.
    }
    m.deleteNetns(ns.name);
    throw new CniError(`failed to setup network for sandbox "${sandboxID}": ${e.message}`);
  }
}

/** StopPodSandbox's network half: the chain's DEL, then the namespace goes. */
export function tearDownPodNetwork(m: Machine, sandboxID: string, netns: string, pod: PodRef): void {
  const list = loadConfList(m);
  try {
    if (list) delNetworkList(m, list, runtimeConf(sandboxID, netns, pod));
  } catch (e) {
    if (!(e instanceof CniError)) throw e;
    throw new CniError(`failed to destroy network for sandbox "${sandboxID}": ${e.message}`);
  } finally {
    m.deleteNetns(netns);
  }
}
