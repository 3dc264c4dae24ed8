/** A small story the lesson tests share: web (a Deployment and its Service), a client pod, a db pod that wants an SSD node. */
import { parseScenario } from '../../src/scenario/parse';
import { ScenarioRun } from '../../src/scenario/runner';

export const STORY_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: worker-1
  containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, labels: {app: db}}
spec:
  nodeSelector: {disktype: ssd}
  containers: [{name: db, image: "redis:7"}]`;

/** The story as a scenario file's text, with more actions after it. */
export function storyScenario(later = '', seed = 1): string {
  const indented = STORY_MANIFEST.split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: kubetab/v1\nkind: Scenario\nseed: ${seed}\nactions:\n  - at: 0s\n    kubectl: label node worker-2 disktype=ssd\n  - at: 0s\n    apply: |\n${indented}\n${later}`;
}

export function storyRun(later = ''): ScenarioRun {
  return new ScenarioRun(parseScenario(storyScenario(later)));
}
