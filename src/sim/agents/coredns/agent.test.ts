import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import type { DnsMessage, QType } from '../../network/dns/message';
import { newQuery } from '../../network/dns/message';
import { recordLine } from '../../network/dns/presentation';
import type { App, HttpResponse } from '../../network/traffic/socket';
import { NodeProxy } from '../../node/access';
import type { Pod, Service } from '../../types';
import { CoreDns, COREDNS_USER } from './agent';
import { SIM_EPOCH_MS } from '../../clock';

/** The running CoreDNS pods of kube-system, oldest name first. */
function coreDnsPods(c: Cluster): Pod[] {
  return c.client().list<Pod>('pods', 'kube-system', { labelSelector: 'k8s-app=kube-dns' }).items
    .filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running')
    .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
}

/** The CoreDNS component the pod's container runs, while it runs. */
function agentOf(c: Cluster, pod: Pod): CoreDns | undefined {
  const kind = c.agentKinds.find((k) => k.name === 'coredns')!;
  const proc = c.agentProcess(c.machines.get(pod.spec!.nodeName!)!, kind, pod);
  return proc.running ? proc.components().find((x): x is CoreDns => x instanceof CoreDns) : undefined;
}

type DnsApp = Extract<App, { kind: 'dns' }>;

function dnsApp(a: CoreDns): DnsApp {
  const app = a.dnsApp();
  if (app.kind !== 'dns') throw new Error('not a DNS app');
  return app;
}

const CLIENT = { ip: '10.244.1.9', port: 41000 };

function ask(c: Cluster, app: DnsApp, name: string, type: QType = 'A', transport: 'udp' | 'tcp' = 'udp') {
  return app.serve(newQuery(4242, { name, type }), c.clock.now(), transport, CLIENT);
}

/** Every record of a reply, one presentation line each, whitespace folded. */
const lines = (m: DnsMessage): string[] => [...m.answer, ...m.authority, ...m.additional].map((r) => recordLine(r).replace(/\s+/g, ' '));

function clusterWithApps(seed = 1): { c: Cluster; webIP: string; podIPs: string[] } {
  const c = createCluster({ seed });
  const k = c.client();
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-headless', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
  c.runUntil(c.clock.now() + 60_000);
  const webIP = k.get<Service>('services', 'default', 'web').spec!.clusterIP!;
  const podIPs = k.list<Pod>('pods', 'default', { labelSelector: 'app=web' }).items.map((p) => p.status!.podIP!).sort();
  return { c, webIP, podIPs };
}

