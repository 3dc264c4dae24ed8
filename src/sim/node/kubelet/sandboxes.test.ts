import { describe, expect, it } from 'vitest';
import { createBound, eventLines, eventsFor, nodeRig, podSpec } from '../testutil';

describe('pod sandboxes: the DNS config the kubelet forms', () => {
  it('records DNSConfigForming on the pod when its nameservers exceed three, with the line it applied', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(cluster.clock.now() + 5_000);
    createBound(admin, podSpec('many-ns', 'nginx', { dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'] } }), 'worker-1');
    cluster.runUntil(cluster.clock.now() + 30_000);
    const lines = eventLines(admin, 'many-ns');
    expect(lines.filter((l) => l.includes('DNSConfigForming'))).toEqual([
      'Warning DNSConfigForming Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 8.8.8.8',
    ]);
    expect(eventsFor(admin, 'many-ns').find((e) => e.reason === 'DNSConfigForming')!.source).toEqual({ component: 'kubelet', host: 'worker-1' });
  });

  it('records the search line it applied when the domains exceed 32', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(cluster.clock.now() + 5_000);
    const searches = Array.from({ length: 31 }, (_, i) => `d${i}.example`);
    createBound(admin, podSpec('many-search', 'nginx', { dnsConfig: { searches } }), 'worker-1');
    cluster.runUntil(cluster.clock.now() + 30_000);
    // Three cluster domains and 31 of the pod's: the first 32 stay.
    const applied = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', ...searches.slice(0, 29)].join(' ');
    expect(eventLines(admin, 'many-search').filter((l) => l.includes('DNSConfigForming'))).toEqual([
      `Warning DNSConfigForming Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${applied}`,
    ]);
  });

  it('records nothing for a pod whose DNS config fits', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(cluster.clock.now() + 5_000);
    createBound(admin, podSpec('plain', 'nginx', { dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8'] } }), 'worker-1');
    cluster.runUntil(cluster.clock.now() + 30_000);
    const lines = eventLines(admin, 'plain');
    expect(lines.some((l) => l.startsWith('Normal Started'))).toBe(true);
    expect(lines.filter((l) => l.includes('DNSConfigForming'))).toEqual([]);
  });
});
