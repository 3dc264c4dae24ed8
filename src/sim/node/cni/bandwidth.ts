/**
 * The `bandwidth` plugin (containernetworking/plugins, plugins/meta/bandwidth), chained after the main
 * plugin with the `bandwidth` capability. It shapes traffic only for a pod that asks for it (the
 * kubernetes.io/ingress-bandwidth and egress-bandwidth annotations, which kubetab does not model);
 * for every other pod ADD hands the previous result on unchanged and DEL has nothing to undo.
 */
import type { Machine } from '../machine';
import type { Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';

export const bandwidth: Plugin = {
  add(_m: Machine, conf: PluginConf, _rt: RuntimeConf, prev: Result | undefined): Result {
    if (!prev) throw new CniError('must be called as chained plugin');
    return { ...prev, cniVersion: String(conf.cniVersion ?? prev.cniVersion) } satisfies Result;
  },
  del(): void {},
};


