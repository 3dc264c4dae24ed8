import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../src/scenario/runner';
import { parseScenario } from '../src/scenario/parse';

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
actions:
  - at: 0s
    apply: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: user}
      spec:
        containers: [{name: app, image: nginx:1.27, volumeMounts: [{name: d, mountPath: /data}]}]
        volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
`;

describe('storage as kubectl shows it', () => {
  it('lists the default StorageClass, a claim bound by the local-path provisioner, and its volume', () => {
    const run = new ScenarioRun(parseScenario(SCENARIO));
    run.runUntil(0);
    expect(run.kubectl('get sc').stdout).toMatch(/^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\nstandard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+30s\n$/);
    run.runUntil(30_000);
    const pvc = run.kubectl('get pvc').stdout;
    expect(pvc).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\ndata\s+Bound\s+pvc-[0-9a-f-]{36}\s+1Gi\s+RWO\s+standard\s+<unset>\s+30s\n$/);
    const volume = /pvc-[0-9a-f-]{36}/.exec(pvc)![0];
    expect(run.kubectl('get pv').stdout).toMatch(new RegExp(`\\n${volume}\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+default/data\\s+standard\\s+<unset>\\s+\\d+s\\n$`));
  });
});
