/** A bare cluster and a kubectl runner for the describer tests. */
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import type { KObject } from '../../sim/types';
import { runKubectl } from '../kubectl';

export interface DescribeFixture {
  cluster: Cluster;
  client: Client;
  /** stdout + stderr of a kubectl line */
  k(line: string): string;
  create(resource: string, obj: Record<string, unknown>): KObject;
  /** writes the status subresource of a stored object */
  setStatus(resource: string, ns: string | undefined, name: string, status: Record<string, unknown>): void;
}

export function fixture(): DescribeFixture {
  const cluster = createCluster({ bare: true, seed: 1 });
  const client = cluster.client('kubernetes-admin');
  return {
    cluster,
    client,
    k: (line) => {
      const r = runKubectl(line, { client, nowMs: () => cluster.clock.now() });
      return r.stdout + r.stderr;
    },
    create: (resource, obj) => client.create(resource, obj as KObject),
    setStatus: (resource, ns, name, status) => {
      const cur = client.get<KObject>(resource, ns, name);
      client.update(resource, { ...cur, status } as KObject, { subresource: 'status' });
    },
  };
}
