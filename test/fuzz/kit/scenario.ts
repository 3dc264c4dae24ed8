/** A scenario that touches every setting: nodes with labels and taints, a scheduler profile, faults. */
import type { Json } from './mutate';

export const BASE_SCENARIO: { [k: string]: Json } = {
  apiVersion: 'kubetab/v1',
  kind: 'Scenario',
  seed: 7,
  cluster: {
    nodes: [
      { name: 'control-plane', cpu: '4', memory: '8Gi', controlPlane: true },
      { name: 'worker-1', cpu: '2', memory: '4Gi', pods: 20, labels: { disktype: 'ssd', 'topology.kubernetes.io/zone': 'a' } },
      { name: 'worker-2', cpu: '2', memory: '4Gi', pods: 20, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    ],
    scheduler: {
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      profiles: [
        {
          schedulerName: 'default-scheduler',
          plugins: { score: { disabled: [{ name: 'ImageLocality' }] } },
          pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
        },
      ],
    },
  },
  actions: [
    {
      at: '0s',
      apply: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}}
`,
    },
    { at: '5s', kubectl: 'scale deployment/web --replicas=4' },
    { at: '8s', fault: { type: 'node-down', node: 'worker-1' } },
    { at: '12s', fault: { type: 'container-crash', pod: 'default/web', exitCode: 3 } },
    { at: '15s', fault: { type: 'node-up', node: 'worker-1' } },
    { at: '18s', kubectl: 'get pods -o wide' },
  ],
};
