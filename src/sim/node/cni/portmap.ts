/**
 * The `portmap` plugin (containernetworking/plugins, plugins/meta/portmap), chained after flannel in the
 * conflist. Its work — DNAT rules for a pod's hostPorts in the CNI-HOSTPORT-* chains — belongs to the
 * node's netfilter tables; for a pod without hostPorts it passes the previous result on untouched.
 */
import type { Plugin, PluginConf, Result } from './types';
import { CniError } from './types';

export const portmap: Plugin = {
  add(_m, conf: PluginConf, _rt, prev: Result | undefined): Result {
    if (!prev) throw new CniError('must be called as chained plugin');
    return prev;
  },
  del(): void {},
};
