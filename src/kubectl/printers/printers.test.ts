import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { SIM_EPOCH_MS } from '../../sim/clock';
import type { KObject } from '../../sim/types';
import { podSummary } from './pods';
import { nodePrinter } from './nodes';
import { formatEndpoints, servicePrinter } from './network';
import { eventPrinter } from './events';
import { priorityClassPrinter } from './core';
import { tableLines } from './table';
import { TABLE_TABWRITER, tabwrite } from '../tabwriter';

const ts = (sec: number): string => new Date(SIM_EPOCH_MS + sec * 1000).toISOString().replace('.000Z', 'Z');
const NOW = 600_000; // ten minutes in

function pod(status: Pod['status'], spec: Partial<Pod['spec']> = {}, meta: Record<string, unknown> = {}): Pod {
  return { metadata: { name: 'p', creationTimestamp: ts(0), ...meta }, spec: { containers: [{ name: 'a' }], ...spec } as Pod['spec'], status };
}

describe('podSummary', () => {
  const cases: [string, Pod, string, string, string][] = [
    ['a pending pod without container statuses shows its phase', pod({ phase: 'Pending' }), '0/1', 'Pending', '0'],
    ['a waiting container shows its reason', pod({ phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }] }), '0/1', 'ContainerCreating', '0'],
    [
      'a running ready container counts as ready',
      pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, image: '', imageID: '', state: { running: { startedAt: ts(5) } } }] }),
      '1/1',
      'Running',
      '0',
    ],
    [
      'restarts carry the age of the last termination',
      pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 5, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ts(600 - 134) } } }] }),
      '0/1',
      'CrashLoopBackOff',
      '5 (2m14s ago)',
    ],
    [
      'a terminated container without a reason shows its exit code',
      pod({ phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 3 } } }] }),
      '0/1',
      'ExitCode:3',
      '0',
    ],
    [
      'an unfinished init container shows Init:i/n',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }] }, { initContainers: [{ name: 'i' }] }),
      '0/1',
      'Init:0/1',
      '0',
    ],
    [
      'a crashing init container shows Init:<reason>',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 2, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { initContainers: [{ name: 'i' }] }),
      '0/1',
      'Init:CrashLoopBackOff',
      '2',
    ],
    [
      'a started sidecar counts toward READY and the total',
      pod(
        {
          phase: 'Running',
          initContainerStatuses: [{ name: 's', ready: true, started: true, restartCount: 0, image: '', imageID: '', state: { running: {} } }],
          containerStatuses: [{ name: 'a', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } }],
          conditions: [{ type: 'Initialized', status: 'True' }],
        },
        { initContainers: [{ name: 's', restartPolicy: 'Always' }] },
      ),
      '2/2',
      'Running',
      '0',
    ],
    [
      'a completed container next to a running one reads NotReady without a Ready condition',
      pod(
        {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            { name: 'b', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } },
          ],
        },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      '1/2',
      'NotReady',
      '0',
    ],
    ['a pod being deleted shows Terminating', pod({ phase: 'Running' }, {}, { deletionTimestamp: ts(500) }), '0/1', 'Terminating', '0'],
    ['a pod on a lost node shows Unknown', pod({ phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: ts(500) }), '0/1', 'Unknown', '0'],
    ['an evicted pod shows the status reason', pod({ phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted', '0'],
    ['a gated pod shows SchedulingGated', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), '0/1', 'SchedulingGated', '0'],
  ];
  it.each(cases)('%s', (_name, p, ready, status, restarts) => {
    expect(podSummary(p, NOW)).toEqual({ ready, status, restarts });
  });
});

describe('table printers', () => {
  const render = (printer: Parameters<typeof tableLines>[0], objs: unknown[], wide = false): string =>
    tabwrite(tableLines(printer, objs as KObject[], { wide, noHeaders: false, withNamespace: false, showLabels: false, nowMs: NOW }), TABLE_TABWRITER);

  it('prints node roles, status with SchedulingDisabled and the wide addresses', () => {
    const node = {
      metadata: { name: 'cp', creationTimestamp: ts(0), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '192.168.1.10' }], nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0', containerRuntimeVersion: 'containerd://1.7.13' } },
    };
    expect(render(nodePrinter, [node], true)).toBe(
      'NAME   STATUS                     ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION   CONTAINER-RUNTIME\n' +
        'cp     Ready,SchedulingDisabled   control-plane   10m   v1.31.0   192.168.1.10   <none>        Ubuntu 22.04.4 LTS   5.15.0           containerd://1.7.13\n',
    );
  });

  it('prints a node without a Ready condition as Unknown and one with Ready=Unknown as NotReady', () => {
    const a = { metadata: { name: 'a', creationTimestamp: ts(0) }, status: {} };
    const b = { metadata: { name: 'b', creationTimestamp: ts(0) }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } };
    expect(render(nodePrinter, [a, b])).toContain('a      Unknown    <none>   10m');
    expect(render(nodePrinter, [a, b])).toContain('b      NotReady   <none>   10m');
  });

  it('prints service ports with node ports and the external IP rules', () => {
    const svcs = [
      { metadata: { name: 'np', creationTimestamp: ts(0) }, spec: { type: 'NodePort', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }] } },
      { metadata: { name: 'lb', creationTimestamp: ts(0) }, spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.11'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] } },
      { metadata: { name: 'hl', creationTimestamp: ts(0) }, spec: { type: 'ClusterIP', clusterIPs: ['None'], ports: [] } },
    ];
    expect(render(servicePrinter, svcs)).toBe(
      'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE\n' +
        'np     NodePort       10.96.0.10   <none>        80:31234/TCP    10m\n' +
        'lb     LoadBalancer   10.96.0.11   <pending>     53/UDP,53/TCP   10m\n' +
        'hl     ClusterIP      None         <none>        <none>          10m\n',
    );
  });

  it('prints a priority class with its value and whether it is the global default', () => {
    const pcs = [
      { metadata: { name: 'critical', creationTimestamp: ts(0) }, value: 100000, globalDefault: true },
      { metadata: { name: 'system-node-critical', creationTimestamp: ts(0) }, value: 2000001000 },
    ];
    expect(render(priorityClassPrinter, pcs)).toBe(
      'NAME                   VALUE        GLOBAL-DEFAULT   AGE\n' +
        'critical               100000       true             10m\n' +
        'system-node-critical   2000001000   false            10m\n',
    );
  });

  it('prints at most three endpoints and counts the rest', () => {
    const ep = { subsets: [{ addresses: [1, 2, 3, 4, 5].map((i) => ({ ip: `10.0.0.${i}` })), ports: [{ port: 80 }] }] };
    expect(formatEndpoints(ep as never)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
    expect(formatEndpoints({} as never)).toBe('<none>');
  });

  it('prints events with the lower-cased kind and the last-seen age', () => {
    const ev = {
      metadata: { name: 'web.1' },
      involvedObject: { kind: 'Pod', name: 'web' },
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to worker-1',
      source: { component: 'default-scheduler' },
      firstTimestamp: ts(540),
      lastTimestamp: ts(570),
      count: 1,
    };
    expect(render(eventPrinter, [ev])).toBe('LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n30s         Normal   Scheduled   pod/web   Successfully assigned default/web to worker-1\n');
  });
});
