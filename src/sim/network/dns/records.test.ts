import { describe, expect, it } from 'vitest';
import type { DnsMessage, QType } from './message';
import { replyTo } from './message';
import { recordLine } from './presentation';
import { serveKubernetes } from './records';
import { context, q, slice, svc } from './testfixtures';

/** A reply as `RCODE flags` then one zone-file line per record, section by section. */
function show(reply: DnsMessage): string[] {
  const flags = [reply.authoritative ? 'aa' : '', reply.recursionAvailable ? 'ra' : ''].filter(Boolean).join(' ');
  return [
    `${reply.rcode} ${flags}`.trim(),
    ...reply.answer.map((r) => `AN ${recordLine(r).replace(/\s+/g, ' ')}`),
    ...reply.authority.map((r) => `NS ${recordLine(r).replace(/\s+/g, ' ')}`),
    ...reply.additional.map((r) => `AR ${recordLine(r).replace(/\s+/g, ' ')}`),
  ];
}

const SOA = 'NS cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1725271200 7200 1800 86400 30';

const web = svc({ name: 'web', clusterIP: '10.96.12.34', ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
const webSlice = slice('web', [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }, { ip: '10.244.2.9', ready: false }], { ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }] });
const db = svc({ name: 'db', clusterIP: 'None', ports: [{ name: 'mysql', port: 3306 }] });
const dbSlice = slice(
  'db',
  [
    { ip: '10.244.1.20', hostname: 'db-0', pod: 'db-0' },
    { ip: '10.244.2.21', hostname: 'db-1', pod: 'db-1' },
    { ip: '10.244.2.22', hostname: 'db-2', pod: 'db-2', ready: false },
  ],
  { ports: [{ name: 'mysql', port: 3306 }] },
);
const anon = svc({ name: 'anon', clusterIP: 'None', ports: [{ port: 80 }] });
const anonSlice = slice('anon', [{ ip: '10.244.1.30' }], { ports: [{ name: '', port: 80 }] });
const empty = svc({ name: 'empty', clusterIP: 'None', ports: [{ port: 80 }] });
const emptySlice = slice('empty', [{ ip: '10.244.1.40', ready: false }], { ports: [{ name: '', port: 80 }] });
const ext = svc({ name: 'ext', type: 'ExternalName', externalName: 'example.com' });
const alias = svc({ name: 'alias', type: 'ExternalName', externalName: 'web.default.svc.cluster.local' });

const ctx = context([web, db, anon, empty, ext, alias], [webSlice, dbSlice, anonSlice, emptySlice]);

function ask(name: string, type: QType = 'A', c = ctx): string[] {
  const out = serveKubernetes(c, q(name, type));
  if (!out.handled) return ['next plugin'];
  expect(out.reply.id).toBe(4242);
  expect(out.reply.response).toBe(true);
  expect(out.reply.question).toEqual({ name, type });
  return show(out.reply);
}

