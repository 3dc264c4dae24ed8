/**
 * MetalLB (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a scenario with
 * a load-balancer pool (and with the other on-demand modules after boot); Node callers load it before
 * running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./onDemand'), 'MetalLB is not loaded yet (call loadMetallb first)');

export const loadMetallb = onDemand.load;
export const metallb = onDemand.get;
