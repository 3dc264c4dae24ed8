/**
 * What a describer gets: the object kubectl fetched, a client to fetch what its describer fetches
 * (pods, slices, secrets…), the events search, and the virtual clock.
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { ResourceDefinition } from '../../sim/api/types';
import type { Client } from '../../sim/client/types';
import type { StoredObject } from '../../sim/types';

export interface DescribeRequest {
  client: Client;
  def: ResourceDefinition;
  obj: StoredObject;
  /** the object's namespace (undefined for cluster-scoped kinds) */
  namespace: string | undefined;
  nowMs: number;
  /** Events about the object as searchEvents finds them; undefined when --show-events=false. */
  events(opts?: { kind?: string | null; uid?: string }): Event[] | undefined;
  /** A list through the client; an error reads as an empty list, as most describers tolerate it. */
  list<T>(resource: string, ns: string | undefined, labelSelector?: string): T[];
}

/** One entry of the describer map: renders the whole describe output of one object. */
export type Describer = (r: DescribeRequest) => string;
