import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../scenario/runner';
import { requestDetail } from './detail';
import type { RequestEntry } from './types';

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}\n';

describe('where a request comes from, in kubeadm\'s stacked HA topology', () => {
  it('after failover, logs the new leaders\' requests to and from their own nodes (scheduler on control-plane-3, controller-manager on control-plane-2), not the powered-off first node', () => {
    const r = new ScenarioRun({ seed: 1, cluster: { controlPlane: { replicas: 3 } }, actions: [] });
    r.runUntil(5_000);
    expect(r.act({ fault: { type: 'node-down', node: 'control-plane' } }).exitCode).toBe(0);
    r.runUntil(40_000);
    expect(r.cluster.controlPlane.leader('kube-scheduler')?.name).toBe('kube-scheduler/control-plane-3');
    expect(r.cluster.controlPlane.leader('kube-controller-manager')?.name).toBe('kube-controller-manager/control-plane-2');
    expect(r.act({ apply: WEB }).exitCode).toBe(0);
    r.runUntil(50_000);
    const log = r.cluster.api.conversation;
    const ep = r.cluster.apiEndpoints();
    const after = log.slice(1).filter((e): e is RequestEntry => e.kind === 'request' && e.atMs >= 40_000);
    const lines = (e: RequestEntry) => {
      const d = requestDetail(log, e.seq, ep);
      if ('error' in d) throw new Error(d.error);
      const request = d.detail.clientLog.split('\n').find((l) => l.includes('round_trippers.go:463]'))!.replace(/^.*\] /, '');
      const audit = JSON.parse(d.detail.audit) as { sourceIPs: string[] };
      return `${request} from ${audit.sourceIPs.join(',')}`;
    };
    const binding = after.find((e) => e.subresource === 'binding')!;
    expect(lines(binding)).toBe(`POST https://192.168.1.12:6443/api/v1/namespaces/default/pods/${binding.name}/binding from 192.168.1.12`);
    const rs = after.find((e) => e.component === 'deployment-controller' && e.verb === 'create' && e.resource === 'replicasets')!;
    expect(lines(rs)).toBe('POST https://192.168.1.11:6443/apis/apps/v1/namespaces/default/replicasets from 192.168.1.11');
    // kubectl and the kubelets use admin.conf and kubelet.conf: the first control-plane node's address; a kubelet speaks from its node.
    const create = after.find((e) => e.component === 'kubectl' && e.verb === 'create')!;
    expect(lines(create)).toMatch(/^POST https:\/\/192\.168\.1\.10:6443\/apis\/apps\/v1\/namespaces\/default\/deployments\?.* from 192\.168\.1\.10$/);
    const kubelet = after.find((e) => e.component === 'kubelet/worker-2')!;
    expect(lines(kubelet)).toMatch(/ from 192\.168\.1\.14$/);
  });
});
