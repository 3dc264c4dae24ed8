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
