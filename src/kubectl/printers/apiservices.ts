/**
 * APIServices as kube-aggregator's table converter prints them: the Service that hosts the group
 * (`Local` for the API server's own), and the Available condition — `True`, or its status with the
 * reason (`False (MissingEndpoints)`), `Unknown` before the aggregator has set it.
 */
import type { APIService } from '../../sim/api/apiServiceAvailability';
import { ageSince } from '../time';
import type { TablePrinter } from './table';

function available(o: APIService): string {
  const c = o.status?.conditions?.find((x) => x.type === 'Available');
  if (!c) return 'Unknown';
  if (c.status === 'True' || !c.reason) return c.status;
  return `${c.status} (${c.reason})`;
}

export const apiServicePrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Service' }, { name: 'Available' }, { name: 'Age' }],
  row: (o, ctx) => {
    const s = o as APIService;
    const svc = s.spec?.service ? `${s.spec.service.namespace ?? ''}/${s.spec.service.name ?? ''}` : 'Local';
    return [o.metadata?.name ?? '', svc, available(s), ageSince(o.metadata?.creationTimestamp, ctx.nowMs)];
  },
};
