/**
 * kube-aggregator's AvailableConditionController, run by each kube-apiserver: it keeps every
 * APIService's `Available` condition — `Local` for a group the server serves itself, otherwise whether
 * the Service in `spec.service` exists, listens on the port, and has a ready endpoint address on that
 * port's name. The aggregator proxies to a group only while its APIService is Available (server.ts).
 */
import type { Clock } from '../clock';
import type { Client, Informer } from '../client/types';
import type { Component } from '../component';
import { SharedInformerFactory } from '../client/informer';
import type { KObject, StoredObject } from '../types';
import { isStatusError } from './types';

export interface APIServiceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface APIService extends KObject {
  spec?: {
    group?: string;
    version?: string;
    service?: { namespace?: string; name?: string; port?: number } | null;
    insecureSkipTLSVerify?: boolean;
    groupPriorityMinimum?: number;
    versionPriority?: number;
  };
  status?: { conditions?: APIServiceCondition[] };
}

interface ServiceObj extends KObject {
  spec?: { ports?: { name?: string; port: number; targetPort?: number | string }[] };
}

interface EndpointsObj extends KObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[];
}

/** Whether the group this APIService names is served now (its Available condition is True). */
export function apiServiceAvailable(svc: APIService | undefined): boolean {
  return svc?.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false;
}

/** The Available condition the controller computes, without its transition time. */
export function availability(api: APIService, service: ServiceObj | undefined, endpoints: EndpointsObj | undefined): Omit<APIServiceCondition, 'lastTransitionTime'> {
  const ref = api.spec?.service;
  if (!ref) return { type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
  const ns = ref.namespace ?? '';
  const name = ref.name ?? '';
  const port = ref.port ?? 443;
  if (!service) return { type: 'Available', status: 'False', reason: 'ServiceNotFound', message: `service/${name} in "${ns}" is not present` };
  const sp = service.spec?.ports?.find((p) => p.port === port);
  if (!sp) return { type: 'Available', status: 'False', reason: 'ServicePortError', message: `service/${name} in "${ns}" is not listening on port ${port}` };
  if (!endpoints) return { type: 'Available', status: 'False', reason: 'EndpointsNotFound', message: `cannot find endpoints for service/${name} in "${ns}"` };
  const ready = (endpoints.subsets ?? []).some((s) => (s.addresses?.length ?? 0) > 0 && (s.ports ?? []).some((p) => (p.name ?? '') === (sp.name ?? '')));
  if (!ready) return { type: 'Available', status: 'False', reason: 'MissingEndpoints', message: `endpoints for service/${name} in "${ns}" have no addresses with port name "${sp.name ?? ''}"` };
  return { type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed' };
}

export class ApiServiceAvailability implements Component {
  readonly name = 'apiservice-available-condition';
  private readonly apiServices: Informer<APIService & StoredObject>;
  private readonly services: Informer<ServiceObj & StoredObject>;
  private readonly endpoints: Informer<EndpointsObj & StoredObject>;
  private readonly informers: SharedInformerFactory;
  private pending = false;
  private stopped = false;

  constructor(private readonly clock: Clock, private readonly client: Client) {
    this.informers = new SharedInformerFactory(client, clock);
    this.apiServices = this.informers.informer('apiservices');
    this.services = this.informers.informer('services');
    this.endpoints = this.informers.informer('endpoints');
  }

  start(): void {
    const poke = () => this.schedule();
    for (const inf of [this.apiServices, this.services, this.endpoints] as Informer[]) inf.addEventHandler({ add: poke, update: poke, delete: poke });
    this.informers.start();
  }

  stop(): void {
    this.stopped = true;
  }

  /** One pass per batch of changes: many Endpoints updates in one moment cost one sync. */
  private schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.clock.after(0, 'apiservice-available', () => {
      this.pending = false;
      if (!this.stopped) this.syncAll();
    });
  }

  private syncAll(): void {
    for (const api of this.apiServices.list()) {
      const ref = api.spec?.service;
      const key = ref ? `${ref.namespace}/${ref.name}` : '';
      const want = availability(api, ref ? this.services.get(key) : undefined, ref ? this.endpoints.get(key) : undefined);
      const cur = api.status?.conditions?.find((c) => c.type === 'Available');
      if (cur && cur.status === want.status && cur.reason === want.reason && cur.message === want.message) continue;
      const cond: APIServiceCondition = { type: 'Available', status: want.status, lastTransitionTime: cur && cur.status === want.status ? cur.lastTransitionTime : this.clock.timestamp(), reason: want.reason, message: want.message };
      const others = (api.status?.conditions ?? []).filter((c) => c.type !== 'Available');
      try {
        this.client.update<APIService>('apiservices', { ...api, status: { ...api.status, conditions: [...others, cond] } }, { subresource: 'status' });
      } catch (e) {
        // A conflict or a deleted APIService: the next change brings it round again.
        if (!isStatusError(e)) throw e;
      }
    }
  }
}