describe('kubernetes plugin: Services', () => {
  it('answers a ClusterIP Service with its ClusterIP once, however many ports, TTL 30, authoritative', () => {
    expect(ask('web.default.svc.cluster.local.')).toEqual(['NOERROR aa', 'AN web.default.svc.cluster.local. 30 IN A 10.96.12.34']);
  });

  it('keeps the case the question was asked in', () => {
    expect(ask('WEB.Default.svc.cluster.local.')).toEqual(['NOERROR aa', 'AN WEB.Default.svc.cluster.local. 30 IN A 10.96.12.34']);
  });

  it('gives NODATA with the SOA for AAAA, ANY and MX of an IPv4 Service', () => {
    for (const t of ['AAAA', 'ANY', 'MX'] as const) expect(ask('web.default.svc.cluster.local.', t)).toEqual(['NOERROR aa', SOA]);
  });

  it('gives NXDOMAIN with the SOA for a Service that does not exist', () => {
    expect(ask('nope.default.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('nope.default.svc.cluster.local.', 'AAAA')).toEqual(['NXDOMAIN aa', SOA]);
  });

  it('gives NXDOMAIN for a namespace that does not exist, NODATA for one that does', () => {
    expect(ask('web.nowhere.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('nowhere.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('default.svc.cluster.local.')).toEqual(['NOERROR aa', SOA]);
    expect(ask('shop.svc.cluster.local.')).toEqual(['NOERROR aa', SOA]);
  });

  it('treats the zone apex, svc and pod as empty non-terminals and anything else as nonexistent', () => {
    expect(ask('cluster.local.')).toEqual(['NOERROR aa', SOA]);
    expect(ask('svc.cluster.local.')).toEqual(['NOERROR aa', SOA]);
    expect(ask('pod.cluster.local.')).toEqual(['NOERROR aa', SOA]);
    expect(ask('web.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('web.default.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('a.b.c.web.default.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
  });

  it('answers an endpoint name of a ClusterIP Service with that endpoint only', () => {
    expect(ask('10-244-1-5.web.default.svc.cluster.local.')).toEqual(['NOERROR aa', 'AN 10-244-1-5.web.default.svc.cluster.local. 30 IN A 10.244.1.5']);
    expect(ask('10-244-2-9.web.default.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
  });

  it('goes on to forward for names outside its zones', () => {
    expect(ask('example.com.')).toEqual(['next plugin']);
    expect(ask('kubernetes.default.')).toEqual(['next plugin']);
  });

  it('answers SERVFAIL instead of NXDOMAIN until its informers have synced', () => {
    expect(ask('nope.default.svc.cluster.local.', 'A', { ...ctx, synced: false })).toEqual(['SERVFAIL aa', SOA]);
  });
});

describe('kubernetes plugin: headless Services', () => {
  it('answers every ready endpoint and leaves out the not-ready one', () => {
    expect(ask('db.default.svc.cluster.local.')).toEqual([
      'NOERROR aa',
      'AN db.default.svc.cluster.local. 30 IN A 10.244.1.20',
      'AN db.default.svc.cluster.local. 30 IN A 10.244.2.21',
    ]);
  });

  it('names endpoints by their hostname, and then the dashed IP no longer resolves', () => {
    expect(ask('db-0.db.default.svc.cluster.local.')).toEqual(['NOERROR aa', 'AN db-0.db.default.svc.cluster.local. 30 IN A 10.244.1.20']);
    expect(ask('10-244-1-20.db.default.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('db-2.db.default.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
  });

  it('names endpoints without a hostname by their IP with dashes', () => {
    expect(ask('10-244-1-30.anon.default.svc.cluster.local.')).toEqual(['NOERROR aa', 'AN 10-244-1-30.anon.default.svc.cluster.local. 30 IN A 10.244.1.30']);
  });

  it('is NXDOMAIN while no endpoint is ready', () => {
    expect(ask('empty.default.svc.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
  });
});

describe('kubernetes plugin: SRV', () => {
  it('gives a ClusterIP Service one SRV per named port, targeting the Service, with its A record', () => {
    expect(ask('_http._tcp.web.default.svc.cluster.local.', 'SRV')).toEqual([
      'NOERROR aa',
      'AN _http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.',
      'AR web.default.svc.cluster.local. 30 IN A 10.96.12.34',
    ]);
  });

  it('answers the bare Service name with every port, weights shared at priority 0', () => {
    expect(ask('web.default.svc.cluster.local.', 'SRV')).toEqual([
      'NOERROR aa',
      'AN web.default.svc.cluster.local. 30 IN SRV 0 50 80 web.default.svc.cluster.local.',
      'AN web.default.svc.cluster.local. 30 IN SRV 0 50 9090 web.default.svc.cluster.local.',
      'AR web.default.svc.cluster.local. 30 IN A 10.96.12.34',
    ]);
  });

  it('gives a headless Service one SRV per ready endpoint, targeting its hostname', () => {
    expect(ask('_mysql._tcp.db.default.svc.cluster.local.', 'SRV')).toEqual([
      'NOERROR aa',
      'AN _mysql._tcp.db.default.svc.cluster.local. 30 IN SRV 0 50 3306 db-0.db.default.svc.cluster.local.',
      'AN _mysql._tcp.db.default.svc.cluster.local. 30 IN SRV 0 50 3306 db-1.db.default.svc.cluster.local.',
      'AR db-0.db.default.svc.cluster.local. 30 IN A 10.244.1.20',
      'AR db-1.db.default.svc.cluster.local. 30 IN A 10.244.2.21',
    ]);
  });

  it('floors the weight: three records weigh 33 each', () => {
    const three = slice('web', [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }, { ip: '10.244.3.8' }], { ports: [{ name: 'http', port: 8080 }] });
    const c = context([svc({ name: 'web', clusterIP: 'None', ports: [{ name: 'http', port: 80 }] })], [three]);
    expect(ask('_http._tcp.web.default.svc.cluster.local.', 'SRV', c).slice(1, 4)).toEqual([
      'AN _http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 33 8080 10-244-1-5.web.default.svc.cluster.local.',
      'AN _http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 33 8080 10-244-2-7.web.default.svc.cluster.local.',
      'AN _http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 33 8080 10-244-3-8.web.default.svc.cluster.local.',
    ]);
  });

  it('is NXDOMAIN for a port name or protocol the Service does not have', () => {
    expect(ask('_https._tcp.web.default.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('_http._udp.web.default.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN aa', SOA]);
  });

  it('has no SRV for an ExternalName: NODATA', () => {
    expect(ask('ext.default.svc.cluster.local.', 'SRV')).toEqual(['NOERROR aa', SOA]);
  });

  it('serves the port-name A query too: the ClusterIP', () => {
    expect(ask('_http._tcp.web.default.svc.cluster.local.')).toEqual(['NOERROR aa', 'AN _http._tcp.web.default.svc.cluster.local. 30 IN A 10.96.12.34']);
  });
});

describe('kubernetes plugin: ExternalName', () => {
  it('answers a CNAME query with the external name', () => {
    expect(ask('ext.default.svc.cluster.local.', 'CNAME')).toEqual(['NOERROR aa', 'AN ext.default.svc.cluster.local. 30 IN CNAME example.com.']);
  });

  it('chases the CNAME through the whole server for an A query and appends what comes back', () => {
    const asked: string[] = [];
    const c = {
      ...ctx,
      lookup: (name: string, type: QType) => {
        asked.push(`${name} ${type}`);
        const r = replyTo(q(name, type));
        r.answer = [{ name, ttl: 300, type: 'A' as const, address: '93.184.215.14' }];
        return r;
      },
    };
    expect(ask('ext.default.svc.cluster.local.', 'A', c)).toEqual([
      'NOERROR aa',
      'AN ext.default.svc.cluster.local. 30 IN CNAME example.com.',
      'AN example.com. 300 IN A 93.184.215.14',
    ]);
    expect(asked).toEqual(['example.com. A']);
  });

  it('keeps the bare CNAME when the upstream answers nothing (SERVFAIL in a closed network)', () => {
    const c = { ...ctx, lookup: (name: string, type: QType) => replyTo(q(name, type), 'SERVFAIL') };
    expect(ask('ext.default.svc.cluster.local.', 'A', c)).toEqual(['NOERROR aa', 'AN ext.default.svc.cluster.local. 30 IN CNAME example.com.']);
  });

  it('follows a CNAME into the cluster zone itself', () => {
    expect(ask('alias.default.svc.cluster.local.')).toEqual([
      'NOERROR aa',
      'AN alias.default.svc.cluster.local. 30 IN CNAME web.default.svc.cluster.local.',
      'AN web.default.svc.cluster.local. 30 IN A 10.96.12.34',
    ]);
  });
});

describe('kubernetes plugin: pods insecure', () => {
  it('answers the address spelled in the name without looking for the pod', () => {
    expect(ask('10-244-7-7.default.pod.cluster.local.')).toEqual(['NOERROR aa', 'AN 10-244-7-7.default.pod.cluster.local. 30 IN A 10.244.7.7']);
  });

  it('still needs the namespace to exist and the name to be an address', () => {
    expect(ask('10-244-7-7.nowhere.pod.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('10-244-7.default.pod.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('10-244-007-7.default.pod.cluster.local.')).toEqual(['NXDOMAIN aa', SOA]);
    expect(ask('default.pod.cluster.local.')).toEqual(['NOERROR aa', SOA]);
  });
});

describe('kubernetes plugin: reverse lookups', () => {
  it('maps a ClusterIP back to the Service', () => {
    expect(ask('34.12.96.10.in-addr.arpa.', 'PTR')).toEqual(['NOERROR aa', 'AN 34.12.96.10.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.']);
    expect(ask('10.0.96.10.in-addr.arpa.', 'PTR')).toEqual(['NOERROR aa', 'AN 10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.']);
  });

  it('maps a ready endpoint to its name under each Service that selects it', () => {
    expect(ask('20.1.244.10.in-addr.arpa.', 'PTR')).toEqual(['NOERROR aa', 'AN 20.1.244.10.in-addr.arpa. 30 IN PTR db-0.db.default.svc.cluster.local.']);
    expect(ask('5.1.244.10.in-addr.arpa.', 'PTR')).toEqual(['NOERROR aa', 'AN 5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.web.default.svc.cluster.local.']);
  });

  it('lets unknown addresses and other types fall through to forward', () => {
    expect(ask('9.2.244.10.in-addr.arpa.', 'PTR')).toEqual(['next plugin']);
    expect(ask('1.1.168.192.in-addr.arpa.', 'PTR')).toEqual(['next plugin']);
    expect(ask('34.12.96.10.in-addr.arpa.', 'A')).toEqual(['next plugin']);
  });

  it('answers the reverse zone apex with NODATA and its own SOA', () => {
    expect(ask('in-addr.arpa.', 'PTR')).toEqual(['NOERROR aa', 'NS in-addr.arpa. 30 IN SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. 1725271200 7200 1800 86400 30']);
  });
});

describe('kubernetes plugin: zone records', () => {
  it('serves its schema version as TXT, and NXDOMAIN for other TXT names that do not exist', () => {
    expect(ask('dns-version.cluster.local.', 'TXT')).toEqual(['NOERROR aa', 'AN dns-version.cluster.local. 28800 IN TXT "1.1.0"']);
    expect(ask('web.default.svc.cluster.local.', 'TXT')).toEqual(['NOERROR aa', SOA]);
    expect(ask('nope.default.svc.cluster.local.', 'TXT')).toEqual(['NXDOMAIN aa', SOA]);
  });

  it('answers ns.dns and NS at the apex with the kube-dns Service it serves behind', () => {
    expect(ask('ns.dns.cluster.local.')).toEqual(['NOERROR aa', 'AN ns.dns.cluster.local. 30 IN A 10.96.0.10']);
    expect(ask('cluster.local.', 'NS')).toEqual([
      'NOERROR aa',
      'AN cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.',
      'AR kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10',
    ]);
  });

  it('has an SOA at the apex only', () => {
    expect(ask('cluster.local.', 'SOA')).toEqual(['NOERROR aa', 'AN cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1725271200 7200 1800 86400 30']);
    expect(ask('web.default.svc.cluster.local.', 'SOA')).toEqual(['NOERROR aa', SOA]);
  });
});
