/**
 * The network's on-demand half (onDemand.ts: traces, the network tools and the clients they drive),
 * loaded after the cluster has booted: the worker fetches it with the API schema, Node callers before
 * running.
 */
import { onDemandModule } from '../onDemandModule';

const onDemand = onDemandModule(() => import('./onDemand'), 'the network tools are not loaded yet (call loadNetworkOnDemand first)');

export const loadNetworkOnDemand = onDemand.load;
export const networkOnDemand = onDemand.get;
