import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../src/scenario/runner';
import { parseScenario } from '../src/scenario/parse';

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
seed: 7
cluster:
  nodes:
    - {name: control-plane, controlPlane: true}
    - {name: worker-1}
  users:
    - {name: alice, groups: [dev]}
actions:
  - at: 2s
    kubectl: config use-context alice@kubernetes
  - at: 3s
    kubectl: config set-context --current --namespace=kube-system
`;

describe("the terminal kubectl's kubeconfig", () => {
  it("holds kubeadm's admin context and one per scenario user, with the first control-plane node's address", () => {
    const run = new ScenarioRun(parseScenario(SCENARIO));
    expect(run.kubectl('config get-contexts').stdout).toBe(
      'CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n          alice@kubernetes              kubernetes   alice              \n*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n',
    );
    expect(run.kubectl('config view --minify -o jsonpath={.clusters[0].cluster.server}').stdout).toBe('https://192.168.1.10:6443');
  });
  it('is rebuilt by replaying the recorded lines: at 5s the run is alice, in kube-system', () => {
    const run = new ScenarioRun(parseScenario(SCENARIO));
    run.runUntil(1000);
    expect(run.kubectl('config current-context').stdout).toBe('kubernetes-admin@kubernetes\n');
    run.runUntil(5000);
    expect(run.kubectl('config get-contexts alice@kubernetes --no-headers').stdout).toBe('*     alice@kubernetes   kubernetes   alice   kube-system\n');
    expect(run.kubectl('auth whoami').stdout).toBe('ATTRIBUTE   VALUE\nUsername    alice\nGroups      [dev system:authenticated]\n');
    // The page's inspector and a lesson's checks read as the admin in `default`, though they see the kubeconfig as it is.
    expect(run.observe('get serviceaccounts -o name').stdout).toBe('serviceaccount/default\n');
    expect(run.observe('config current-context').stdout).toBe('alice@kubernetes\n');
  });
});

describe('a scenario user with no bindings, the API server enforcing Node,RBAC', () => {
  const run = new ScenarioRun(parseScenario(SCENARIO.replace(/actions:[\s\S]*$/, 'actions: []\n')));
  run.cluster.api.authorizationMode = 'Node,RBAC';
  it('--as=alice: her list is Forbidden, can-i says no, and --list shows what every authenticated user holds', () => {
    expect(run.kubectl('--as=alice get pods')).toEqual({ stdout: '', stderr: 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n', exitCode: 1 });
    expect(run.kubectl('auth can-i list pods --as=alice')).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    expect(run.kubectl('auth can-i list pods')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    const discovery = ['/api/*', '/api', '/apis/*', '/apis', '/healthz', '/healthz', '/livez', '/livez', '/openapi/*', '/openapi', '/readyz', '/readyz', '/version/', '/version/', '/version', '/version'];
    expect(run.kubectl('auth can-i --list --as=alice').stdout).toBe(
      [
        'Resources                                       Non-Resource URLs   Resource Names   Verbs',
        'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
        'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
        'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
        ...discovery.map((url) => `                                                ${`[${url}]`.padEnd(20)}[]               [get]`),
        '',
      ].join('\n'),
    );
  });
  it("in alice's context the same, without --as", () => {
    run.kubectl('config use-context alice@kubernetes');
    expect(run.kubectl('get deploy -A').stderr).toBe('Error from server (Forbidden): deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope\n');
    expect(run.kubectl('auth can-i get nodes').stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
  });
});
