import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { NetClient } from './client';
import { hopLine } from './hop';

describe('probe', () => {
  it('walks', () => {
    const c = createCluster({ seed: 1 });
    const k = c.client();
    k.create('deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } });
    c.clock.runUntil(c.clock.now() + 20_000);
    const pods = k.list<any>('pods', 'default').items.map((p: any) => `${p.metadata.name} ${p.spec.nodeName} ${p.status.podIP} ${p.status.phase}`);
    console.log(pods.join('\n'));
    const svc = k.get<any>('services', 'default', 'web');
    const client = k.get<any>('pods', 'default', 'client');
    const m = c.machines.get(client.spec.nodeName)!;
    const netns = m.netnsNames().find((n) => m.podOf(n) === 'default/client')!;
    const nc = new NetClient(c.fabric, { machine: m, netns }, c.clock.now());
    for (let i = 0; i < 2; i++) {
      const r = nc.http(svc.spec.clusterIP, 80, { method: 'GET', path: '/', host: 'web', headers: [] });
      console.log(r.hops.map(hopLine).join('\n'));
      console.log(JSON.stringify(r.result).slice(0, 300));
    }
    const p = nc.ping(svc.spec.clusterIP);
    console.log(p.hops.map(hopLine).join('\n'), JSON.stringify(p.result));
    expect(1).toBe(1);
  });
});
import { resolveName } from './resolve';
describe('dns probe', () => {
  it('resolves through coredns', () => {
    const c = createCluster({ seed: 1 });
    const k = c.client();
    k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } });
    c.clock.runUntil(c.clock.now() + 20_000);
    const client = k.get<any>('pods', 'default', 'client');
    const m = c.machines.get(client.spec.nodeName)!;
    const netns = m.netnsNames().find((n) => m.podOf(n) === 'default/client')!;
    const nc = new NetClient(c.fabric, { machine: m, netns }, c.clock.now());
    let id = 100;
    const r = resolveName(nc, 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n', 'musl', 'web', () => id++);
    console.log(r.hops.map(hopLine).filter((l) => !l.includes('policy')).join('\n'));
    console.log(JSON.stringify(r.lookup));
  });
});
describe('ipvs probe', () => {
  it('walks ipvs', () => {
    const c = createCluster({ seed: 1, kubeProxy: { mode: 'ipvs' } } as any);
    const k = c.client();
    k.create('deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } });
    c.clock.runUntil(c.clock.now() + 20_000);
    const svc = k.get<any>('services', 'default', 'web');
    const client = k.get<any>('pods', 'default', 'client');
    const m = c.machines.get(client.spec.nodeName)!;
    const netns = m.netnsNames().find((n) => m.podOf(n) === 'default/client')!;
    const nc = new NetClient(c.fabric, { machine: m, netns }, c.clock.now());
    const r = nc.http(svc.spec.clusterIP, 80, { method: 'GET', path: '/', host: 'web', headers: [] });
    console.log(r.hops.map(hopLine).join('\n'));
    console.log(JSON.stringify(r.result).slice(0, 300));
    const p = nc.ping(svc.spec.clusterIP);
    console.log(p.hops.map(hopLine).join('\n'), JSON.stringify(p.result));
  });
});
