import { describe, expect, it } from 'vitest';
import { Conntrack, HTABLE_SIZE } from './table';
import { bucketOf } from './hash';
import { KUBE_PROXY_CONNTRACK_DEFAULTS, kubeProxyConntrackMax, kubeProxyConntrackWrites } from './sysctls';
import type { CtEntry } from './types';

const S = 1000;

function table(): Conntrack {
  return new Conntrack({ seed: 42 });
}

/** A kube-proxy'd node: its sysctls written as kube-proxy 1.31 writes them on a 4-core node. */
function kubeProxyTable(): Conntrack {
  const ct = table();
  for (const [n, v] of kubeProxyConntrackWrites(KUBE_PROXY_CONNTRACK_DEFAULTS, 4)) ct.setSysctl(n, v);
  return ct;
}

function created(ct: Conntrack, ...a: Parameters<Conntrack['create']>): CtEntry {
  const r = ct.create(...a);
  if (r.kind !== 'created') throw new Error(r.kind);
  return r.entry;
}

const client = { src: '10.244.1.2', dst: '10.96.0.10', sport: 41234, dport: 53 };

describe('conntrack entries', () => {
  it('a DNAT makes the reply come from the endpoint; an SNAT makes it go back to the masquerade address', () => {
    const ct = table();
    const e = created(ct, 'tcp', { src: '10.244.1.2', dst: '10.96.0.1', sport: 40000, dport: 443 }, { dnat: { ip: '192.168.1.10', port: 6443 }, snat: { ip: '192.168.1.11', port: 40000 } }, 0);
    expect(e.reply).toEqual({ src: '192.168.1.10', dst: '192.168.1.11', sport: 6443, dport: 40000 });
    const plain = created(ct, 'udp', client, {}, 0);
    expect(plain.reply).toEqual({ src: '10.96.0.10', dst: '10.244.1.2', sport: 53, dport: 41234 });
    // Both directions find the entry, and say which way the packet goes.
    expect(ct.lookup('tcp', { src: '192.168.1.10', dst: '192.168.1.11', sport: 6443, dport: 40000 }, 1)).toEqual({ entry: e, dir: 'reply' });
    expect(ct.lookup('tcp', { src: '10.244.1.2', dst: '10.96.0.1', sport: 40000, dport: 443 }, 1)).toEqual({ entry: e, dir: 'original' });
    expect(ct.lookup('udp', { src: '10.244.1.2', dst: '10.96.0.1', sport: 40000, dport: 443 }, 1)).toBeUndefined();
  });

  it('refuses a tuple already tracked in either direction, and a table at nf_conntrack_max', () => {
    const ct = table();
    const e = created(ct, 'udp', client, { dnat: { ip: '10.244.2.3', port: 53 } }, 0);
    expect(ct.create('udp', client, {}, 1)).toEqual({ kind: 'clash', with: e });
    expect(ct.create('udp', { src: '10.244.2.3', dst: '10.244.1.2', sport: 53, dport: 41234 }, {}, 1)).toEqual({ kind: 'clash', with: e });
    expect(ct.tupleTaken('udp', { src: '10.244.2.3', dst: '10.244.1.2', sport: 53, dport: 41234 }, 1)).toBe(true);
    ct.setSysctl('nf_conntrack_max', 1);
    expect(ct.create('udp', { ...client, sport: 1 }, {}, 1)).toEqual({ kind: 'full' });
  });

  it('walks the TCP handshake: SYN_SENT, SYN_RECV, ESTABLISHED and ASSURED on the third packet', () => {
    const ct = table();
    const e = created(ct, 'tcp', { src: '10.244.1.2', dst: '10.244.2.3', sport: 50000, dport: 80 }, {}, 0, { tcp: { syn: true } });
    expect([e.tcpState, e.seenReply, e.assured, e.expiresMs]).toEqual(['SYN_SENT', false, false, 120 * S]);
    expect(ct.packet(e, 'reply', 5, { syn: true, ack: true })).toBe('accepted');
    expect([e.tcpState, e.seenReply, e.assured, e.expiresMs]).toEqual(['SYN_RECV', true, false, 5 + 60 * S]);
    expect(ct.packet(e, 'original', 6, { ack: true })).toBe('accepted');
    expect([e.tcpState, e.assured, e.expiresMs]).toEqual(['ESTABLISHED', true, 6 + 432000 * S]);
    // The client closes: FIN_WAIT, the server's ACK CLOSE_WAIT, its FIN LAST_ACK, the last ACK TIME_WAIT.
    ct.packet(e, 'original', 10, { fin: true, ack: true });
    expect([e.tcpState, e.expiresMs]).toEqual(['FIN_WAIT', 10 + 120 * S]);
    ct.packet(e, 'reply', 11, { ack: true });
    expect([e.tcpState, e.expiresMs]).toEqual(['CLOSE_WAIT', 11 + 60 * S]);
    ct.packet(e, 'reply', 12, { fin: true, ack: true });
    expect([e.tcpState, e.expiresMs]).toEqual(['LAST_ACK', 12 + 30 * S]);
    ct.packet(e, 'original', 13, { ack: true });
    expect([e.tcpState, e.expiresMs]).toEqual(['TIME_WAIT', 13 + 120 * S]);
  });

  it('uses kube-proxy\'s timeouts once it wrote them: a day ESTABLISHED, an hour CLOSE_WAIT, max 131072 on 4 cores', () => {
    expect(kubeProxyConntrackMax(KUBE_PROXY_CONNTRACK_DEFAULTS, 4)).toBe(131072);
    expect(kubeProxyConntrackMax(KUBE_PROXY_CONNTRACK_DEFAULTS, 8)).toBe(262144);
    expect(kubeProxyConntrackWrites(KUBE_PROXY_CONNTRACK_DEFAULTS, 2)).toEqual([
      ['nf_conntrack_max', 131072],
      ['nf_conntrack_tcp_timeout_established', 86400],
      ['nf_conntrack_tcp_timeout_close_wait', 3600],
    ]);
    const ct = kubeProxyTable();
    const e = created(ct, 'tcp', { src: '10.244.1.2', dst: '10.244.2.3', sport: 50000, dport: 80 }, {}, 0);
    ct.packet(e, 'reply', 1, { syn: true, ack: true });
    ct.packet(e, 'original', 2, { ack: true });
    expect(e.expiresMs).toBe(2 + 86400 * S);
    ct.packet(e, 'original', 3, { fin: true, ack: true });
    ct.packet(e, 'reply', 4, { ack: true });
    expect([e.tcpState, e.expiresMs]).toEqual(['CLOSE_WAIT', 4 + 3600 * S]);
    // The kernel's own values are untouched: SYN_SENT stays 120 s.
    expect(created(ct, 'tcp', { ...client, dport: 80 }, {}, 0).expiresMs).toBe(120 * S);
  });

  it('kills an entry whose only answer is a RST (connection refused), and closes an established one in 10 s', () => {
    const ct = table();
    const refused = created(ct, 'tcp', { src: '10.244.1.2', dst: '10.244.2.3', sport: 50000, dport: 81 }, {}, 0);
    expect(ct.packet(refused, 'reply', 1, { rst: true, ack: true })).toBe('killed');
    expect(ct.count(1)).toBe(0);
    const e = created(ct, 'tcp', { src: '10.244.1.2', dst: '10.244.2.3', sport: 50001, dport: 80 }, {}, 0);
    ct.packet(e, 'reply', 1, { syn: true, ack: true });
    ct.packet(e, 'original', 2, { ack: true });
    ct.packet(e, 'reply', 3, { rst: true });
    expect([e.tcpState, e.assured, e.expiresMs]).toEqual(['CLOSE', true, 3 + 10 * S]);
  });

  it('calls segments the state machine rejects invalid or ignored, without refreshing', () => {
    const ct = table();
    expect(ct.create('tcp', client, {}, 0, { tcp: { syn: true, ack: true } })).toEqual({ kind: 'invalid' });
    const e = created(ct, 'tcp', { ...client, dport: 80 }, {}, 0);
    expect(ct.packet(e, 'original', 5, { ack: true })).toBe('invalid');
    expect(ct.packet(e, 'reply', 5, { ack: true })).toBe('ignored');
    expect([e.tcpState, e.seenReply, e.expiresMs]).toEqual(['SYN_SENT', false, 120 * S]);
    // nf_conntrack_tcp_loose picks up a connection from a lone ACK.
    expect(created(ct, 'tcp', { ...client, dport: 8080 }, {}, 0, { tcp: { ack: true } }).tcpState).toBe('ESTABLISHED');
  });

  it('a SYN on a TIME_WAIT entry removes it, so the packet opens a new connection', () => {
    const ct = table();
    const t = { src: '10.244.1.2', dst: '10.244.2.3', sport: 50000, dport: 80 };
    const e = created(ct, 'tcp', t, {}, 0);
    for (const [dir, f] of [['reply', { syn: true, ack: true }], ['original', { ack: true }], ['original', { fin: true, ack: true }], ['reply', { fin: true, ack: true }], ['original', { ack: true }]] as const) ct.packet(e, dir, 1, f);
    expect(e.tcpState).toBe('TIME_WAIT');
    expect(ct.packet(e, 'original', 2, { syn: true })).toBe('reopened');
    expect(ct.lookup('tcp', t, 2)).toBeUndefined();
  });

  it('UDP: 30 s unreplied; a reply clears [UNREPLIED]; ASSURED and 120 s only when traffic goes on after 2 s', () => {
    const ct = table();
    const e = created(ct, 'udp', client, { dnat: { ip: '10.244.2.3', port: 53 } }, 0);
    expect([e.seenReply, e.assured, e.expiresMs]).toEqual([false, false, 30 * S]);
    ct.packet(e, 'reply', 3, undefined);
    expect([e.seenReply, e.assured, e.expiresMs]).toEqual([true, false, 3 + 30 * S]);
    // A DNS lookup's second query within 2 s is still not a stream.
    ct.packet(e, 'original', 2000, undefined);
    expect([e.assured, e.expiresMs]).toEqual([false, 2000 + 30 * S]);
    ct.packet(e, 'original', 2001, undefined);
    expect([e.assured, e.expiresMs]).toEqual([true, 2001 + 120 * S]);
  });

  it('ICMP echo: the reply tuple answers with type 0 and the same id, 30 s, never ASSURED', () => {
    const ct = table();
    const e = created(ct, 'icmp', { src: '10.244.1.2', dst: '10.244.2.3', type: 8, code: 0, id: 7 }, {}, 0);
    expect(e.reply).toEqual({ src: '10.244.2.3', dst: '10.244.1.2', type: 0, code: 0, id: 7 });
    expect(ct.lookup('icmp', { src: '10.244.2.3', dst: '10.244.1.2', type: 0, code: 0, id: 7 }, 1)?.dir).toBe('reply');
    ct.packet(e, 'reply', 10, undefined);
    ct.packet(e, 'original', 1010, undefined);
    ct.packet(e, 'reply', 5000, undefined);
    expect([e.seenReply, e.assured, e.expiresMs]).toEqual([true, false, 5000 + 30 * S]);
    expect(ct.create('icmp', { src: '10.244.2.3', dst: '10.244.1.2', type: 0, code: 0, id: 9 }, {}, 0)).toEqual({ kind: 'invalid' });
  });

  it('expires at the exact virtual millisecond, whoever looks first', () => {
    const ct = table();
    const e = created(ct, 'udp', client, {}, 1234);
    expect(ct.remainingSeconds(e, 1234)).toBe(30);
    expect(ct.remainingSeconds(e, 1235)).toBe(29);
    expect(ct.lookup('udp', client, 31233)?.entry).toBe(e);
    expect(ct.remainingSeconds(e, 31233)).toBe(0);
    expect(ct.lookup('udp', client, 31234)).toBeUndefined();
    const f = created(ct, 'udp', client, {}, 40000);
    expect(ct.list(69999)).toEqual([f]);
    expect(ct.list(70000)).toEqual([]);
    created(ct, 'udp', client, {}, 80000);
    expect(ct.count(109999)).toBe(1);
    expect(ct.count(110000)).toBe(0);
  });

  it('lists in hash-bucket order of the original tuple, stable while the entries live and seeded per boot', () => {
    const tuples = Array.from({ length: 12 }, (_, i) => ({ ...client, sport: 40000 + i }));
    const a = new Conntrack({ seed: 1 });
    const b = new Conntrack({ seed: 2 });
    for (const t of tuples) {
      created(a, 'udp', t, {}, 0);
      created(b, 'udp', t, {}, 0);
    }
    const order = (ct: Conntrack) => ct.list(1).map((e) => (e.original as { sport: number }).sport);
    const listed = a.list(1);
    for (let i = 1; i < listed.length; i++) expect(bucketOf(listed[i - 1]!.hash, HTABLE_SIZE)).toBeLessThanOrEqual(bucketOf(listed[i]!.hash, HTABLE_SIZE));
    expect(order(a)).toEqual(order(a));
    expect(order(a)).not.toEqual(tuples.map((t) => t.sport));
    expect(order(a)).not.toEqual(order(b));
  });

  it('deletes one entry or every entry a filter selects', () => {
    const ct = table();
    const a = created(ct, 'udp', client, { dnat: { ip: '10.244.2.3', port: 53 } }, 0);
    const b = created(ct, 'udp', { ...client, sport: 2 }, { dnat: { ip: '10.244.3.4', port: 53 } }, 0);
    const c = created(ct, 'tcp', { ...client, dport: 80 }, {}, 0);
    expect(ct.deleteMatching({ proto: 'udp', replySrc: '10.244.3.4' }, 1)).toEqual([b]);
    expect(ct.delete(c, 1)).toBe(true);
    expect(ct.delete(c, 1)).toBe(false);
    expect(ct.list(1)).toEqual([a]);
  });
});
