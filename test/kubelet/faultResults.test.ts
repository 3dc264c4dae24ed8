import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { applyFault } from '../../src/sim/faults';

const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: worker-2
  containers:
  - {name: nginx, image: "nginx:1.27"}
  - {name: sidecar, image: "busybox:1.36", command: [sleep, "3600"]}
`;

describe('what a fault says', () => {
  it('a crash without a container named names the one that crashed, in English and as an id with values', () => {
    const r = new ScenarioRun({ seed: 5, cluster: {}, actions: [{ atMs: 0, apply: manifest }] });
    r.runUntil(20_000);
    expect(applyFault(r.cluster, { type: 'container-crash', pod: 'default/web' })).toEqual({
      ok: true,
      message: 'pod default/web: container nginx crashed with exit code 1',
      note: { id: 'crashed', params: { pod: 'default/web', container: 'nginx', exitCode: 1 } },
    });
  });

  it('the CLI line (an action result) is the English, the note rides beside it', () => {
    const r = new ScenarioRun({ seed: 5, cluster: {}, actions: [{ atMs: 0, apply: manifest }] });
    r.runUntil(20_000);
    const ok = r.act({ fault: { type: 'container-crash', pod: 'default/web', container: 'sidecar', exitCode: 137 } });
    expect([ok.stdout, ok.faultNote]).toEqual(['pod default/web: container sidecar crashed with exit code 137\n', { id: 'crashed', params: { pod: 'default/web', container: 'sidecar', exitCode: 137 } }]);
    const refused = r.act({ fault: { type: 'container-crash', pod: 'default/web', container: 'db' } });
    expect([refused.stderr, refused.faultNote]).toEqual(['error: container "db" not found in pod default/web\n', { id: 'containerNotFound', params: { container: 'db', pod: 'default/web' } }]);
    const down = r.act({ fault: { type: 'kubelet-start', node: 'worker-9' } });
    expect([down.stderr, down.faultNote]).toEqual(['error: node "worker-9" not found\n', { id: 'nodeNotFound', params: { node: 'worker-9' } }]);
  });
});
