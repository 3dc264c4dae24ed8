/**
 * A request in full (its kubectl -v=8 log, its audit Event), loaded on demand: only the Requests view's
 * detail pane asks for it, so the worker fetches it after the cluster has booted and painted, with the
 * other on-demand modules (src/scenario/onDemand.ts); Node callers load it before running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./detail'), 'the request detail is not loaded yet (call loadRequestDetail first)');

export const loadRequestDetail = onDemand.load;
export const requestDetailModule = onDemand.get;
