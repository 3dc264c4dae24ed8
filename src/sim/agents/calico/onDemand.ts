/**
 * canal (its manifest's objects, and Calico's node agent), gathered in one chunk: only a cluster whose
 * scenario asks for cni: canal runs it, so the default cluster boots and paints without it.
 */
export { canalObjects } from '../../bootstrap/canal';
export { CALICO_NODE_USER, calicoNodeAgent, FelixWatch } from './agent';
export { calicoVethName } from '../../node/cni/calico';
