import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../scenario/runner';

describe("kube-apiserver's autoregister", () => {
  const run = new ScenarioRun({ seed: 1, cluster: { addons: [] }, actions: [] });
  run.runUntil(5_000);

  it('registers one Local APIService per built-in group/version, which the aggregator marks available', () => {
    const names = ['v1.', 'v1.admissionregistration.k8s.io', 'v1.apiextensions.k8s.io', 'v1.apps', 'v1.authentication.k8s.io', 'v1.authorization.k8s.io', 'v1.autoscaling', 'v1.batch', 'v1.certificates.k8s.io', 'v1.coordination.k8s.io', 'v1.discovery.k8s.io', 'v1.events.k8s.io', 'v1.flowcontrol.apiserver.k8s.io', 'v1.networking.k8s.io', 'v1.node.k8s.io', 'v1.policy', 'v1.rbac.authorization.k8s.io', 'v1.scheduling.k8s.io', 'v1.storage.k8s.io', 'v1beta3.flowcontrol.apiserver.k8s.io', 'v2.autoscaling'];
    const r = run.kubectl('get apiservices');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(['NAME                                   SERVICE   AVAILABLE   AGE', ...names.map((n) => `${n.padEnd(39)}Local     True        35s`), ''].join('\n'));
  });

  it('gives each the label and priorities kube-apiserver 1.31 gives it, and the Local condition', () => {
    const get = (name: string) => JSON.parse(run.kubectl(`get apiservice ${name} -o json`).stdout) as { metadata: { labels: unknown }; spec: unknown; status: { conditions: { type: string; status: string; reason: string; message: string }[] } };
    const v2 = get('v2.autoscaling');
    expect(v2.metadata.labels).toEqual({ 'kube-aggregator.kubernetes.io/automanaged': 'onstart' });
    expect(v2.spec).toEqual({ group: 'autoscaling', version: 'v2', groupPriorityMinimum: 17500, versionPriority: 30 });
    expect(v2.status.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([['Available', 'True', 'Local', 'Local APIServices are always available']]);
    expect(JSON.stringify(get('v1.').spec)).toBe('{"groupPriorityMinimum":18000,"version":"v1","versionPriority":1}');
  });
});
