import { describe, expect, it } from 'vitest';
import { kubetab } from './cli';

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
actions:
  - at: 0s
    apply: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata:
            labels: {app: web}
            annotations: {kubetab.io/cpu-usage: 180m}
          spec:
            containers:
            - name: app
              image: nginx:1.27
              resources: {requests: {cpu: 200m}}
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 2
        maxReplicas: 6
        metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      ---
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: web}
      spec:
        minAvailable: 1
        selector: {matchLabels: {app: web}}
`;

describe('kubectl get hpa and pdb', () => {
  it('shows the HPA reference, its cpu target with the current reading, and the PDB budget', () => {
    const early = kubetab(['run', 's.yaml', '--until', '1s', '--exec', 'get hpa'], { 's.yaml': SCENARIO });
    expect(early.stdout).toMatch(/NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nweb\s+Deployment\/web\s+cpu: <unknown>\/50%\s+2\s+6\s+\d\s+1s\n/);
    const later = kubetab(['run', 's.yaml', '--until', '5m', '--exec', 'get hpa', '--exec', 'get pdb'], { 's.yaml': SCENARIO });
    const hpaLine = later.stdout.split('\n').find((l) => l.startsWith('web ') && l.includes('Deployment/web'))!;
    expect(hpaLine).toMatch(/cpu: \d+%\/50%\s+2\s+6\s+[3-6]\s+5m/);
    expect(later.stdout).toMatch(/NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+1\s+N\/A\s+[1-5]\s+5m\n/);
  });
});
