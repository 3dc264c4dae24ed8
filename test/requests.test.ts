import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { kubetab } from './cli';

const WEB = join(__dirname, '../examples/web.yaml');
const POD = 'web-64f5c8754f-jhdds';

describe('kubetab run --requests', () => {
  it("prints one pod's story through the API server: its create, the binding, the kubelet's status writes, and who heard of each", () => {
    const r = kubetab(['run', WEB, '--until', '10s', `--requests=pods/default/${POD}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // seqs and revisions are the run's own; the shape of each line is what is asserted around them
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.replace(/#\d+/g, '#N').replace(/@\d+/g, '@R'));
    expect(lines).toEqual([
      `[0.000s] #N replicaset-controller: POST /api/v1/namespaces/default/pods → 201 (etcd PUT /registry/pods/default/${POD} @R)`,
      `[0.000s] #N watch: ADDED pods/default/${POD} @R → kube-controller-manager (from #N)`,
      `[0.000s] #N watch: ADDED pods/default/${POD} @R → kube-scheduler (from #N)`,
      `[0.000s] #N kube-scheduler: POST /api/v1/namespaces/default/pods/${POD}/binding → 201 (etcd PUT /registry/pods/default/${POD} @R)`,
      `[0.000s] #N watch: MODIFIED pods/default/${POD} @R → kube-controller-manager (from #N)`,
      `[0.000s] #N watch: MODIFIED pods/default/${POD} @R → kube-scheduler (from #N)`,
      `[0.000s] #N watch: ADDED pods/default/${POD} @R → kubelet/worker-1 (from #N)`,
      `[0.000s] #N kubelet/worker-1: PATCH /api/v1/namespaces/default/pods/${POD}/status → 200 (etcd PUT /registry/pods/default/${POD} @R)`,
      `[0.000s] #N watch: MODIFIED pods/default/${POD} @R → kube-controller-manager (from #N)`,
      `[0.000s] #N watch: MODIFIED pods/default/${POD} @R → kube-scheduler (from #N)`,
      `[0.000s] #N watch: MODIFIED pods/default/${POD} @R → kubelet/worker-1 (from #N)`,
      `[4.758s] #N kubelet/worker-1: PATCH /api/v1/namespaces/default/pods/${POD}/status → 200 (etcd PUT /registry/pods/default/${POD} @R)`,
      `[4.758s] #N watch: MODIFIED pods/default/${POD} @R → kube-controller-manager (from #N)`,
      `[4.758s] #N watch: MODIFIED pods/default/${POD} @R → kube-scheduler (from #N)`,
      `[4.758s] #N watch: MODIFIED pods/default/${POD} @R → kubelet/worker-1 (from #N)`,
    ]);
  });

  it("gives one component's requests as data with --json", () => {
    const r = kubetab(['run', WEB, '--until', '5s', '--requests=kube-scheduler', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { requests: { kind: string; component: string; verb?: string; subresource?: string; name?: string; uri?: string }[] };
    expect(new Set(out.requests.map((e) => e.component))).toEqual(new Set(['kube-scheduler']));
    expect(out.requests.find((e) => e.kind === 'request' && e.subresource === 'binding' && e.name === POD)).toMatchObject({ verb: 'create', uri: `/api/v1/namespaces/default/pods/${POD}/binding` });
  });

  it('is in the usage', () => {
    expect(kubetab(['help']).stdout).toContain('--requests[=FILTER]  print the API server\'s conversation');
  });
});
