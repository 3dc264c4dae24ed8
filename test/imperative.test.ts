import { describe, expect, it } from 'vitest';
import { kubetab } from './cli';

/** What a class types, one command after another, as scenario actions; the final `get`s run at the end. */
const CLASS = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
actions:
  - at: 5s
    kubectl: taint nodes worker-3 dedicated=batch:NoSchedule
  - at: 6s
    kubectl: create deployment web --image=nginx:1.27 --replicas=2 --port=80
  - at: 10s
    kubectl: expose deployment web --port=8080 --target-port=80
  - at: 12s
    kubectl: create configmap web-config --from-literal=MODE=prod
  - at: 15s
    kubectl: set env deployment/web --from=configmap/web-config GREETING=hello
  - at: 25s
    kubectl: patch deployment web -p '{"spec":{"replicas":3}}'
`;

describe('the imperative commands a class types, through kubetab run', () => {
  it('creates, exposes, configures, taints and patches, and the cluster shows it', () => {
    const r = kubetab(['run', 'class.yaml', '--until', '90s', '--exec', 'get deploy web', '--exec', 'get svc web -o custom-columns=NAME:.metadata.name,PORT:.spec.ports[0].port,TARGET:.spec.ports[0].targetPort,SELECTOR:.spec.selector.app', '--exec', 'set env deploy/web --list', '--exec', 'get nodes worker-3 -o jsonpath={.spec.taints}', '--exec', 'get pods -o custom-columns=NODE:.spec.nodeName --no-headers'], { 'class.yaml': CLASS });
    expect(r.stderr).toBe('');
    const sections = r.stdout.split(/^==> kubectl .*\n/m).slice(1);
    expect(sections[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+84s\n$/);
    expect(sections[1]).toBe('NAME   PORT   TARGET   SELECTOR\nweb    8080   80       web\n');
    expect(sections[2]).toBe('# Deployment web, container nginx\n# MODE from configmap web-config, key MODE\nGREETING=hello\n');
    expect(sections[3]).toBe('[{"effect":"NoSchedule","key":"dedicated","value":"batch"}]\n');
    // No pod lands on the tainted node.
    expect(sections[4]!.trim().split('\n').sort()).toEqual(['worker-1', 'worker-1', 'worker-2']);
  });
});
