/**
 * canal (its manifest's objects, Calico's node agent, and what canal's install-cni puts on a node: the
 * calico and bandwidth CNI plugins and calico/cni's installer), gathered in one chunk: only a cluster
 * whose scenario asks for cni: canal runs it, so the default cluster boots and paints without it.
 */
export { canalObjects } from '../../bootstrap/canal';
export { CALICO_NODE_USER, calicoNodeAgent, FelixWatch } from './agent';
export { calico as calicoCniPlugin, calicoVethName } from '../../node/cni/calico';
export { bandwidth as bandwidthCniPlugin } from '../../node/cni/bandwidth';
export { CALICO_CNI_IMAGE_REPO, calicoInstall } from '../../node/cni/calicoInstall';
