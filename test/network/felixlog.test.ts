/**
 * calico-node's log through `kubetab run`: felix says it started, that its first dataplane update is
 * done, and on each later update which chains and ipsets it queued — what `kubectl logs ds/canal -c
 * calico-node` shows a learner who asks whether felix is running and whether it saw a new policy.
 */
import { expect, it } from 'vitest';
import { kubetab } from '../cli';

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
seed: 3
cluster:
  network: {cni: canal}
actions:
  - at: 0s
    apply: |
      apiVersion: v1
      kind: Pod
      metadata: {name: web, labels: {app: web}}
      spec:
        nodeName: worker-3
        containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
  - at: 40s
    apply: |
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-in}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]
`;

it('logs felix starting, its first dataplane update, the pod coming, and the policy that selects it', () => {
  const run = kubetab(['run', 'felixlog.yaml', '--until', '60s', '--exec', 'logs -n kube-system ds/canal -c calico-node'], { 'felixlog.yaml': SCENARIO });
  expect(run.code).toBe(0);
  // the DaemonSet's first pod runs on worker-3, where the scenario puts web
  expect(run.stdout.split('\n').slice(1, -1)).toEqual([
      '2024-09-02 09:59:41.155 [INFO][76] felix/daemon.go 363: Felix starting up GOMAXPROCS=2 version="v3.28.2"',
      '2024-09-02 09:59:41.155 [INFO][76] felix/daemon.go 380: Loading configuration...',
      '2024-09-02 09:59:41.255 [INFO][76] felix/int_dataplane.go 2019: Finished applying updates to dataplane. msecToApply=1.05',
      '2024-09-02 09:59:41.255 [INFO][76] felix/int_dataplane.go 2025: Completed first update to dataplane. secsSinceStart=0.1',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-tw-cali68caf03a5f4" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-pri-kns.default" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-pri-ksa.default.default" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-fw-cali68caf03a5f4" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-pro-kns.default" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-pro-ksa.default.default" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-from-wl-dispatch" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-to-wl-dispatch" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:04.069 [INFO][76] felix/int_dataplane.go 2019: Finished applying updates to dataplane. msecToApply=0.9',
      '2024-09-02 10:00:40.000 [INFO][76] felix/ipsets.go 592: Queueing IP set for creation family="inet" setID="s:23ShbmFIKEhWTgzEpYy8EU4z-n7u8p5zJnPnNw" setType="hash:net"',
      '2024-09-02 10:00:40.000 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-tw-cali68caf03a5f4" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:40.000 [INFO][76] felix/table.go 512: Queueing update of chain. chainName="cali-pi-_67A83LFjf7RKtQBB5Tg" ipVersion=0x4 table="filter"',
      '2024-09-02 10:00:40.000 [INFO][76] felix/int_dataplane.go 2019: Finished applying updates to dataplane. msecToApply=0.6',
  ]);
});
