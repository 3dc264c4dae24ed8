import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './addr';
import { dhBucket, shBucket } from './schedulers/hashing';
import { mhSlot, mhTable } from './schedulers/mh';
import { IpvsTable } from './table';
import { SVC_F, type IpvsService, type SchedulerName } from './types';

const VIP = '10.96.100.1';

/** A service whose destinations are added in the order given (the kernel lists them newest first). */
function service(scheduler: SchedulerName, dests: [string, number][], flags = 0): { table: IpvsTable; svc: IpvsService } {
  const table = new IpvsTable();
  const svc = table.addService({ protocol: 'TCP', address: VIP, port: 80, scheduler, flags });
  for (const [address, weight] of dests) table.addDest(svc, { address, port: 8080, weight });
  return { table, svc };
}

let port = 30000;
/** Opens one TCP connection (a SYN) from `client` and names the real server it went to. */
function connect(table: IpvsTable, client = '10.244.9.9', now = 0, sport = port++): string {
  const v = table.inbound({ protocol: 'TCP', saddr: client, sport, daddr: VIP, dport: 80 }, now);
  return v.kind === 'forward' ? v.conn.dest.address : v.kind;
}

function picks(table: IpvsTable, n: number): string[] {
  return Array.from({ length: n }, () => connect(table));
}

