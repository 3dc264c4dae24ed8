import { describe, expect, it } from 'vitest';
import { newQuery } from '../../network/dns/message';
import type { DnsMessage, QType } from '../../network/dns/message';
import { recordLine } from '../../network/dns/presentation';
import { context, slice, svc } from '../../network/dns/testfixtures';
import { CoreDnsServer } from './server';

const web = svc({ name: 'web', clusterIP: '10.96.12.34', ports: [{ name: 'http', port: 80 }] });
const db = svc({ name: 'db', clusterIP: 'None', ports: [{ name: 'mysql', port: 3306 }] });
const dbSlice = slice('db', [{ ip: '10.244.1.20' }, { ip: '10.244.2.21' }, { ip: '10.244.3.22' }], { ports: [{ name: 'mysql', port: 3306 }] });
const ext = svc({ name: 'ext', type: 'ExternalName', externalName: 'example.com' });

function server(ids: number[] = [0], opts: { services?: ReturnType<typeof svc>[] } = {}) {
  let i = 0;
  let port = 40000;
  const ctx = context(opts.services ?? [web, db, ext], [dbSlice]);
  const s = new CoreDnsServer({
    kubernetes: () => ctx,
    upstream: '192.168.1.1:53',
    podIP: '10.244.0.2',
    nextId: () => ids[i++ % ids.length]!,
    nextPort: () => port++,
  });
  return { s, ctx };
}

function query(name: string, type: QType = 'A', cookie = true): DnsMessage {
  return newQuery(100, { name, type }, { edns: { udpSize: 1232, do: false, ...(cookie ? { cookie: 'a1b2c3d4e5f60718' } : {}) } });
}

const lines = (m: DnsMessage) => m.answer.map((r) => recordLine(r).replace(/\s+/g, ' '));

describe('CoreDNS server chain', () => {
  it('echoes the client OPT record with its cookie and measures the reply on the wire', () => {
    const { s } = server();
    const out = s.serve(query('web.default.svc.cluster.local.'), 0);
    expect(out.delayMs).toBe(0);
    expect(out.log).toEqual([]);
    expect(out.response.message.edns).toEqual({ udpSize: 1232, do: false, cookie: 'a1b2c3d4e5f60718' });
    expect(out.response.bytes).toBe(115);
    expect(lines(out.response.message)).toEqual(['web.default.svc.cluster.local. 30 IN A 10.96.12.34']);
  });

  it('serves a repeat from the cache with the TTL counting down in whole seconds, still authoritative', () => {
    const { s, ctx } = server();
    s.serve(query('web.default.svc.cluster.local.'), 1_000);
    ctx.index.deleteService('web', 'default');
    const later = s.serve(query('web.default.svc.cluster.local.'), 13_700);
    expect(lines(later.response.message)).toEqual(['web.default.svc.cluster.local. 18 IN A 10.96.12.34']);
    expect(later.response.message.authoritative).toBe(true);
    // 30 s after it was stored the entry is gone and the deletion shows.
    const expired = s.serve(query('web.default.svc.cluster.local.'), 31_000);
    expect(expired.response.message.rcode).toBe('NXDOMAIN');
    expect(expired.response.message.authority.map((r) => r.ttl)).toEqual([30]);
  });

  it('caps every TTL at 30 s on the way out, even the 8-hour dns-version TXT', () => {
    const { s } = server();
    const out = s.serve(query('dns-version.cluster.local.', 'TXT'), 0);
    expect(lines(out.response.message)).toEqual(['dns-version.cluster.local. 30 IN TXT "1.1.0"']);
  });

  it('keeps a negative answer for its SOA TTL too', () => {
    const { s } = server();
    s.serve(query('nope.default.svc.cluster.local.'), 0);
    const again = s.serve(query('nope.default.svc.cluster.local.'), 4_999);
    expect(again.response.message.rcode).toBe('NXDOMAIN');
    expect(again.response.message.authority.map((r) => recordLine(r).replace(/\s+/g, ' '))).toEqual([
      'cluster.local. 26 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1725271200 7200 1800 86400 30',
    ]);
  });

  it('shuffles a headless answer like loadbalance does, from the draws it is given', () => {
    // Three records: j=0 swaps with 0+(5%3)=2, j=1 with 1+(4%2)=1 (stays), j=2 with itself.
    const { s } = server([5, 4, 7]);
    const out = s.serve(query('db.default.svc.cluster.local.'), 0);
    expect(lines(out.response.message).map((l) => l.split(' ').pop())).toEqual(['10.244.3.22', '10.244.2.21', '10.244.1.20']);
  });

  it('answers names outside the cluster with SERVFAIL 6 s later, logged and not cached', () => {
    const { s } = server();
    const out = s.serve(query('example.com.'), 0);
    expect(out.delayMs).toBe(6000);
    expect(out.response.message.rcode).toBe('SERVFAIL');
    expect(out.response.message.authoritative).toBe(false);
    expect(out.response.message.answer).toEqual([]);
    expect(out.log).toEqual(['[ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.2:40000->192.168.1.1:53: i/o timeout']);
    expect(s.serve(query('example.com.'), 7000).delayMs).toBe(6000);
  });

  it('gives an ExternalName pointing outside only its CNAME, once forward has given up', () => {
    const { s } = server();
    const out = s.serve(query('ext.default.svc.cluster.local.'), 0);
    expect(out.delayMs).toBe(6000);
    expect(out.response.message.rcode).toBe('NOERROR');
    expect(lines(out.response.message)).toEqual(['ext.default.svc.cluster.local. 30 IN CNAME example.com.']);
    expect(out.log).toEqual(['[ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.2:40000->192.168.1.1:53: i/o timeout']);
  });
});
