import { describe, expect, it } from 'vitest';
import type { NslookupEnv } from './nslookup';
import { nslookup } from './nslookup';
import { context, coreDns, slice, svc } from './testfixtures';

const web = svc({ name: 'web', clusterIP: '10.96.12.34', ports: [{ name: 'http', port: 80 }] });
const db = svc({ name: 'db', clusterIP: 'None', ports: [{ name: 'mysql', port: 3306 }] });
const dbSlice = slice('db', [{ ip: '10.244.1.20', hostname: 'db-0' }, { ip: '10.244.2.21', hostname: 'db-1' }], { ports: [{ name: 'mysql', port: 3306 }] });

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const BANNER = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.';

/** A pod whose queries reach a CoreDNS pod over 1 ms of network each way, or reach nothing. */
function env(reachable = true, ids = [1]): NslookupEnv {
  const server = coreDns(context([web, db], [dbSlice]), ids);
  return {
    resolvConf: RESOLV,
    hostname: 'client',
    firstId: 20000,
    banner: BANNER,
    exchange: (to, query, sentAtMs) => {
      if (!reachable || to.ip !== '10.96.0.10') return undefined;
      const served = server.serve(query, sentAtMs + 1);
      return { reply: served.response.message, atMs: sentAtMs + 1 + served.delayMs + 1 };
    },
  };
}

const HEADER = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';

describe('busybox nslookup', () => {
  it('sends a short name to every search domain for A and AAAA, and prints each reply as it comes', () => {
    expect(nslookup(['web'], env())).toEqual({
      stdout:
        HEADER +
        'Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n' +
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find web.cluster.local: NXDOMAIN\n\n" +
        '\n' +
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find web.cluster.local: NXDOMAIN\n\n",
      stderr: '',
      exitCode: 1,
    });
  });

  it('asks a dotted name as is: the answer, then a blank line for the empty AAAA reply', () => {
    expect(nslookup(['web.default.svc.cluster.local'], env())).toEqual({
      stdout: `${HEADER}Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n\n`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('lists every ready endpoint of a headless Service, in the order loadbalance left them', () => {
    expect(nslookup(['db.default.svc.cluster.local'], env(true, [0])).stdout).toBe(
      `${HEADER}Name:\tdb.default.svc.cluster.local\nAddress: 10.244.2.21\nName:\tdb.default.svc.cluster.local\nAddress: 10.244.1.20\n\n\n`,
    );
    expect(nslookup(['db-1.db.default.svc.cluster.local'], env()).stdout).toBe(`${HEADER}Name:\tdb-1.db.default.svc.cluster.local\nAddress: 10.244.2.21\n\n\n`);
  });

  it('says the server cannot find a name that does not exist, once per query, and fails', () => {
    expect(nslookup(['nope.default.svc.cluster.local'], env())).toEqual({
      stdout: `${HEADER}** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n`,
      stderr: '',
      exitCode: 1,
    });
  });

  it('times out when no DNS server answers', () => {
    expect(nslookup(['web'], env(false))).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1 });
  });

  it('times out on an outside name: CoreDNS gives up on its upstream after nslookup has', () => {
    expect(nslookup(['example.com'], env())).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1 });
  });

  it('reports the queries still unanswered when others were answered', () => {
    // A path that loses every AAAA query: the A answer prints, the AAAA is reported at the end.
    const e = env();
    const inner = e.exchange;
    e.exchange = (to, query, at) => (query.question.type === 'AAAA' ? undefined : inner(to, query, at));
    expect(nslookup(['web.default.svc.cluster.local'], e)).toEqual({
      stdout: `${HEADER}Name:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n*** Can't find web.default.svc.cluster.local: No answer\n\n`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('turns an address into a PTR query', () => {
    expect(nslookup(['10.96.0.10'], env()).stdout).toBe(`${HEADER}10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n`);
  });

  it('asks the type given with -type, prints SRV as service lines', () => {
    expect(nslookup(['-type=srv', '_mysql._tcp.db.default.svc.cluster.local'], env(true, [1])).stdout).toBe(
      `${HEADER}_mysql._tcp.db.default.svc.cluster.local\tservice = 0 50 3306 db-0.db.default.svc.cluster.local\n_mysql._tcp.db.default.svc.cluster.local\tservice = 0 50 3306 db-1.db.default.svc.cluster.local\n\n`,
    );
  });

  it('asks the server given after the name, and prints it as given', () => {
    const e = env();
    expect(nslookup(['web.default.svc.cluster.local', '10.96.0.10'], e).stdout.startsWith(HEADER)).toBe(true);
  });

  it('prints its usage on a bad option', () => {
    expect(nslookup(['-foo', 'web'], env())).toEqual({
      stdout: '',
      stderr: `${BANNER}\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,srv,ptr,any\n`,
      exitCode: 1,
    });
  });
});