describe('rr', () => {
  it('starts at the most recently added server (the head of the kernel list) and walks the list', () => {
    const { table, svc } = service('rr', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.1.4', 1]]);
    expect(svc.dests.map((d) => d.address)).toEqual(['10.244.1.4', '10.244.1.3', '10.244.1.2']);
    expect(picks(table, 5)).toEqual(['10.244.1.4', '10.244.1.3', '10.244.1.2', '10.244.1.4', '10.244.1.3']);
  });

  it('resumes after the deleted server when the last pick is deleted, and skips quiesced servers', () => {
    const { table, svc } = service('rr', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.1.4', 1]]);
    expect(picks(table, 2)).toEqual(['10.244.1.4', '10.244.1.3']);
    table.deleteDest(svc, '10.244.1.3', 8080); // the cursor steps back to .4, so .2 is next
    expect(picks(table, 1)).toEqual(['10.244.1.2']);
    table.editDest(svc, { address: '10.244.1.4', port: 8080, weight: 0 });
    expect(picks(table, 3)).toEqual(['10.244.1.2', '10.244.1.2', '10.244.1.2']);
  });

  it('answers unreachable when every server is quiesced', () => {
    const { table, svc } = service('rr', [['10.244.1.2', 1]]);
    table.editDest(svc, { address: '10.244.1.2', port: 8080, weight: 0 });
    expect(connect(table)).toBe('unreachable');
  });
});

describe('wrr', () => {
  it('hands out connections in proportion to the weights, heaviest first within each round', () => {
    // Servers are added one at a time (as ipvsadm and kube-proxy do). The first add alone (weight 4)
    // makes gcd 4 and the current weight 4 - 3 = 1; later adds keep cw = 1 because it is still within
    // the new maximum. So the first round is the cw = 1 pass: every server once, in list order
    // (.4 w2, .3 w3, .2 w4). Then cw starts over at the maximum 4 and steps down by the gcd, 1.
    const { table } = service('wrr', [['10.244.1.2', 4], ['10.244.1.3', 3], ['10.244.1.4', 2]]);
    expect(picks(table, 12)).toEqual([
      '10.244.1.4', '10.244.1.3', '10.244.1.2', // cw 1
      '10.244.1.2', // cw 4
      '10.244.1.3', '10.244.1.2', // cw 3
      '10.244.1.4', '10.244.1.3', '10.244.1.2', // cw 2
      '10.244.1.4', '10.244.1.3', '10.244.1.2', // cw 1
    ]);
  });

  it('steps the current weight by the gcd of the weights', () => {
    // weights 4 and 2: gcd 2, maximum 4 - (2 - 1) = 3, so cw runs 3, 1
    const { table } = service('wrr', [['10.244.1.2', 4], ['10.244.1.3', 2]]);
    expect(picks(table, 6)).toEqual(['10.244.1.3', '10.244.1.2', '10.244.1.2', '10.244.1.3', '10.244.1.2', '10.244.1.2']);
  });

  it('restarts the walk at the head of the list when a server is added', () => {
    const { table, svc } = service('wrr', [['10.244.1.2', 1], ['10.244.1.3', 1]]);
    expect(picks(table, 1)).toEqual(['10.244.1.3']);
    table.addDest(svc, { address: '10.244.1.4', port: 8080, weight: 1 });
    expect(picks(table, 3)).toEqual(['10.244.1.4', '10.244.1.3', '10.244.1.2']);
  });
});

describe('lc and wlc', () => {
  it('lc takes the smallest active*256 + inactive, the first of equals in list order', () => {
    const { table, svc } = service('lc', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.1.4', 1]]);
    const [d4, d3, d2] = svc.dests;
    d4!.activeConns = 1;
    d3!.inactConns = 255; // 255 < 256: still lighter than one active connection
    d2!.inactConns = 255;
    expect(picks(table, 1)).toEqual(['10.244.1.3']);
    // that SYN made .3 active (255 + 256); now .2 (255) is the least
    expect(picks(table, 1)).toEqual(['10.244.1.2']);
  });

  it('lc follows the connection counts as connections open and close', () => {
    const { table } = service('lc', [['10.244.1.2', 1], ['10.244.1.3', 1]]);
    const opened = [0, 1, 2].map((i) => table.inbound({ protocol: 'TCP', saddr: '10.244.9.9', sport: 40000 + i, daddr: VIP, dport: 80 }, 0));
    expect(opened.map((v) => (v.kind === 'forward' ? v.conn.dest.address : v.kind))).toEqual(['10.244.1.3', '10.244.1.2', '10.244.1.3']);
    // close both connections to .3: the client's FIN, the server's FIN, the last ACK leave TIME_WAIT (inactive)
    for (const v of [opened[0]!, opened[2]!]) {
      if (v.kind !== 'forward') throw new Error('not forwarded');
      table.inbound({ protocol: 'TCP', saddr: '10.244.9.9', sport: v.conn.cport, daddr: VIP, dport: 80, tcp: { fin: true, ack: true } }, 1);
      table.reply(v.conn, 1, 0, { fin: true, ack: true });
      expect(v.conn.state).toBe('TIME_WAIT');
    }
    // .3 now has 0 active, 2 inactive (overhead 2) against .2's one active (256)
    expect(picks(table, 1)).toEqual(['10.244.1.3']);
  });

  it('wlc divides the overhead by the weight, comparing by cross-multiplication', () => {
    const { table, svc } = service('wlc', [['10.244.1.2', 3], ['10.244.1.3', 1]]);
    const [d3, d2] = svc.dests;
    d2!.activeConns = 2; // 512 / 3 ≈ 171
    d3!.activeConns = 1; // 256 / 1
    expect(picks(table, 1)).toEqual(['10.244.1.2']);
  });
});

describe('sed and nq', () => {
  it('sed minimises (active + 1) / weight and ignores inactive connections', () => {
    const { table, svc } = service('sed', [['10.244.1.2', 1], ['10.244.1.3', 4]]);
    const [d3, d2] = svc.dests;
    d3!.activeConns = 3; // (3+1)/4 = 1
    d2!.activeConns = 0; // (0+1)/1 = 1: a tie keeps the first in list order, .3
    d2!.inactConns = 0;
    expect(picks(table, 1)).toEqual(['10.244.1.3']);
  });

  it('nq sends to an idle server at once, where sed would weigh them', () => {
    const { table: sedTable, svc: sedSvc } = service('sed', [['10.244.1.2', 1], ['10.244.1.3', 10]]);
    const { table: nqTable, svc: nqSvc } = service('nq', [['10.244.1.2', 1], ['10.244.1.3', 10]]);
    for (const svc of [sedSvc, nqSvc]) svc.dests[0]!.activeConns = 5; // .3: (5+1)/10, .2 idle: (0+1)/1
    expect(picks(sedTable, 1)).toEqual(['10.244.1.3']);
    expect(picks(nqTable, 1)).toEqual(['10.244.1.2']);
  });
});

describe('sh and dh', () => {
  it('hashes the source address with hash_32 into 256 buckets', () => {
    // hash_32(v, 8) = (v * 0x61C88647 mod 2^32) >> 24
    // 10.244.1.5 = 0x0AF40105; 0x0AF40105 * 0x61C88647 mod 2^32 = 0x731CE663 → bucket 0x73 = 115
    expect(shBucket(parseIpv4('10.244.1.5'), 0)).toBe(115);
    // 192.168.1.20 = 0xC0A80114 → 0xCAC8C48C → 0xCA = 202
    expect(shBucket(parseIpv4('192.168.1.20'), 0)).toBe(202);
    expect(shBucket(parseIpv4('10.244.2.7'), 0)).toBe(255);
    // 10.96.0.10 = 0x0A60000A → 0xF2753EC6 → 0xF2 = 242
    expect(dhBucket(parseIpv4('10.96.0.10'))).toBe(242);
  });

  it('sh maps bucket i to the (i mod n)-th server in list order at weight 1, the same for every connection of a client', () => {
    const { table } = service('sh', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.1.4', 1]]);
    // list: [.4, .3, .2]; bucket 115 → 115 mod 3 = 1 → .3; 202 → 1 → .3; 255 → 0 → .4
    expect([connect(table, '10.244.1.5'), connect(table, '10.244.1.5'), connect(table, '192.168.1.20'), connect(table, '10.244.2.7')]).toEqual([
      '10.244.1.3', '10.244.1.3', '10.244.1.3', '10.244.1.4',
    ]);
  });

  it('sh gives each server `weight` consecutive buckets and fails for a quiesced bucket unless sh-fallback is set', () => {
    // list [.3 (w1), .2 (w2)]: buckets cycle .3, .2, .2 → bucket 115 = 3*38+1 → .2; 255 = 3*85 → .3
    const { table, svc } = service('sh', [['10.244.1.2', 2], ['10.244.1.3', 1]]);
    expect([connect(table, '10.244.1.5'), connect(table, '10.244.2.7')]).toEqual(['10.244.1.2', '10.244.1.3']);
    table.editDest(svc, { address: '10.244.1.3', port: 8080, weight: 0 });
    // weight 0 still takes one bucket per turn: the table is unchanged, .3's bucket is a dead end
    expect(connect(table, '10.244.2.7')).toBe('unreachable');
    svc.flags |= SVC_F.SCHED1;
    // fallback probes (offset + hash) for offsets from the original bucket: 255 + 255 + h wraps to a .2 bucket
    expect(connect(table, '10.244.2.7')).toBe('10.244.1.2');
  });

  it('dh picks by the destination (virtual) address, so every client of one VIP lands on the same server', () => {
    const { table } = service('dh', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.1.4', 1]]);
    // 10.96.100.1 = 0x0A606401; * 0x61C88647 mod 2^32 = 0xD6DC4247 → bucket 0xD6 = 214 → 214 mod 3 = 1 → .3
    expect(dhBucket(parseIpv4(VIP))).toBe(214);
    expect([connect(table, '10.244.1.5'), connect(table, '192.168.1.20')]).toEqual(['10.244.1.3', '10.244.1.3']);
  });
});

describe('mh', () => {
  it('builds the Maglev table over 4093 slots, evenly for equal weights', () => {
    const { svc } = service('mh', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.2.4', 1]]);
    const table = mhTable(svc.dests);
    expect(svc.dests.map((d) => table.filter((x) => x === d).length)).toEqual([1365, 1364, 1364]);
  });

  it('looks the source address (and port with mh-port, as kube-proxy sets it) up in the table', () => {
    // Values cross-checked against a C transcription of ip_vs_mh.c and lib/siphash.c (64-bit hsiphash).
    expect(mhSlot(parseIpv4('10.244.1.5'), 0)).toBe(38);
    expect(mhSlot(parseIpv4('10.244.1.5'), 40001)).toBe(3587);
    expect(mhSlot(parseIpv4('192.168.1.20'), 0)).toBe(4039);
    const { table } = service('mh', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.2.4', 1]]);
    // The servers' own permutations hash their address and port (8080 here): slot 38 and 4039 went to
    // the first in list order (.2.4), slot 3587 to the second (.1.3).
    expect(connect(table, '10.244.1.5')).toBe('10.244.2.4');
    expect(connect(table, '192.168.1.20')).toBe('10.244.2.4');
    const { table: withPort } = service('mh', [['10.244.1.2', 1], ['10.244.1.3', 1], ['10.244.2.4', 1]], SVC_F.SCHED2);
    expect(connect(withPort, '10.244.1.5', 0, 40001)).toBe('10.244.1.3');
  });
});

describe('lblc and lblcr', () => {
  it('lblc keeps sending a VIP to the server it chose until that server is overloaded against a lighter one', () => {
    const { table, svc } = service('lblc', [['10.244.1.2', 2], ['10.244.1.3', 2]]);
    expect(picks(table, 3)).toEqual(['10.244.1.3', '10.244.1.3', '10.244.1.3']);
    // .3 has 3 active > weight 2, and .2 has 0*2 < 2: reschedule by weighted least connection
    expect(picks(table, 1)).toEqual(['10.244.1.2']);
    expect(svc.dests.map((d) => d.activeConns)).toEqual([3, 1]);
    expect(picks(table, 1)).toEqual(['10.244.1.2']);
  });

  it('lblcr adds a server to the VIP set instead of replacing it, then uses the least loaded member', () => {
    const { table } = service('lblcr', [['10.244.1.2', 2], ['10.244.1.3', 2]]);
    expect(picks(table, 4)).toEqual(['10.244.1.3', '10.244.1.3', '10.244.1.3', '10.244.1.2']);
    // the set is now {.2, .3}; .2 (1 active) is lighter than .3 (3 active)
    expect(picks(table, 2)).toEqual(['10.244.1.2', '10.244.1.2']);
  });
});
