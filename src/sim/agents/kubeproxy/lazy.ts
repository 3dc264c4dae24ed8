/**
 * The IPVS proxier (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a
 * scenario whose kube-proxy runs in IPVS mode (and with the other on-demand modules after boot); Node
 * callers load it before running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./onDemand'), 'the IPVS proxier is not loaded yet (call loadIpvsProxier first)');

export const loadIpvsProxier = onDemand.load;
export const ipvsProxier = onDemand.get;
