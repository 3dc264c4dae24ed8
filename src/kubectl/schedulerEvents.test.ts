import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import type { KObject } from '../sim/types';
import { runKubectl } from './kubectl';

/**
 * kube-scheduler's FailedScheduling Events as a user reads them: the first attempt's Event is about
 * the pod as created; the scheduler's PodScheduled=False write gives the pod a new resourceVersion,
 * so the next attempt starts a second Event, which later attempts only count (EventSeries).
 */
let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });

beforeAll(() => {
  cluster = createCluster({ seed: 1 });
  cluster.runUntil(60_000);
  client = cluster.client();
  client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'default' }, spec: { containers: [{ name: 'big', image: 'nginx', resources: { requests: { cpu: '100' } } }] } } as KObject);
  cluster.runUntil(13 * 60_000);
});

const MSG =
  '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..';

describe('FailedScheduling through the events.k8s.io/v1 recorder', () => {
  it('keeps two Events for a pod that stays unschedulable: one single, one series', () => {
    const evs = client.list<KObject & { reason?: string; series?: { count: number }; involvedObject: { resourceVersion?: string } }>('events', 'default').items.filter((e) => e.reason === 'FailedScheduling');
    expect(evs.map((e) => e.series?.count)).toEqual([undefined, 2]);
    expect(evs[0]!.involvedObject.resourceVersion).not.toBe(evs[1]!.involvedObject.resourceVersion);
  });

  it('shows the series as (xN over …) in describe', () => {
    const out = k('describe pod big').stdout;
    expect(out.slice(out.indexOf('Events:'))).toBe(
      'Events:\n' +
        '  Type     Reason            Age                  From               Message\n' +
        '  ----     ------            ----                 ----               -------\n' +
        `  Warning  FailedScheduling  12m                  default-scheduler  ${MSG}\n` +
        `  Warning  FailedScheduling  60s (x2 over 6m30s)  default-scheduler  ${MSG}\n`,
    );
  });

  it('shows LAST SEEN from the series and COUNT from its count in get events -o wide', () => {
    const out = k('get events --field-selector reason=FailedScheduling -o wide').stdout;
    const pad = ' '.repeat(MSG.length - 'MESSAGE'.length);
    expect(out).toBe(
      `LAST SEEN   TYPE      REASON             OBJECT    SUBOBJECT   SOURCE                                               MESSAGE${pad}   FIRST SEEN   COUNT   NAME\n` +
        `12m         Warning   FailedScheduling   pod/big               default-scheduler, default-scheduler-control-plane   ${MSG}   12m          1       big.17f16511f17d980e\n` +
        `60s         Warning   FailedScheduling   pod/big               default-scheduler, default-scheduler-control-plane   ${MSG}   6m30s        2       big.17f1655ec705fc0f\n`,
    );
  });
});

describe('a FailedScheduling with another message about the same pod version', () => {
  it('is counted into the running series, which keeps its first message; the next version starts a new Event', () => {
    cluster = createCluster({ seed: 1 });
    cluster.runUntil(60_000);
    client = cluster.client();
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'default' }, spec: { containers: [{ name: 'big', image: 'nginx', resources: { requests: { cpu: '100' } } }] } } as KObject);
    cluster.runUntil(13 * 60_000);
    // A node no kubelet reports for: the attempt at 10:17:30 sees five nodes, but its pod is the
    // version the 10:06:30 series is about.
    client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'extra' }, status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } } } as KObject);
    cluster.runUntil(31 * 60_000);
    const msg5 =
      '0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 3 Insufficient cpu. preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..';
    const out = k('describe pod big').stdout;
    expect(out.slice(out.indexOf('Events:'))).toBe(
      'Events:\n' +
        '  Type     Reason            Age                 From               Message\n' +
        '  ----     ------            ----                ----               -------\n' +
        `  Warning  FailedScheduling  30m                 default-scheduler  ${MSG}\n` +
        `  Warning  FailedScheduling  13m (x3 over 24m)   default-scheduler  ${MSG}\n` +
        `  Warning  FailedScheduling  2m30s (x2 over 8m)  default-scheduler  ${msg5}\n`,
    );
  });
});
