/**
 * canal's own code (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a
 * scenario whose cluster.network.cni is canal (and with the other on-demand modules after boot); Node
 * callers load it before running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./onDemand'), 'canal is not loaded yet (call loadCalico first)');

export const loadCalico = onDemand.load;
export const calico = onDemand.get;
