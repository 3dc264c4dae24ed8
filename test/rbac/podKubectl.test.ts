import { describe, expect, it } from 'vitest';
import { kubetab, scenarioWith } from '../cli';

function job(name: string, podSpecExtra = '', args = '["get", "pods"]'): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 0
  template:
    spec:
${podSpecExtra}      restartPolicy: Never
      containers:
      - name: kubectl
        image: bitnami/kubectl:1.31
        args: ${args}
`;
}

describe("kubectl in a container, with the pod's ServiceAccount", () => {
  it('without the token kubectl has no config and dials localhost:8080', () => {
    const r = kubetab(['run', 's.yaml', '--until', '60s', '--exec', 'logs job/lister', '--exec', 'get job lister'], { 's.yaml': scenarioWith(job('lister', '      automountServiceAccountToken: false\n')) });
    expect(r.stderr).toBe('');
    const sections = r.stdout.split(/^==> kubectl .*\n/m).slice(1);
    const log = sections[0]!.split('\n');
    expect(log.at(-2)).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    expect(log[0]).toMatch(/^E0902 10:00:\d\d\.\d{6}       1 memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: Get \\"http:\/\/localhost:8080\/api\?timeout=32s\\": dial tcp 127\.0\.0\.1:8080: connect: connection refused" logger="UnhandledError"$/);
    expect(log.length).toBe(7);
    expect(sections[1]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nlister\s+Failed\s+0\/1\s+/);
  });

  it("the token and namespace files are the pod's ServiceAccount's", () => {
    const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: team
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: lister
  namespace: team
---
apiVersion: v1
kind: Pod
metadata:
  name: tools
  namespace: team
spec:
  serviceAccountName: lister
  containers:
  - name: kubectl
    image: bitnami/kubectl:1.31
    command: ["sleep", "infinity"]
`;
    const r = kubetab(['run', 's.yaml', '--until', '30s', '--exec', 'exec -n team tools -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace', '--exec', 'exec -n team tools -- ls /var/run/secrets/kubernetes.io/serviceaccount'], { 's.yaml': scenarioWith(manifest) });
    expect(r.stderr).toBe('');
    const sections = r.stdout.split(/^==> kubectl .*\n/m).slice(1);
    expect(sections[0]).toBe('team\n');
    expect(sections[1]).toBe('ca.crt\nnamespace\ntoken\n');
  });
});
