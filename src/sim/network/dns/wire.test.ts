import { describe, expect, it } from 'vitest';
import { newQuery, replyTo } from './message';
import type { ResourceRecord } from './message';
import { scrub, wireLength } from './wire';
import { zoneSoa } from './records';

const COOKIE = '3f502025a920150a';

function answer(name: string, type: 'A', address: string): ResourceRecord {
  return { name, ttl: 30, type, address };
}

describe('DNS message sizes', () => {
  // Sizes from real captures against CoreDNS: dig 9.18 output (`MSG SIZE  rcvd`) and CoreDNS's
  // own log lines (`"A IN name. udp 54 false 512" NOERROR qr,aa,rd,ra 106`).
  it('matches dig 9.18 for a Service A answer with an echoed cookie: 119 bytes, uncompressed', () => {
    const query = newQuery(10731, { name: 'myapp.default.svc.cluster.local.', type: 'A' }, { edns: { udpSize: 1232, do: false, cookie: COOKIE } });
    expect(wireLength(query, false)).toBe(72);
    const reply = replyTo(query);
    reply.answer = [answer('myapp.default.svc.cluster.local.', 'A', '10.100.179.119')];
    reply.edns = { udpSize: 1232, do: false, cookie: COOKIE };
    const packed = scrub(reply, query, 'udp');
    expect(packed).toMatchObject({ compressed: false, bytes: 119 });
  });

  it('matches dig for a PTR answer: 140 bytes', () => {
    const query = newQuery(1, { name: '182.208.108.10.in-addr.arpa.', type: 'PTR' }, { edns: { udpSize: 1232, do: false, cookie: COOKIE } });
    const reply = replyTo(query);
    reply.answer = [{ name: '182.208.108.10.in-addr.arpa.', ttl: 30, type: 'PTR', target: 'nginx.default.svc.cluster.local.' }];
    reply.edns = query.edns!;
    expect(scrub(reply, query, 'udp').bytes).toBe(140);
  });

  it('matches CoreDNS logs for queries without EDNS: 54 → 106 for an answer, 62 → 155 for NXDOMAIN', () => {
    const q1 = newQuery(21, { name: 'kubernetes.default.svc.cluster.local.', type: 'A' });
    expect(wireLength(q1, false)).toBe(54);
    const r1 = replyTo(q1);
    r1.answer = [answer('kubernetes.default.svc.cluster.local.', 'A', '10.96.0.1')];
    expect(scrub(r1, q1, 'udp').bytes).toBe(106);

    const q2 = newQuery(13, { name: 'kubernetes.default.default.svc.cluster.local.', type: 'A' });
    expect(wireLength(q2, false)).toBe(62);
    const r2 = replyTo(q2, 'NXDOMAIN');
    r2.authority = [zoneSoa('cluster.local.', 30, 1725271200)];
    expect(scrub(r2, q2, 'udp').bytes).toBe(155);
  });

  it('compresses a reply that does not fit 512 bytes, and truncates with TC when that is not enough', () => {
    const name = 'web.default.svc.cluster.local.';
    const query = newQuery(7, { name, type: 'A' });
    const reply = replyTo(query);
    reply.answer = Array.from({ length: 12 }, (_, i) => answer(name, 'A', `10.244.1.${i + 2}`));
    // 12 + 35 + 12 × 45 uncompressed is 587 > 512: compressed, every owner is a 2-byte pointer.
    expect(wireLength(reply, false)).toBe(587);
    expect(scrub(reply, query, 'udp')).toMatchObject({ compressed: true, bytes: 12 + 35 + 12 * 16 });

    reply.answer = Array.from({ length: 40 }, (_, i) => answer(name, 'A', `10.244.1.${i + 2}`));
    const packed = scrub(reply, query, 'udp');
    expect(packed.message.truncated).toBe(true);
    expect(packed.message.answer).toHaveLength(29);
    expect(packed.bytes).toBe(12 + 35 + 29 * 16);
    expect(scrub(reply, query, 'tcp')).toMatchObject({ compressed: false, bytes: 12 + 35 + 40 * 45 });
  });

  it('points an SRV target at nothing but lets later owners point at it', () => {
    const query = newQuery(7, { name: '_http._tcp.db.default.svc.cluster.local.', type: 'SRV' });
    const reply = replyTo(query);
    reply.answer = [{ name: query.question.name, ttl: 30, type: 'SRV', priority: 0, weight: 100, port: 80, target: 'db-0.db.default.svc.cluster.local.' }];
    reply.additional = [answer('db-0.db.default.svc.cluster.local.', 'A', '10.244.1.20')];
    // question 41 + 4; SRV: owner pointer 2 + 10 + 6 + the target in full (35); A: owner pointer 2 + 10 + 4
    expect(wireLength(reply, true)).toBe(12 + 45 + (2 + 10 + 6 + 35) + (2 + 10 + 4));
  });
});
