import { describe, expect, it } from 'vitest';
import type { DigEnv } from './dig';
import { dig, digWhen, parseDigArgs } from './dig';
import { context, coreDns, slice, svc } from './testfixtures';
import { SIM_EPOCH_MS } from '../../clock';

const web = svc({ name: 'web', clusterIP: '10.96.12.34', ports: [{ name: 'http', port: 80 }] });
const db = svc({ name: 'db', clusterIP: 'None', ports: [{ name: 'mysql', port: 3306 }] });
const dbSlice = slice('db', [{ ip: '10.244.1.20', hostname: 'db-0' }, { ip: '10.244.2.21', hostname: 'db-1' }], { ports: [{ name: 'mysql', port: 3306 }] });

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';

/** dig in a pod, 5 s into the scenario, with 1 ms of network each way to a CoreDNS pod (or none). */
function env(reachable = true, ids = [1]): DigEnv {
  const server = coreDns(context([web, db], [dbSlice]), ids);
  return {
    resolvConf: RESOLV,
    version: '9.18.27',
    id: 4242,
    cookie: '0c9a3e5f7b1d2468',
    startWallMs: SIM_EPOCH_MS + 5000,
    exchange: (to, query, sentAtMs, transport) => {
      if (!reachable || to.ip !== '10.96.0.10') return undefined;
      const served = server.serve(query, sentAtMs + 1, transport);
      return { response: served.response, atMs: sentAtMs + 1 + served.delayMs + 1 };
    },
  };
}

const LOCAL_WARNING = ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
const OPT = ';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n; COOKIE: 0c9a3e5f7b1d2468 (echoed)\n';
const STATS = (bytes: number) => `;; Query time: 2 msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: Mon Sep 02 10:00:05 UTC 2024\n;; MSG SIZE  rcvd: ${bytes}\n\n`;

