import { describe, expect, it } from 'vitest';
import type { KubeletDnsSettings } from './resolvconf';
import { parseResolvConf, podDnsConfig, resolvConfText } from './resolvconf';

const node = parseResolvConf('# uplink servers\nnameserver 192.168.1.1\nnameserver 192.168.1.2\nsearch lab.example. corp.example\noptions edns0 trust-ad\n');
const kubeadm: KubeletDnsSettings = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolverConfig: node };
const NODE_ETC = 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n';

function file(spec: Record<string, unknown> = {}, namespace = 'shop', settings = kubeadm) {
  const { config, events } = podDnsConfig(settings, { metadata: { name: 'client', namespace, uid: 'u-1' }, spec });
  return { text: resolvConfText(config, NODE_ETC), events: events.map((e) => `${e.on} ${e.reason}: ${e.message}`) };
}

describe('pod resolv.conf', () => {
  it('parses the node file as the kubelet does: trailing dots dropped, last search and options win', () => {
    expect(node).toEqual({ servers: ['192.168.1.1', '192.168.1.2'], searches: ['lab.example', 'corp.example'], options: ['edns0', 'trust-ad'] });
  });

  it('ClusterFirst: the cluster DNS only, the namespace search list then the node domains, ndots:5', () => {
    expect(file()).toEqual({
      text: 'search shop.svc.cluster.local svc.cluster.local cluster.local lab.example corp.example\nnameserver 10.96.0.10\noptions ndots:5\n',
      events: [],
    });
  });

  it('ClusterFirst is what an unset dnsPolicy means', () => {
    expect(file({ dnsPolicy: 'ClusterFirst' })).toEqual(file());
  });

  it('ClusterFirst on hostNetwork falls back to the node config; ClusterFirstWithHostNet keeps the cluster DNS', () => {
    expect(file({ hostNetwork: true }).text).toBe('search lab.example corp.example\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 trust-ad\n');
    expect(file({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }).text).toBe(file().text);
    expect(file({ dnsPolicy: 'ClusterFirstWithHostNet' }).text).toBe(file().text);
  });

  it('Default: the node resolver config as it is', () => {
    expect(file({ dnsPolicy: 'Default' }).text).toBe('search lab.example corp.example\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 trust-ad\n');
  });

  it('None: only the pod dnsConfig', () => {
    const spec = { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } };
    expect(file(spec)).toEqual({ text: 'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n', events: [] });
  });

  it('appends a dnsConfig to ClusterFirst without duplicates, the pod option value winning', () => {
    const spec = { dnsConfig: { nameservers: ['10.96.0.10', '1.1.1.1'], searches: ['svc.cluster.local', 'extra.example'], options: [{ name: 'ndots', value: '2' }, { name: 'single-request-reopen' }] } };
    expect(file(spec).text).toBe(
      'search shop.svc.cluster.local svc.cluster.local cluster.local lab.example corp.example extra.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2 single-request-reopen\n',
    );
  });

  it('keeps three nameservers and says which it applied', () => {
    expect(file({ dnsPolicy: 'Default', dnsConfig: { nameservers: ['8.8.8.8', '9.9.9.9'] } })).toEqual({
      text: 'search lab.example corp.example\nnameserver 192.168.1.1\nnameserver 192.168.1.2\nnameserver 8.8.8.8\noptions edns0 trust-ad\n',
      events: ['pod DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 192.168.1.1 192.168.1.2 8.8.8.8'],
    });
  });

  it('keeps 32 search domains at most, drops those over 253 characters, and warns', () => {
    const many = Array.from({ length: 31 }, (_, i) => `d${i}.example`);
    const out = file({ dnsConfig: { searches: many } });
    const applied = ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example', 'corp.example', ...many].slice(0, 32).join(' ');
    expect(out.text.split('\n')[0]).toBe(`search ${applied}`);
    expect(out.events).toEqual([`pod DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${applied}`]);

    const long = `${'a'.repeat(250)}.com`;
    expect(file({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ok.example', long] } }).events).toEqual([
      'pod DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ok.example',
    ]);
  });

  it('cuts domains from the end until the search line fits 2048 characters', () => {
    const fat = Array.from({ length: 10 }, (_, i) => `${String(i).repeat(200)}.x`);
    const out = file({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: fat } });
    // 10 domains of 202 characters make a 2029-character line: it fits.
    expect(out.events).toEqual([]);
    const fatter = [...fat, 'y'.repeat(30)];
    expect(file({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: fatter } }).text.split('\n')[0]).toBe(`search ${fat.join(' ')}`);
  });

  it('without a cluster DNS, ClusterFirst falls back to Default and says so on the node and the pod', () => {
    const out = file({}, 'shop', { ...kubeadm, clusterDNS: [] });
    expect(out.text).toBe('search lab.example corp.example\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 trust-ad\n');
    expect(out.events).toEqual([
      'node MissingClusterDNS: kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
      'pod MissingClusterDNS: pod: "client_shop(u-1)". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
    ]);
  });

  it('with an empty --resolv-conf, Default asks the local machine', () => {
    expect(file({ dnsPolicy: 'Default' }, 'shop', { ...kubeadm, resolverConfig: undefined, nodeIPs: ['192.168.1.10'] }).text).toBe('search .\nnameserver 127.0.0.1\n');
  });

  it('copies the node /etc/resolv.conf when the config is empty', () => {
    expect(file({ dnsPolicy: 'Default' }, 'shop', { ...kubeadm, resolverConfig: { servers: [], searches: [], options: [] } }).text).toBe(NODE_ETC);
  });
});
