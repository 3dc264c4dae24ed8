/**
 * The node shell (`ssh NODE`: ip, bridge, iptables, ipvsadm, ipset, conntrack, crictl and the network
 * tools), loaded on demand: only a learner's command runs it, so the cluster worker fetches it after
 * the cluster has booted. Node callers load it before running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./ssh'), 'the node shell is not loaded yet (call loadNodeShell first)');

export const loadNodeShell = onDemand.load;
export const nodeShell = onDemand.get;