describe('dig (BIND 9.18)', () => {
  it('prints a Service lookup in full', () => {
    expect(dig(['web.default.svc.cluster.local'], env())).toEqual({
      stdout:
        '\n; <<>> DiG 9.18.27 <<>> web.default.svc.cluster.local\n' +
        ';; global options: +cmd\n' +
        ';; Got answer:\n' +
        LOCAL_WARNING +
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242\n' +
        ';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n' +
        ';; WARNING: recursion requested but not available\n' +
        '\n' +
        OPT +
        ';; QUESTION SECTION:\n' +
        ';web.default.svc.cluster.local.\tIN\tA\n' +
        '\n' +
        ';; ANSWER SECTION:\n' +
        'web.default.svc.cluster.local. 30 IN\tA\t10.96.12.34\n' +
        '\n' +
        STATS(115),
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints every endpoint of a headless Service', () => {
    const out = dig(['db.default.svc.cluster.local'], env(true, [0])).stdout;
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n');
    expect(out).toContain(
      ';; QUESTION SECTION:\n;db.default.svc.cluster.local.\tIN\tA\n\n;; ANSWER SECTION:\ndb.default.svc.cluster.local. 30 IN\tA\t10.244.2.21\ndb.default.svc.cluster.local. 30 IN\tA\t10.244.1.20\n\n' + STATS(157),
    );
  });

  it('prints NXDOMAIN with the zone SOA in the authority section', () => {
    expect(dig(['nope.default.svc.cluster.local'], env()).stdout).toBe(
      '\n; <<>> DiG 9.18.27 <<>> nope.default.svc.cluster.local\n' +
        ';; global options: +cmd\n' +
        ';; Got answer:\n' +
        LOCAL_WARNING +
        ';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4242\n' +
        ';; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n' +
        ';; WARNING: recursion requested but not available\n' +
        '\n' +
        OPT +
        ';; QUESTION SECTION:\n' +
        ';nope.default.svc.cluster.local. IN\tA\n' +
        '\n' +
        ';; AUTHORITY SECTION:\n' +
        'cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1725271200 7200 1800 86400 30\n' +
        '\n' +
        STATS(164),
    );
  });

  it('prints SRV with the addresses in the additional section', () => {
    const out = dig(['SRV', '_http._tcp.web.default.svc.cluster.local'], env()).stdout;
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n');
    // Past the columns, fields are one space apart, or a tab when the next column is one step away.
    expect(out).toContain(';; QUESTION SECTION:\n;_http._tcp.web.default.svc.cluster.local. IN SRV\n\n');
    expect(out).toContain(
      ';; ANSWER SECTION:\n_http._tcp.web.default.svc.cluster.local. 30 IN\tSRV 0 100 80 web.default.svc.cluster.local.\n\n;; ADDITIONAL SECTION:\nweb.default.svc.cluster.local. 30 IN\tA\t10.96.12.34\n\n' + STATS(215),
    );
  });

  it('looks an address up backwards with -x, without the .local warning', () => {
    expect(dig(['-x', '10.96.0.10'], env()).stdout).toBe(
      '\n; <<>> DiG 9.18.27 <<>> -x 10.96.0.10\n' +
        ';; global options: +cmd\n' +
        ';; Got answer:\n' +
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242\n' +
        ';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n' +
        ';; WARNING: recursion requested but not available\n' +
        '\n' +
        OPT +
        ';; QUESTION SECTION:\n' +
        ';10.0.96.10.in-addr.arpa.\tIN\tPTR\n' +
        '\n' +
        ';; ANSWER SECTION:\n' +
        '10.0.96.10.in-addr.arpa. 30\tIN\tPTR\tkube-dns.kube-system.svc.cluster.local.\n' +
        '\n' +
        STATS(139),
    );
  });

  it('prints only the data with +short', () => {
    expect(dig(['+short', 'web.default.svc.cluster.local'], env())).toEqual({ stdout: '10.96.12.34\n', stderr: '', exitCode: 0 });
    expect(dig(['nope.default.svc.cluster.local', '+short'], env())).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(dig(['+short', 'SRV', '_mysql._tcp.db.default.svc.cluster.local'], env()).stdout).toBe(
      '0 50 3306 db-0.db.default.svc.cluster.local.\n0 50 3306 db-1.db.default.svc.cluster.local.\n',
    );
  });

  it('times out three times, then greets and gives up, when no DNS server answers', () => {
    expect(dig(['web.default.svc.cluster.local'], env(false))).toEqual({
      stdout:
        ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) +
        '\n; <<>> DiG 9.18.27 <<>> web.default.svc.cluster.local\n;; global options: +cmd\n;; no servers could be reached\n',
      stderr: '',
      exitCode: 9,
    });
    expect(dig(['+short', 'web.default.svc.cluster.local'], env(false)).stdout).toBe(';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + ';; no servers could be reached\n');
  });

  it('times out on a name outside the cluster: CoreDNS answers SERVFAIL only after 6 s', () => {
    expect(dig(['example.com'], env()).exitCode).toBe(9);
  });

  it('asks the @server given, and names it as given', () => {
    const out = dig(['@10.96.0.10', 'web.default.svc.cluster.local'], env()).stdout;
    expect(out.startsWith('\n; <<>> DiG 9.18.27 <<>> @10.96.0.10 web.default.svc.cluster.local\n')).toBe(true);
    expect(out).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n');
  });

  it('shows only the answer lines with +noall +answer', () => {
    expect(dig(['+noall', '+answer', 'web.default.svc.cluster.local'], env()).stdout).toBe('web.default.svc.cluster.local. 30 IN\tA\t10.96.12.34\n');
  });

  it('rejects an unknown +option with its usage', () => {
    expect(parseDigArgs(['+bogus', 'x'])).toMatchObject({ stderr: expect.stringMatching(/^Invalid option: \+bogus\nUsage:  dig \[@global-server\]/), exitCode: 1 });
  });

  it('prints WHEN in UTC with a zero-padded day', () => {
    expect(digWhen(Date.UTC(2024, 0, 7, 3, 4, 5))).toBe('Sun Jan 07 03:04:05 UTC 2024');
  });
});
