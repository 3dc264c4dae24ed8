/**
 * ingress-nginx (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a
 * scenario that lists the add-on (and with the other on-demand modules after boot); Node callers load
 * it before running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./onDemand'), 'ingress-nginx is not loaded yet (call loadIngressNginx first)');

export const loadIngressNginx = onDemand.load;
export const ingressNginx = onDemand.get;
