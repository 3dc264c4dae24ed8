import { describe, expect, it } from 'vitest';
import { kubetab } from './cli';

/** A base and an overlay kept in the scenario's file area, applied with `kubectl apply -k`. */
const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
files:
  app/base/kustomization.yaml: |
    resources:
    - deployment.yaml
    configMapGenerator:
    - name: web-config
      literals:
      - MODE=dev
  app/base/deployment.yaml: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 1
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
          - name: web
            image: nginx:1.25
            envFrom:
            - configMapRef:
                name: web-config
  app/prod/kustomization.yaml: |
    namePrefix: prod-
    resources:
    - ../base
    images:
    - name: nginx
      newTag: "1.27"
    replicas:
    - name: web
      count: 2
    configMapGenerator:
    - name: web-config
      behavior: merge
      literals:
      - MODE=prod
actions:
  - at: 5s
    kubectl: apply -k app/prod
`;

const BUILT = `apiVersion: v1
data:
  MODE: prod
kind: ConfigMap
metadata:
  name: prod-web-config-2h42td9ggm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prod-web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - envFrom:
        - configMapRef:
            name: prod-web-config-2h42td9ggm
        image: nginx:1.27
        name: web
`;

describe('kubectl apply -k from the scenario file area', () => {
  it('applies the overlay: the generated ConfigMap with its hash, the Deployment renamed, retagged, rescaled and pointing at it', () => {
    const r = kubetab(['run', 'kust.yaml', '--until', '60s', '--exec', 'get cm,deploy', '--exec', "get deploy prod-web -o 'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].envFrom[0].configMapRef.name}'", '--exec', 'kustomize app/prod'], { 'kust.yaml': SCENARIO });
    expect(r.stderr).toBe('');
    const [head, ...sections] = r.stdout.split(/^==> kubectl .*\n/m);
    expect(head).toBe('');
    expect(sections[0]).toBe(
      'NAME                                   DATA   AGE\nconfigmap/kube-root-ca.crt             1      90s\nconfigmap/prod-web-config-2h42td9ggm   1      55s\n\nNAME                       READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/prod-web   2/2     2            2           55s\n',
    );
    expect(sections[1]).toBe('nginx:1.27 prod-web-config-2h42td9ggm\n');
    // What the real `kubectl kustomize` prints for these files.
    expect(sections[2]).toBe(BUILT);
  });
});