describe('CoreDNS as a system agent in the coredns pods', () => {
  it('runs one instance per coredns pod, each with its own client as the coredns ServiceAccount, synced and listening', () => {
    const c = createCluster({ seed: 1 });
    const pods = coreDnsPods(c);
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      const a = agentOf(c, p)!;
      expect(a.name).toBe(`coredns/${p.spec!.nodeName}/kube-system/${p.metadata!.name}`);
      expect(a.synced()).toBe(true);
      expect(a.listeners().map((l) => `${l.proto} ${l.addr}:${l.port} ${l.pid}/${l.program}`)).toEqual([
        'udp 0.0.0.0:53 1/coredns',
        'tcp 0.0.0.0:53 1/coredns',
        'tcp 0.0.0.0:8080 1/coredns',
        'tcp 0.0.0.0:8181 1/coredns',
      ]);
    }
    // The kubernetes plugin lists Services, EndpointSlices and Namespaces, and nothing else (pods insecure).
    const listed = c.api.audit.recent().filter((r) => r.user === COREDNS_USER && r.verb === 'list').map((r) => r.resource).sort();
    expect(listed).toEqual(['endpointslices', 'endpointslices', 'namespaces', 'namespaces', 'services', 'services']);
  });

  it('answers A, SRV, PTR, headless, ExternalName, pod and NXDOMAIN queries with the exact records', () => {
    const { c, webIP, podIPs } = clusterWithApps();
    const app = dnsApp(agentOf(c, coreDnsPods(c)[0]!)!);

    const a = ask(c, app, 'web.default.svc.cluster.local.')!;
    expect(a.delayMs).toBe(0);
    expect(a.response.message.rcode).toBe('NOERROR');
    expect(a.response.message.authoritative).toBe(true);
    expect(lines(a.response.message)).toEqual([`web.default.svc.cluster.local. 30 IN A ${webIP}`]);

    const srv = ask(c, app, '_http._tcp.web.default.svc.cluster.local.', 'SRV')!;
    expect(lines(srv.response.message)).toEqual([
      '_http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.',
      `web.default.svc.cluster.local. 30 IN A ${webIP}`,
    ]);

    const rev = webIP.split('.').reverse().join('.');
    const ptr = ask(c, app, `${rev}.in-addr.arpa.`, 'PTR')!;
    expect(lines(ptr.response.message)).toEqual([`${rev}.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.`]);

    const headless = ask(c, app, 'web-headless.default.svc.cluster.local.')!;
    expect(lines(headless.response.message).sort()).toEqual(podIPs.map((ip) => `web-headless.default.svc.cluster.local. 30 IN A ${ip}`).sort());

    const headlessSrv = ask(c, app, '_http._tcp.web-headless.default.svc.cluster.local.', 'SRV')!;
    const dashed = (ip: string) => `${ip.replaceAll('.', '-')}.web-headless.default.svc.cluster.local.`;
    expect(headlessSrv.response.message.answer.map((r) => recordLine(r).replace(/\s+/g, ' ')).sort()).toEqual(
      podIPs.map((ip) => `_http._tcp.web-headless.default.svc.cluster.local. 30 IN SRV 0 33 80 ${dashed(ip)}`).sort(),
    );
    expect(headlessSrv.response.message.additional.map((r) => recordLine(r).replace(/\s+/g, ' ')).sort()).toEqual(podIPs.map((ip) => `${dashed(ip)} 30 IN A ${ip}`).sort());

    // A pod IP is an endpoint of both Services: one PTR for each.
    const podRev = `${podIPs[0]!.split('.').reverse().join('.')}.in-addr.arpa.`;
    const endpointPtr = ask(c, app, podRev, 'PTR')!;
    expect(lines(endpointPtr.response.message).sort()).toEqual([
      `${podRev} 30 IN PTR ${dashed(podIPs[0]!)}`,
      `${podRev} 30 IN PTR ${podIPs[0]!.replaceAll('.', '-')}.web.default.svc.cluster.local.`,
    ]);

    const cname = ask(c, app, 'ext.default.svc.cluster.local.', 'CNAME')!;
    expect(lines(cname.response.message)).toEqual(['ext.default.svc.cluster.local. 30 IN CNAME example.com.']);

    const pod = ask(c, app, '10-244-1-5.default.pod.cluster.local.')!;
    expect(lines(pod.response.message)).toEqual(['10-244-1-5.default.pod.cluster.local. 30 IN A 10.244.1.5']);

    // The SOA serial is the second of the last Service or EndpointSlice change this instance saw.
    const nx = ask(c, app, 'nope.default.svc.cluster.local.', 'A', 'tcp')!;
    expect(nx.response.message.rcode).toBe('NXDOMAIN');
    const [soa] = nx.response.message.authority;
    expect(soa?.type).toBe('SOA');
    const serial = soa?.type === 'SOA' ? soa.serial : 0;
    expect(lines(nx.response.message)).toEqual([`cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. ${serial} 7200 1800 86400 30`]);
    expect(serial * 1000).toBeGreaterThan(SIM_EPOCH_MS);
    expect(serial * 1000).toBeLessThanOrEqual(SIM_EPOCH_MS + c.clock.now());

    const noNs = ask(c, app, 'web.nosuchns.svc.cluster.local.')!;
    expect(noNs.response.message.rcode).toBe('NXDOMAIN');
  });

  it('gives an ExternalName to the outside only its CNAME, 6 s later, and logs forward\'s failure to the container log (no query log)', () => {
    const { c } = clusterWithApps();
    const pod = coreDnsPods(c)[0]!;
    const agent = agentOf(c, pod)!;
    const logs = () => new NodeProxy(c.clock).containerLogs(c.client().get<Pod>('pods', 'kube-system', pod.metadata!.name!), { container: 'coredns' }).trimEnd().split('\n');
    const before = logs();
    const out = ask(c, dnsApp(agent), 'ext.default.svc.cluster.local.')!;
    expect(out.delayMs).toBe(6000);
    expect(lines(out.response.message)).toEqual(['ext.default.svc.cluster.local. 30 IN CNAME example.com.']);
    expect(logs()).toEqual(before);
    c.runUntil(c.clock.now() + 6000);
    const added = logs().slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`^\\[ERROR\\] plugin/errors: 2 example\\.com\\. A: read udp ${pod.status!.podIP!.replaceAll('.', '\\.')}:\\d+->192\\.168\\.1\\.1:53: i/o timeout$`));
    // Answering from cluster data writes nothing.
    ask(c, dnsApp(agent), 'web.default.svc.cluster.local.');
    c.runUntil(c.clock.now() + 1000);
    expect(logs().length).toBe(before.length + 1);
  });

  it('serves /health and /ready on its own listeners: ready once the kubernetes plugin has synced', () => {
    const c = createCluster({ seed: 1 });
    const a = agentOf(c, coreDnsPods(c)[0]!)!;
    const get = (port: number): HttpResponse => {
      const l = a.listeners().find((x) => x.port === port)!;
      if (l.app.kind !== 'http') throw new Error('not http');
      return l.app.serve({ method: 'GET', path: port === 8080 ? '/health' : '/ready', host: '', headers: [], clientIP: '10.244.0.1', localIP: '', localPort: port });
    };
    const r = get(8181);
    expect([r.status, r.reason, r.body]).toEqual([200, 'OK', 'OK']);
    expect(r.headers).toEqual([['Date', new Date(SIM_EPOCH_MS + c.clock.now()).toUTCString()], ['Content-Length', '2'], ['Content-Type', 'text/plain; charset=utf-8']]);
    expect(get(8080).body).toBe('OK');
  });

  it('before its informers sync, /ready is 503 "kubernetes" and port 53 is closed; both open once synced', () => {
    const c = createCluster({ seed: 1 });
    const kind = c.agentKinds.find((k) => k.name === 'coredns')!;
    const fake = { metadata: { name: 'coredns-test', namespace: 'kube-system' } } as Pod;
    const proc = c.agentProcess(c.machines.get('worker-1')!, kind, fake);
    proc.start();
    const a = proc.components()[0] as CoreDns;
    const ready = () => {
      const l = a.listeners().find((x) => x.port === 8181)!;
      if (l.app.kind !== 'http') throw new Error('not http');
      const r = l.app.serve({ method: 'GET', path: '/ready', host: '', headers: [], clientIP: '', localIP: '', localPort: 8181 });
      return `${r.status} ${r.body}`;
    };
    expect(a.synced()).toBe(false);
    expect(ready()).toBe('503 kubernetes');
    expect(a.listeners().map((l) => l.port)).toEqual([8080, 8181]);
    expect(dnsApp(a).serve(newQuery(1, { name: 'kubernetes.default.svc.cluster.local.', type: 'A' }), c.clock.now(), 'udp', CLIENT)).toBeUndefined();
    // The informers list at once; the startup hook sees it at its first 100 ms check.
    c.runUntil(c.clock.now() + 50);
    expect(a.synced()).toBe(true);
    expect(ready()).toBe('200 OK');
    expect(a.listeners().map((l) => l.port)).toEqual([8080, 8181]);
    c.runUntil(c.clock.now() + 50);
    expect(a.listeners().map((l) => `${l.proto}/${l.port}`)).toEqual(['udp/53', 'tcp/53', 'tcp/8080', 'tcp/8181']);
    expect(lines(ask(c, dnsApp(a), 'kubernetes.default.svc.cluster.local.')!.response.message)).toEqual(['kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1']);
    proc.stop();
  });

  it('stops with its container: a killed pod\'s instance answers nothing; its replacement lists afresh and sees what changed meanwhile', () => {
    const c = createCluster({ seed: 1 });
    const [victim, other] = coreDnsPods(c);
    const old = agentOf(c, victim!)!;
    const oldApp = dnsApp(old);
    c.client().delete('pods', 'kube-system', victim!.metadata!.name!);
    c.runUntil(c.clock.now() + 2_000);
    // The Service appears while the old instance is gone and before the new pod runs.
    c.client().create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'default' }, spec: { selector: { app: 'late' }, ports: [{ port: 8080, protocol: 'TCP' }] } });
    c.runUntil(c.clock.now() + 60_000);
    expect(agentOf(c, victim!)).toBeUndefined();
    expect(old.listeners()).toEqual([]);
    expect(oldApp.serve(newQuery(1, { name: 'kubernetes.default.svc.cluster.local.', type: 'A' }), c.clock.now(), 'udp', CLIENT)).toBeUndefined();

    const now = coreDnsPods(c);
    expect(now).toHaveLength(2);
    const fresh = now.find((p) => p.metadata!.name !== other!.metadata!.name)!;
    expect(fresh.metadata!.name).not.toBe(victim!.metadata!.name);
    expect(fresh.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    const agent = agentOf(c, fresh)!;
    expect(agent).not.toBe(old);
    expect(agent.synced()).toBe(true);
    const lateIP = c.client().get<Service>('services', 'default', 'late').spec!.clusterIP!;
    expect(lines(ask(c, dnsApp(agent), 'late.default.svc.cluster.local.')!.response.message)).toEqual([`late.default.svc.cluster.local. 30 IN A ${lateIP}`]);
    // The surviving instance kept its watch and saw it too.
    expect(lines(ask(c, dnsApp(agentOf(c, other!)!), 'late.default.svc.cluster.local.')!.response.message)).toEqual([`late.default.svc.cluster.local. 30 IN A ${lateIP}`]);
  });

  it('is deterministic: the same seed gives the same replies, shuffles and source ports', () => {
    const run = () => {
      const { c } = clusterWithApps(3);
      const app = dnsApp(agentOf(c, coreDnsPods(c)[0]!)!);
      const out: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = ask(c, app, 'web-headless.default.svc.cluster.local.')!;
        out.push(lines(r.response.message).join(' | '), String(r.response.bytes));
        c.runUntil(c.clock.now() + 31_000);
      }
      const ext = ask(c, app, 'example.org.')!;
      out.push(`${ext.response.message.rcode} ${ext.delayMs}`);
      c.runUntil(c.clock.now() + 7_000);
      const pod = coreDnsPods(c)[0]!;
      out.push(new NodeProxy(c.clock).containerLogs(pod, { container: 'coredns' }));
      return out;
    };
    expect(run()).toEqual(run());
  });
});
